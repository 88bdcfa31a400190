// Offers and settlement over REST: a party (or counsel for its side) makes an offer, the other
// side accepts, rejects or counters it, and an accepted offer settles the case, which closes it.
// The parties and the mediator read the offers; the judge and the arbitrator do not (without
// prejudice). See domain/trial/offer.ts.
import { idParams } from '../../protocol/caseRecordSchemas.js';
import type { ErrorCode } from '../../protocol/ack.js';
import { acceptOfferBody, offerBody, offerParams, offersView, rejectOfferBody } from '../../protocol/offerSchemas.js';
import type { Court } from '../../record/Court.js';
import type { OfferTerms } from '../../domain/trial/offer.js';
import { route } from './apiRoute.js';

const CASE_ERRORS = ['CASE_NOT_FOUND', 'NOT_A_CASE_PARTICIPANT', 'FORBIDDEN'] as const;
const ANSWER_ERRORS = [...CASE_ERRORS, 'CASE_SETTLED', 'OFFER_NOT_FOUND', 'OFFER_NOT_OPEN', 'OWN_OFFER', 'RECORD_CHANGED'] satisfies ErrorCode[];

function termsOf(body: { text: string; language: string; amount?: string | undefined; currency?: string | undefined }): OfferTerms {
  return { text: body.text, language: body.language, ...(body.amount === undefined ? {} : { amount: body.amount }), ...(body.currency === undefined ? {} : { currency: body.currency }) };
}

export function offerRoutes(court: Court) {
  const offers = court.trial.offers;
  return [
    route({
      method: 'get',
      path: '/cases/:caseId/offers',
      operationId: 'listOffers',
      summary: 'The offers and counter-offers of the case, the one open for an answer, and the settlement if the case settled (the parties and the mediator)',
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      success: { status: 200, description: 'the offers', schema: offersView },
      errors: CASE_ERRORS,
      async handle({ principal, params, origin }) {
        return offers.view(principal, params.caseId, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/offers',
      operationId: 'makeOffer',
      summary: "Make an offer for your side (terms in words, and an amount with its currency if any). It replaces your side's open offer; while the other side's offer is open, counter it instead (OFFER_PENDING)",
      tag: 'trial',
      auth: true,
      params: idParams.caseId,
      body: offerBody,
      success: { status: 201, description: 'the offers, with yours open; the ledger holds its commitment', schema: offersView },
      errors: [...CASE_ERRORS, 'CASE_SETTLED', 'OFFER_PENDING', 'RECORD_CHANGED'] satisfies ErrorCode[],
      async handle({ principal, params, body, origin }) {
        return offers.make(principal, params.caseId, termsOf(body), origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/offers/:offerId/counter',
      operationId: 'counterOffer',
      summary: "Counter the other side's open offer with one of your own: theirs is countered, yours is open",
      tag: 'trial',
      auth: true,
      params: offerParams,
      body: offerBody,
      success: { status: 201, description: 'the offers, with your counter-offer open', schema: offersView },
      errors: ANSWER_ERRORS,
      async handle({ principal, params, body, origin }) {
        return offers.counter(principal, params.caseId, params.offerId, termsOf(body), origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/offers/:offerId/reject',
      operationId: 'rejectOffer',
      summary: "Reject the other side's open offer, with a reason if you like (kept with the offer, not on the ledger)",
      tag: 'trial',
      auth: true,
      params: offerParams,
      body: rejectOfferBody,
      success: { status: 200, description: 'the offers', schema: offersView },
      errors: ANSWER_ERRORS,
      async handle({ principal, params, body, origin }) {
        return offers.reject(principal, params.caseId, params.offerId, body.reason, origin);
      },
    }),
    route({
      method: 'post',
      path: '/cases/:caseId/offers/:offerId/accept',
      operationId: 'acceptOffer',
      summary: "Accept the other side's open offer: the case settles and is closed (its open rounds close; no further rounds, hearings or offers)",
      tag: 'trial',
      auth: true,
      params: offerParams,
      body: acceptOfferBody,
      success: { status: 200, description: 'the offers and the settlement, on the ledger (case.settled)', schema: offersView },
      errors: ANSWER_ERRORS,
      async handle({ principal, params, origin }) {
        return offers.accept(principal, params.caseId, params.offerId, origin);
      },
    }),
  ];
}
