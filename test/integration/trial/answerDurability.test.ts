// Durable before acknowledged, for answers: the server process is killed (SIGKILL) while many
// answers are in flight, then started again on the same record. Every acknowledged answer is
// there with its ledger entry; no answer exists in part (each stored version has its entry and
// the answer's count matches its versions); and the sealed round still seals them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportCase, verifyExport } from '../../helpers/caseBundleCheck.js';
import { ApiClient, type ApiResponse } from '../../helpers/caseRecordClient.js';
import { acrossKillAndRestart, addStaffWithCli, type StartedProcess } from '../../helpers/serverProcess.js';

const PASSWORD = 'a long enough password';

interface Written {
  caseId: string;
  roundId: string;
  tokens: { judge: string; claimant: string; respondent: string };
  acknowledged: Array<{ answerId: string; version: number; text: string }>;
}

async function client(url: string, token?: string): Promise<ApiClient> {
  const api = new ApiClient(url, token);
  if (token === undefined) api.token = (await api.ok(api.post('/sessions', { username: 'judge-async', password: PASSWORD }))).accessToken;
  return api;
}

async function party(judge: ApiClient, caseId: string, role: 'claimant' | 'respondent'): Promise<ApiClient> {
  const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, displayName: role, locale: 'en', timeZone: 'UTC' }));
  const { token } = await judge.ok(judge.post(`/cases/${caseId}/participants/${added.id}/invitations`, {}));
  const api = new ApiClient(judge.baseUrl);
  api.token = (await api.ok(api.post('/invitations/redeem', { token }))).accessToken;
  await api.ok(api.post(`/cases/${caseId}/trial/consent`, {}));
  return api;
}

async function writeThenKill(server: StartedProcess): Promise<Written> {
  const judge = await client(server.url);
  const courtCase = await judge.ok(judge.post('/cases', { title: 'Crash during answers', languages: ['en'], stage: 'trial', locale: 'en', timeZone: 'UTC' }));
  const claimant = await party(judge, courtCase.id, 'claimant');
  const respondent = await party(judge, courtCase.id, 'respondent');
  const round = await judge.ok(
    judge.post(`/cases/${courtCase.id}/rounds`, {
      stage: 'debate',
      questions: [1, 2, 3].map((n) => ({ text: `Question ${n}`, language: 'en' })),
      required: [(await claimant.ok(claimant.get('/me'))).participantId, (await respondent.ok(respondent.get('/me'))).participantId],
      deadline: { at: new Date(Date.now() + 7 * 24 * 3_600_000).toISOString(), timeZone: 'UTC' },
      exchange: 'sealed',
    }),
  );
  const written: Written = { caseId: courtCase.id, roundId: round.id, tokens: { judge: judge.token!, claimant: claimant.token!, respondent: respondent.token! }, acknowledged: [] };
  const send = (who: ApiClient, name: string, thread: number, i: number) => {
    const text = `${name} answer ${thread}.${i} SEALED`;
    return who.post(`/cases/${courtCase.id}/rounds/${round.id}/threads/${round.threads[thread].id}/answers`, { text, language: 'en' }).then((response: ApiResponse) => {
      if (response.status === 201) written.acknowledged.push({ answerId: response.body.id, version: response.body.version, text });
      return response;
    });
  };
  // The respondent leaves question 3 unanswered, so the round stays sealed.
  const wave = (i: number) => [0, 1, 2].flatMap((t) => [send(claimant, 'claimant', t, i), ...(t < 2 ? [send(respondent, 'respondent', t, i)] : [])]);
  for (let i = 0; i < 3; i++) await Promise.all(wave(i));
  // Then many at once, killed in the middle.
  const inFlight = [3, 4, 5, 6, 7, 8].flatMap(wave).map((p) => p.catch(() => undefined));
  const settledBefore = written.acknowledged.length;
  while (written.acknowledged.length < settledBefore + 5) await new Promise((r) => setTimeout(r, 2));
  server.child.kill('SIGKILL');
  await server.exited;
  await Promise.all(inFlight);
  return written;
}

async function expectAllThere(url: string, written: Written): Promise<void> {
  const judge = await client(url, written.tokens.judge);
  const respondent = await client(url, written.tokens.respondent);
  const { entries } = await judge.ok(judge.get(`/cases/${written.caseId}/ledger/entries`));
  const ledger = entries.map((e: any) => e.entry);
  const round = await judge.ok(judge.get(`/cases/${written.caseId}/rounds/${written.roundId}`));
  const answers = round.threads.flatMap((t: any) => t.answers);
  expect(answers).toHaveLength(5);
  for (const answer of answers) {
    const { versions } = await judge.ok(judge.get(`/cases/${written.caseId}/answers/${answer.id}/versions`));
    // Whole or not at all: versions 1..n, each with its own ledger entry, and the answer at n.
    expect(versions.map((v: any) => v.version)).toEqual(versions.map((_: unknown, i: number) => i + 1));
    expect(answer.version).toBe(versions.length);
    for (const v of versions) {
      expect(ledger[v.ledgerSeq]).toMatchObject({ type: 'answer.submitted', payload: { answerId: answer.id, version: v.version, commitment: v.commitment, sealed: true } });
    }
    expect(ledger.filter((e: any) => e.type === 'answer.submitted' && e.payload.answerId === answer.id)).toHaveLength(versions.length);
  }
  for (const ack of written.acknowledged) {
    const { versions } = await judge.ok(judge.get(`/cases/${written.caseId}/answers/${ack.answerId}/versions`));
    expect(versions.find((v: any) => v.version === ack.version)?.text).toBe(ack.text);
  }
  // Still sealed: the respondent sees none of the claimant's answers anywhere.
  const seen = JSON.stringify(await respondent.ok(respondent.get(`/cases/${written.caseId}/rounds/${written.roundId}`)));
  expect(seen).not.toContain('claimant answer');
  expect(JSON.stringify(await respondent.ok(respondent.get(`/cases/${written.caseId}/timeline`)))).not.toContain('SEALED');
  const { publicKey } = await judge.ok(judge.get('/ledger/public-key'));
  expect((await verifyExport(await exportCase(judge, written.caseId), publicKey)).ok).toBe(true);
}

let dataDir = '';

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-answer-durability-'));
  await addStaffWithCli(dataDir, 'judge-async', 'judge', 'Judge Async', PASSWORD);
}, 120_000); // the staff CLI starts a process (tsx): slow on a busy machine

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('every answer acknowledged before a SIGKILL is there after a restart, none exists in part, and the round still seals them', async () => {
  await acrossKillAndRestart({ DATA_DIR: dataDir }, writeThenKill, expectAllThere);
}, 180_000);
