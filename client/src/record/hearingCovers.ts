// What a live hearing scheduled from the asynchronous trial covers: the body the scheduling form
// sends (the rest of the case, or the claims chosen), and the line the hearings list shows for it
// (claims by their numbers). No DOM and no i18n at run time (unit tests import it).
import type { PlainMessage as Message } from './plainMessage.js';
import type { HearingView, ScheduleHearingBody } from './apiTypes.js';

/** The `covers` of POST …/hearings, as sent. */
export type CoversBody = NonNullable<ScheduleHearingBody['covers']>;

export type CoverScope = 'rest' | 'claims';

/** The `covers` of POST …/hearings, or why not: scope 'claims' names at least one claim. */
export function coversOf(scope: CoverScope, chosenClaimIds: readonly string[]): CoversBody | { problem: 'noClaimChosen' } {
  if (scope === 'rest') return { scope: 'rest' };
  if (chosenClaimIds.length === 0) return { problem: 'noClaimChosen' };
  return { scope: 'claims', claimIds: [...new Set(chosenClaimIds)] };
}

/** "The rest of the case", or "Claims 1, 3" (by number where the viewer knows them; else how many). */
export function coversMessage(covers: HearingView['covers'], claimNumbers: ReadonlyMap<string, number>): Message | undefined {
  if (covers === undefined) return undefined;
  if (covers.scope === 'rest') return { key: 'hearings.coversRest' };
  const ids = covers.claimIds ?? [];
  const numbers = ids.map((id) => claimNumbers.get(id));
  if (numbers.some((n) => n === undefined)) return { key: 'hearings.coversClaimCount', params: { count: ids.length } };
  return { key: 'hearings.coversClaims', params: { numbers: (numbers as number[]).sort((a, b) => a - b).join(', ') } };
}
