// What one run of the document benchmark measured, and the tables printed from all of them:
// medians over rounds, and court ÷ reference ratios taken within each round.
import { availableParallelism } from 'node:os';
import { fixed, markdownTable } from './benchMeasure.js';
import { countOf, maxOf, percentileOfAll } from './docsBenchLatency.js';
import type { Histogram, Load, ServerKind } from './docsBenchProtocol.js';
import { median } from './signallingBenchReport.js';

/** The issue's goal: the court's fan-out latency no more than this many times the reference's. */
export const GOAL_RATIO = 1.2;

export interface RunResult {
  server: ServerKind;
  load: Load;
  round: number;
  /** Each client made one edit this often. */
  intervalMs: number;
  /** Edits made within the window, and the deliveries they call for (each to every other client of its document). */
  edits: number;
  expected: number;
  delivered: number;
  /** Time from the window's end until the last expected delivery (or the drain limit). */
  drainMs: number;
  latency: Histogram;
  windowMs: number;
  serverCpuMs: number;
  /** CPU per ms of wall time the server spent holding the connections idle, just before. */
  idleCpuShare: number;
  loopBusyShare: number;
  storeCommits: number;
  storeTransactions: number;
  /** The court: batches of edits document sync stored, and how long each waited for its commit. */
  storedBatches: number;
  storeWait: Histogram;
  clientsCpuMs: number;
  /** Busy time of the whole machine (all cores) over the window. */
  machineBusyMs: number;
  /** The server process's resident set once started, before any client connected; and its peak over the edits (sampled every 100 ms). */
  rssBeforeMiB: number;
  rssPeakMiB: number;
  /** Heap used after a full collection, minus before the clients connected: once they are connected (and have their paragraphs), and after the edits. */
  heapConnectedMiB: number;
  heapAfterMiB: number;
  connectAllMs: number;
  setupMs: number;
  lateEdits: number;
  troubles: Record<string, number>;
}

export const clientsOf = (load: Load) => load.documents * load.clientsPerDocument;
export const loadName = (load: Load) => (load.documents === 1 ? `${load.clientsPerDocument} clients, 1 document` : `${load.documents} documents × ${load.clientsPerDocument} clients`);

export const p = {
  p50: (r: RunResult) => percentileOfAll(r.latency, r.expected, 50),
  p99: (r: RunResult) => percentileOfAll(r.latency, r.expected, 99),
  max: (r: RunResult) => (r.delivered < r.expected ? Infinity : maxOf(r.latency)),
  /**
   * Server CPU over the window per edit made in it, in µs: the edit's checking, storing and
   * fan-out, and whatever else the server did meanwhile (its idle cost is shown apart: a 1 s
   * sample is too noisy here to subtract).
   */
  cpuPerEditUs: (r: RunResult) => (1000 * r.serverCpuMs) / r.edits,
  cpuPercent: (r: RunResult) => (100 * r.serverCpuMs) / r.windowMs,
  rssPeak: (r: RunResult) => r.rssPeakMiB,
  heapAfter: (r: RunResult) => r.heapAfterMiB,
  otherPercent: (r: RunResult) => Math.max(0, (100 * (r.machineBusyMs - r.serverCpuMs - r.clientsCpuMs)) / r.windowMs),
};

export interface Summary {
  server: ServerKind;
  load: Load;
  rounds: RunResult[];
}

const med = (runs: RunResult[], pick: (r: RunResult) => number) => median(runs.map(pick));

/** Median over the rounds run by both servers of court ÷ reference, each ratio taken within one round. */
export function ratio(court: Summary, reference: Summary, pick: (r: RunResult) => number): number {
  return median(
    court.rounds.flatMap((c) => {
      const r = reference.rounds.find((x) => x.round === c.round);
      return r === undefined ? [] : [pick(c) / pick(r)];
    }),
  );
}

const ms = (value: number) => (value === Infinity ? 'not delivered' : fixed(value, value < 10 ? 2 : value < 100 ? 1 : 0));
export const times = (value: number) => (value === Infinity ? 'not delivered' : Number.isFinite(value) ? `×${fixed(value, 2)}` : '–');

export function mainTable(summaries: Summary[]): string {
  return markdownTable(
    ['load', 'server', 'fan-out p50 ms', 'fan-out p99 ms', 'max ms', 'server CPU % of a core', 'server CPU µs per edit', 'RSS before MiB', 'RSS peak MiB', 'heap after MiB', 'delivered (each round)'],
    summaries.map((s) => [
      loadName(s.load),
      s.server,
      ms(med(s.rounds, p.p50)),
      ms(med(s.rounds, p.p99)),
      ms(med(s.rounds, p.max)),
      fixed(med(s.rounds, p.cpuPercent)),
      fixed(med(s.rounds, p.cpuPerEditUs)),
      fixed(med(s.rounds, (r) => r.rssBeforeMiB)),
      fixed(med(s.rounds, p.rssPeak)),
      fixed(med(s.rounds, p.heapAfter), 1),
      s.rounds.map((r) => (r.delivered === r.expected ? 'all' : `${r.delivered}/${r.expected}`)).join(', '),
    ]),
  );
}

export interface Verdict {
  line: string;
  met: boolean | undefined;
}

export function ratioTable(pairs: Array<{ court: Summary; reference: Summary }>): { table: string; verdicts: Verdict[] } {
  const verdicts: Verdict[] = [];
  const rows = pairs.map(({ court, reference }) => {
    const p50 = ratio(court, reference, p.p50);
    const p99 = ratio(court, reference, p.p99);
    const met = Number.isNaN(p50) || Number.isNaN(p99) ? undefined : p50 <= GOAL_RATIO && p99 <= GOAL_RATIO;
    verdicts.push({
      line: `${loadName(court.load)}: fan-out p50 ${ms(med(court.rounds, p.p50))} ms vs ${ms(med(reference.rounds, p.p50))} ms (${times(p50)}), p99 ${ms(med(court.rounds, p.p99))} ms vs ${ms(med(reference.rounds, p.p99))} ms (${times(p99)}); goal ≤ ×${GOAL_RATIO}`,
      met,
    });
    return [
      loadName(court.load),
      times(p50),
      times(p99),
      times(ratio(court, reference, p.cpuPerEditUs)),
      times(ratio(court, reference, p.rssPeak)),
      times(ratio(court, reference, p.heapAfter)),
      met === undefined ? 'not measured' : met ? 'met' : 'missed',
    ];
  });
  return { table: markdownTable(['load', 'fan-out p50', 'fan-out p99', 'CPU per edit', 'RSS peak', 'heap after', `goal (p50 and p99 ≤ ×${GOAL_RATIO})`], rows), verdicts };
}

export function detailTable(summaries: Summary[]): string {
  return markdownTable(
    ['load', 'server', 'each client edits every s', 'edits/s', 'deliveries/s', 'event loop busy %', 'server idle CPU %', 'edits per stored batch', 'store wait p50 ms', 'store wait p99 ms', 'store commits per edit', 'fsyncs/s', 'heap connected MiB', 'clients CPU % of a core', 'other CPU % of a core', 'machine busy %', 'late edits', 'drain s', 'connect all s', 'set-up s'],
    summaries.map((s) => {
      const runs = s.rounds;
      return [
        loadName(s.load),
        s.server,
        fixed(med(runs, (r) => r.intervalMs / 1000), 1),
        fixed(med(runs, (r) => (1000 * r.edits) / r.windowMs)),
        fixed(med(runs, (r) => (1000 * r.expected) / r.windowMs)),
        fixed(med(runs, (r) => 100 * r.loopBusyShare)),
        fixed(med(runs, (r) => 100 * r.idleCpuShare), 1),
        s.server === 'court' ? fixed(med(runs, (r) => r.edits / r.storedBatches), 2) : '',
        s.server === 'court' ? ms(med(runs, (r) => percentileOfAll(r.storeWait, countOf(r.storeWait), 50))) : '',
        s.server === 'court' ? ms(med(runs, (r) => percentileOfAll(r.storeWait, countOf(r.storeWait), 99))) : '',
        s.server === 'court' ? fixed(med(runs, (r) => r.storeCommits / r.edits), 2) : '',
        s.server === 'court' ? fixed(med(runs, (r) => (1000 * r.storeTransactions) / r.windowMs)) : '',
        fixed(med(runs, (r) => r.heapConnectedMiB), 1),
        fixed(med(runs, (r) => (100 * r.clientsCpuMs) / r.windowMs)),
        fixed(med(runs, p.otherPercent)),
        fixed(med(runs, (r) => (100 * r.machineBusyMs) / r.windowMs / availableParallelism())),
        fixed(med(runs, (r) => r.lateEdits)),
        fixed(med(runs, (r) => r.drainMs / 1000), 1),
        fixed(med(runs, (r) => r.connectAllMs / 1000), 1),
        fixed(med(runs, (r) => r.setupMs / 1000), 1),
      ];
    }),
  );
}

export function roundLine(r: RunResult): string {
  const troubles = Object.entries(r.troubles).map(([what, n]) => `${n} ${what}`);
  return (
    `round ${r.round + 1} ${loadName(r.load).padEnd(26)} ${r.server.padEnd(9)}: ` +
    `fan-out p50/p99/max ${ms(p.p50(r))}/${ms(p.p99(r))}/${ms(p.max(r))} ms over ${r.delivered}/${r.expected} deliveries of ${r.edits} edits, ` +
    `server CPU ${fixed(p.cpuPercent(r))} % (${fixed(p.cpuPerEditUs(r))} µs per edit), loop busy ${fixed(100 * r.loopBusyShare)} %, ` +
    (r.server === 'court'
      ? `${r.storedBatches} batches stored, waiting p50/p99 ${ms(percentileOfAll(r.storeWait, countOf(r.storeWait), 50))}/${ms(percentileOfAll(r.storeWait, countOf(r.storeWait), 99))} ms, ${r.storeCommits} commits in ${r.storeTransactions} transactions, `
      : '') +
    `RSS peak ${fixed(r.rssPeakMiB)} MiB, heap ${fixed(r.heapConnectedMiB, 1)} → ${fixed(r.heapAfterMiB, 1)} MiB, clients CPU ${fixed((100 * r.clientsCpuMs) / r.windowMs)} %, other work ${fixed(p.otherPercent(r))} % of a core` +
    `${r.lateEdits > 0 ? `, ${r.lateEdits} late edits` : ''}${troubles.length ? `; ${troubles.join(', ')}` : ''}`
  );
}
