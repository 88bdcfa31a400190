// Offers and counter-offers: who may make and answer which offer, and what the ledger commits to.
import { requireNotSettled } from '../../../server/domain/cases/settlement.js';
import {
  committedTerms,
  emptyOffers,
  findOffer,
  negotiatingSide,
  openOffer,
  requireAnswerable,
  requireMayOffer,
  requireTerms,
  withStatus,
  type Offer,
  type OffersRecord,
} from '../../../server/domain/trial/offer.js';
import { claimant, claimantCounsel, judge, respondent } from './trialFixtures.js';
import { codeOf } from '../../helpers/courtErrors.js';

function offer(changes: Partial<Offer> = {}): Offer {
  return {
    id: 'o1',
    number: 1,
    side: 'claimant',
    by: claimant.id,
    byName: claimant.displayName,
    terms: { text: 'Pay 40,000 USD in two instalments', language: 'en', amount: '40000', currency: 'USD' },
    madeAt: '2026-03-01T00:00:00.000Z',
    ledgerSeq: 5,
    commitment: 'c'.repeat(64),
    nonce: 'n'.repeat(64),
    status: 'open',
    ...changes,
  };
}

const withOffers = (...offers: Offer[]): OffersRecord => ({ caseId: 'case-1', offers });

test('a party negotiates for its own side, counsel for the side it acts for; someone on no side does not', () => {
  expect(negotiatingSide(claimant)).toBe('claimant');
  expect(negotiatingSide(claimantCounsel)).toBe('claimant');
  expect(negotiatingSide(respondent)).toBe('respondent');
  expect(codeOf(() => negotiatingSide(judge))).toBe('FORBIDDEN');
});

test('an amount comes with an ISO 4217 currency and is a decimal written as text; terms in words alone are an offer too', () => {
  expect(() => requireTerms({ text: 'Apology and withdrawal of the claim', language: 'en' })).not.toThrow();
  expect(() => requireTerms({ text: 'Pay', language: 'en', amount: '125000.50', currency: 'CNY' })).not.toThrow();
  expect(codeOf(() => requireTerms({ text: 'Pay', language: 'en', amount: '100' }))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireTerms({ text: 'Pay', language: 'en', currency: 'USD' }))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireTerms({ text: 'Pay', language: 'en', amount: '1e5', currency: 'USD' }))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireTerms({ text: 'Pay', language: 'en', amount: '-5', currency: 'USD' }))).toBe('INVALID_PAYLOAD');
  expect(codeOf(() => requireTerms({ text: 'Pay', language: 'en', amount: '5', currency: 'usd' }))).toBe('INVALID_PAYLOAD');
});

test('while the other side’s offer is open, a side counters it rather than making a fresh one', () => {
  const record = withOffers(offer());
  expect(codeOf(() => requireMayOffer(record, 'respondent'))).toBe('OFFER_PENDING');
  expect(requireMayOffer(emptyOffers('case-1'), 'respondent')).toBeUndefined();
});

test('a side’s new offer supersedes its own open one', () => {
  const mine = offer();
  expect(requireMayOffer(withOffers(mine), 'claimant')).toBe(mine);
  expect(requireMayOffer(withOffers(offer({ status: 'rejected' })), 'respondent')).toBeUndefined();
});

test('nobody accepts, rejects or counters their own side’s offer', () => {
  expect(codeOf(() => requireAnswerable(offer(), 'claimant'))).toBe('OWN_OFFER');
  expect(() => requireAnswerable(offer(), 'respondent')).not.toThrow();
});

test('only an open offer can be answered: not one already rejected, countered, superseded or accepted', () => {
  for (const status of ['rejected', 'countered', 'superseded', 'accepted'] as const) {
    expect(codeOf(() => requireAnswerable(offer({ status, answeredAt: '2026-03-02T00:00:00.000Z' }), 'respondent'))).toBe('OFFER_NOT_OPEN');
  }
});

test('an offer that does not exist is not found; one status change leaves the others as they were', () => {
  const record = withOffers(offer({ status: 'countered' }), offer({ id: 'o2', number: 2, side: 'respondent' }));
  expect(codeOf(() => findOffer(record, 'nope'))).toBe('OFFER_NOT_FOUND');
  expect(openOffer(record)?.id).toBe('o2');
  const next = withStatus(record, 'o2', 'rejected', '2026-03-03T00:00:00.000Z', 'participant:cl', 'too little');
  expect(next.offers.map((o) => o.status)).toEqual(['countered', 'rejected']);
  expect(next.offers[1]).toMatchObject({ answeredAt: '2026-03-03T00:00:00.000Z', answeredBy: 'participant:cl', reason: 'too little' });
  expect(openOffer(next)).toBeUndefined();
});

test('the commitment covers the offer’s number, side and every term, and no more', () => {
  expect(committedTerms(offer())).toEqual({ offerId: 'o1', number: 1, side: 'claimant', text: 'Pay 40,000 USD in two instalments', language: 'en', amount: '40000', currency: 'USD' });
  expect(committedTerms(offer({ terms: { text: 'Apology', language: 'en' } }))).toEqual({ offerId: 'o1', number: 1, side: 'claimant', text: 'Apology', language: 'en' });
});

test('a settled case refuses anything further with CASE_SETTLED; an unsettled one lets it through', () => {
  expect(() => requireNotSettled(undefined, 'making an offer')).not.toThrow();
  const settled = { at: '2026-03-04T00:00:00.000Z', stage: 'mediation' as const, offerId: 'o1', commitment: 'c'.repeat(64), ledgerSeq: 9 };
  expect(codeOf(() => requireNotSettled(settled, 'making an offer'))).toBe('CASE_SETTLED');
});
