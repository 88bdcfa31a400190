// What a live hearing scheduled from the asynchronous trial covers: one or more of the case's
// claims (the issues they leave in dispute are heard live), or "the rest" of the case. Async and
// live are one record: the hearing says on the ledger what it takes over, beside the rounds.
// Only the role presiding at the case's dispute stage (the judge in trial, the arbitrator in
// arbitration, the mediator in mediation) moves part of the case to a live hearing; a clerk may
// still schedule a hearing that covers nothing in particular.
import { CourtError } from '../CourtError.js';

export const MAX_COVERED_CLAIMS = 50;

export const COVER_SCOPES = ['rest', 'claims'] as const;

// A type, not an interface, so that it is JSON as it stands (it goes on the ledger).
export type HearingCovers = {
  readonly scope: (typeof COVER_SCOPES)[number];
  /** scope 'claims': the claims heard live. */
  readonly claimIds?: readonly string[];
};

/** 'rest' names no claims; 'claims' names claims of the case, each once. Returns the cover as stored. */
export function requireCoveredClaims(covers: HearingCovers, claimIdsOfCase: readonly string[]): HearingCovers {
  if (covers.scope === 'rest') {
    if (covers.claimIds !== undefined) throw new CourtError('INVALID_PAYLOAD', "body.covers.claimIds: the rest of the case names no claims; use scope 'claims' to name them");
    return { scope: 'rest' };
  }
  if (covers.claimIds === undefined || covers.claimIds.length === 0) throw new CourtError('INVALID_PAYLOAD', 'body.covers.claimIds: name at least one claim, or cover { "scope": "rest" }');
  if (new Set(covers.claimIds).size !== covers.claimIds.length) throw new CourtError('INVALID_PAYLOAD', 'body.covers.claimIds: name each claim once');
  const missing = covers.claimIds.find((id) => !claimIdsOfCase.includes(id));
  if (missing !== undefined) throw new CourtError('CLAIM_NOT_FOUND', `body.covers.claimIds: this case has no claim ${missing}`);
  return { scope: 'claims', claimIds: [...covers.claimIds] };
}
