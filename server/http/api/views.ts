// How records are shown over REST: the stored shapes, renamed where the API says it better.
import type { CaseParticipant } from '../../domain/cases/caseParticipant.js';
import type { CourtCase } from '../../domain/cases/courtCase.js';

export function caseWithYou({ courtCase, you }: { courtCase: CourtCase; you: CaseParticipant }) {
  return { case: courtCase, you };
}
