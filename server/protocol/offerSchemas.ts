// The REST bodies and views of offers and settlement (domain/trial/offer.ts,
// domain/cases/settlement.ts), as zod schemas: validated at the edge, described in the OpenAPI
// document, typed for the client.
import { z } from 'zod';
import { AMOUNT, CURRENCY, MAX_TERMS_CHARS, OFFER_STATUSES } from '../domain/trial/offer.js';
import { DISPUTE_STAGES } from '../domain/cases/disputeStage.js';
import { languageTag, side, text, timestamp, uuid } from './trialSchemas.js';

export const offerParams = z.object({ caseId: uuid('caseId'), offerId: uuid('offerId') });

export const offerBody = z
  .object({
    text: text('the terms', MAX_TERMS_CHARS).describe('the terms offered, in words'),
    language: languageTag('language'),
    amount: z
      .string({ error: 'amount is a decimal number written as text, e.g. "125000.50"' })
      .regex(AMOUNT, 'amount is a decimal number written as text, e.g. "125000.50" (at most 15 digits before the point and 4 after)')
      .optional()
      .describe('the sum offered, as written (never a float); with currency'),
    currency: z.string({ error: 'currency is an ISO 4217 code such as "USD"' }).regex(CURRENCY, 'currency is an ISO 4217 code such as "USD", "CNY" or "BRL"').optional(),
  })
  .strict()
  .refine((b) => (b.amount === undefined) === (b.currency === undefined), 'amount and currency go together: give both or neither');

export const rejectOfferBody = z.object({ reason: text('a reason', 2000).optional() }).strict();
export const acceptOfferBody = z.object({}).strict();

export const settlementView = z.object({
  at: timestamp,
  stage: z.enum(DISPUTE_STAGES),
  offerId: z.string(),
  commitment: z.string().describe('the salted commitment of the accepted terms, as on the ledger'),
  ledgerSeq: z.number().int(),
});

export const offerView = z.object({
  id: z.string(),
  number: z.number().int(),
  side,
  by: z.string(),
  byName: z.string(),
  text: z.string(),
  language: z.string(),
  amount: z.string().optional(),
  currency: z.string().optional(),
  counters: z.string().optional().describe('the offer of the other side this one counters'),
  madeAt: timestamp,
  ledgerSeq: z.number().int(),
  commitment: z.string().describe('what the ledger holds: SHA-256 of the canonical JSON of { offerId, number, side, text, language, amount?, currency?, nonce }'),
  nonce: z.string(),
  status: z.enum(OFFER_STATUSES),
  answeredAt: timestamp.optional(),
  answeredBy: z.string().optional(),
  reason: z.string().optional(),
});

export const offersView = z.object({
  caseId: z.string(),
  offers: z.array(offerView),
  open: z.string().optional().describe('the offer waiting for an answer, if any'),
  settlement: settlementView.optional().describe('set once an offer was accepted: the case is closed as settled'),
});

export type OffersView = z.infer<typeof offersView>;
