// Async and live, one record: from a case tried asynchronously the presiding judge schedules a
// live hearing for some of the claims, or for the rest of the case, with the existing hearing
// scheduling; the hearing says on the ledger what it covers; and the case timeline shows the
// rounds (opened, answered, closed — by the court or by the clock at the deadline) and the
// hearings (scheduled, held) together, in time order, each marked with what it is about.
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import type { SeededCase } from '../../helpers/caseRecordClient.js';
import { SignallingClient } from '../../helpers/courtHarness.js';
import { answer, DAY, HOUR, openRound, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let clock: TestClock;
let s: SeededCase;
let claims: any[];
let round: any;

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
  clock.set('2026-03-02T00:00:00.000Z');
  s = await seedTrialCase(server, 'trial');
  const stated = await s.as.claimant.ok(
    s.as.claimant.post(`/cases/${s.caseId}/claims`, {
      claims: [
        { text: 'The respondent owes 120,000 CNY for the goods delivered.', language: 'en' },
        { text: 'The respondent owes interest from 1 May.', language: 'en' },
      ],
    }),
  );
  claims = stated.claims;
  round = await openRound(s, clock, { exchange: 'sequential' });
  await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'Signed in Hangzhou on 3 March.'));
  await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/close`, {}));
});

afterAll(async () => {
  await server?.close();
});

function problem(response: { status: number; body: any }) {
  return { status: response.status, code: response.body.code };
}

const hearingBody = (extra: object = {}) => ({ title: 'Hearing on the disputed claims', start: new Date(clock.now().getTime() + DAY).toISOString(), durationMinutes: 90, timeZone: 'Asia/Shanghai', ...extra });

describe('the presiding judge schedules a live hearing from the asynchronous trial', () => {
  test('for one claim: the hearing records the claims it covers, and so does the ledger', async () => {
    const hearing = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/hearings`, hearingBody({ covers: { scope: 'claims', claimIds: [claims[0].id] } })));
    expect(hearing).toMatchObject({ phase: 'scheduled', presidingId: s.participantIds.judge, covers: { scope: 'claims', claimIds: [claims[0].id] } });
    expect((await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/hearings`))).hearings).toContainEqual(expect.objectContaining({ id: hearing.id, covers: hearing.covers }));
    const { items } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/timeline`));
    expect(items.find((i: any) => i.type === 'hearing.scheduled' && i.about?.id === hearing.id)).toMatchObject({ about: { kind: 'hearing' }, payload: { covers: { scope: 'claims', claimIds: [claims[0].id] } } });
  });

  test('for the rest of the case', async () => {
    const hearing = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/hearings`, hearingBody({ title: 'The rest of the case', covers: { scope: 'rest' } })));
    expect(hearing.covers).toEqual({ scope: 'rest' });
  });

  test('a role that does not preside at the case’s stage may not (NOT_PRESIDING): the clerk, the arbitrator, the mediator', async () => {
    for (const role of ['clerk', 'arbitrator', 'mediator'] as const) {
      expect({ role, ...problem(await s.as[role].post(`/cases/${s.caseId}/hearings`, hearingBody({ covers: { scope: 'rest' } }))) }).toEqual({ role, status: 403, code: 'NOT_PRESIDING' });
    }
    // The clerk still schedules a hearing that takes over nothing of the async trial.
    expect((await s.as.clerk.post(`/cases/${s.caseId}/hearings`, hearingBody({ title: 'Directions' }))).status).toBe(201);
  });

  test('a party may not schedule one at all (FORBIDDEN)', async () => {
    expect(problem(await s.as.claimant.post(`/cases/${s.caseId}/hearings`, hearingBody({ covers: { scope: 'rest' } })))).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  test('what it covers must be claims of this case, or the rest, in a well-formed body', async () => {
    const before = (await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/hearings`))).hearings.length;
    expect(problem(await s.as.judge.post(`/cases/${s.caseId}/hearings`, hearingBody({ covers: { scope: 'claims', claimIds: ['5d0c1c7e-8b0a-4c44-9f0e-3a7c2b1d9e00'] } })))).toEqual({ status: 404, code: 'CLAIM_NOT_FOUND' });
    for (const covers of [{ scope: 'rest', claimIds: [claims[0].id] }, { scope: 'claims' }, { scope: 'claims', claimIds: [] }, { scope: 'claims', claimIds: [claims[0].id, claims[0].id] }, { scope: 'everything' }, { scope: 'rest', extra: 1 }, 'rest']) {
      expect({ covers, ...problem(await s.as.judge.post(`/cases/${s.caseId}/hearings`, hearingBody({ covers }))) }).toEqual({ covers, status: 400, code: 'INVALID_PAYLOAD' });
    }
    expect((await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/hearings`))).hearings).toHaveLength(before);
  });
});

describe('the timeline shows rounds and hearings together, in time order', () => {
  test('round opened, answered and closed, then the hearing scheduled and held', async () => {
    const hearing = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/hearings`, hearingBody({ title: 'Claim 2, live', start: clock.now().toISOString(), covers: { scope: 'claims', claimIds: [claims[1].id] } })));
    const judge = await SignallingClient.connect(server.url, s.as.judge.token);
    try {
      await judge.request('hearing:join', { hearingId: hearing.id });
      await judge.request('courtroom:command', { action: 'movePhase', phase: 'lobbyOpen' });
      await judge.request('courtroom:command', { action: 'movePhase', phase: 'inSession' });
    } finally {
      judge.close();
    }
    const { items } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/timeline`));
    const story = items
      .filter((i: any) => i.about?.id === round.id || i.about?.id === hearing.id)
      .filter((i: any) => i.type !== 'round.read')
      .map((i: any) => `${i.about.kind} ${i.type}${i.payload.to === undefined ? '' : ` ${i.payload.to}`}`);
    expect(story).toEqual(['round round.opened', 'round answer.submitted', 'round round.closed', 'hearing hearing.scheduled', 'hearing hearing.phaseChanged lobbyOpen', 'hearing hearing.phaseChanged inSession']);
    const times = items.map((i: any) => i.at);
    expect(times).toEqual([...times].sort());
    expect(items.map((i: any) => i.seq)).toEqual(items.map((_: any, n: number) => n));
  });

  test('a round that its deadline closed shows as closed by the court’s clock, even if nobody read it since', async () => {
    const due = await openRound(s, clock, { exchange: 'sequential', deadline: { at: new Date(clock.now().getTime() + 2 * HOUR).toISOString(), timeZone: 'UTC' } });
    clock.advance(3 * HOUR);
    const { items } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/timeline`));
    const closed = items.filter((i: any) => i.about?.id === due.id).map((i: any) => [i.type, i.actor, i.payload.because]);
    expect(closed).toEqual([
      ['round.opened', expect.stringMatching(/^account:/), undefined],
      ['round.closed', 'court:clock', 'deadline'],
    ]);
  });
});
