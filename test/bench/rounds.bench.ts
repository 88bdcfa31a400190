// Round benchmark (`npm run bench:rounds`, issue 6): 1,000 parties answering their rounds at once
// on one node. Prints durable answers per second and acknowledgement latency p50/p99, beside the
// raw record store's figures measured in the same run. Goal: at least half the raw store's
// throughput — the raw store writing the same answers (the very records, lines and ledger entries
// the court commits for them); its figure for exhibits filed (smaller commits) is printed beside.
//
// - The court (roundsBenchServer.ts): a real node on the embedded SQLite store, 500 cases of two
//   parties each, every party with its own session, one open round per case. Each party answers
//   its question, and answers again as soon as the court acknowledges (a new version), through
//   `POST /api/cases/:id/rounds/:rid/threads/:tid/answers`: authentication, the permission table,
//   validation, the round's rules, the answer's record and versions, the ledger and the timeline,
//   one durable commit, then the 201. The parties live in BENCH_CLIENT_PROCESSES processes.
// - The raw store: the same SqliteRecordStore alone, in a process of its own, with as many writers
//   as parties, each committing as soon as its last commit is durable, in pairs on one case's
//   ledger as the parties are (a ledger takes one append at a time). No HTTP, no checks: the
//   ceiling. Two series: 'raw: answers' commits what the court commits for an answer
//   (roundsBenchAnswers.ts: the answer record, its round checked, the version and audit lines, the
//   ledger entry with the text and its Merkle nodes); 'raw: filings' commits an exhibit filed (a
//   record with an index, a log item, a ledger entry: storeBenchWorkload.ts), the reference of
//   earlier runs.
// Both on temporary data folders on the same disk, removed at the end (also on error or Ctrl-C).
// Series alternate in order from round to round, so a burst of other work falls on both alike;
// figures are medians over the rounds, and the ratio is taken within each round.
//
// Not a timed test and not part of `npm test`. Environment (all optional):
//   BENCH_PARTIES=1000          parties (two per case), and raw store writers
//   BENCH_ROUNDS=3
//   BENCH_WARMUP_SECONDS=3      answers made first, not counted
//   BENCH_SECONDS=15            answers counted
//   BENCH_ANSWER_BYTES=400      length of each answer's text
//   BENCH_CLIENT_PROCESSES=2
//   BENCH_MAX_SECONDS=900       hard limit for the whole run
//   BENCH_CPU_PROFILE=dir       profile the court's main thread over each court run; prints the top
//                               functions and writes dir/rounds-<round>.cpuprofile
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fixed, machineInfo, markdownTable, median, percentile } from './benchMeasure.js';
import type { FromClient, FromServer, RunFigures, RunWindow, ToClient, ToServer } from './roundsBenchProtocol.js';
import { BenchChild } from './signallingBenchChild.js';

const env = process.env;
const PARTIES = Number(env.BENCH_PARTIES ?? 1000);
const ROUNDS = Number(env.BENCH_ROUNDS ?? 3);
const WINDOW: RunWindow = { warmupMs: Number(env.BENCH_WARMUP_SECONDS ?? 3) * 1000, windowMs: Number(env.BENCH_SECONDS ?? 15) * 1000 };
const ANSWER_BYTES = Number(env.BENCH_ANSWER_BYTES ?? 400);
const CLIENT_PROCESSES = Number(env.BENCH_CLIENT_PROCESSES ?? 2);
const MAX_SECONDS = Number(env.BENCH_MAX_SECONDS ?? 900);
const PROFILE_DIR = env.BENCH_CPU_PROFILE ? resolve(env.BENCH_CPU_PROFILE) : null;

type Series = 'raw: answers' | 'raw: filings' | 'court';
const SERIES: readonly Series[] = ['raw: answers', 'raw: filings', 'court'];
/** The series the goal is judged against. */
const REFERENCE: Series = 'raw: answers';

interface Measured {
  series: Series;
  round: number;
  figures: RunFigures;
  /** The process under test's CPU over warm-up and window, % of one core. */
  cpuPercent: number;
  /** SQLite write transactions of the raw store (its grouping). */
  transactions?: number;
  setupMs?: number;
  /** The court's store over warm-up and window: commits, their summed wait, write transactions. */
  store?: { commits: number; commitWaitMs: number; transactions: number };
}

const throughput = (f: RunFigures) => (f.acknowledged * 1000) / f.windowMs;
const folders: string[] = [];
const children = new Set<BenchChild<any, any>>();

async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'crosscourt-rounds-bench-'));
  folders.push(folder);
  return folder;
}

async function child<To extends { type: string }, From extends { type: string }>(script: string, label: string): Promise<BenchChild<To, From>> {
  const started = await BenchChild.start<To, From>(script, label);
  children.add(started);
  return started;
}

async function meter(server: BenchChild<ToServer, FromServer>) {
  return server.request({ type: 'cpu' }, 'cpu', 10_000);
}

async function measureStore(series: Exclude<Series, 'court'>, round: number): Promise<Measured> {
  const server = await child<ToServer, FromServer>('roundsBenchServer.ts', 'raw store process');
  try {
    const before = (await meter(server)).cpuMs;
    const started = performance.now();
    const shape = series === 'raw: answers' ? 'answers' : 'filings';
    const ran = await server.request({ type: 'runStore', shape, writers: PARTIES, textBytes: ANSWER_BYTES, dataDir: await tempFolder(), window: WINDOW }, 'storeRan', WINDOW.warmupMs + WINDOW.windowMs + 120_000);
    const cpuPercent = ((await meter(server)).cpuMs - before) / (performance.now() - started) * 100;
    return { series, round, figures: ran.figures, cpuPercent, transactions: ran.transactions };
  } finally {
    await server.close({ type: 'close' }, 10_000);
    children.delete(server);
  }
}

async function measureCourt(round: number): Promise<Measured> {
  const server = await child<ToServer, FromServer>('roundsBenchServer.ts', 'court process');
  const clients: Array<BenchChild<ToClient, FromClient>> = [];
  try {
    const started = await server.request({ type: 'startCourt', parties: PARTIES, dataDir: await tempFolder() }, 'courtStarted', 600_000);
    for (let i = 0; i < CLIENT_PROCESSES; i++) clients.push(await child<ToClient, FromClient>('roundsBenchClient.ts', `client process ${i + 1}`));
    if (PROFILE_DIR !== null) await server.request({ type: 'profileStart' }, 'profileStarted', 10_000);
    const before = await meter(server);
    const clock = performance.now();
    const share = (i: number) => started.parties.filter((_, index) => index % CLIENT_PROCESSES === i);
    const ran = await Promise.all(
      clients.map((client, i) =>
        client.request({ type: 'run', url: started.url, parties: share(i), window: WINDOW, textBytes: ANSWER_BYTES }, 'ran', WINDOW.warmupMs + WINDOW.windowMs + 120_000),
      ),
    );
    const after = await meter(server);
    const cpuPercent = ((after.cpuMs - before.cpuMs) / (performance.now() - clock)) * 100;
    const store = { commits: after.commits - before.commits, commitWaitMs: after.commitWaitMs - before.commitWaitMs, transactions: after.transactions - before.transactions };
    if (PROFILE_DIR !== null) {
      mkdirSync(PROFILE_DIR, { recursive: true });
      const path = join(PROFILE_DIR, `rounds-${round}.cpuprofile`);
      const { summary } = await server.request({ type: 'profileStop', path }, 'profileStopped', 60_000);
      console.log(`  court's main thread (profiled, ${path}): ${fixed(summary.busyMs)} ms busy. Self:\n${summary.self.map(([name, ms]) => `    ${fixed(ms).padStart(6)} ms  ${name}`).join('\n')}\n  Inclusive:\n${summary.inclusive.map(([name, ms]) => `    ${fixed(ms).padStart(6)} ms  ${name}`).join('\n')}`);
    }
    const figures: RunFigures = {
      acknowledged: ran.reduce((sum, r) => sum + r.figures.acknowledged, 0),
      failed: ran.reduce((sum, r) => sum + r.figures.failed, 0),
      latencies: ran.flatMap((r) => r.figures.latencies),
      windowMs: WINDOW.windowMs,
      ...(ran.find((r) => r.figures.firstFailure)?.figures.firstFailure === undefined ? {} : { firstFailure: ran.find((r) => r.figures.firstFailure)!.figures.firstFailure! }),
    };
    return { series: 'court', round, figures, cpuPercent, setupMs: started.setupMs, store };
  } finally {
    for (const client of clients) {
      await client.close({ type: 'close' }, 5_000);
      children.delete(client);
    }
    await server.close({ type: 'close' }, 30_000);
    children.delete(server);
  }
}

function describe(m: Measured): string {
  const f = m.figures;
  const extra =
    m.store === undefined
      ? `, ${fixed((m.transactions ?? 0) / Math.max(1, f.acknowledged), 3)} transactions per commit`
      : `, ${m.store.commits} store commits (wait ${fixed(m.store.commitWaitMs / Math.max(1, m.store.commits), 1)} ms each) in ${m.store.transactions} transactions, set-up ${fixed((m.setupMs ?? 0) / 1000, 1)} s`;
  const failure = f.failed > 0 ? `, ${f.failed} FAILED (first: ${f.firstFailure})` : '';
  return `${fixed(throughput(f))} durable answers/s, ack p50/p99 ${fixed(percentile(f.latencies, 50), 1)}/${fixed(percentile(f.latencies, 99), 1)} ms, CPU ${fixed(m.cpuPercent)} % of a core${extra}${failure}`;
}

function commitLabel(): string {
  try {
    const head = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    const dirty = execSync('git status --porcelain -- server test/bench', { encoding: 'utf8' }).trim().length > 0;
    return dirty ? `${head} with uncommitted changes` : head;
  } catch {
    return 'unknown';
  }
}

async function main(): Promise<void> {
  const info = machineInfo();
  const began = performance.now();
  console.log(`# Round benchmark — ${info.cpuModel}, ${info.cores} cores, ${info.os}, Node ${info.node}, ${info.date}`);
  console.log(`${PARTIES} parties (${Math.ceil(PARTIES / 2)} cases of two), ${ANSWER_BYTES}-character answers, ${WINDOW.warmupMs / 1000} s warm-up, ${WINDOW.windowMs / 1000} s counted, ${ROUNDS} rounds, ${CLIENT_PROCESSES} client processes; commit ${commitLabel()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
  const measured: Measured[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    // Each round starts one series later, so that no series always runs first or last.
    const order = SERIES.map((_, i) => SERIES[(i + round - 1) % SERIES.length]!);
    for (const series of order) {
      if ((performance.now() - began) / 1000 > MAX_SECONDS) throw new Error(`gave up after ${MAX_SECONDS} s (BENCH_MAX_SECONDS)`);
      const m = series === 'court' ? await measureCourt(round) : await measureStore(series, round);
      measured.push(m);
      console.log(`round ${round} ${series.padEnd(12)}: ${describe(m)}`);
    }
  }
  const of = (series: Series) => measured.filter((m) => m.series === series);
  const rows = SERIES.map((series) => {
    const ms = of(series);
    return [
      series,
      fixed(median(ms.map((m) => throughput(m.figures)))),
      fixed(median(ms.map((m) => percentile(m.figures.latencies, 50))), 1),
      fixed(median(ms.map((m) => percentile(m.figures.latencies, 99))), 1),
      fixed(median(ms.map((m) => m.cpuPercent))),
      String(ms.reduce((sum, m) => sum + m.figures.failed, 0)),
    ];
  });
  console.log(`\nMedians over the rounds (${PARTIES} concurrent writers; an answer counts once it is acknowledged as durable):\n`);
  console.log(markdownTable(['series', 'durable answers/s', 'ack p50 ms', 'ack p99 ms', 'CPU % of a core', 'failed'], rows));
  const ratiosTo = (raw: Series) => of('court').map((court) => throughput(court.figures) / throughput(of(raw).find((m) => m.round === court.round)!.figures));
  const failed = measured.some((m) => m.figures.failed > 0);
  for (const raw of ['raw: answers', 'raw: filings'] as const) {
    const ratios = ratiosTo(raw);
    console.log(`\nCourt ÷ ${raw} throughput, within each round: ${ratios.map((r) => `×${fixed(r, 2)}`).join(', ')}; median ×${fixed(median(ratios), 2)}.`);
  }
  const ratio = median(ratiosTo(REFERENCE));
  console.log(`\n${ratio >= 0.5 && !failed ? 'MET' : 'MISSED'}: goal at least ×0.50 of the raw store's throughput writing the same answers (${REFERENCE})${failed ? ', with no failed answer' : ''}.`);
  console.log(`The run took ${fixed((performance.now() - began) / 1000)} s; load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
}

async function cleanUp(): Promise<void> {
  await Promise.all([...children].map((c) => c.kill()));
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
}

process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
main()
  .then(cleanUp)
  .catch(async (error: unknown) => {
    console.error(error);
    await cleanUp();
    process.exitCode = 1;
  });
