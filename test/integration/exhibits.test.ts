// Exhibits in the hearing: the judge, or a party with the court's leave, shows an evidence item to
// the main room at one page for everyone; the showing is on the item's chain of custody; sharing a
// screen needs the same leave.
import type { RunningCourtServer } from '../../server/CourtServer.js';
import type { CourtroomView } from '../../server/domain/hearing/courtroomView.js';
import { fileEvidence, ApiClient } from '../helpers/caseRecordClient.js';
import { followCourtroom, SignallingClient, startTestCourt, waitFor } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';

let server: RunningCourtServer;
const closers: Array<{ close(): void }> = [];

beforeAll(async () => {
  server = await startTestCourt();
});

afterEach(() => {
  for (const c of closers.splice(0)) c.close();
});

afterAll(async () => {
  await server?.close();
});

/** A participant's socket in the hearing, admitted, keeping the latest courtroom view. */
async function seated(hearing: HearingCase, token: string, admit = true) {
  const client = await SignallingClient.connect(server.url, token);
  closers.push(client);
  const views: CourtroomView[] = [];
  const seed = followCourtroom(client.socket, (view) => views.push(view));
  const joined = await client.request('hearing:join', { hearingId: hearing.hearingId });
  seed(joined.courtroom);
  if (admit && joined.seat === 'lobby') {
    const seatedNow = client.next('courtroom:seated');
    await hearing.admit(joined.self.participantId);
    await seatedNow;
  }
  return { client, participantId: joined.self.participantId, latest: () => views.at(-1) };
}

async function fileExhibit(hearing: HearingCase, token: string, text: string): Promise<string> {
  const filer = new ApiClient(server.url, token);
  return (await filer.ok(fileEvidence(filer, hearing.caseId, Buffer.from(text), { title: 'Bill of lading', contentType: 'text/plain' }))).id;
}

test('the judge shows an exhibit: everyone in the main room sees the same item and page; the showing is on its custody', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  const respondent = await hearing.participant('Ana Silva', 'respondent');
  const evidenceId = await fileExhibit(hearing, claimant.token, `bill of lading ${Date.now()}`);
  const judge = await seated(hearing, await hearing.judgePass());
  const a = await seated(hearing, claimant.token);
  const b = await seated(hearing, respondent.token);

  await judge.client.request('courtroom:command', { action: 'presentExhibit', evidenceId, page: 1 });
  await waitFor(() => b.latest()?.presentation?.evidenceId === evidenceId, 'the respondent to see the exhibit');
  expect(a.latest()?.presentation).toMatchObject({ evidenceId, title: 'Bill of lading', page: 1, presenterId: judge.participantId });
  await judge.client.request('courtroom:command', { action: 'turnPage', page: 3 });
  await waitFor(() => a.latest()?.presentation?.page === 3 && b.latest()?.presentation?.page === 3, 'both parties to be on page 3');

  // Only the presenter (or the judge) turns the pages.
  await expect(b.client.send('courtroom:command', { action: 'turnPage', page: 9 })).resolves.toMatchObject({ ok: false, error: { code: 'NOT_PRESENTER' } });
  expect(b.latest()?.presentation?.page).toBe(3);

  const custody = await server.court.evidence.custody(
    { kind: 'participant', participantId: claimant.participantId, caseId: hearing.caseId, displayName: 'Zhang Wei', sessionId: '' },
    hearing.caseId,
    evidenceId,
    { ip: '127.0.0.1', userAgent: 'test', via: 'cli' },
  );
  expect(custody.map((line) => line.event)).toEqual(['filed', 'presented']);
  expect(custody[1]).toMatchObject({ actorName: 'Judge Amara', role: 'judge', detail: `hearing ${hearing.hearingId}` });

  await judge.client.request('courtroom:command', { action: 'stopPresenting' });
  await waitFor(() => a.latest()?.presentation === null, 'the exhibit to close');
});

test('a party presents only with the court’s leave; a consultation room does not see the main room’s exhibit', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  const counsel = await hearing.participant('Li Na', 'counsel');
  const respondent = await hearing.participant('Ana Silva', 'respondent');
  const evidenceId = await fileExhibit(hearing, claimant.token, `invoice ${Date.now()}`);
  const judge = await seated(hearing, await hearing.judgePass());
  const a = await seated(hearing, claimant.token);
  const c = await seated(hearing, counsel.token);
  const b = await seated(hearing, respondent.token);

  await expect(a.client.send('courtroom:command', { action: 'presentExhibit', evidenceId })).resolves.toMatchObject({ ok: false, error: { code: 'NOT_PRESENTER' } });
  await judge.client.request('courtroom:command', { action: 'openConsultation', name: 'Respondent alone', members: [b.participantId] });
  await judge.client.request('courtroom:command', { action: 'allowPresenting', participantId: a.participantId, allowed: true });
  await waitFor(() => a.latest()?.you.mayPresent === true, 'the claimant to be allowed to present');
  await a.client.request('courtroom:command', { action: 'presentExhibit', evidenceId, page: 2 });
  await waitFor(() => c.latest()?.presentation?.evidenceId === evidenceId, 'counsel in the main room to see it');
  expect(b.latest()?.presentation).toBeNull();
});

test('withdrawn evidence, or another case’s, cannot be shown; a witness may not present at all', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  const witness = await hearing.participant('Chen Jie', 'witness');
  const evidenceId = await fileExhibit(hearing, claimant.token, `withdrawn ${Date.now()}`);
  await new ApiClient(server.url, claimant.token).ok(new ApiClient(server.url, claimant.token).post(`/cases/${hearing.caseId}/evidence/${evidenceId}/withdrawal`, { reason: 'filed in error' }));
  const judge = await seated(hearing, await hearing.judgePass());
  await expect(judge.client.send('courtroom:command', { action: 'presentExhibit', evidenceId })).resolves.toMatchObject({ ok: false, error: { code: 'EVIDENCE_ALREADY_WITHDRAWN' } });

  const other = await HearingCase.open(server, 'Judge Ito');
  const otherClaimant = await other.participant('Someone Else', 'claimant');
  const foreign = await fileExhibit(other, otherClaimant.token, `foreign ${Date.now()}`);
  await expect(judge.client.send('courtroom:command', { action: 'presentExhibit', evidenceId: foreign })).resolves.toMatchObject({ ok: false, error: { code: 'EVIDENCE_NOT_FOUND' } });

  const w = await seated(hearing, witness.token);
  await expect(w.client.send('courtroom:command', { action: 'presentExhibit', evidenceId })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  expect(judge.latest()?.presentation ?? null).toBeNull();
});

test('sharing a screen needs the court’s leave, like an exhibit', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  await seated(hearing, await hearing.judgePass());
  const a = await seated(hearing, claimant.token);
  const { transportId } = await a.client.request('transport:create', { direction: 'send' });
  const screen = {
    transportId,
    kind: 'video',
    source: 'screen',
    rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 2222 }] },
  } as const;
  await expect(a.client.send('producer:create', screen)).resolves.toMatchObject({ ok: false, error: { code: 'NOT_PRESENTER' } });
  await hearing.preside((room) => room.allowPresenting(hearing.presidingId, a.participantId, true));
  const allowed = await a.client.send('producer:create', screen);
  // Past the court's leave: whatever mediasoup makes of these parameters, it is not a refusal of leave.
  expect(allowed.ok ? 'produced' : allowed.error.code).not.toMatch(/NOT_PRESENTER|FORBIDDEN/);
});

test('the hearing record is shown live to the presiding side, not to the parties', async () => {
  const hearing = await HearingCase.open(server, 'Judge Amara');
  const claimant = await hearing.participant('Zhang Wei', 'claimant');
  const judge = await seated(hearing, await hearing.judgePass());
  const judgeLines: string[] = [];
  judge.client.socket.on('courtroom:record', (lines) => judgeLines.push(...lines.map((line) => `${line.type}:${line.participantId ?? ''}`)));
  const a = await seated(hearing, claimant.token);
  const partyLines: unknown[] = [];
  a.client.socket.on('courtroom:record', (lines) => partyLines.push(...lines));
  await judge.client.request('courtroom:command', { action: 'mute', participantId: a.participantId });
  await judge.client.request('courtroom:command', { action: 'movePhase', phase: 'recess' });
  await waitFor(() => judgeLines.includes(`muted:${a.participantId}`) && judgeLines.includes('phaseChanged:'), 'the judge to see the record grow');
  expect(judgeLines).toEqual(expect.arrayContaining([`arrived:${a.participantId}`, `admitted:${a.participantId}`, `muted:${a.participantId}`, 'phaseChanged:']));
  expect(partyLines).toEqual([]);
});
