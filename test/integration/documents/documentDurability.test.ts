// Durable before relayed: the server process is killed (SIGKILL) while a party is typing, then
// started again on the same record. Every edit another client had received — the server relays
// an edit only once it is stored — is in the document after the restart, with both stores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient } from '../../helpers/caseRecordClient.js';
import { waitFor } from '../../helpers/courtHarness.js';
import { DocumentPeer } from '../../helpers/documentClient.js';
import { startRedisServer, type RunningRedisServer } from '../../helpers/redisServer.js';
import { acrossKillAndRestart, addStaffWithCli, type StartedProcess } from '../../helpers/serverProcess.js';

const PASSWORD = 'a long enough password';

interface Written {
  documentId: string;
  claimantToken: string;
  /** What the respondent had received when the process died. */
  acknowledged: string;
}

async function signIn(url: string): Promise<ApiClient> {
  const api = new ApiClient(url);
  api.token = (await api.ok(api.post('/sessions', { username: 'judge-docs', password: PASSWORD }))).accessToken;
  return api;
}

async function invite(judge: ApiClient, caseId: string, role: 'claimant' | 'respondent', displayName: string): Promise<string> {
  const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, displayName, locale: 'en', timeZone: 'UTC' }));
  const { token } = await judge.ok(judge.post(`/cases/${caseId}/participants/${added.id}/invitations`, {}));
  const party = new ApiClient(judge.baseUrl);
  return (await party.ok(party.post('/invitations/redeem', { token }))).accessToken;
}

/** The claimant types without pause; the process is killed once the respondent has seen a good part. */
async function typeThenKill(server: StartedProcess): Promise<Written> {
  const judge = await signIn(server.url);
  const courtCase = await judge.ok(judge.post('/cases', { title: 'Crash while writing', languages: ['en'], locale: 'en', timeZone: 'UTC' }));
  const claimantToken = await invite(judge, courtCase.id, 'claimant', 'Zhang Wei');
  const respondentToken = await invite(judge, courtCase.id, 'respondent', 'Ana Silva');
  const documentId = (await judge.ok(judge.post(`/cases/${courtCase.id}/documents`, { kind: 'agreedFacts', title: 'Facts' }))).id;
  const claimant = await new DocumentPeer(server.url, documentId, claimantToken).synced();
  const respondent = await new DocumentPeer(server.url, documentId, respondentToken).synced();
  let typing = true;
  const typist = (async () => {
    for (let i = 0; typing; i++) {
      claimant.type(`fact ${i}. `);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  })();
  try {
    await waitFor(() => respondent.text.length > 2000, 'the respondent to receive a good part', 30_000);
    server.child.kill('SIGKILL');
    const acknowledged = respondent.text.toString();
    await server.exited;
    return { documentId, claimantToken, acknowledged };
  } finally {
    typing = false;
    await typist;
    claimant.destroy();
    respondent.destroy();
  }
}

async function expectAcknowledged(url: string, written: Written): Promise<void> {
  const reader = await new DocumentPeer(url, written.documentId, written.claimantToken).synced();
  try {
    expect(written.acknowledged.length).toBeGreaterThan(2000);
    // One typist appending: what anyone had received is the start of what was stored.
    expect(reader.text.toString().startsWith(written.acknowledged)).toBe(true);
  } finally {
    reader.destroy();
  }
}

let dataDir = '';

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'crosscourt-docs-durability-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

test('with the embedded store, every edit relayed before a SIGKILL is in the document after a restart', async () => {
  await addStaffWithCli(dataDir, 'judge-docs', 'judge', 'Judge Docs', PASSWORD);
  await acrossKillAndRestart({ DATA_DIR: dataDir }, typeThenKill, expectAcknowledged);
}, 180_000);

describe('with Redis', () => {
  let redis: RunningRedisServer;

  beforeAll(async () => {
    redis = await startRedisServer({ appendonly: true, appendfsync: 'always' });
  });

  afterAll(async () => {
    await redis?.dispose();
  });

  test('every edit relayed before a SIGKILL is in the document after a restart', async () => {
    const env = { REDIS_URL: redis.url, DATA_DIR: dataDir };
    await addStaffWithCli(env, 'judge-docs', 'judge', 'Judge Docs', PASSWORD);
    await acrossKillAndRestart(env, typeThenKill, expectAcknowledged);
  }, 180_000);
});
