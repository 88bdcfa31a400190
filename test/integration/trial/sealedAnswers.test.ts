// A sealed answer is sealed because no query returns it: the claimant's sealed answer, and the
// evidence filed for it, are sought by the other side through every door of a real node — the
// round, the thread, the answer by id, its versions, the evidence list, item, file, custody,
// withdrawal and attachment, a hearing's exhibit, the timeline, the ledger entries, the export
// bundle, socket pushes and the audit log — and found nowhere, while its own side and the court
// see it. Then the round reveals them all together, and what was committed can be checked.
import { createHash, randomUUID } from 'node:crypto';
import type { RunningCourtServer } from '../../../server/CourtServer.js';
import { canonicalJson } from '../../../server/domain/ledger/canonicalJson.js';
import { parseTar } from '../../../server/bundle/tar.js';
import { exportCase, verifyExport } from '../../helpers/caseBundleCheck.js';
import { ApiClient, fileEvidence, type SeededCase } from '../../helpers/caseRecordClient.js';
import { SignallingClient } from '../../helpers/courtHarness.js';
import { answer, DAY, openRound, PushLog, seedTrialCase, startTrialCourt, type TestClock } from '../../helpers/trialCase.js';

let server: RunningCourtServer;
let clock: TestClock;
let s: SeededCase;
let round: any;
let publicKey: string;
const logs: Record<string, PushLog> = {};

const secret = {
  first: `SEALED-FIRST-DRAFT-${randomUUID()}`,
  second: `SEALED-FINAL-${randomUUID()}`,
  other: `SEALED-SECOND-QUESTION-${randomUUID()}`,
  title: `SEALED-EXHIBIT-TITLE-${randomUUID()}`,
  file: `SEALED-FILE-CONTENT-${randomUUID()}`,
  respondent: `RESPONDENT-SEALED-${randomUUID()}`,
};
const fileSha256 = createHash('sha256').update(secret.file).digest('hex');
let evidenceId: string;
let answerId: string;
let secondAnswerId: string;

/** The secrets of the claimant's side that appear in `text`. */
function leaks(text: string): string[] {
  return [secret.first, secret.second, secret.other, secret.title, secret.file, fileSha256].filter((s) => text.includes(s));
}

function fileForRound(client: ApiClient, content: string, title: string) {
  const query = new URLSearchParams({ title, language: 'en', fileName: 'statement.txt' });
  return fetch(`${client.baseUrl}/api/cases/${s.caseId}/rounds/${round.id}/evidence?${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, 'content-type': 'text/plain' },
    body: Buffer.from(content),
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as any }));
}

beforeAll(async () => {
  ({ server, clock } = await startTrialCourt());
  clock.set('2026-03-02T00:00:00.000Z');
  s = await seedTrialCase(server);
  publicKey = (await s.as.judge.ok(s.as.judge.get('/ledger/public-key'))).publicKey;
  for (const role of ['respondent', 'interpreter', 'witness', 'observer', 'counsel'] as const) logs[role] = await PushLog.connect(server, s.as[role], s.participantIds[role]);
  round = await openRound(s, clock, {
    exchange: 'sealed',
    questions: [
      { text: 'When and where was the contract signed?', language: 'en' },
      { text: 'Were the goods delivered?', language: 'en' },
    ],
  });
  const filed = await fileForRound(s.as.claimant, secret.file, secret.title);
  expect(filed.status).toBe(201);
  expect(filed.body.sealed).toEqual({ roundId: round.id, commitment: expect.stringMatching(/^[0-9a-f]{64}$/) });
  evidenceId = filed.body.id;
  answerId = (await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, secret.first, { attachments: [evidenceId] }))).id;
  await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, secret.second, { attachments: [evidenceId], basedOnVersion: 1 }));
  secondAnswerId = (await s.as.claimant.ok(answer(s.as.claimant, s.caseId, round, secret.other, {}, 1))).id;
  // The respondent answers the first question only: the round stays sealed.
  await s.as.respondent.ok(answer(s.as.respondent, s.caseId, round, secret.respondent));
});

afterAll(async () => {
  for (const log of Object.values(logs)) log.close();
  await server?.close();
});

describe('before the reveal, the other side finds the claimant’s sealed answer nowhere', () => {
  const outsiders = ['respondent', 'interpreter'] as const;

  test.each(outsiders)('the round and its threads, as the %s reads them, hold no answer of the claimant’s and no trace of its text', async (role) => {
    const view = await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(leaks(JSON.stringify(view))).toEqual([]);
    expect(view.sealed).toBe(true);
    const claimantAnswers = view.threads.flatMap((t: any) => t.answers).filter((a: any) => a.for === s.participantIds.claimant);
    expect(claimantAnswers).toEqual([]);
    expect(view.threads.map((t: any) => t.sealedFromYou)).toEqual(role === 'respondent' ? [1, 1] : [2, 1]);
    for (const thread of round.threads) {
      const seen = await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/rounds/${round.id}/threads/${thread.id}`));
      expect(leaks(JSON.stringify(seen))).toEqual([]);
    }
    expect(leaks(JSON.stringify(await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/rounds`))))).toEqual([]);
  });

  test('a witness the round does not question does not see the round at all', async () => {
    expect((await s.as.witness.get(`/cases/${s.caseId}/rounds/${round.id}`)).body.code).toBe('ROUND_NOT_FOUND');
  });

  test.each(outsiders)('the answer by id and its versions are not found by the %s, exactly as an answer that does not exist', async (role) => {
    const missing = randomUUID();
    for (const [path, absent] of [
      [`/answers/${answerId}`, `/answers/${missing}`],
      [`/answers/${answerId}/versions`, `/answers/${missing}/versions`],
      [`/answers/${secondAnswerId}`, `/answers/${missing}`],
    ] as const) {
      const sealed = await s.as[role].get(`/cases/${s.caseId}${path}`);
      const none = await s.as[role].get(`/cases/${s.caseId}${absent}`);
      expect({ status: sealed.status, code: sealed.body.code }).toEqual({ status: 404, code: 'ANSWER_NOT_FOUND' });
      expect({ status: none.status, code: none.body.code, detail: none.body.detail.replace(missing, 'ID') }).toEqual({ status: 404, code: 'ANSWER_NOT_FOUND', detail: sealed.body.detail.replace(path.split('/')[2]!, 'ID') });
    }
  });

  test('the evidence filed for it is not listed, not readable, not downloadable and has no custody trail for the other side, as if it did not exist', async () => {
    const { respondent } = s.as;
    const missing = randomUUID();
    expect((await respondent.ok(respondent.get(`/cases/${s.caseId}/evidence`))).evidence.map((e: any) => e.id)).not.toContain(evidenceId);
    for (const suffix of ['', '/content', '/custody']) {
      const sealed = await respondent.get(`/cases/${s.caseId}/evidence/${evidenceId}${suffix}`);
      const none = await respondent.get(`/cases/${s.caseId}/evidence/${missing}${suffix}`);
      expect({ status: sealed.status, code: sealed.body.code }).toEqual({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
      expect(sealed.body.detail.replace(evidenceId, 'ID')).toBe(none.body.detail.replace(missing, 'ID'));
    }
    const withdrawal = await respondent.post(`/cases/${s.caseId}/evidence/${evidenceId}/withdrawal`, { reason: 'probing' });
    expect({ status: withdrawal.status, code: withdrawal.body.code }).toEqual({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
    // Attaching it to one's own answer does not reveal that it exists either.
    const attach = await answer(respondent, s.caseId, round, 'see their exhibit', { attachments: [evidenceId] }, 1);
    expect({ status: attach.status, code: attach.body.code }).toEqual({ status: 404, code: 'EVIDENCE_NOT_FOUND' });
    expect((await s.as.interpreter.get(`/cases/${s.caseId}/evidence/${evidenceId}/content`)).status).toBe(404);
  });

  test('its own side and the court see it: the claimant’s counsel, the judge and the clerk', async () => {
    const byCounsel = await s.as.counsel.ok(s.as.counsel.get(`/cases/${s.caseId}/answers/${answerId}`));
    expect(byCounsel).toMatchObject({ text: secret.second, sealed: true, attachments: [evidenceId] });
    const byJudge = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(byJudge.threads[0].answers.map((a: any) => a.text).sort()).toEqual([secret.second, secret.respondent].sort());
    expect((await s.as.clerk.ok(s.as.clerk.get(`/cases/${s.caseId}/evidence/${evidenceId}`))).title).toBe(secret.title);
    const content = await s.as.counsel.get(`/cases/${s.caseId}/evidence/${evidenceId}/content`);
    expect(Buffer.from(content.body).toString()).toBe(secret.file);
    // And the respondent's own sealed answer is as hidden from the claimant.
    const claimantView = await s.as.claimant.ok(s.as.claimant.get(`/cases/${s.caseId}/rounds/${round.id}`));
    expect(JSON.stringify(claimantView)).not.toContain(secret.respondent);
  });

  test('the timeline and the ledger entries carry only a salted commitment of the answer and of the evidence', async () => {
    for (const role of ['respondent', 'interpreter', 'witness'] as const) {
      const timeline = await s.as[role].ok(s.as[role].get(`/cases/${s.caseId}/timeline`));
      expect(leaks(JSON.stringify(timeline))).toEqual([]);
    }
    const { entries } = await s.as.observer.ok(s.as.observer.get(`/cases/${s.caseId}/ledger/entries`));
    const decoded = entries.map((e: any) => Buffer.from(e.bytes, 'base64').toString('utf8')).join('\n');
    expect(leaks(decoded + JSON.stringify(entries))).toEqual([]);
    const submitted = entries.map((e: any) => e.entry).filter((e: any) => e.type === 'answer.submitted' && e.payload.answerId === answerId);
    expect(submitted.map((e: any) => Object.keys(e.payload).sort())).toEqual([
      ['answerId', 'commitment', 'for', 'late', 'roundId', 'sealed', 'threadId', 'version'],
      ['answerId', 'commitment', 'for', 'late', 'roundId', 'sealed', 'threadId', 'version'],
    ]);
    const filed = entries.map((e: any) => e.entry).find((e: any) => e.type === 'evidence.filedSealed');
    expect(Object.keys(filed.payload).sort()).toEqual(['commitment', 'evidenceId', 'roundId']);
  });

  test('the export bundle of the other side holds neither the answer nor the sealed file, and still verifies', async () => {
    const bundle = await exportCase(s.as.respondent, s.caseId);
    const text = Buffer.from(bundle).toString('latin1');
    expect(leaks(text)).toEqual([]);
    expect(parseTar(bundle).map((f) => f.name)).not.toContain(`evidence/${fileSha256}`);
    expect((await verifyExport(bundle, publicKey)).ok).toBe(true);
    // Its own side's bundle carries the file.
    expect(parseTar(await exportCase(s.as.counsel, s.caseId)).map((f) => f.name)).toContain(`evidence/${fileSha256}`);
  });

  test('the audit log is closed to the parties, and holds no answer text for the court either', async () => {
    expect((await s.as.respondent.get(`/cases/${s.caseId}/audit`)).body.code).toBe('FORBIDDEN');
    const { lines } = await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/audit`));
    expect(leaks(JSON.stringify(lines))).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ action: 'round.view', target: answerId, outcome: 'denied', code: 'ANSWER_NOT_FOUND' }));
  });

  test('no socket push to the other side, the interpreter, a witness or an observer carries it; its own side’s pushes do', async () => {
    for (const role of ['respondent', 'interpreter', 'witness', 'observer'] as const) expect({ role, leaks: leaks(logs[role]!.text()) }).toEqual({ role, leaks: [] });
    expect(logs.respondent!.events.some((e) => e.event === 'round:changed')).toBe(true);
    expect(logs.counsel!.text()).toContain(secret.second);
  });

  test('it cannot be shown as an exhibit in a hearing: not found for the other side, sealed for its own', async () => {
    const hearing = await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/hearings`, { title: 'Directions', start: clock.now().toISOString(), durationMinutes: 60, timeZone: 'UTC' }));
    const judge = await SignallingClient.connect(server.url, s.as.judge.token);
    const sockets = [judge];
    try {
      await judge.request('hearing:join', { hearingId: hearing.id });
      await judge.request('courtroom:command', { action: 'movePhase', phase: 'lobbyOpen' });
      await judge.request('courtroom:command', { action: 'movePhase', phase: 'inSession' });
      await judge.request('courtroom:command', { action: 'preAdmit', participantIds: [s.participantIds.respondent, s.participantIds.counsel] });
      for (const role of ['respondent', 'counsel'] as const) {
        const party = await SignallingClient.connect(server.url, s.as[role].token);
        sockets.push(party);
        await party.request('hearing:join', { hearingId: hearing.id });
        await judge.request('courtroom:command', { action: 'allowPresenting', participantId: s.participantIds[role], allowed: true });
        const ack = await party.send('courtroom:command', { action: 'presentExhibit', evidenceId });
        expect({ role, ack }).toMatchObject({ role, ack: { ok: false, error: { code: role === 'respondent' ? 'EVIDENCE_NOT_FOUND' : 'EVIDENCE_SEALED' } } });
      }
    } finally {
      for (const socket of sockets) socket.close();
    }
  });

  test('filing the same bytes tells the other side nothing: it is filed as their own item', async () => {
    const filed = await fileEvidence(s.as.respondent, s.caseId, Buffer.from(secret.file), { title: 'guess' });
    expect(filed.status).toBe(201);
    // Its own side filing it again openly is told it exists (no secret from them).
    const mine = await fileEvidence(s.as.counsel, s.caseId, Buffer.from(`${secret.file}`), { title: 'again' });
    expect(mine.body.code).toBe('EVIDENCE_ALREADY_FILED');
    expect(mine.body.detail).toContain(filed.body.id);
  });
});

describe('when the last answer is in, the round reveals every answer together', () => {
  let revealed: any;

  beforeAll(async () => {
    await s.as.respondent.ok(answer(s.as.respondent, s.caseId, round, 'The goods arrived on 5 March.', {}, 1));
    revealed = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${round.id}`));
  });

  test('the other side now reads the claimant’s answers, their versions and the evidence', async () => {
    expect(revealed).toMatchObject({ sealed: false, revealedAt: expect.any(String), status: 'open' });
    expect(revealed.threads[0].answers.find((a: any) => a.for === s.participantIds.claimant)).toMatchObject({ text: secret.second, sealed: false, attachments: [evidenceId] });
    const { versions } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/answers/${answerId}/versions`));
    expect(versions.map((v: any) => [v.version, v.text, v.sealed])).toEqual([
      [1, secret.first, true],
      [2, secret.second, true],
    ]);
    const item = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/evidence/${evidenceId}`));
    expect(item).toMatchObject({ title: secret.title, sha256: fileSha256, revealedAt: revealed.revealedAt });
    expect(item.sealed).toBeUndefined();
    expect(Buffer.from((await s.as.respondent.get(`/cases/${s.caseId}/evidence/${evidenceId}/content`)).body).toString()).toBe(secret.file);
    expect(logs.respondent!.text()).toContain(secret.second);
  });

  test('the reveal publishes each version and the evidence with its nonce: every earlier commitment checks out', async () => {
    const { entries } = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/ledger/entries`));
    const all = entries.map((e: any) => e.entry);
    const reveal = all.find((e: any) => e.type === 'round.revealed' && e.payload.roundId === round.id);
    expect(reveal).toMatchObject({ actor: 'court:clock', payload: { because: 'everyoneAnswered' } });
    const hash = (value: object) => createHash('sha256').update(canonicalJson(value)).digest('hex');
    for (const disclosed of reveal.payload.answers) {
      for (const v of disclosed.versions) {
        const committed = all.find((e: any) => e.type === 'answer.submitted' && e.payload.answerId === disclosed.answerId && e.payload.version === v.version);
        const content = { answerId: disclosed.answerId, threadId: disclosed.threadId, for: disclosed.for, version: v.version, text: v.text, language: v.language, attachments: v.attachments };
        expect(hash({ ...content, nonce: v.nonce })).toBe(committed.payload.commitment);
      }
    }
    expect(reveal.payload.answers.flatMap((a: any) => a.versions.map((v: any) => v.text))).toEqual(expect.arrayContaining([secret.first, secret.second, secret.other, secret.respondent]));
    const [evidence] = reveal.payload.evidence;
    const filed = all.find((e: any) => e.type === 'evidence.filedSealed' && e.payload.evidenceId === evidenceId);
    const { nonce, commitment, ...description } = evidence;
    expect(description).toMatchObject({ evidenceId, sha256: fileSha256, title: secret.title });
    expect(hash({ ...description, nonce })).toBe(filed.payload.commitment);
    expect(commitment).toBe(filed.payload.commitment);
  });

  test('a revealed answer cannot change; the other side’s export now carries the file and verifies', async () => {
    const edit = await answer(s.as.claimant, s.caseId, round, 'a better answer, now that I have read theirs', { basedOnVersion: 2 });
    expect({ status: edit.status, code: edit.body.code }).toEqual({ status: 409, code: 'ANSWER_REVEALED' });
    const bundle = await exportCase(s.as.respondent, s.caseId);
    expect(parseTar(bundle).map((f) => f.name)).toContain(`evidence/${fileSha256}`);
    expect((await verifyExport(bundle, publicKey)).ok).toBe(true);
  });
});

describe('other ways a sealed round ends', () => {
  test('at the deadline the answers given are revealed, even with one missing, and the round closes', async () => {
    const start = clock.now().getTime();
    const sealed = await openRound(s, clock, { exchange: 'sealed', deadline: { at: new Date(start + DAY).toISOString(), timeZone: 'UTC' } });
    const text = `ON-TIME-${randomUUID()}`;
    await s.as.claimant.ok(answer(s.as.claimant, s.caseId, sealed, text));
    expect(JSON.stringify(await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${sealed.id}`)))).not.toContain(text);
    clock.advance(DAY);
    const after = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${sealed.id}`));
    expect(after).toMatchObject({ sealed: false, status: 'closed', closedBecause: 'deadline' });
    expect(after.threads[0].answers.map((a: any) => a.text)).toEqual([text]);
    clock.set(start);
  });

  test('a sealed round the court closes early, before everyone answered, keeps the answers sealed', async () => {
    const sealed = await openRound(s, clock, { exchange: 'sealed' });
    const text = `NEVER-REVEALED-${randomUUID()}`;
    await s.as.claimant.ok(answer(s.as.claimant, s.caseId, sealed, text));
    await s.as.judge.ok(s.as.judge.post(`/cases/${s.caseId}/rounds/${sealed.id}/close`, { reason: 'withdrawn question' }));
    clock.advance(8 * DAY);
    const view = await s.as.respondent.ok(s.as.respondent.get(`/cases/${s.caseId}/rounds/${sealed.id}`));
    expect(view).toMatchObject({ status: 'closed', sealed: true });
    expect(JSON.stringify(view)).not.toContain(text);
    expect((await s.as.judge.ok(s.as.judge.get(`/cases/${s.caseId}/rounds/${sealed.id}`))).threads[0].answers[0].text).toBe(text);
    clock.advance(-8 * DAY);
  });
});
