// The asynchronous trial over the real REST API and socket.io: consent and its withdrawal, rounds
// opened by the presiding side, deadlines on each participant's clock, service and first reads on
// the record, extensions asked for, granted and denied, and rounds closed by the court or by the
// court's clock.
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import type { SeededCase } from '../../helpers/caseRecordClient.js';
import { answer, DAY, HOUR, openRound, PushLog, roundBody, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let clock: TestClock;
const logs: PushLog[] = [];

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
  clock.set('2026-03-02T00:00:00.000Z');
});

afterEach(() => {
  for (const log of logs.splice(0)) log.close();
});

afterAll(async () => {
  await server?.close();
});

async function listen(s: SeededCase, role: 'claimant' | 'respondent' | 'counsel' | 'interpreter' | 'judge' | 'witness'): Promise<PushLog> {
  const log = await PushLog.connect(server, s.as[role], s.participantIds[role]);
  logs.push(log);
  return log;
}

async function timeline(s: SeededCase): Promise<any[]> {
  return (await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/timeline`))).items;
}

describe('consent', () => {
  test('a round cannot be opened until every party consents; the consents and the move to async are on the timeline', async () => {
    const s = await seedTrialCase(server, 'trial', false);
    const refused = await s.as.judge.post(`/cases/${s.caseId}/rounds`, {
      stage: 'investigation',
      questions: [{ text: 'Q', language: 'en' }],
      required: [s.participantIds.claimant],
      deadline: { addDays: 1 },
      exchange: 'sealed',
    });
    expect(refused.status).toBe(400); // addDays has no current deadline to extend: validated first
    const body = { stage: 'investigation', questions: [{ text: 'Q', language: 'en' }], required: [s.participantIds.claimant], deadline: { local: '2026-03-09T17:00', timeZone: 'Asia/Shanghai' }, exchange: 'sealed' };
    const notYet = await s.as.judge.post(`/cases/${s.caseId}/rounds`, body);
    expect({ status: notYet.status, code: notYet.body.code }).toEqual({ status: 409, code: 'CONSENT_REQUIRED' });
    expect(notYet.body.detail).toContain('has not consented');

    const afterClaimant = await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/trial/consent`, {}));
    expect(afterClaimant).toMatchObject({ mode: 'live', complete: false });
    expect((await s.as.judge.post(`/cases/${s.caseId}/rounds`, body)).body.code).toBe('CONSENT_REQUIRED');
    const afterBoth = await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/trial/consent`, {}));
    expect(afterBoth).toMatchObject({ mode: 'async', complete: true });
    expect(afterBoth.consents.map((c: any) => [c.displayName, c.state])).toEqual([
      ['Zhang Wei', 'given'],
      ['Ana Silva', 'given'],
    ]);
    expect((await s.as.judge.post(`/cases/${s.caseId}/rounds`, body)).status).toBe(201);

    const entries = (await timeline(s)).filter((e) => e.type.startsWith('trial.'));
    expect(entries.map((e) => [e.type, e.actorName, e.payload.mode, e.payload.modeChanged])).toEqual([
      ['trial.consentGiven', 'Zhang Wei', 'live', false],
      ['trial.consentGiven', 'Ana Silva', 'async', true],
    ]);
  });

  test('counsel consents for its side: with the respondent, that is every party', async () => {
    const s = await seedTrialCase(server, 'trial', false);
    await s.as.counsel.ok(s.as.counsel.post(`/cases/${s.caseId}/trial/consent`, {}));
    const view = await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/trial/consent`, {}));
    expect(view).toMatchObject({ mode: 'async', complete: true });
    expect(view.sides.find((side: any) => side.side === 'claimant')).toMatchObject({ consented: true, throughCounsel: s.participantIds.counsel });
  });

  test('giving consent again changes nothing and writes no second entry', async () => {
    const s = await seedTrialCase(server);
    await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/trial/consent`, {}));
    expect((await timeline(s)).filter((e) => e.type === 'trial.consentGiven')).toHaveLength(2);
  });

  test('a withdrawal moves the case back to live hearings and suspends its open rounds until consent returns and the judge resumes them', async () => {
    const s = await seedTrialCase(server);
    const claimantLog = await listen(s, 'claimant');
    const round = await openRound(s, clock, { exchange: 'sealed' });
    await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, 'Signed on 3 March 2025 in Hangzhou.'));

    const view = await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/trial/consent/withdrawal`, { reason: 'I want to be heard in person' }));
    expect(view).toMatchObject({ mode: 'live', complete: false });
    expect(await claimantLog.next('trial:mode', (e) => e.caseId === s.caseId && e.mode === 'live')).toMatchObject({ mode: 'live' });
    const suspended = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(suspended).toMatchObject({ status: 'suspended', sealed: true });
    // The claimant's sealed answer stays sealed: suspension is no reveal.
    const respondentView = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(respondentView.threads[0]).toMatchObject({ answers: [], sealedFromYou: 1 });

    const refused = await answer(s.as.respondent, s.caseId, round, 'My answer');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'ROUND_SUSPENDED' });
    const entry = (await timeline(s)).find((e) => e.type === 'trial.consentWithdrawn');
    expect(entry.payload).toMatchObject({ reason: 'I want to be heard in person', mode: 'live', modeChanged: true, roundsSuspended: [round.id] });

    // The judge cannot resume it while the case is live; with consent back, resuming sets a new deadline.
    const newDeadline = { deadline: { local: '2026-03-20T17:00', timeZone: 'Asia/Shanghai' } };
    expect((await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/deadline`, newDeadline)).body.code).toBe('CONSENT_REQUIRED');
    await s.as.respondent.ok(s.as.respondent.post(`/cases/${s.caseId}/trial/consent`, {}));
    const resumed = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/deadline`, newDeadline));
    expect(resumed).toMatchObject({ status: 'open', deadline: { at: '2026-03-20T09:00:00.000Z' } });
    expect(resumed.deadlineHistory.map((d: any) => d.because)).toEqual(['opened', 'resumed']);
    expect((await answer(s.as.respondent, s.caseId, round, 'My answer')).status).toBe(201);
  });
});

describe('rounds', () => {
  test('the presiding side of the dispute stage opens rounds: the judge in trial, not the arbitrator; the mediator in mediation', async () => {
    const s = await seedTrialCase(server);
    const arbitrator = await s.as.arbitrator.post(`/cases/${s.caseId}/rounds`, roundBody(s, clock));
    expect({ status: arbitrator.status, code: arbitrator.body.code }).toEqual({ status: 403, code: 'NOT_PRESIDING' });
    expect(arbitrator.body.detail).toBe('in trial the judge runs the rounds, not an arbitrator');
    const mediation = await seedTrialCase(server, 'mediation');
    const round = await openRound(mediation, clock, {}, mediation.as.mediator);
    expect(round).toMatchObject({ presidingRole: 'mediator', number: 1, title: 'Round 1' });
    // The judge of a case in mediation does not run its rounds.
    expect((await mediation.as.judge.post(`/cases/${mediation.caseId}/rounds/${round.id}/close`, {})).body.code).toBe('NOT_PRESIDING');
  });

  test('each participant sees the deadline on their own clock, with the instant and the zone it was set in', async () => {
    const s = await seedTrialCase(server);
    const round = await openRound(s, clock, { deadline: { local: '2026-03-10T17:00', timeZone: 'Asia/Shanghai' } });
    expect(round.deadline.at).toBe('2026-03-10T09:00:00.000Z');
    const seen = async (role: 'claimant' | 'respondent' | 'interpreter') => (await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/rounds/${round.id}`))).deadline;
    expect(await seen('claimant')).toMatchObject({ setIn: { local: '2026-03-10T17:00', timeZone: 'Asia/Shanghai' }, yours: { local: '2026-03-10T17:00', offset: '+08:00', timeZone: 'Asia/Shanghai' } });
    const respondent = await seen('respondent');
    expect(respondent.yours).toMatchObject({ local: '2026-03-10T06:00', offset: '-03:00', timeZone: 'America/Sao_Paulo' });
    expect(respondent.yours.text).toContain('10 de março de 2026');
    expect((await seen('interpreter')).yours).toMatchObject({ local: '2026-03-10T09:00', offset: '+00:00', timeZone: 'Europe/Lisbon' });
    expect(respondent.remainingSeconds).toBe((Date.parse('2026-03-10T09:00:00.000Z') - clock.now().getTime()) / 1000);
    const list = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds`));
    expect(list.rounds).toEqual([expect.objectContaining({ id: round.id, sealed: true, deadline: expect.objectContaining({ yours: expect.objectContaining({ local: '2026-03-10T06:00' }) }) })]);
  });

  test('the round is served on those who must answer when it opens, pushed on their channel; their first read is on the record, once', async () => {
    const s = await seedTrialCase(server);
    const [claimantLog, respondentLog, interpreterLog] = [await listen(s, 'claimant'), await listen(s, 'respondent'), await listen(s, 'interpreter')];
    const round = await openRound(s, clock);
    const served = await claimantLog.next('round:served', (e) => e.round.id === round.id);
    expect(served.round.deadline.yours.timeZone).toBe('Asia/Shanghai');
    expect((await respondentLog.next('round:served', (e) => e.round.id === round.id)).round.deadline.yours.timeZone).toBe('America/Sao_Paulo');
    // Not asked to answer: told of the round, not served.
    await interpreterLog.next('round:changed', (e) => e.round.id === round.id);
    expect(interpreterLog.events.some((e) => e.event === 'round:served')).toBe(false);

    const before = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(before.required.map((r: any) => [r.displayName, r.servedAt, r.firstOpenedAt])).toEqual([
      ['Zhang Wei', round.openedAt, undefined],
      ['Ana Silva', round.openedAt, undefined],
    ]);
    clock.advance(HOUR);
    await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/rounds/${round.id}`));
    const firstRead = clock.now().toISOString();
    clock.advance(HOUR);
    await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/rounds/${round.id}/threads/${round.threads[0].id}`));
    const after = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(after.required.map((r: any) => r.firstOpenedAt)).toEqual([firstRead, undefined]);
    const reads = (await timeline(s)).filter((e) => e.type === 'round.read');
    expect(reads.map((e) => [e.actorName, e.at, e.payload])).toEqual([['Zhang Wei', firstRead, { roundId: round.id, participantId: s.participantIds.claimant }]]);
    const opened = (await timeline(s)).find((e) => e.type === 'round.opened');
    expect(opened.payload).toMatchObject({ roundId: round.id, servedAt: round.openedAt, required: [{ participantId: s.participantIds.claimant }, { participantId: s.participantIds.respondent }] });
  });

  test('the judge extends; a party asks for more time with a reason; the judge grants it with a new deadline or denies it', async () => {
    const s = await seedTrialCase(server);
    const round = await openRound(s, clock, { deadline: { local: '2026-03-06T17:00', timeZone: 'Europe/Berlin' } });
    const earlier = await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/deadline`, { deadline: { local: '2026-03-05T17:00', timeZone: 'Europe/Berlin' } });
    expect({ status: earlier.status, code: earlier.body.code, detail: earlier.body.detail }).toMatchObject({ status: 400, code: 'INVALID_PAYLOAD', detail: expect.stringContaining('must end after the current deadline') });
    // Three more days, at the same local time in the zone it was set in.
    const extended = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/deadline`, { deadline: { addDays: 3 }, reason: 'the holiday' }));
    expect(extended.deadline.setIn).toMatchObject({ local: '2026-03-09T17:00', timeZone: 'Europe/Berlin' });

    const request = await s.as.respondent.ok(
      s.as.respondent.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests`, { reason: 'My documents are in transit from Lisbon', proposedDeadline: { local: '2026-03-12T17:00', timeZone: 'America/Sao_Paulo' } }),
    );
    const asked = request.extensionRequests[0];
    expect(asked).toMatchObject({ byName: 'Ana Silva', status: 'pending', proposed: { at: '2026-03-12T20:00:00.000Z', timeZone: 'America/Sao_Paulo' } });
    const again = await s.as.respondent.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests`, { reason: 'please' });
    expect(again.body.code).toBe('EXTENSION_ALREADY_REQUESTED');
    const byParty = await s.as.claimant.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests/${asked.id}/decision`, { grant: true, deadline: { addDays: 1 } });
    expect(byParty.body.code).toBe('FORBIDDEN');

    const granted = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests/${asked.id}/decision`, { grant: true, deadline: { at: '2026-03-12T20:00:00Z', timeZone: 'America/Sao_Paulo' } }));
    expect(granted.deadline.at).toBe('2026-03-12T20:00:00.000Z');
    expect(granted.extensionRequests[0]).toMatchObject({ status: 'granted', granted: { at: '2026-03-12T20:00:00.000Z' } });
    expect((await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests/${asked.id}/decision`, { grant: false, reason: 'no' })).body.code).toBe('EXTENSION_ALREADY_DECIDED');

    const second = await s.as.claimant.ok(s.as.claimant.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests`, { reason: 'Chinese New Year' }));
    const denied = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests/${second.extensionRequests[1].id}/decision`, { grant: false, reason: 'the holiday is over' }));
    expect(denied.extensionRequests[1]).toMatchObject({ status: 'denied', decisionReason: 'the holiday is over' });
    expect(denied.deadlineHistory.map((d: any) => d.because)).toEqual(['opened', 'extended', 'granted']);

    clock.set('2026-03-13T00:00:00.000Z');
    const late = await s.as.claimant.post(`/cases/${s.caseId}/rounds/${round.id}/extension-requests`, { reason: 'one more day' });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'DEADLINE_PASSED' });
    clock.set('2026-03-02T00:00:00.000Z');

    const types = (await timeline(s)).map((e) => e.type).filter((t) => t.startsWith('round.') && t !== 'round.read');
    // The deadline passing reveals the sealed round (nobody had answered) and closes it.
    expect(types).toEqual(['round.opened', 'round.deadlineExtended', 'round.extensionRequested', 'round.extensionGranted', 'round.extensionRequested', 'round.extensionDenied', 'round.revealed', 'round.closed']);
  });

  test('the judge closes a round: answers to it are refused with ROUND_CLOSED', async () => {
    const s = await seedTrialCase(server);
    const round = await openRound(s, clock, { exchange: 'sequential' });
    const closed = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/close`, { reason: 'the parties settled this point' }));
    expect(closed).toMatchObject({ status: 'closed', closedBecause: 'court', closeReason: 'the parties settled this point' });
    const refused = await answer(s.as.claimant, s.caseId, round, 'too late');
    expect({ status: refused.status, code: refused.body.code }).toEqual({ status: 409, code: 'ROUND_CLOSED' });
    expect((await s.as.judge.post(`/cases/${s.caseId}/rounds/${round.id}/close`, {})).body.code).toBe('ROUND_CLOSED');
  });

  test('a round closes by itself at its deadline: the court clock closes the rounds nobody touches, and a read never sees one still open', async () => {
    const s = await seedTrialCase(server);
    const start = clock.now().getTime();
    const untouched = await openRound(s, clock, { exchange: 'sequential', deadline: { at: new Date(start + DAY).toISOString(), timeZone: 'UTC' } });
    const read = await openRound(s, clock, { exchange: 'sequential', deadline: { at: new Date(start + DAY).toISOString(), timeZone: 'UTC' } });
    await s.as.claimant.ok(answer(s.as.claimant, s.caseId, untouched, 'answered on time'));
    clock.advance(DAY);
    // A read settles the round first.
    expect(await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${read.id}`))).toMatchObject({ status: 'closed', closedBecause: 'deadline' });
    const tick = await server.roundClock.check();
    expect(tick.settled).toContain(untouched.id);
    const closed = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${untouched.id}`));
    expect(closed).toMatchObject({ status: 'closed', closedBecause: 'deadline', closedBy: 'court:clock' });
    const entry = (await timeline(s)).find((e) => e.type === 'round.closed' && e.payload.roundId === untouched.id);
    expect(entry).toMatchObject({ actor: 'court:clock', payload: { because: 'deadline', unanswered: [s.participantIds.respondent] } });
    const late = await answer(s.as.respondent, s.caseId, untouched, 'late');
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'DEADLINE_PASSED' });
    clock.set(start);
  });

  test('a witness sees only the rounds that question them', async () => {
    const s = await seedTrialCase(server);
    const parties = await openRound(s, clock);
    const witnessed = await openRound(s, clock, { required: [s.participantIds.witness], exchange: 'sequential' });
    expect((await s.as.witness.get(`/cases/${s.caseId}/rounds/${parties.id}`)).body.code).toBe('ROUND_NOT_FOUND');
    expect((await s.as.witness.ok(s.as.witness.get(`/cases/${s.caseId}/rounds`))).rounds.map((r: any) => r.id)).toEqual([witnessed.id]);
    expect((await answer(s.as.witness, s.caseId, witnessed, 'I saw the goods delivered on 5 March.')).status).toBe(201);
    expect((await s.as.observer.get(`/cases/${s.caseId}/rounds`)).body.code).toBe('FORBIDDEN');
  });
});
