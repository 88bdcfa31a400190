// Where the negotiation stands for the viewer, read from the offers as the court sent them: the
// offer waiting for an answer, whether it is the viewer's side's to answer or to replace, and
// what the terms forms check before sending. The court decides (OFFER_PENDING, OWN_OFFER,
// OFFER_NOT_OPEN, CASE_SETTLED); this only says what the page offers. No DOM (unit tests import it).
import { AMOUNT, CURRENCY, type OfferBody, type OffersView, type OfferView } from './apiTypes.js';
import type { Side } from './claimStanding.js';

export interface OfferChoices {
  /** The other side's open offer: the viewer may accept, reject or counter it. */
  answer: OfferView | undefined;
  /** The viewer's side may make a fresh offer (none of the other side's is open). */
  make: boolean;
  /** The viewer's side's own open offer, which a fresh one replaces. */
  replaces: OfferView | undefined;
}

const NOTHING: OfferChoices = { answer: undefined, make: false, replaces: undefined };

/** What a viewer negotiating for `side` (undefined: the mediator, who only reads) may do now. */
export function offerChoices(view: Pick<OffersView, 'offers' | 'open' | 'settlement'>, side: Side | undefined): OfferChoices {
  if (side === undefined || view.settlement !== undefined) return NOTHING;
  const open = view.offers.find((o) => o.id === view.open && o.status === 'open');
  if (open === undefined) return { answer: undefined, make: true, replaces: undefined };
  return open.side === side ? { answer: undefined, make: true, replaces: open } : { answer: open, make: false, replaces: undefined };
}

/** The offer a settlement accepted: its terms are what the parties agreed. */
export function settledOffer(view: Pick<OffersView, 'offers' | 'settlement'>): OfferView | undefined {
  return view.settlement === undefined ? undefined : view.offers.find((o) => o.id === view.settlement!.offerId);
}

/** The offer another one counters, for "counters offer 2". */
export function counteredNumber(view: Pick<OffersView, 'offers'>, offer: Pick<OfferView, 'counters'>): number | undefined {
  return offer.counters === undefined ? undefined : view.offers.find((o) => o.id === offer.counters)?.number;
}

export interface TermsFields {
  text: string;
  language: string;
  amount: string;
  currency: string;
}

export type TermsProblem = 'textRequired' | 'amountAndCurrency' | 'amountInvalid' | 'currencyInvalid';

/** The body of a new or counter offer, checked by the rules the court applies, or what is wrong. */
export function offerBodyOf(fields: TermsFields): OfferBody | { problem: TermsProblem } {
  const text = fields.text.trim();
  const amount = fields.amount.trim();
  const currency = fields.currency.trim().toUpperCase();
  if (text === '') return { problem: 'textRequired' };
  if ((amount === '') !== (currency === '')) return { problem: 'amountAndCurrency' };
  if (amount !== '' && !AMOUNT.test(amount)) return { problem: 'amountInvalid' };
  if (currency !== '' && !CURRENCY.test(currency)) return { problem: 'currencyInvalid' };
  return { text, language: fields.language.trim(), ...(amount === '' ? {} : { amount, currency }) };
}
