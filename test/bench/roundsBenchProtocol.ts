// What the round benchmark's processes say to each other over Node's fork() IPC channel: the
// parent (rounds.bench.ts), the process under test (roundsBenchServer.ts: the court, or the raw
// record store) and the client processes (roundsBenchClient.ts: the parties, over HTTP).

/** One party of the load: who it is and where its answers go. */
export interface BenchParty {
  readonly token: string;
  /** POST here: `/api/cases/:caseId/rounds/:roundId/threads/:threadId/answers`. */
  readonly answerPath: string;
}

/** How long a run lasts: a warm-up not counted, then the window counted. */
export interface RunWindow {
  readonly warmupMs: number;
  readonly windowMs: number;
}

/** What one series measured in its window. */
export interface RunFigures {
  /** Acknowledged (durable) in the window. */
  readonly acknowledged: number;
  /** Refused or failed in the window (any answer but 201): must be 0. */
  readonly failed: number;
  /** Acknowledgement latency of each acknowledged one in the window, ms. */
  readonly latencies: number[];
  /** The first failure's status and body, to say why. */
  readonly firstFailure?: string;
  readonly windowMs: number;
}

export type ToServer =
  | { type: 'startCourt'; parties: number; dataDir: string }
  | { type: 'runStore'; shape: RawShape; writers: number; textBytes: number; dataDir: string; window: RunWindow }
  | { type: 'cpu' }
  /** Profile the court's main thread until profileStop (BENCH_CPU_PROFILE). */
  | { type: 'profileStart' }
  | { type: 'profileStop'; path: string }
  | { type: 'close' };

export type FromServer =
  | { type: 'ready' }
  | { type: 'courtStarted'; url: string; parties: BenchParty[]; setupMs: number }
  | { type: 'storeRan'; figures: RunFigures; transactions: number }
  /** CPU so far; for the court also its store's commits, their summed wait and its write transactions. */
  | { type: 'cpu'; cpuMs: number; commits: number; commitWaitMs: number; transactions: number }
  | { type: 'profileStarted' }
  | { type: 'profileStopped'; summary: { busyMs: number; self: Array<[string, number]>; inclusive: Array<[string, number]> } }
  | { type: 'error'; message: string };

export type ToClient = { type: 'run'; url: string; parties: BenchParty[]; window: RunWindow; textBytes: number } | { type: 'close' };

export type FromClient = { type: 'ready' } | { type: 'ran'; figures: RunFigures } | { type: 'error'; message: string };

/** An answer of about `bytes` characters, different each time (as a party's edits are). */
export function answerText(bytes: number, party: number, version: number): string {
  const head = `Party ${party}, version ${version}: the contract was signed in Hangzhou on 3 March 2025. `;
  return head + 'The goods were delivered late and the invoice was paid in part. '.repeat(Math.max(0, Math.ceil((bytes - head.length) / 64))).slice(0, Math.max(0, bytes - head.length));
}

/** What the raw store commits: exhibits filed (storeBenchWorkload.ts) or answers (roundsBenchAnswers.ts). */
export type RawShape = 'filings' | 'answers';

/** A closed loop per party (or writer): one request in flight, the next when it is answered. */
export async function closedLoops(count: number, once: (index: number) => Promise<string | null>, window: RunWindow): Promise<RunFigures> {
  const start = performance.now();
  const countFrom = start + window.warmupMs;
  const stopAt = countFrom + window.windowMs;
  const latencies: number[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  const loop = async (index: number) => {
    while (performance.now() < stopAt) {
      const sent = performance.now();
      let failure: string | null;
      try {
        failure = await once(index);
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      const done = performance.now();
      if (sent < countFrom || done > stopAt) continue;
      if (failure === null) latencies.push(done - sent);
      else {
        failed++;
        firstFailure ??= failure;
      }
    }
  };
  await Promise.all(Array.from({ length: count }, (_, index) => loop(index)));
  return { acknowledged: latencies.length, failed, latencies, windowMs: window.windowMs, ...(firstFailure === undefined ? {} : { firstFailure }) };
}
