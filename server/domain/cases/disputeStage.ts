// The stages a cross-border dispute passes through, and which moves between them are allowed.
// A case moves forward only: once before an arbitral tribunal or a court it does not go back to
// negotiation (a settlement there is recorded by the later stage, not by moving back).
import { CourtError } from '../CourtError.js';

export const DISPUTE_STAGES = ['negotiation', 'mediation', 'arbitration', 'trial'] as const;
export type DisputeStage = (typeof DISPUTE_STAGES)[number];

const NEXT: Record<DisputeStage, readonly DisputeStage[]> = {
  negotiation: ['mediation', 'arbitration', 'trial'],
  mediation: ['arbitration', 'trial'],
  arbitration: [],
  trial: [],
};

export function allowedNextStages(from: DisputeStage): readonly DisputeStage[] {
  return NEXT[from];
}

export function requireStageTransition(from: DisputeStage, to: DisputeStage): void {
  if (NEXT[from].includes(to)) return;
  const options = NEXT[from];
  throw new CourtError(
    'STAGE_TRANSITION_NOT_ALLOWED',
    `a case in ${from} cannot move to ${to}; ` + (options.length === 0 ? `${from} is a final stage` : `it can move to ${options.join(' or ')}`),
  );
}
