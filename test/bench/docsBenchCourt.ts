// The court under the document benchmark: a real CrossCourt node (startTestCourt: the embedded
// SQLite store with its writer thread, a mediasoup worker, socket.io and document sync on one
// port), with everything the clients need made before any clock starts: for each document a case
// opened by a judge, its parties (claimants, respondents and counsel: the roles that write agreed
// facts), a session for each, and the document itself, opened by the first party through the REST
// API (`POST /api/cases/:id/documents {kind:'agreedFacts', title}`). Each client then connects
// with its own party's access token, so every connection passes the session check and the
// permission table, and every edit is committed to the store before it is relayed.
//
// Imported only by a court's server process (docsBenchServer.ts), never by the reference's.
import type { CaseRole } from '../../server/domain/access/roles.js';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { ApiClient } from '../helpers/caseRecordClient.js';
import { startTestCourt } from '../helpers/courtHarness.js';
import { record } from './docsBenchLatency.js';
import { nowMs, type BenchDocument, type Histogram, type Load, type ServerMeter } from './docsBenchProtocol.js';

export interface CourtUnderTest {
  readonly url: string;
  readonly documents: BenchDocument[];
  readonly setupMs: number;
  storeMeter(): StoreMeter;
  close(): Promise<void>;
}

const ORIGIN = { ip: '127.0.0.1', userAgent: 'docs bench', via: 'cli' } as const;
/** The parties of agreed facts, in turn: each may write it (the permission table's agreedFacts.write). */
const WRITERS = ['claimant', 'respondent', 'counsel'] as const satisfies readonly CaseRole[];
/** Cases made at once during set-up (the store groups their commits). */
const SETUP_CONCURRENCY = 8;

export type StoreMeter = Pick<ServerMeter, 'storeCommits' | 'storeTransactions' | 'storedBatches' | 'storeWait'>;

/**
 * Counts the store's commits, and times document sync's stored batches, on the instances (the
 * server's code is unchanged); SQLite counts its own transactions.
 */
function meterStore(store: object, documents: object): () => StoreMeter {
  let commits = 0;
  let batches = 0;
  const wait: Histogram = {};
  const methods = store as { commit: (...args: unknown[]) => Promise<unknown>; writeTransactions?: number };
  const commit = methods.commit;
  methods.commit = function metered(...args: unknown[]) {
    commits++;
    return commit.apply(store, args);
  };
  const finish = (started: number) => {
    batches++;
    record(wait, nowMs() - started);
  };
  const sync = documents as { appendUpdates: (...args: unknown[]) => Promise<void> };
  const appendUpdates = sync.appendUpdates;
  sync.appendUpdates = function timed(...args: unknown[]) {
    const started = nowMs();
    const stored = appendUpdates.apply(documents, args);
    // A batch whose edits all turned out to change nothing stores nothing.
    if ((args[1] as unknown[]).length === 0) return stored;
    // Anonymous on purpose: tsx wraps a named closure in a naming helper each time it is made.
    stored.then(
      () => finish(started),
      () => finish(started),
    );
    return stored;
  };
  return () => ({ storeCommits: commits, storeTransactions: methods.writeTransactions ?? Number.NaN, storedBatches: batches, storeWait: { ...wait } });
}

async function openCase(server: RunningCourtServer, judge: Parameters<RunningCourtServer['court']['cases']['createCase']>[0], index: number, writers: number): Promise<BenchDocument> {
  const court = server.court;
  const courtCase = await court.cases.createCase(judge, { title: `Bench case ${index + 1}`, languages: ['en', 'zh'], locale: 'en', timeZone: 'UTC' }, ORIGIN);
  const tokens: string[] = [];
  for (let i = 0; i < writers; i++) {
    const role = WRITERS[i % WRITERS.length]!;
    const participant = await court.cases.addParticipant(
      judge,
      courtCase.id,
      { role, displayName: `Party ${i + 1} of case ${index + 1}`, locale: 'en', timeZone: 'UTC', ...(role === 'counsel' ? { side: 'claimant' as const } : {}) },
      ORIGIN,
    );
    tokens.push((await court.sessions.start({ kind: 'participant', participantId: participant.id, caseId: courtCase.id })).accessToken);
  }
  const first = new ApiClient(server.url, tokens[0]);
  const document = await first.ok(first.post(`/cases/${courtCase.id}/documents`, { kind: 'agreedFacts', title: `Agreed facts ${index + 1}` }));
  return { documentId: document.id as string, language: (document.languages as string[])[0]!, tokens };
}

/** The data folder is the caller's: it outlives a server that had to be killed. */
export async function startCourtUnderTest(load: Load, dataDir: string): Promise<CourtUnderTest> {
  const started = nowMs();
  const server = await startTestCourt({ DATA_DIR: dataDir });
  try {
    const storeMeter = meterStore(server.court.store, server.court.documents);
    const account = await server.court.accounts.create({ username: 'bench-judge', displayName: 'Judge Bench', role: 'judge', password: 'a long enough password' });
    const judge = { kind: 'staff', accountId: account.id, displayName: 'Judge Bench', staffRole: 'judge', sessionId: '' } as const;
    const documents = new Array<BenchDocument>(load.documents);
    let next = 0;
    const worker = async () => {
      while (next < load.documents) {
        const index = next++;
        documents[index] = await openCase(server, judge, index, load.clientsPerDocument);
      }
    };
    await Promise.all(Array.from({ length: Math.min(SETUP_CONCURRENCY, load.documents) }, worker));
    return { url: server.url, documents, setupMs: nowMs() - started, storeMeter, close: () => server.close() };
  } catch (error) {
    await server.close();
    throw error;
  }
}
