// The mediator's private caucus with one side (server/domain/trial/caucus.ts), as the round form
// offers it: who may be asked (the answering members of that side), and what the court would
// refuse before sending. No DOM (unit tests import it).
import type { ParticipantView } from './apiTypes.js';
import { sideOf, type Side } from './claimStanding.js';

/** The participants a caucus with `side` may ask: those of the answering ones on that side. */
export function caucusMembers(answering: readonly Pick<ParticipantView, 'id' | 'role' | 'side'>[], side: Side): string[] {
  return answering.filter((p) => sideOf(p) === side).map((p) => p.id);
}

export type CaucusProblem = 'outsider' | 'notSequential' | 'timedQuestion';

/** What the court refuses in a caucus: someone of the other side asked, a sealed exchange, a timed question. */
export function caucusProblem(members: readonly string[], required: readonly string[], exchange: string, timedQuestions: number): CaucusProblem | undefined {
  if (required.some((id) => !members.includes(id))) return 'outsider';
  if (exchange !== 'sequential') return 'notSequential';
  if (timedQuestions > 0) return 'timedQuestion';
  return undefined;
}
