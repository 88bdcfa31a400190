// How records are shown over REST: the stored shapes, with what the viewer may do beside them.
import { ACTIONS, isAllowed } from '../../domain/access/permissions.js';
import type { CaseParticipant } from '../../domain/cases/caseParticipant.js';
import type { CourtCase } from '../../domain/cases/courtCase.js';
import { allowedNextStages } from '../../domain/cases/disputeStage.js';

export function caseWithYou({ courtCase, you }: { courtCase: CourtCase; you: CaseParticipant }) {
  return { case: courtCase, you, may: ACTIONS.filter((action) => isAllowed(you.role, action)), nextStages: courtCase.settlement === undefined ? [...allowedNextStages(courtCase.stage)] : [] };
}
