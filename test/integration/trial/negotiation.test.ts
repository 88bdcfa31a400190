// Negotiation and settlement over the real REST API: the parties exchange offers and
// counter-offers alone, the other side accepts, rejects or counters, and an accepted offer settles
// the case — at any stage — which closes it: its open rounds close, and no further round, answer,
// hearing, offer or stage change is taken. Offers are without prejudice: the ledger and the
// timeline carry a salted commitment of the terms, never the terms, and the judge cannot read them.
import { createHash, randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { canonicalJson } from '../../../server/domain/ledger/canonicalJson.js';
import { exportCase } from '../../helpers/caseBundleCheck.js';
import type { ApiClient, SeededCase } from '../../helpers/caseRecordClient.js';
import { answer, openRound, PushLog, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let clock: TestClock;

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
});

afterAll(async () => {
  await server?.close();
});

function problem(response: { status: number; body: any }) {
  return { status: response.status, code: response.body.code };
}

const terms = (text: string, extra: object = {}) => ({ text, language: 'en', ...extra });
const offers = (as: ApiClient, s: SeededCase) => as.ok(as.get(`/cases/${s.caseId}/offers`));

describe('offers and counter-offers in negotiation, the parties alone', () => {
  let s: SeededCase;
  const secret = { first: `FIRST-OFFER-${randomUUID()}`, counter: `COUNTER-${randomUUID()}`, final: `FINAL-TERMS-${randomUUID()}`, why: `REJECTION-REASON-${randomUUID()}` };
  const leaks = (text: string) => Object.values(secret).filter((v) => text.includes(v));
  let first: any;
  let counter: any;
  let finalOffer: any;
  let settled: any;
  const logs: Partial<Record<'respondent' | 'mediator' | 'judge' | 'observer', PushLog>> = {};

  beforeAll(async () => {
    s = await seedTrialCase(server, 'negotiation', false);
    for (const role of ['respondent', 'mediator', 'judge', 'observer'] as const) logs[role] = await PushLog.connect(server, s.as[role], s.participantIds[role]);
  });

  afterAll(() => {
    for (const log of Object.values(logs)) log?.close();
  });

  test('a party makes an offer with terms, an amount and a currency; it is open for the other side', async () => {
    const view = await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/offers`, terms(secret.first, { amount: '50000.00', currency: 'USD' })));
    first = view.offers[0];
    expect(first).toMatchObject({ number: 1, side: 'claimant', by: s.participantIds.claimant, text: secret.first, amount: '50000.00', currency: 'USD', status: 'open' });
    expect(view.open).toBe(first.id);
  });

  test('while it is open the other side may not make a fresh offer: it counters it (OFFER_PENDING)', async () => {
    expect(problem(await s.as.respondent.post(`/cases/${s.caseId}/offers`, terms('a fresh one')))).toEqual({ status: 409, code: 'OFFER_PENDING' });
  });

  test('nobody accepts, rejects or counters their own side’s offer (OWN_OFFER), counsel included', async () => {
    expect(problem(await s.as.claimant.post(`/cases/${s.caseId}/offers/${first.id}/accept`, {}))).toEqual({ status: 403, code: 'OWN_OFFER' });
    expect(problem(await s.as.counsel.post(`/cases/${s.caseId}/offers/${first.id}/reject`, {}))).toEqual({ status: 403, code: 'OWN_OFFER' });
    expect(problem(await s.as.counsel.post(`/cases/${s.caseId}/offers/${first.id}/counter`, terms('more')))).toEqual({ status: 403, code: 'OWN_OFFER' });
  });

  test('the other side counters: the first offer is countered, the counter-offer open', async () => {
    const view = await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/offers/${first.id}/counter`, terms(secret.counter, { amount: '30000', currency: 'USD' })));
    counter = view.offers[1];
    expect(view.offers.map((o: any) => [o.number, o.side, o.status])).toEqual([
      [1, 'claimant', 'countered'],
      [2, 'respondent', 'open'],
    ]);
    expect(counter).toMatchObject({ counters: first.id, text: secret.counter });
    expect(view.open).toBe(counter.id);
    expect(problem(await s.as.respondent.post(`/cases/${s.caseId}/offers/${first.id}/accept`, {}))).toEqual({ status: 409, code: 'OFFER_NOT_OPEN' });
  });

  test('counsel rejects it for its side, with a reason kept with the offer', async () => {
    const view = await s.as.counsel.ok(s.as.counsel.post(`/cases/${s.caseId}/offers/${counter.id}/reject`, { reason: secret.why }));
    expect(view.offers[1]).toMatchObject({ status: 'rejected', reason: secret.why, answeredBy: expect.stringMatching(/^participant:/) });
    expect(view.open).toBeUndefined();
  });

  test('a side replaces its own open offer with a new one: the earlier is superseded', async () => {
    await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/offers`, terms('an opening position')));
    const view = await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/offers`, terms(secret.final, { amount: '40000', currency: 'USD' })));
    finalOffer = view.offers[3];
    expect(view.offers.slice(2).map((o: any) => o.status)).toEqual(['superseded', 'open']);
  });

  test('the mediator and the parties read the offers; the judge, the arbitrator, the clerk, a witness, the interpreter and the gallery do not', async () => {
    for (const role of ['mediator', 'claimant', 'respondent', 'counsel'] as const) expect((await offers(s.as[role], s)).offers).toHaveLength(4);
    for (const role of ['judge', 'arbitrator', 'clerk', 'witness', 'interpreter', 'observer'] as const) {
      expect({ role, ...problem(await s.as[role].get(`/cases/${s.caseId}/offers`)) }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
    }
  });

  test('an offer by a non-party is refused (FORBIDDEN): the court, a witness, the interpreter', async () => {
    for (const role of ['judge', 'mediator', 'clerk', 'witness', 'interpreter'] as const) {
      expect({ role, ...problem(await s.as[role].post(`/cases/${s.caseId}/offers`, terms('let us settle'))) }).toEqual({ role, status: 403, code: 'FORBIDDEN' });
    }
    expect(problem(await s.as.mediator.post(`/cases/${s.caseId}/offers/${finalOffer.id}/accept`, {}))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  test('malformed offers and answers are refused with INVALID_PAYLOAD, and an unknown offer is not found', async () => {
    const bad = [
      {},
      terms(''),
      terms('pay', { amount: '100' }),
      terms('pay', { currency: 'USD' }),
      terms('pay', { amount: '1e5', currency: 'USD' }),
      terms('pay', { amount: 100, currency: 'USD' }),
      terms('pay', { amount: '100', currency: 'dollars' }),
      terms('pay', { extra: true }),
      terms('x'.repeat(8001)),
      { text: 'pay', language: 'not a language tag!' },
    ];
    for (const body of bad) expect({ body, ...problem(await s.as.respondent.post(`/cases/${s.caseId}/offers/${finalOffer.id}/counter`, body)) }).toEqual({ body, status: 400, code: 'INVALID_PAYLOAD' });
    expect(problem(await s.as.respondent.post(`/cases/${s.caseId}/offers/${finalOffer.id}/accept`, { now: true }))).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
    expect(problem(await s.as.respondent.post(`/cases/${s.caseId}/offers/not-an-id/accept`, {}))).toEqual({ status: 400, code: 'INVALID_PAYLOAD' });
    expect(problem(await s.as.respondent.post(`/cases/${s.caseId}/offers/${randomUUID()}/accept`, {}))).toEqual({ status: 404, code: 'OFFER_NOT_FOUND' });
    expect((await offers(s.as.claimant, s)).offers).toHaveLength(4);
  });

  test('accepting the other side’s offer settles the case: closed as settled, on the ledger and the timeline', async () => {
    const view = await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/offers/${finalOffer.id}/accept`, {}));
    settled = view.settlement;
    expect(view.offers[3]).toMatchObject({ status: 'accepted' });
    expect(settled).toMatchObject({ stage: 'negotiation', offerId: finalOffer.id, commitment: finalOffer.commitment });
    const { case: courtCase, nextStages } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}`));
    expect(courtCase.settlement).toEqual(settled);
    expect(nextStages).toEqual([]);
    const { items } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/timeline`));
    const last = items[items.length - 1];
    expect(last).toMatchObject({ seq: settled.ledgerSeq, type: 'case.settled', about: { kind: 'offer', id: finalOffer.id }, payload: { offeredBy: 'claimant', acceptedBy: 'respondent', stage: 'negotiation' } });
    expect(items.filter((i: any) => i.type === 'offer.made').map((i: any) => i.about.id)).toEqual([first.id, counter.id, expect.any(String), finalOffer.id]);
  });

  test('each change is pushed to the parties and the mediator (offers:changed), and to nobody else', async () => {
    for (const role of ['respondent', 'mediator'] as const) {
      const pushed = await logs[role]!.next('offers:changed', (p) => p.offers.settlement !== undefined);
      expect(pushed.offers.offers.map((o: any) => o.text)).toEqual([secret.first, secret.counter, 'an opening position', secret.final]);
    }
    for (const role of ['judge', 'observer'] as const) {
      expect({ role, pushed: logs[role]!.events.filter((e) => e.event === 'offers:changed').length, leaks: leaks(logs[role]!.text()) }).toEqual({ role, pushed: 0, leaks: [] });
    }
  });

  test('the terms are on no public path — timeline, ledger entries, export — only their commitment, which the parties can check', async () => {
    for (const role of ['judge', 'witness', 'interpreter'] as const) expect(leaks(JSON.stringify(await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/timeline`))))).toEqual([]);
    const { entries } = await s.as.observer.ok(s.as.observer.get(`/cases/${s.caseId}/ledger/entries`));
    expect(leaks(entries.map((e: any) => Buffer.from(e.bytes, 'base64').toString('utf8')).join('\n'))).toEqual([]);
    expect(leaks(Buffer.from(await exportCase(s.as.judge, s.caseId)).toString('latin1'))).toEqual([]);
    const made = entries.map((e: any) => e.entry).find((e: any) => e.type === 'offer.made' && e.payload.offerId === finalOffer.id);
    const content = { offerId: finalOffer.id, number: 4, side: 'claimant', text: secret.final, language: 'en', amount: '40000', currency: 'USD', nonce: finalOffer.nonce };
    expect(createHash('sha256').update(canonicalJson(content)).digest('hex')).toBe(made.payload.commitment);
  });

  test('after the settlement no offer, counter, rejection or stage change is taken (CASE_SETTLED)', async () => {
    const refused = [
      await s.as.claimant.post(`/cases/${s.caseId}/offers`, terms('one more thing')),
      await s.as.claimant.post(`/cases/${s.caseId}/offers/${finalOffer.id}/reject`, {}),
      await s.as.respondent.post(`/cases/${s.caseId}/offers/${finalOffer.id}/accept`, {}),
      await s.as.judge.post(`/cases/${s.caseId}/stage`, { stage: 'mediation' }),
      await s.as.judge.post(`/cases/${s.caseId}/hearings`, { title: 'Directions', start: clock.now().toISOString(), durationMinutes: 60, timeZone: 'UTC' }),
    ];
    expect(refused.map(problem)).toEqual(Array(refused.length).fill({ status: 409, code: 'CASE_SETTLED' }));
    expect((await offers(s.as.claimant, s)).offers).toHaveLength(4);
  });
});

describe('a settlement reached during the trial ends it', () => {
  let s: SeededCase;
  let round: any;

  beforeAll(async () => {
    s = await seedTrialCase(server, 'trial');
    round = await openRound(s, clock, { exchange: 'sequential' });
    await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'The contract was signed in Hangzhou.'));
    const made = await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/offers`, terms('Pay the invoice less 10%', { amount: '90000', currency: 'CNY' })));
    await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/offers/${made.open}/accept`, {}));
  });

  test('its open rounds close with the settlement, in the same ledger entry', async () => {
    const view = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(view).toMatchObject({ status: 'closed', closedBecause: 'settled' });
    const { items } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/timeline`));
    expect(items[items.length - 1]).toMatchObject({ type: 'case.settled', payload: { stage: 'trial', roundsClosed: [round.id] } });
  });

  test('no further round, answer, extension, hearing, offer, claim or change of consent is taken (CASE_SETTLED)', async () => {
    const refused = [
      await s.as.judge.post(`/cases/${s.caseId}/rounds`, { stage: 'debate', questions: [{ text: 'Anything else?', language: 'en' }], required: [s.participantIds.claimant], deadline: { at: new Date(clock.now().getTime() + 86_400_000).toISOString(), timeZone: 'UTC' }, exchange: 'sequential' }),
      await answer(s.as.respondent, s.caseId, round, 'too late now'),
      await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/deadline`, { deadline: { addDays: 2 } }),
      await s.as.judge.post(`/cases/${s.caseId}/hearings`, { title: 'The rest', start: clock.now().toISOString(), durationMinutes: 60, timeZone: 'UTC', covers: { scope: 'rest' } }),
      await s.as.claimant.post(`/cases/${s.caseId}/offers`, terms('and costs')),
      await s.as.respondent.post(`/cases/${s.caseId}/trial/consent/withdrawal`, { reason: 'we settled' }),
      await s.as.claimant.post(`/cases/${s.caseId}/claims`, { claims: [{ text: 'Costs', language: 'en' }] }),
    ];
    expect(refused.map(problem)).toEqual(Array(refused.length).fill({ status: 409, code: 'CASE_SETTLED' }));
  });
});
