// Messages between the signalling benchmark (the parent, which measures), the server under test
// (one process per run) and the client processes (which hold the socket.io connections), over
// Node's fork() IPC channel; and the clock they share.
//
// Every time here is in ms on CLOCK_MONOTONIC (process.hrtime), which on Linux is one clock for
// every process of the machine: a judge's admit sent in one process and the `courtroom:seated`
// received in another are compared directly.

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Someone who connects: their participant id, and the handshake's `auth` (a token, or for the bare server just the id). */
export interface BenchParticipant {
  participantId: string;
  auth: Record<string, string>;
}

/** How the presiding side admits: each arrival as its join is acknowledged, or everyone at once when all have joined. */
export type AdmitMode = 'each' | 'all';

/** A hearing of the run, with its presiding judge. */
export interface BenchHearing {
  hearingId: string;
  judge: BenchParticipant;
  /** Who will come to it. */
  expected: string[];
}

export type ToClient =
  /** Judge process: connect every judge, join its hearing, and listen on the admission desk. */
  | { type: 'openBench'; url: string; hearings: BenchHearing[]; deskPath: string; admit: AdmitMode }
  /** Participant process: open these connections (before any clock starts) and reach the desk. */
  /**
   * The participants of this process. `atArrival`: each opens its connection when it arrives
   * (then joins once connected); otherwise all connections are opened now, before the clock.
   * `concurrency`: connections being opened at a time.
   */
  | { type: 'connect'; url: string; participants: BenchCast['participants']; deskPath: string; concurrency: number; atArrival: boolean }
  /** Participant process: send `hearing:join` for participant i at startAtMs + offsetsMs[i]. */
  | { type: 'go'; startAtMs: number; offsetsMs: number[] }
  /** Judge process: how many admits still wait for their acknowledgement. */
  | { type: 'pending' }
  /** Both: what was measured. */
  | { type: 'report' }
  /** Both: close every connection (the next run starts from nothing). */
  | { type: 'reset' }
  | { type: 'close' };

export interface JoinTimes {
  participantId: string;
  /** When the participant arrived and began to open their connection (authenticated at its handshake); absent when it was open before the clock. */
  arrivedMs?: number;
  /** When their connection began to be opened (a free slot: each process opens a few at a time), and its TCP port (for matching the server's HandshakeTimes). */
  openedMs?: number;
  port?: number;
  /** When hearing:join was sent (NaN until the connection is open). */
  sentMs: number;
  ackMs?: number;
  /** The refusal's code. */
  error?: string;
  seatedMs?: number;
  /** The connection was lost before the seat came (after the acknowledgement, or instead of it). */
  lost?: string;
}

/** One connection's handshake as the server saw it (signallingBenchHandshakes.ts). */
export interface HandshakeTimes {
  /** The participant's end of the TCP connection. */
  port: number;
  acceptedMs: number;
  engineOpenMs: number;
  connectedMs: number;
}

export interface AdmitTimes {
  hearingId: string;
  /** undefined: admitAll. */
  participantId?: string;
  sentMs: number;
  ackMs?: number;
  error?: string;
}

/** What a process's sockets received, by event, and how many bytes of frames that was. */
export interface Received {
  events: Record<string, number>;
  bytes: number;
  /** Of the `courtroom:state` pushes to the first few sockets of the process, how many showed the same view as the one before. */
  statesSampled: number;
  statesRepeated: number;
  /** The client process's own event-loop delay since its run began (what the bench's clients add to every latency). */
  loopDelayP99Ms: number;
}

export type FromClient =
  | { type: 'ready' }
  | { type: 'benchOpen' }
  | { type: 'connected'; connectMs: number[] }
  /** Every participant of this process is seated, or failed. */
  | { type: 'done' }
  | { type: 'pending'; admits: number }
  | { type: 'report'; joins: JoinTimes[]; admits: AdmitTimes[]; received: Received }
  | { type: 'reset' }
  | { type: 'error'; message: string }
  | { type: 'closed' };

// ---------------------------------------------------------------- the server process

export type ServerKind = 'bare' | 'court';

export interface Layout {
  participants: number;
  hearings: number;
  /** The first `parties` people of each hearing take part (seated in the main room); the rest observe from the public gallery. */
  parties: number;
  /** People in each warm-up hearing (0: none): made with the others, before any clock. */
  warmup: number;
  /** How many warm-up hearings the server holds, one after the other, before the clock. */
  warmupHearings: number;
}

/** Hearings and who comes to them. Participant i comes to hearings[i % hearings.length]. */
export interface BenchCast {
  hearings: BenchHearing[];
  participants: Array<BenchParticipant & { hearingId: string }>;
}

/** Running totals of the server process; a run's figures are the differences over its window. */
export interface ServerMeter {
  /** process.cpuUsage(), user + system, in ms. */
  cpuMs: number;
  /**
   * Of it, the main thread's (the event loop's) CPU in ms, from /proc's schedstat (Linux); the
   * rest is the other threads': the collector's helpers, the record store's writer.
   */
  mainThreadCpuMs: number;
  /** performance.eventLoopUtilization(): ms the event loop was busy (running code or blocked in a synchronous call) and idle. */
  loopActiveMs: number;
  loopIdleMs: number;
  /** Calls into the record store, and the time each read took to return (it does its work before it returns: SQLite runs synchronously on the event loop). */
  storeWrites: number;
  storeTransactions: number;
  storeReads: number;
  storeReadMs: number;
  /** Pushes the socket.io adapter keeps for connection state recovery (none without it). */
  recoveryPackets: number;
  /**
   * How late the event loop ran a 1 ms timer, since the previous meter (perf_hooks'
   * monitorEventLoopDelay): what a message arriving at a random moment waits before it is read.
   */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
}

export interface ProfileSummary {
  busyMs: number;
  self: Array<[string, number]>;
  inclusive: Array<[string, number]>;
}

export type ToServer =
  /** Start the server, make its hearings and participants (the court: in the given data folder). */
  | { type: 'start'; kind: ServerKind; layout: Layout; dataDir: string | null }
  /** Heap used after a full collection, and the resident set. */
  | { type: 'memory' }
  /** CPU time, event-loop utilisation and time spent in the record store so far. */
  | { type: 'meter' }
  | { type: 'connections' }
  /** The handshakes noted since the last time asked (HandshakeTimes). */
  | { type: 'handshakes' }
  | { type: 'profileStart' }
  /** Stop profiling, write the profile there, answer with its summary. */
  | { type: 'profileStop'; path: string }
  | { type: 'close' };

export type FromServer =
  | { type: 'ready' }
  | ({ type: 'started'; url: string; warmup: BenchCast; setupMs: number } & BenchCast)
  | { type: 'memory'; heapUsed: number; rss: number }
  | { type: 'meter'; meter: ServerMeter }
  | { type: 'connections'; count: number }
  | { type: 'handshakes'; handshakes: HandshakeTimes[] }
  | { type: 'profileStarted' }
  | { type: 'profileStopped'; summary: ProfileSummary }
  | { type: 'error'; message: string };
