// Offers and counter-offers: how the parties negotiate, alone or with a mediator, at any stage of
// the dispute until it settles. Negotiation has no one presiding, so it has no court-run rounds:
// its rounds are the offers themselves. One side makes an offer (terms in words, and an amount in
// a currency if there is one); the other side accepts it, rejects it or counters it, and a counter
// is the next offer, open to the first side's answer. At most one offer is open at a time: the
// side that made it may replace it with a better one (the first is then superseded), and the other
// side answers it before making its own (a counter). An accepted offer is a settlement, which ends
// the case (domain/cases/settlement.ts).
//
// Offers are without prejudice: what is offered is for the parties (and the mediator) to read,
// never for the judge or arbitrator who may decide the case. The ledger takes a salted commitment
// of each offer's terms, never the terms; the parties, who hold the nonce, can prove them.
import { CourtError } from '../CourtError.js';
import type { CaseParticipant, CaseSide } from '../cases/caseParticipant.js';

export const MAX_TERMS_CHARS = 8000;
export const MAX_OFFERS = 200;
export const OFFER_STATUSES = ['open', 'accepted', 'rejected', 'countered', 'superseded'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
/** A decimal amount, e.g. "125000" or "125000.50": kept as written, never as a float. */
export const AMOUNT = /^(0|[1-9]\d{0,14})(\.\d{1,4})?$/;
/** ISO 4217, e.g. "USD", "CNY", "BRL". */
export const CURRENCY = /^[A-Z]{3}$/;

export interface OfferTerms {
  readonly text: string;
  /** BCP 47 tag of the language the terms are written in. */
  readonly language: string;
  readonly amount?: string;
  readonly currency?: string;
}

export interface Offer {
  readonly id: string;
  /** 1, 2, 3… within the case. */
  readonly number: number;
  readonly side: CaseSide;
  /** The participant who made it (a party, or counsel for its side). */
  readonly by: string;
  readonly byName: string;
  readonly terms: OfferTerms;
  /** The offer of the other side this one counters. */
  readonly counters?: string;
  readonly madeAt: string;
  readonly ledgerSeq: number;
  /** sealCommitment of { offerId, number, side, terms } with `nonce`: what the ledger holds. */
  readonly commitment: string;
  readonly nonce: string;
  readonly status: OfferStatus;
  /** When and by whom it stopped being open (accepted, rejected, countered, superseded). */
  readonly answeredAt?: string;
  readonly answeredBy?: string;
  readonly reason?: string;
}

export interface OffersRecord {
  readonly caseId: string;
  readonly offers: readonly Offer[];
}

export function emptyOffers(caseId: string): OffersRecord {
  return { caseId, offers: [] };
}

/** The side a party or its counsel negotiates for (the table has let only them make and answer offers). */
export function negotiatingSide(participant: Pick<CaseParticipant, 'role' | 'side'>): CaseSide {
  if (participant.side === undefined) throw new CourtError('FORBIDDEN', 'only a party, or counsel for a side, makes or answers offers');
  return participant.side;
}

/** An amount comes with its currency, and a currency with an amount. */
export function requireTerms(terms: OfferTerms): void {
  if ((terms.amount === undefined) !== (terms.currency === undefined)) {
    throw new CourtError('INVALID_PAYLOAD', 'body.amount and body.currency go together: give both (e.g. "125000.00" and "USD") or neither');
  }
  if (terms.amount !== undefined && !AMOUNT.test(terms.amount)) throw new CourtError('INVALID_PAYLOAD', 'body.amount is a decimal number written as text, e.g. "125000.50"');
  if (terms.currency !== undefined && !CURRENCY.test(terms.currency)) throw new CourtError('INVALID_PAYLOAD', 'body.currency is an ISO 4217 code, e.g. "USD"');
}

export function openOffer(record: OffersRecord): Offer | undefined {
  return record.offers.find((o) => o.status === 'open');
}

export function findOffer(record: OffersRecord, offerId: string): Offer {
  const offer = record.offers.find((o) => o.id === offerId);
  if (offer === undefined) throw new CourtError('OFFER_NOT_FOUND', `this case has no offer ${offerId}`);
  return offer;
}

/**
 * A fresh offer (not a counter): refused while the other side's offer waits for this side's
 * answer; this side's own open offer is superseded by it. Returns the offer it supersedes.
 */
export function requireMayOffer(record: OffersRecord, side: CaseSide): Offer | undefined {
  if (record.offers.length >= MAX_OFFERS) throw new CourtError('INVALID_PAYLOAD', `a case keeps at most ${MAX_OFFERS} offers; settle, or ask the court to move the case on`);
  const open = openOffer(record);
  if (open === undefined || open.side === side) return open;
  throw new CourtError('OFFER_PENDING', `offer ${open.number} of the ${open.side} is open: accept it, reject it or counter it (POST …/offers/${open.id}/counter) before making another`);
}

/** Accepting, rejecting or countering: the open offer of the other side. */
export function requireAnswerable(offer: Offer, side: CaseSide): void {
  if (offer.side === side) {
    throw new CourtError('OWN_OFFER', `offer ${offer.number} is your side's own: the ${otherSide(side)} accepts, rejects or counters it (you may replace it with a new offer)`);
  }
  if (offer.status !== 'open') throw new CourtError('OFFER_NOT_OPEN', `offer ${offer.number} is ${offer.status}${offer.answeredAt === undefined ? '' : ` since ${offer.answeredAt}`}; only an open offer can be answered`);
}

/** The record with one offer's status changed. */
export function withStatus(record: OffersRecord, offerId: string, status: OfferStatus, at: string, by: string, reason?: string): OffersRecord {
  return {
    ...record,
    offers: record.offers.map((o) => (o.id === offerId ? { ...o, status, answeredAt: at, answeredBy: by, ...(reason === undefined ? {} : { reason }) } : o)),
  };
}

export function otherSide(side: CaseSide): CaseSide {
  return side === 'claimant' ? 'respondent' : 'claimant';
}

/** What an offer's commitment covers. */
export function committedTerms(offer: Pick<Offer, 'id' | 'number' | 'side' | 'terms'>): { [key: string]: string | number } {
  return {
    offerId: offer.id,
    number: offer.number,
    side: offer.side,
    text: offer.terms.text,
    language: offer.terms.language,
    ...(offer.terms.amount === undefined ? {} : { amount: offer.terms.amount, currency: offer.terms.currency! }),
  };
}
