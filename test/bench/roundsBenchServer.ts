// The process under test of one round benchmark run: either the court (a real CrossCourt node,
// startTestCourt, on the embedded SQLite store with its writer thread) with its cases made before
// any clock starts, or the raw record store underneath it (SqliteRecordStore alone, in this
// process, no HTTP), driven by as many writers as the court has parties, committing exhibits filed
// or the court's own answer writes. A fresh process per run,
// so that one run's memory and threads do not carry into the next.
//
// The court's cases: each has a judge, a claimant and a respondent (each with a session of their
// own), is at the trial stage with both parties' consent to the asynchronous trial, and has one
// open round (sequential exchange, a week to answer) whose one question both parties must answer.
// A party's answer is a POST to its thread; answering again is a new version (every version kept).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KeyedQueue } from '../../server/record/KeyedQueue.js';
import { SqliteRecordStore } from '../../server/store/SqliteRecordStore.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { ApiClient, createStaff, signIn } from '../helpers/caseRecordClient.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { CaseAnswers } from './roundsBenchAnswers.js';
import { answerText, closedLoops, type BenchParty, type FromServer, type RawShape, type ToServer } from './roundsBenchProtocol.js';
import { ProfileCommands } from './signallingBenchProfile.js';
import { CaseFiling } from './storeBenchWorkload.js';

const send = (message: FromServer) => process.send?.(message);
/** Cases made at once during set-up (the store groups their commits). */
const SETUP_CONCURRENCY = 8;
const WEEK_MS = 7 * 24 * 3600 * 1000;

let court: RunningCourtServer | undefined;
/** The court's store commits and their wait, counted on the instance (the server's code is unchanged). */
const storeMeter = { commits: 0, waitMs: 0 };

function meterCommits(store: object): void {
  const methods = store as { commit: (...args: unknown[]) => Promise<void> };
  const commit = methods.commit;
  methods.commit = function metered(...args: unknown[]) {
    storeMeter.commits++;
    const started = performance.now();
    const done = commit.apply(store, args);
    const finish = () => {
      storeMeter.waitMs += performance.now() - started;
    };
    done.then(finish, finish);
    return done;
  };
}
const profiles = new ProfileCommands(resolve(fileURLToPath(import.meta.url), '..', '..', '..'), 20);

async function openCase(server: RunningCourtServer, judge: ApiClient, index: number): Promise<BenchParty[]> {
  const created = await judge.ok(judge.post('/cases', { title: `Bench v. Rounds ${index + 1}`, languages: ['en', 'zh'], locale: 'en', timeZone: 'Asia/Shanghai' }));
  const caseId = created.id as string;
  const parties: Array<{ id: string; client: ApiClient }> = [];
  for (const [role, timeZone] of [['claimant', 'Asia/Shanghai'], ['respondent', 'America/Sao_Paulo']] as const) {
    const added = await judge.ok(judge.post(`/cases/${caseId}/participants`, { role, displayName: `${role} ${index + 1}`, locale: 'en', timeZone }));
    const session = await server.court.sessions.start({ kind: 'participant', participantId: added.id, caseId });
    parties.push({ id: added.id as string, client: new ApiClient(server.url, session.accessToken) });
  }
  await judge.ok(judge.post(`/cases/${caseId}/stage`, { stage: 'trial' }));
  for (const party of parties) await party.client.ok(party.client.post(`/cases/${caseId}/trial/consent`, {}));
  const round = await judge.ok(
    judge.post(`/cases/${caseId}/rounds`, {
      stage: 'investigation',
      questions: [{ text: 'On what date was the contract signed, and where?', language: 'en' }],
      required: parties.map((party) => party.id),
      deadline: { at: new Date(Date.now() + WEEK_MS).toISOString(), timeZone: 'Asia/Shanghai' },
      exchange: 'sequential',
    }),
  );
  const answerPath = `/api/cases/${caseId}/rounds/${round.id}/threads/${round.threads[0].id}/answers`;
  return parties.map((party) => ({ token: party.client.token!, answerPath }));
}

async function startCourt(parties: number, dataDir: string): Promise<void> {
  const started = performance.now();
  const server = await startTestCourt({ DATA_DIR: dataDir });
  court = server;
  meterCommits(server.court.store);
  await createStaff(server, 'bench-judge', 'judge', 'Judge Bench');
  const judge = await signIn(server, 'bench-judge');
  const cases = Math.ceil(parties / 2);
  const made = new Array<BenchParty[]>(cases);
  let next = 0;
  const worker = async () => {
    while (next < cases) {
      const index = next++;
      made[index] = await openCase(server, judge, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, cases) }, worker));
  send({ type: 'courtStarted', url: server.url, parties: made.flat().slice(0, parties), setupMs: performance.now() - started });
}

/**
 * The writers in pairs, as the court's parties are: each pair files into one case, so its two
 * writers append to one ledger, one after the other (an append must name the index the last one
 * left, in the store as in the court); each writer commits as soon as its last commit is durable.
 */
async function runStore(shape: RawShape, writers: number, textBytes: number, dataDir: string, window: { warmupMs: number; windowMs: number }): Promise<void> {
  const store = new SqliteRecordStore(dataDir);
  try {
    const cases = Math.ceil(writers / 2);
    const filings = shape === 'filings' ? Array.from({ length: cases }, (_, i) => new CaseFiling(`bench-case-${i}`)) : [];
    const answers = shape === 'answers' ? Array.from({ length: cases }, (_, i) => new CaseAnswers(`bench-case-${i}`, (party, version) => answerText(textBytes, party, version))) : [];
    // Each case's round, before the clock: the answers check it as the court's do.
    await Promise.all(answers.map((c) => store.commit(c.roundCommit())));
    const appends = new KeyedQueue();
    const figures = await closedLoops(
      writers,
      async (index) => {
        const caseId = `bench-case-${index >> 1}`;
        const next = shape === 'filings' ? () => filings[index >> 1]!.next(1)[0]!.commit : () => answers[index >> 1]!.next((index & 1) as 0 | 1);
        await appends.run(caseId, () => store.commit(next()));
        return null;
      },
      window,
    );
    send({ type: 'storeRan', figures, transactions: store.writeTransactions });
  } finally {
    await store.close();
  }
}

process.on('message', (message: ToServer) => {
  void (async () => {
    try {
      if (await profiles.answer(message, send)) return;
      switch (message.type) {
        case 'startCourt':
          await startCourt(message.parties, message.dataDir);
          break;
        case 'runStore':
          await runStore(message.shape, message.writers, message.textBytes, message.dataDir, message.window);
          break;
        case 'cpu': {
          const { user, system } = process.cpuUsage();
          const transactions = (court?.court.store as { writeTransactions?: number } | undefined)?.writeTransactions ?? 0;
          send({ type: 'cpu', cpuMs: (user + system) / 1000, commits: storeMeter.commits, commitWaitMs: storeMeter.waitMs, transactions });
          break;
        }
        case 'close':
          await court?.close();
          process.exit(0);
      }
    } catch (error) {
      send({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});

// The parent went away: take the court (and its media worker) down with it.
process.on('disconnect', () => void (court?.close() ?? Promise.resolve()).finally(() => process.exit(0)));

send({ type: 'ready' });
