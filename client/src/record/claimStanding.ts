// Who does what with the claims, and where each claim stands, read from the claims as the court
// sent them. The court decides (NOT_THE_CLAIMANT, NOT_THE_RESPONDENT); this only says what the
// page offers. No DOM (unit tests import it).
import type { ClaimView, ParticipantView } from './apiTypes.js';

export type Side = 'claimant' | 'respondent';
type Person = Pick<ParticipantView, 'id' | 'role' | 'side'>;

/** The side a participant speaks for: a party's by its role, counsel's as named (the court has none). */
export function sideOf(person: Pick<ParticipantView, 'role' | 'side'>): Side | undefined {
  if (person.side !== undefined) return person.side;
  return person.role === 'claimant' || person.role === 'respondent' ? person.role : undefined;
}

/** Claims are stated by a claimant, or counsel for the claimants. */
export function statesClaims(person: Person): boolean {
  return (person.role === 'claimant' || person.role === 'counsel') && sideOf(person) === 'claimant';
}

/** The respondents whose answer to `claim` the viewer writes: their own, or (counsel for the respondents) each respondent it is against. */
export function answersFor(claim: Pick<ClaimView, 'against'>, person: Person): string[] {
  if (person.role === 'respondent') return claim.against.includes(person.id) ? [person.id] : [];
  if (person.role === 'counsel' && sideOf(person) === 'respondent') return [...claim.against];
  return [];
}

/** Where a claim stands, as the court's analysis reads it: a claim is admitted or in dispute only once every respondent it is against has answered. */
export type ClaimOutcome = 'awaiting' | 'admitted' | 'denied' | 'partlyAdmitted';

export function outcomeOf(claim: Pick<ClaimView, 'against' | 'responses'>): ClaimOutcome {
  const positions = claim.against.map((id) => claim.responses.find((r) => r.respondentId === id)?.position);
  if (positions.some((p) => p === undefined)) return 'awaiting';
  if (positions.every((p) => p === 'admit')) return 'admitted';
  return positions.includes('deny') ? 'denied' : 'partlyAdmitted';
}

/** The respondents a claim is against who have not answered it yet. */
export function awaitingAnswers(claim: Pick<ClaimView, 'against' | 'responses'>): string[] {
  return claim.against.filter((id) => !claim.responses.some((r) => r.respondentId === id));
}

/** What the answer form checks before sending: reasons for a denial or partial admission, and the admitted part. */
export function answerProblem(position: 'admit' | 'deny' | 'partlyAdmit', reasons: string, admittedPart: string): 'reasonsRequired' | 'admittedPartRequired' | undefined {
  if (position !== 'admit' && reasons.trim() === '') return 'reasonsRequired';
  if (position === 'partlyAdmit' && admittedPart.trim() === '') return 'admittedPartRequired';
  return undefined;
}
