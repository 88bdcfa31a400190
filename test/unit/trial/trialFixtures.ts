// Participants and rounds for the trial's unit tests.
import type { CaseRole } from '../../../server/domain/access/roles.js';
import type { CaseParticipant, CaseSide } from '../../../server/domain/cases/caseParticipant.js';
import type { Round } from '../../../server/domain/trial/round.js';

export function person(id: string, role: CaseRole, side?: CaseSide, removed = false): CaseParticipant {
  const ownSide = role === 'claimant' || role === 'respondent' ? role : side;
  return {
    id,
    caseId: 'case-1',
    role,
    displayName: `${role} ${id}`,
    locale: 'en',
    timeZone: 'UTC',
    ...(ownSide === undefined ? {} : { side: ownSide }),
    addedAt: '2026-01-01T00:00:00.000Z',
    addedBy: 'account:judge',
    ...(removed ? { removedAt: '2026-01-02T00:00:00.000Z' } : {}),
  };
}

export const claimant = person('cl', 'claimant');
export const respondent = person('re', 'respondent');
export const claimantCounsel = person('co', 'counsel', 'claimant');
export const respondentCounsel = person('rc', 'counsel', 'respondent');
export const witness = person('wi', 'witness');
export const judge = person('ju', 'judge');

export function round(changes: Partial<Round> = {}): Round {
  const required = [claimant, respondent].map((p) => ({ participantId: p.id, displayName: p.displayName, role: p.role, side: p.side!, servedAt: '2026-03-01T00:00:00.000Z' }));
  const deadline = { at: '2026-03-10T09:00:00.000Z', timeZone: 'Asia/Shanghai' };
  return {
    id: 'round-1',
    caseId: 'case-1',
    number: 1,
    stage: 'investigation',
    title: 'Round 1',
    presidingRole: 'judge',
    openedBy: 'account:judge',
    openedAt: '2026-03-01T00:00:00.000Z',
    threads: [
      { id: 't1', kind: 'question', text: 'When was the contract signed?', language: 'en', askedBy: 'account:judge', askedAt: '2026-03-01T00:00:00.000Z' },
      { id: 't2', kind: 'question', text: 'Was the goods delivered?', language: 'en', askedBy: 'account:judge', askedAt: '2026-03-01T00:00:00.000Z' },
    ],
    required,
    exchange: 'sealed',
    late: { kind: 'refuse' },
    deadline,
    deadlineHistory: [],
    extensionRequests: [],
    answered: {},
    status: 'open',
    ...changes,
  };
}

/** Every required participant has answered every question. */
export function allAnswered(r: Round): Round['answered'] {
  return Object.fromEntries(r.required.map((req) => [req.participantId, Object.fromEntries(r.threads.map((t) => [t.id, '2026-03-02T00:00:00.000Z']))]));
}
