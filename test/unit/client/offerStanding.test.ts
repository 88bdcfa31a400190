// What the offers section offers each viewer, read from the offers as the court sent them: one
// offer is open at a time; the other side answers it (accept, reject, counter) and may not make a
// fresh one meanwhile; the side that made it may replace it; the mediator only reads; after a
// settlement nobody is offered anything, and the terms agreed are those of the accepted offer.
import { counteredNumber, offerBodyOf, offerChoices, settledOffer } from '../../../client/src/record/offerStanding.js';
import type { OffersView, OfferView } from '../../../client/src/record/apiTypes.js';

function offer(id: string, number: number, side: 'claimant' | 'respondent', status: OfferView['status'], extra: Partial<OfferView> = {}): OfferView {
  return { id, number, side, status, by: 'p', byName: 'P', text: `terms ${number}`, language: 'en', madeAt: '2026-03-02T00:00:00.000Z', ledgerSeq: number, commitment: 'c', nonce: 'n', ...extra };
}

const first = offer('o1', 1, 'claimant', 'countered');
const counter = offer('o2', 2, 'respondent', 'open', { counters: 'o1' });
const open: OffersView = { caseId: 'case', offers: [first, counter], open: 'o2' };

test('the other side’s open offer is the viewer’s to answer, and it may not make a fresh one meanwhile', () => {
  expect(offerChoices(open, 'claimant')).toEqual({ answer: counter, make: false, replaces: undefined });
});

test('the side whose offer is open may replace it with a new one, and has nothing to answer', () => {
  expect(offerChoices(open, 'respondent')).toEqual({ answer: undefined, make: true, replaces: counter });
});

test('with no offer open, either side may make one', () => {
  const none: OffersView = { caseId: 'case', offers: [offer('o1', 1, 'claimant', 'rejected')] };
  expect(offerChoices(none, 'respondent')).toEqual({ answer: undefined, make: true, replaces: undefined });
  expect(offerChoices({ offers: [] }, 'claimant').make).toBe(true);
});

test('the mediator, who has no side, only reads', () => {
  expect(offerChoices(open, undefined)).toEqual({ answer: undefined, make: false, replaces: undefined });
});

test('after a settlement nobody is offered anything, and the terms agreed are the accepted offer’s', () => {
  const accepted = { ...counter, status: 'accepted' as const };
  const settled: OffersView = { caseId: 'case', offers: [first, accepted], settlement: { at: '2026-03-03T00:00:00.000Z', stage: 'negotiation', offerId: 'o2', commitment: 'c', ledgerSeq: 9 } };
  expect(offerChoices(settled, 'claimant')).toEqual({ answer: undefined, make: false, replaces: undefined });
  expect(settledOffer(settled)).toBe(accepted);
  expect(settledOffer(open)).toBeUndefined();
});

test('a counter-offer says which offer it counters, by number', () => {
  expect(counteredNumber(open, counter)).toBe(1);
  expect(counteredNumber(open, first)).toBeUndefined();
});

test('terms are required; an amount goes with its currency, both written as the court takes them', () => {
  expect(offerBodyOf({ text: '  ', language: 'en', amount: '', currency: '' })).toEqual({ problem: 'textRequired' });
  expect(offerBodyOf({ text: 'Pay', language: 'en', amount: '100', currency: '' })).toEqual({ problem: 'amountAndCurrency' });
  expect(offerBodyOf({ text: 'Pay', language: 'en', amount: '', currency: 'USD' })).toEqual({ problem: 'amountAndCurrency' });
  expect(offerBodyOf({ text: 'Pay', language: 'en', amount: '1,000', currency: 'USD' })).toEqual({ problem: 'amountInvalid' });
  expect(offerBodyOf({ text: 'Pay', language: 'en', amount: '1.12345', currency: 'USD' })).toEqual({ problem: 'amountInvalid' });
  expect(offerBodyOf({ text: 'Pay', language: 'en', amount: '100', currency: 'US' })).toEqual({ problem: 'currencyInvalid' });
  expect(offerBodyOf({ text: ' Pay 40,000 by 1 May ', language: 'en', amount: '40000.50', currency: 'usd' })).toEqual({ text: 'Pay 40,000 by 1 May', language: 'en', amount: '40000.50', currency: 'USD' });
  expect(offerBodyOf({ text: 'Replace the goods', language: 'zh-CN', amount: '', currency: '' })).toEqual({ text: 'Replace the goods', language: 'zh-CN' });
});
