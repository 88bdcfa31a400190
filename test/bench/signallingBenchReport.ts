// What one run of the signalling benchmark measured, and the tables printed from all of them:
// medians over rounds, and court ÷ bare ratios taken within each round.
import { availableParallelism } from 'node:os';
import { fixed, markdownTable } from './benchMeasure.js';
import type { HandshakeSteps } from './signallingBenchHandshakes.js';
import type { AdmitTimes, JoinTimes, Received, ServerKind } from './signallingBenchProtocol.js';

export type Arrivals = 'spread' | 'burst';

export interface RunResult {
  server: ServerKind;
  participants: number;
  arrivals: Arrivals;
  round: number;
  /** The run hit its time limit before everyone was seated. */
  timedOut: boolean;
  joined: number;
  seated: number;
  /** Refusals and failures by code. */
  failures: Record<string, number>;
  joinMs: number[];
  /** From arriving (beginning to open the connection, authenticated at its handshake) to the join's acknowledgement; the join alone when connections were open before the clock. */
  arrivalMs: number[];
  admitMs: number[];
  /** From the first arrival (or hearing:join sent, connections open before) to the last join acknowledged / the last courtroom:seated received. */
  allJoinedMs: number;
  allSeatedMs: number;
  /** Where connecting took its time (participants connecting as they arrive; undefined otherwise). */
  handshake: HandshakeSteps | undefined;
  /** The window of the CPU figures: from just before the first join (200 ms) to the last admit acknowledged, or the time limit. */
  windowMs: number;
  serverCpuMs: number;
  /** Of it, the main thread's (the event loop's). */
  serverMainThreadCpuMs: number;
  /** CPU time per ms of wall time the process spent holding the connections idle, just before. */
  idleCpuShare: number;
  /** Share of the window the server's event loop was busy (running code, or blocked in a synchronous call such as SQLite's fsync). */
  loopBusyShare: number;
  /** Record store calls per participant over the window, and their wall time. */
  storeWritesEach: number;
  storeTransactionsEach: number;
  storeReadMsEach: number;
  /** Pushes socket.io keeps for connection state recovery at the end of the run. */
  recoveryPackets: number;
  /** The server's event-loop delay over the window (see ServerMeter), and the worst participant process's p99. */
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  clientsLoopDelayP99Ms: number;
  clientsCpuMs: number;
  /** Busy time of the whole machine (all cores) over the window. */
  machineBusyMs: number;
  /** The server process's resident set, sampled every 50 ms over the window. */
  rssPeakMiB: number;
  /**
   * Heap used after garbage collection, per participant: once the connections are open, and once
   * everyone is seated, minus before they came. Weighed on the first warm-up hearing when there is
   * one (the same size), otherwise on the run's.
   */
  heapConnectedKiBEach: number;
  heapJoinedKiBEach: number;
  connectAllMs: number;
  /** Events pushed (not acknowledgements) and frame bytes received, per participant; and by the judges. */
  pushesEach: number;
  kiBEach: number;
  judgeMiB: number;
  pushesByEvent: Record<string, number>;
  /** Share of the sampled courtroom:state pushes that showed a participant the same view as the push before. */
  repeatedStateShare: number;
  setupMs: number;
}

/** Joins and admits as the client processes saw them, turned into the run's latency figures. */
export function latencies(joins: JoinTimes[], admits: AdmitTimes[], hearingOf: Map<string, string>) {
  const byParticipant = new Map<string, AdmitTimes>();
  const admitAll = new Map<string, AdmitTimes>();
  for (const admit of admits) {
    if (admit.participantId === undefined) admitAll.set(admit.hearingId, admit);
    else byParticipant.set(admit.participantId, admit);
  }
  const joinMs: number[] = [];
  const arrivalMs: number[] = [];
  const admitMs: number[] = [];
  const failures: Record<string, number> = {};
  const fail = (code: string) => (failures[code] = (failures[code] ?? 0) + 1);
  let firstSent = Infinity;
  let lastAck = -Infinity;
  let lastSeated = -Infinity;
  let seated = 0;
  for (const join of joins) {
    const arrived = join.arrivedMs ?? join.sentMs;
    firstSent = Math.min(firstSent, arrived);
    if (join.ackMs !== undefined && join.error === undefined) {
      joinMs.push(join.ackMs - join.sentMs);
      arrivalMs.push(join.ackMs - arrived);
      lastAck = Math.max(lastAck, join.ackMs);
      if (join.lost !== undefined) fail(`joined, then ${join.lost} before the seat`);
    } else if (join.error !== undefined) {
      fail(join.error);
    } else {
      fail(join.lost === undefined ? 'no join acknowledgement' : `no join acknowledgement, ${join.lost}`);
    }
    if (join.seatedMs === undefined) continue;
    seated++;
    lastSeated = Math.max(lastSeated, join.seatedMs);
    const admit = byParticipant.get(join.participantId) ?? admitAll.get(hearingOf.get(join.participantId)!);
    if (admit !== undefined) admitMs.push(join.seatedMs - admit.sentMs);
  }
  for (const admit of admits) if (admit.error !== undefined) fail(`admit: ${admit.error}`);
  return { joinMs, arrivalMs, admitMs, failures, firstSent, joined: joinMs.length, seated, allJoinedMs: lastAck - firstSent, allSeatedMs: lastSeated - firstSent };
}

export function pushesOf(received: Received[]): { events: Record<string, number>; bytes: number; repeatedShare: number } {
  const events: Record<string, number> = {};
  let bytes = 0;
  let sampled = 0;
  let repeated = 0;
  for (const r of received) {
    bytes += r.bytes;
    sampled += r.statesSampled;
    repeated += r.statesRepeated;
    // The shutdown notice comes after the run, when the server is closed.
    for (const [event, count] of Object.entries(r.events)) if (event !== 'server:shutdown') events[event] = (events[event] ?? 0) + count;
  }
  return { events, bytes, repeatedShare: sampled === 0 ? NaN : repeated / sampled };
}

// ---------------------------------------------------------------- summaries

/**
 * Nearest-rank percentile over everyone who took part: those who never got there (the run's time
 * limit) count as slower than all who did, so a p99 is not flattered by who was left out.
 */
export function percentileOfAll(values: readonly number[], total: number, p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  return rank <= sorted.length ? sorted[rank - 1]! : Infinity;
}

/** Median that keeps Infinity (a round that did not finish) and drops NaN (not measured). */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Summary {
  server: ServerKind;
  participants: number;
  arrivals: Arrivals;
  rounds: RunResult[];
  joinP50: number;
  joinP99: number;
  arrivalP50: number;
  arrivalP99: number;
  admitP50: number;
  admitP99: number;
  allJoinedMs: number;
  allSeatedMs: number;
  serverCpuPercent: number;
  serverCpuMsEach: number;
  rssPeakMiB: number;
  heapJoinedKiBEach: number;
  seated: string;
}

/** Server CPU per participant, above what the idle connections cost over the same time. */
const cpuEach = (r: RunResult) => (r.serverCpuMs - r.idleCpuShare * r.windowMs) / r.participants;

const med = (runs: RunResult[], pick: (r: RunResult) => number) => median(runs.map(pick));

export function summarise(runs: RunResult[]): Summary {
  const first = runs[0]!;
  return {
    server: first.server,
    participants: first.participants,
    arrivals: first.arrivals,
    rounds: runs,
    joinP50: med(runs, p.joinP50),
    joinP99: med(runs, p.joinP99),
    arrivalP50: med(runs, p.arrivalP50),
    arrivalP99: med(runs, p.arrivalP99),
    admitP50: med(runs, p.admitP50),
    admitP99: med(runs, p.admitP99),
    allJoinedMs: med(runs, p.allJoined),
    allSeatedMs: med(runs, p.allSeated),
    serverCpuPercent: med(runs, (r) => (100 * r.serverCpuMs) / r.windowMs),
    serverCpuMsEach: med(runs, cpuEach),
    rssPeakMiB: med(runs, (r) => r.rssPeakMiB),
    heapJoinedKiBEach: med(runs, (r) => r.heapJoinedKiBEach),
    seated: runs.map((r) => (r.timedOut ? `${r.seated}/${r.participants} (time limit)` : `${r.seated}/${r.participants}`)).join(', '),
  };
}

/** Median over the rounds run by both servers of court ÷ bare, each ratio taken within one round. */
export function ratio(court: Summary, bare: Summary, pick: (r: RunResult) => number): number {
  const values = court.rounds.flatMap((c) => {
    const b = bare.rounds.find((r) => r.round === c.round);
    return b === undefined ? [] : [pick(c) / pick(b)];
  });
  return median(values);
}

/** Infinity: not reached within the run's time limit. */
const ms = (value: number) => (value === Infinity ? 'over limit' : fixed(value, value < 10 ? 1 : 0));
const s = (valueMs: number) => (valueMs === Infinity ? 'over limit' : fixed(valueMs / 1000, 2));
const times = (value: number) => (value === Infinity ? 'over limit' : Number.isFinite(value) ? `×${fixed(value, 2)}` : '–');

export const p = {
  joinP50: (r: RunResult) => percentileOfAll(r.joinMs, r.participants, 50),
  joinP99: (r: RunResult) => percentileOfAll(r.joinMs, r.participants, 99),
  arrivalP50: (r: RunResult) => percentileOfAll(r.arrivalMs, r.participants, 50),
  arrivalP99: (r: RunResult) => percentileOfAll(r.arrivalMs, r.participants, 99),
  admitP50: (r: RunResult) => percentileOfAll(r.admitMs, r.participants, 50),
  admitP99: (r: RunResult) => percentileOfAll(r.admitMs, r.participants, 99),
  allJoined: (r: RunResult) => (r.joined === r.participants ? r.allJoinedMs : r.timedOut ? Infinity : NaN),
  allSeated: (r: RunResult) => (r.seated === r.participants ? r.allSeatedMs : r.timedOut ? Infinity : NaN),
  cpuEach,
};

export function mainTable(summaries: Summary[]): string {
  return markdownTable(
    ['participants, arrivals', 'server', 'arrival p50 ms', 'arrival p99 ms', 'join p50 ms', 'join p99 ms', 'admit p50 ms', 'admit p99 ms', 'all joined s', 'all seated s', 'server CPU % of a core', 'server CPU ms per participant (above idle)', 'RSS peak MiB', 'heap KiB per participant', 'seated (each round)'],
    summaries.map((x) => [
      `${x.participants}, ${x.arrivals}`,
      x.server,
      ms(x.arrivalP50),
      ms(x.arrivalP99),
      ms(x.joinP50),
      ms(x.joinP99),
      ms(x.admitP50),
      ms(x.admitP99),
      s(x.allJoinedMs),
      s(x.allSeatedMs),
      fixed(x.serverCpuPercent),
      fixed(x.serverCpuMsEach, 2),
      fixed(x.rssPeakMiB),
      fixed(x.heapJoinedKiBEach, 1),
      x.seated,
    ]),
  );
}

export interface Verdict {
  line: string;
  met: boolean | undefined;
}

export function ratioTable(pairs: Array<{ court: Summary; bare: Summary }>): { table: string; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  const rows = pairs.map(({ court, bare }) => {
    const joinP99 = ratio(court, bare, p.joinP99);
    const arrivalP99 = ratio(court, bare, p.arrivalP99);
    const allJoined = ratio(court, bare, p.allJoined);
    let goal = '';
    if (court.arrivals === 'spread') {
      const met = Number.isNaN(arrivalP99) ? undefined : arrivalP99 <= 2;
      goal = `arrival p99 ≤ ×2: ${met === undefined ? 'not measured' : met ? 'met' : 'missed'}`;
      verdicts.push({ line: `${court.participants} spread: arrival p99 ${ms(court.arrivalP99)} ms vs ${ms(bare.arrivalP99)} ms bare (${times(arrivalP99)}; goal ≤ ×2)`, met });
    } else {
      const met = Number.isNaN(allJoined) ? undefined : allJoined <= 1.5;
      goal = `all joined ≤ ×1.5: ${met === undefined ? 'not measured' : met ? 'met' : 'missed'}`;
      verdicts.push({
        line: `${court.participants} burst: all joined in ${s(court.allJoinedMs)} s vs ${s(bare.allJoinedMs)} s bare (${times(allJoined)}; goal ≤ ×1.5)`,
        met,
      });
    }
    return [
      `${court.participants}, ${court.arrivals}`,
      times(ratio(court, bare, p.arrivalP50)),
      times(arrivalP99),
      times(ratio(court, bare, p.joinP50)),
      times(joinP99),
      times(ratio(court, bare, p.admitP50)),
      times(ratio(court, bare, p.admitP99)),
      times(allJoined),
      times(ratio(court, bare, p.allSeated)),
      times(ratio(court, bare, p.cpuEach)),
      goal,
    ];
  });
  const table = markdownTable(['participants, arrivals', 'arrival p50', 'arrival p99', 'join p50', 'join p99', 'admit p50', 'admit p99', 'all joined', 'all seated', 'CPU per participant', 'goal'], rows);
  return { table, verdicts };
}

export function detailTable(summaries: Summary[]): string {
  return markdownTable(
    ['participants, arrivals', 'server', 'event loop busy %', 'loop delay p99 / max ms', 'clients loop delay p99 ms', 'store writes per participant', 'store transactions (fsyncs) per participant', 'store read ms per participant', 'pushes per participant', 'of them unchanged views %', 'KiB per participant', 'MiB to the judge', 'heap KiB per connection', 'pushes kept for recovery', 'clients CPU % of a core', 'other CPU % of a core', 'machine busy %', 'connecting p50 ms: waiting to be accepted / upgrade / CONNECT and session check / told', 'connect all s', 'set-up s'],
    summaries.map((x) => {
      const runs = x.rounds;
      return [
        `${x.participants}, ${x.arrivals}`,
        x.server,
        fixed(med(runs, (r) => 100 * r.loopBusyShare)),
        `${fixed(med(runs, (r) => r.loopDelayP99Ms), 1)} / ${fixed(med(runs, (r) => r.loopDelayMaxMs))}`,
        fixed(med(runs, (r) => r.clientsLoopDelayP99Ms), 1),
        fixed(med(runs, (r) => r.storeWritesEach), 1),
        fixed(med(runs, (r) => r.storeTransactionsEach), 2),
        fixed(med(runs, (r) => r.storeReadMsEach), 2),
        fixed(med(runs, (r) => r.pushesEach), 1),
        fixed(med(runs, (r) => 100 * r.repeatedStateShare)),
        fixed(med(runs, (r) => r.kiBEach), 1),
        fixed(med(runs, (r) => r.judgeMiB), 1),
        fixed(med(runs, (r) => r.heapConnectedKiBEach), 1),
        fixed(med(runs, (r) => r.recoveryPackets)),
        fixed(med(runs, (r) => (100 * r.clientsCpuMs) / r.windowMs)),
        // /proc counts in 10 ms ticks: over a short window the difference can come out below 0.
        fixed(Math.max(0, med(runs, (r) => (100 * (r.machineBusyMs - r.serverCpuMs - r.clientsCpuMs)) / r.windowMs))),
        fixed(med(runs, (r) => (100 * r.machineBusyMs) / r.windowMs / availableParallelism())),
        handshakeColumn(runs),
        s(med(runs, (r) => r.connectAllMs)),
        s(med(runs, (r) => r.setupMs)),
      ];
    }),
  );
}

/** The connection steps' medians over the rounds that have them (participants connecting as they arrive). */
function handshakeColumn(runs: RunResult[]): string {
  const timed = runs.filter((r) => r.handshake !== undefined);
  if (timed.length === 0) return '–';
  const step = (pick: (steps: HandshakeSteps) => number) => fixed(med(timed, (r) => pick(r.handshake!)), 1);
  return `${step((h) => h.waitAcceptedMs)} / ${step((h) => h.upgradeMs)} / ${step((h) => h.connectMs)} / ${step((h) => h.toldMs)}`;
}

export function roundLine(r: RunResult): string {
  const fails = Object.entries(r.failures).map(([code, n]) => `${n} ${code}`);
  return (
    `round ${r.round + 1} ${String(r.participants).padStart(4)} ${r.arrivals.padEnd(6)} ${r.server.padEnd(5)}: ` +
    `arrival p50/p99 ${ms(p.arrivalP50(r))}/${ms(p.arrivalP99(r))} ms, join min/p50/p99 ${ms(Math.min(...r.joinMs))}/${ms(p.joinP50(r))}/${ms(p.joinP99(r))} ms, admit p50/p99 ${ms(p.admitP50(r))}/${ms(p.admitP99(r))} ms, ` +
    `all joined ${s(p.allJoined(r))} s, all seated ${s(p.allSeated(r))} s, ` +
    (r.handshake === undefined ? '' : `connecting p50 ${fixed(r.handshake.totalMs, 1)} ms (${fixed(r.handshake.waitAcceptedMs, 1)} of it waiting to be accepted), `) +
    `server CPU ${fixed(r.serverCpuMs)} ms (${fixed((100 * r.serverCpuMs) / r.windowMs)} %; main thread ${fixed(r.serverMainThreadCpuMs)} ms), loop busy ${fixed(100 * r.loopBusyShare)} %, ` +
    `store writes ${fixed(r.storeWritesEach * r.participants)} in ${fixed(r.storeTransactionsEach * r.participants)} transactions, other work ${fixed(Math.max(0, (100 * (r.machineBusyMs - r.serverCpuMs - r.clientsCpuMs)) / r.windowMs))} % of a core, ` +
    `seated ${r.seated}/${r.participants}${r.timedOut ? ' TIME LIMIT' : ''}${fails.length ? `; ${fails.join(', ')}` : ''}`
  );
}
