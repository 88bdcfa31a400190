// Messages between the document benchmark (the parent, which measures), the server under test
// (one process per run: the court or the reference y-websocket server) and the client processes
// (which hold the WebsocketProviders), over Node's fork() IPC channel. No Yjs here: the
// reference's process loads the CommonJS build of yjs and must not load the ES module one too.
//
// Every time is in ms on CLOCK_MONOTONIC (process.hrtime), one clock for every process of the
// machine: an edit stamped in one client process is compared directly with the moment another
// client process sees it.
import type { ProfileSummary } from './signallingBenchProtocol.js';

export { nowMs } from './signallingBenchProtocol.js';
export type { ProfileSummary };

/** The court (permissions, durable storage) or the reference: y-websocket 2.1's own server utilities. */
export type ServerKind = 'reference' | 'court';

/** `documents` documents, each edited by `clientsPerDocument` clients at once. */
export interface Load {
  documents: number;
  clientsPerDocument: number;
}

/** A document of the run, and a token for each of its clients (the reference takes none). */
export interface BenchDocument {
  documentId: string;
  /** The language of its one body fragment, `body:<language>`. */
  language: string;
  tokens: Array<string | undefined>;
}

/** One WebsocketProvider a client process is to open. */
export interface ClientSpec {
  /** Unique in the run: its edits are signed with it. */
  clientIndex: number;
  documentIndex: number;
  documentId: string;
  language: string;
  token: string | undefined;
}

/** Fan-out latencies in buckets 0.5 % wide (see docsBenchLatency.ts): bucket → count. */
export type Histogram = Record<number, number>;

export type ToClient =
  /** Open these providers (before any clock starts) and wait until each has synced. */
  | { type: 'connect'; url: string; clients: ClientSpec[]; concurrency: number; timeoutMs: number }
  /** Each client adds its own paragraph; answered once every client sees `paragraphs` of them in its document. */
  | { type: 'prepare'; paragraphs: number; timeoutMs: number }
  /**
   * Edit from startAtMs until windowEndMs, each client once every intervalMs at its own phase
   * (seeded); only edits stamped within [windowStartMs, windowEndMs) are counted.
   */
  | { type: 'go'; startAtMs: number; windowStartMs: number; windowEndMs: number; intervalMs: number; seed: number }
  /** Edits sent and seen so far (counted ones only). */
  | { type: 'progress' }
  | { type: 'report' }
  /** Close every provider (the next run starts from nothing). */
  | { type: 'reset' }
  | { type: 'close' };

export interface ClientProgress {
  /** Counted edits sent, per document index (only the documents this process has clients of). */
  sentByDocument: Record<number, number>;
  /** Counted edits of others seen by this process's clients. */
  seen: number;
}

export interface ClientReport extends ClientProgress {
  latency: Histogram;
  /** Connections that closed or failed during the run, by reason. */
  troubles: Record<string, number>;
  /** Edits due that the client's timer chain reached late, by more than 100 ms (the process was too busy). */
  lateEdits: number;
}

export type FromClient =
  | { type: 'ready' }
  | { type: 'connected'; connectMs: number[] }
  | { type: 'prepared' }
  | { type: 'progress'; progress: ClientProgress }
  | { type: 'report'; report: ClientReport }
  | { type: 'reset' }
  | { type: 'error'; message: string }
  | { type: 'closed' };

/** Running totals of the server process; a run's figures are the differences over its window. */
export interface ServerMeter {
  /** process.cpuUsage(), user + system (all threads: the court's SQLite writer thread too), in ms. */
  cpuMs: number;
  /** performance.eventLoopUtilization() of the main thread. */
  loopActiveMs: number;
  loopIdleMs: number;
  /** The court's record store: commits asked for, and write transactions run (one fsync each). */
  storeCommits: number;
  storeTransactions: number;
  /**
   * The court's document sync: batches of edits stored (CaseDocuments.appendUpdates calls), and
   * the wall time from asking for each to its durable commit, as a running histogram.
   */
  storedBatches: number;
  storeWait: Histogram;
}

export type ToServer =
  /** Start the server and make its documents (the court: cases, parties, sessions, documents, in the data folder). */
  | { type: 'start'; kind: ServerKind; load: Load; dataDir: string | null }
  /** Heap used after a full collection, and the resident set. */
  | { type: 'memory' }
  | { type: 'meter' }
  | { type: 'profileStart' }
  /** Stop profiling, write the profile there, answer with its summary. */
  | { type: 'profileStop'; path: string }
  | { type: 'close' };

export type FromServer =
  | { type: 'ready' }
  | { type: 'started'; url: string; documents: BenchDocument[]; setupMs: number }
  | { type: 'memory'; heapUsed: number; rss: number }
  | { type: 'meter'; meter: ServerMeter }
  | { type: 'profileStarted' }
  | { type: 'profileStopped'; summary: ProfileSummary }
  | { type: 'error'; message: string };
