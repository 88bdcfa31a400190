// Offers and settlement on the record (domain/trial/offer.ts, domain/cases/settlement.ts): the
// parties make, replace, counter, reject and accept offers, each one commit of the case's offers
// record with its ledger entry and audit line. The ledger holds a salted commitment of the terms,
// never the terms (offers are without prejudice). Accepting an offer settles the case in one
// commit: the offer accepted, the case closed as settled, the trial state marked (so no round can
// be opened after it), and every round still open or suspended closed — with one 'case.settled'
// entry on the ledger and the timeline.
import { randomBytes, randomUUID } from 'node:crypto';
import { isAllowed } from '../domain/access/permissions.js';
import type { CaseParticipant, CaseSide } from '../domain/cases/caseParticipant.js';
import { requireNotSettled, type CaseSettlement } from '../domain/cases/settlement.js';
import type { Principal, RequestOrigin } from '../domain/identity/principal.js';
import type { JsonValue } from '../domain/ledger/canonicalJson.js';
import { sealCommitment } from '../domain/trial/commitment.js';
import {
  committedTerms,
  findOffer,
  negotiatingSide,
  openOffer,
  requireAnswerable,
  requireMayOffer,
  requireTerms,
  withStatus,
  type Offer,
  type OffersRecord,
  type OfferTerms,
} from '../domain/trial/offer.js';
import type { OffersView } from '../protocol/offerSchemas.js';
import type { TrialServices } from './AsyncTrial.js';
import { auditLine } from './AuditLog.js';
import type { CaseGrant } from './CaseAccess.js';
import { withRetries } from './trialRecords.js';

export class CaseOffers {
  readonly #s: TrialServices;

  constructor(services: TrialServices) {
    this.#s = services;
  }

  async view(principal: Principal, caseId: string, origin: RequestOrigin): Promise<OffersView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'offer.view', origin);
    await this.#s.access.noteRead(grant);
    const [offers, courtCase] = await Promise.all([this.#s.records.offers(caseId), this.#s.records.courtCase(caseId)]);
    return offersViewOf(offers.value, courtCase.value.settlement);
  }

  /** A new offer of the caller's side; its own open offer, if any, is superseded by it. */
  async make(principal: Principal, caseId: string, terms: OfferTerms, origin: RequestOrigin): Promise<OffersView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'offer.make', origin);
    return this.#offer(grant, caseId, terms, undefined);
  }

  /** The caller's side answers the other side's open offer with one of its own. */
  async counter(principal: Principal, caseId: string, offerId: string, terms: OfferTerms, origin: RequestOrigin): Promise<OffersView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'offer.answer', origin, offerId);
    return this.#offer(grant, caseId, terms, offerId);
  }

  async reject(principal: Principal, caseId: string, offerId: string, reason: string | undefined, origin: RequestOrigin): Promise<OffersView> {
    const grant = await this.#s.access.authorize(principal, caseId, 'offer.answer', origin, offerId);
    const { record, settlement } = await this.#s.access.refusing(grant, () =>
      withRetries(async () => {
        const { offers, courtCase, side } = await this.#current(grant, caseId, 'rejecting an offer');
        const offer = findOffer(offers.value, offerId);
        requireAnswerable(offer, side);
        let next: OffersRecord | undefined;
        // The reason is words of the negotiation: kept with the offer, not on the public ledger.
        await this.#s.ledger.append(caseId, { type: 'offer.rejected', actor: grant.actor, payload: { offerId, number: offer.number, side } }, (entry) => {
          next = withStatus(offers.value, offerId, 'rejected', entry.at, grant.actor, reason);
          return { puts: [this.#s.records.offersPut(next, offers.version)], logs: [auditLine({ ...grant.audit, target: offerId })] };
        });
        return { record: next!, settlement: courtCase.value.settlement };
      }),
    );
    this.#s.observer.emit('offersChanged', caseId);
    return offersViewOf(record, settlement);
  }

  /** Accepting the other side's open offer settles the case. */
  async accept(principal: Principal, caseId: string, offerId: string, origin: RequestOrigin): Promise<OffersView> {
    const { records, ledger, access } = this.#s;
    const grant = await access.authorize(principal, caseId, 'offer.answer', origin, offerId);
    const outcome = await access.refusing(grant, () =>
      withRetries(async () => {
        const { offers, courtCase, side } = await this.#current(grant, caseId, 'accepting an offer');
        const offer = findOffer(offers.value, offerId);
        requireAnswerable(offer, side);
        const [state, rounds] = await Promise.all([records.state(caseId), records.roundsOf(caseId)]);
        const running = rounds.filter((r) => r.value.status !== 'closed');
        const payload = { offerId, number: offer.number, offeredBy: offer.side, acceptedBy: side, stage: courtCase.value.stage, commitment: offer.commitment, roundsClosed: running.map((r) => r.value.id) };
        let next: OffersRecord | undefined;
        let settlement: CaseSettlement | undefined;
        await ledger.append(caseId, { type: 'case.settled', actor: grant.actor, payload }, (entry) => {
          next = withStatus(offers.value, offerId, 'accepted', entry.at, grant.actor);
          settlement = { at: entry.at, stage: courtCase.value.stage, offerId, commitment: offer.commitment, ledgerSeq: entry.seq };
          return {
            puts: [
              records.offersPut(next, offers.version),
              records.casePut({ ...courtCase.value, settlement }, courtCase.version),
              records.statePut({ ...state.value, settledAt: entry.at }, state.version),
              ...running.map((r) => records.roundPut({ ...r.value, status: 'closed', closedAt: entry.at, closedBy: grant.actor, closedBecause: 'settled' }, r.version)),
            ],
            logs: [auditLine({ ...grant.audit, target: offerId })],
          };
        });
        return { record: next!, settlement: settlement!, closed: running.map((r) => r.value.id) };
      }),
    );
    this.#s.observer.emit('offersChanged', caseId);
    for (const roundId of outcome.closed) this.#s.observer.emit('roundChanged', caseId, roundId);
    return offersViewOf(outcome.record, outcome.settlement);
  }

  async #offer(grant: CaseGrant, caseId: string, terms: OfferTerms, counters: string | undefined): Promise<OffersView> {
    const { records, ledger, access } = this.#s;
    const { record, settlement } = await access.refusing(grant, () =>
      withRetries(async () => {
        requireTerms(terms);
        const { offers, courtCase, side } = await this.#current(grant, caseId, 'making an offer');
        let answered: Offer | undefined;
        if (counters === undefined) {
          answered = requireMayOffer(offers.value, side);
        } else {
          answered = findOffer(offers.value, counters);
          requireAnswerable(answered, side);
          requireMayOffer({ ...offers.value, offers: offers.value.offers.filter((o) => o.id !== counters) }, side);
        }
        const id = randomUUID();
        const number = offers.value.offers.length + 1;
        const nonce = randomBytes(32).toString('hex');
        const commitment = sealCommitment(committedTerms({ id, number, side, terms }), nonce);
        const payload: JsonValue = {
          offerId: id,
          number,
          side,
          commitment,
          ...(counters === undefined ? {} : { counters }),
          ...(answered === undefined || counters !== undefined ? {} : { supersedes: answered.id }),
        };
        let next: OffersRecord | undefined;
        await ledger.append(caseId, { type: 'offer.made', actor: grant.actor, payload }, (entry) => {
          const before = answered === undefined ? offers.value : withStatus(offers.value, answered.id, counters === undefined ? 'superseded' : 'countered', entry.at, grant.actor);
          const offer: Offer = {
            id,
            number,
            side,
            by: grant.participant.id,
            byName: grant.participant.displayName,
            terms: { ...terms },
            ...(counters === undefined ? {} : { counters }),
            madeAt: entry.at,
            ledgerSeq: entry.seq,
            commitment,
            nonce,
            status: 'open',
          };
          next = { ...before, offers: [...before.offers, offer] };
          return { puts: [records.offersPut(next, offers.version)], logs: [auditLine({ ...grant.audit, target: id })] };
        });
        return { record: next!, settlement: courtCase.value.settlement };
      }),
    );
    this.#s.observer.emit('offersChanged', caseId);
    return offersViewOf(record, settlement);
  }

  /** Everyone the table lets read the offers (the parties and the mediator), with the offers as pushed to them. */
  async viewsFor(caseId: string): Promise<{ readers: CaseParticipant[]; view: OffersView }> {
    const [offers, courtCase, participants] = await Promise.all([this.#s.records.offers(caseId), this.#s.records.courtCase(caseId), this.#s.records.participantsOf(caseId)]);
    return { readers: participants.filter((p) => p.removedAt === undefined && isAllowed(p.role, 'offer.view')), view: offersViewOf(offers.value, courtCase.value.settlement) };
  }

  /** The offers and the case as they are now, refused once the case has settled; and the caller's side. */
  async #current(grant: CaseGrant, caseId: string, what: string) {
    const side: CaseSide = negotiatingSide(grant.participant);
    const [offers, courtCase] = await Promise.all([this.#s.records.offers(caseId), this.#s.records.courtCase(caseId)]);
    requireNotSettled(courtCase.value.settlement, what);
    return { offers, courtCase, side };
  }
}

export function offersViewOf(record: OffersRecord, settlement: CaseSettlement | undefined): OffersView {
  const open = openOffer(record);
  return {
    caseId: record.caseId,
    offers: record.offers.map(({ terms, ...offer }) => ({ ...offer, ...terms })),
    ...(open === undefined ? {} : { open: open.id }),
    ...(settlement === undefined ? {} : { settlement: { ...settlement } }),
  };
}
