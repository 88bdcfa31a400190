// Document benchmark (`npm run bench:docs`): real y-websocket WebsocketProviders editing court
// documents together — 50 then 200 clients in one document, and 1,000 documents with 2 clients
// each — against the court's document sync, and the same clients, load and rounds against the
// reference: the y-websocket 2.1 package's own server utilities (bin/utils.cjs), which store
// nothing and check nothing. Goal (the issue's): fan-out latency no more than 1.2× the
// reference's, while the court checks every connection against the permission table and commits
// every edit to the record store before relaying it.
//
// What is timed: the fan-out latency of an edit, from the moment a client makes it (a short text
// insert at the end of its own paragraph in the document's `body:<lang>` fragment, stamped with
// the machine's monotonic clock) to the moment each other client of the document has it in its
// Y.Doc (the provider's update event), p50 and p99 over every delivery expected; a delivery that
// never came within the drain time counts as slower than all. Each client edits once every
// BENCH_EDIT_INTERVAL_MS at its own phase (the same phases for both servers in a round), but one
// document takes at most BENCH_DOCUMENT_RATE edits a second in all: 200 clients in one document
// edit once every 4 s each. (Every edit reaches every other client: 200 clients at one edit a
// second each would be 40,000 deliveries a second, more than the clients alone, which apply each
// one to a real Y.Doc, can do on this machine's two cores beside the server.) The first
// BENCH_WARMUP_SECONDS of edits are not counted, then BENCH_SECONDS are.
//
// Set-up, before any clock: the court gets, per document, a case, its parties (claimants,
// respondents, counsel: the roles that write agreed facts) with a session each, and the agreed
// facts document opened through the REST API; each client connects with its party's token. Both
// servers: every client connects and syncs, then adds its own paragraph, and all have seen all
// paragraphs before the edits start.
//
// Processes: this one only measures and keeps time. The server under test runs in a process of
// its own, a fresh one per run (docsBenchServer.ts): its CPU (process.cpuUsage, all its threads),
// event-loop utilisation, heap (after a full collection) and, for the court, its store commits
// and how long each stored batch of edits waited for its commit come from it over IPC,
// its resident set from /proc. The clients live in BENCH_CLIENT_PROCESSES processes
// (docsBenchClient.ts); client i of the run goes to process i mod k, so the two clients of a
// small document are in different processes. Not a timed test and not part of `npm test`: the
// machine is shared and noisy, so each load runs in several rounds (the servers' order
// alternating) and the tables show medians; ratios are taken within a round. Other work on the
// machine is measured over every window and printed.
//
// Environment (all optional):
//   BENCH_LOADS=1x50,1x200,1000x2  documents × clients per document, run in this order
//   BENCH_SERVERS=reference,court
//   BENCH_ROUNDS=3
//   BENCH_EDIT_INTERVAL_MS=1000    each client makes one edit this often…
//   BENCH_DOCUMENT_RATE=50         …or less often, so that one document takes at most this many
//                                  edits a second (0: no limit)
//   BENCH_WARMUP_SECONDS=3         edits made first, not counted
//   BENCH_SECONDS=20               edits counted, and the window of the CPU figures
//   BENCH_DRAIN_SECONDS=10         after the last edit, how long to wait for the deliveries still due
//   BENCH_CLIENT_PROCESSES=2
//   BENCH_CPU_PROFILE=dir          profile the court's process over every court window; prints the
//                                  top functions and writes dir/docs-<run>-<load>.cpuprofile
//   BENCH_QUIET_WAIT_SECONDS=60    wait this long at most for other work on the machine to end…
//   BENCH_RUN_QUIET_WAIT_SECONDS=30 …and before each run, this long
//   BENCH_NOISE_LIMIT=25           % of a core of other work that counts as busy
//   BENCH_MAX_SECONDS=2400         hard limit for the whole run (after the wait for quiet)
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixed, machineCpuMs, machineInfo, processCpuMs } from './benchMeasure.js';
import { difference, merge } from './docsBenchLatency.js';
import { nowMs, type ClientSpec, type FromClient, type FromServer, type Load, type ProfileSummary, type ServerKind, type ServerMeter, type ToClient, type ToServer } from './docsBenchProtocol.js';
import { clientsOf, detailTable, loadName, mainTable, ratioTable, roundLine, type RunResult, type Summary } from './docsBenchReport.js';
import { BenchChild } from './signallingBenchChild.js';

interface BenchConfig {
  loads: Load[];
  servers: ServerKind[];
  rounds: number;
  intervalMs: number;
  documentRate: number;
  warmupMs: number;
  windowMs: number;
  drainMs: number;
  clientProcesses: number;
  profileDir: string | null;
  quietWaitMs: number;
  runQuietWaitMs: number;
  noiseLimit: number;
  maxMs: number;
}

function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${raw}: a whole number from ${min} to ${max}`);
    return value;
  };
  const loadsText = env.BENCH_LOADS || '1x50,1x200,1000x2';
  const loads = loadsText.split(',').map((item) => {
    const match = /^\s*(\d+)\s*x\s*(\d+)\s*$/.exec(item);
    const documents = Number(match?.[1]);
    const clientsPerDocument = Number(match?.[2]);
    if (!match || documents < 1 || clientsPerDocument < 2 || documents * clientsPerDocument > 5000) {
      throw new Error(`BENCH_LOADS=${loadsText}: a comma-separated list of <documents>x<clients per document> (at least 2 clients each, at most 5000 clients), e.g. 1x50,1000x2`);
    }
    return { documents, clientsPerDocument };
  });
  const serversText = env.BENCH_SERVERS || 'reference,court';
  const servers = serversText.split(',').map((s) => s.trim()) as ServerKind[];
  if (servers.some((s) => s !== 'reference' && s !== 'court')) throw new Error(`BENCH_SERVERS=${serversText}: reference, court or both`);
  return {
    loads,
    servers,
    rounds: int('BENCH_ROUNDS', 3, 1, 20),
    intervalMs: int('BENCH_EDIT_INTERVAL_MS', 1000, 20, 60_000),
    documentRate: int('BENCH_DOCUMENT_RATE', 50, 0, 100_000),
    warmupMs: int('BENCH_WARMUP_SECONDS', 3, 0, 120) * 1000,
    windowMs: int('BENCH_SECONDS', 20, 2, 600) * 1000,
    drainMs: int('BENCH_DRAIN_SECONDS', 10, 1, 600) * 1000,
    clientProcesses: int('BENCH_CLIENT_PROCESSES', 2, 1, 8),
    profileDir: env.BENCH_CPU_PROFILE ? resolve(env.BENCH_CPU_PROFILE) : null,
    quietWaitMs: int('BENCH_QUIET_WAIT_SECONDS', 60, 0, 600) * 1000,
    runQuietWaitMs: int('BENCH_RUN_QUIET_WAIT_SECONDS', 30, 0, 600) * 1000,
    noiseLimit: int('BENCH_NOISE_LIMIT', 25, 1, 1000),
    maxMs: int('BENCH_MAX_SECONDS', 2400, 30, 14_400) * 1000,
  };
}

/** How often each client of a load edits: the configured interval, or longer to keep one document within BENCH_DOCUMENT_RATE. */
function editIntervalMs(config: BenchConfig, load: Load): number {
  return config.documentRate === 0 ? config.intervalMs : Math.max(config.intervalMs, Math.ceil((1000 * load.clientsPerDocument) / config.documentRate));
}

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sleepUntil = (atMs: number) => sleep(Math.max(0, atMs - nowMs()));

/** Temporary folders of the run in progress, removed however the run ends. */
const leftovers = new Set<string>();
function removeLeftovers(): void {
  for (const path of leftovers) rmSync(path, { recursive: true, force: true });
  leftovers.clear();
}

/** Resident set of a process in bytes, from /proc; 0 once it is gone. */
function processRssBytes(pid: number): number {
  try {
    const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kB === undefined ? 0 : Number(kB) * 1024;
  } catch {
    return 0;
  }
}

type ClientProcess = BenchChild<ToClient, FromClient>;
type ServerProcess = BenchChild<ToServer, FromServer>;

const clientsCpu = (clients: ClientProcess[]) => clients.reduce((sum, c) => sum + (processCpuMs(c.pid) ?? 0), 0);

/** The server's own meter; only CPU, from /proc, when it is too busy to answer. */
async function readMeter(server: ServerProcess, answerWithinMs: number): Promise<ServerMeter> {
  try {
    return (await server.request({ type: 'meter' }, 'meter', answerWithinMs)).meter;
  } catch {
    return { cpuMs: processCpuMs(server.pid) ?? NaN, loopActiveMs: NaN, loopIdleMs: NaN, storeCommits: NaN, storeTransactions: NaN, storedBatches: NaN, storeWait: {} };
  }
}

interface RunSpec {
  server: ServerKind;
  load: Load;
  round: number;
}

async function runOnce(config: BenchConfig, clients: ClientProcess[], spec: RunSpec, runNumber: number, living: Set<ServerProcess>): Promise<RunResult> {
  const { load } = spec;
  const dataDir = spec.server === 'court' ? mkdtempSync(join(tmpdir(), 'crosscourt-docs-bench-')) : null;
  if (dataDir !== null) leftovers.add(dataDir);
  const server: ServerProcess = await BenchChild.start<ToServer, FromServer>('docsBenchServer.ts', `${spec.server} server`);
  living.add(server);
  try {
    const sut = await server.request({ type: 'start', kind: spec.server, load, dataDir }, 'started', 600_000);
    const { heapUsed: heapBefore, rss: rssBefore } = await server.request({ type: 'memory' }, 'memory', 30_000);

    // Client i of the run (document d, place j: i = d × n + j) goes to process i mod k.
    const k = clients.length;
    const shares: ClientSpec[][] = clients.map(() => []);
    sut.documents.forEach((document, d) =>
      document.tokens.forEach((token, j) => {
        const clientIndex = d * load.clientsPerDocument + j;
        shares[clientIndex % k]!.push({ clientIndex, documentIndex: d, documentId: document.documentId, language: document.language, token });
      }),
    );
    const connectStarted = nowMs();
    await Promise.all(clients.map((c, i) => c.request({ type: 'connect', url: sut.url, clients: shares[i]!, concurrency: 25, timeoutMs: 60_000 }, 'connected', 600_000)));
    const connectAllMs = nowMs() - connectStarted;
    await Promise.all(clients.map((c) => c.request({ type: 'prepare', paragraphs: load.clientsPerDocument, timeoutMs: 120_000 }, 'prepared', 180_000)));
    const heapConnected = (await server.request({ type: 'memory' }, 'memory', 30_000)).heapUsed;
    // What the server spends holding the connections, doing nothing (shown beside the window's CPU).
    const idleStarted = nowMs();
    const idle0 = (await readMeter(server, 5_000)).cpuMs;
    await sleep(1000);
    const idleCpuShare = ((await readMeter(server, 5_000)).cpuMs - idle0) / (nowMs() - idleStarted);

    // ---- the edits: a warm-up, then the counted window
    const startAtMs = nowMs() + 300;
    const windowStartMs = startAtMs + config.warmupMs;
    const windowEndMs = windowStartMs + config.windowMs;
    for (const c of clients) c.send({ type: 'go', startAtMs, windowStartMs, windowEndMs, intervalMs: editIntervalMs(config, load), seed: 7919 * (spec.round + 1) + clientsOf(load) });
    let rssPeak = 0;
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, processRssBytes(server.pid))), 100);
    await sleepUntil(windowStartMs);
    if (config.profileDir !== null && spec.server === 'court') await server.request({ type: 'profileStart' }, 'profileStarted', 10_000);
    const meter0 = await readMeter(server, 2_000);
    const clientsCpu0 = clientsCpu(clients);
    const machine0 = machineCpuMs();
    const from = nowMs();
    await sleepUntil(windowEndMs);
    const meter1 = await readMeter(server, 2_000);
    const windowMs = nowMs() - from;
    const clientsCpuMs = clientsCpu(clients) - clientsCpu0;
    const machine1 = machineCpuMs();
    let profile: ProfileSummary | undefined;
    if (config.profileDir !== null && spec.server === 'court') {
      mkdirSync(config.profileDir, { recursive: true });
      const path = join(config.profileDir, `docs-${runNumber}-${load.documents}x${load.clientsPerDocument}.cpuprofile`);
      profile = (await server.request({ type: 'profileStop', path }, 'profileStopped', 60_000).catch(() => undefined))?.summary;
      if (profile) printProfile(path, profile);
    }

    // ---- the deliveries still due
    const drainLimit = windowEndMs + config.drainMs;
    let progress = await Promise.all(clients.map((c) => c.request({ type: 'progress' }, 'progress', 30_000)));
    const expectedOf = () => {
      const sentByDocument = new Map<number, number>();
      for (const { progress: p } of progress) for (const [d, n] of Object.entries(p.sentByDocument)) sentByDocument.set(Number(d), (sentByDocument.get(Number(d)) ?? 0) + n);
      let edits = 0;
      for (const n of sentByDocument.values()) edits += n;
      return { edits, expected: edits * (load.clientsPerDocument - 1), seen: progress.reduce((sum, { progress: p }) => sum + p.seen, 0) };
    };
    while (expectedOf().seen < expectedOf().expected && nowMs() < drainLimit) {
      await sleep(100);
      progress = await Promise.all(clients.map((c) => c.request({ type: 'progress' }, 'progress', 30_000)));
    }
    const drainMs = nowMs() - windowEndMs;
    clearInterval(sampler);
    const heapAfter = (await server.request({ type: 'memory' }, 'memory', 60_000).catch(() => undefined))?.heapUsed ?? NaN;
    const reports = (await Promise.all(clients.map((c) => c.request({ type: 'report' }, 'report', 60_000)))).map((r) => r.report);
    const { edits, expected } = expectedOf();
    const troubles: Record<string, number> = {};
    for (const r of reports) for (const [what, n] of Object.entries(r.troubles)) troubles[what] = (troubles[what] ?? 0) + n;
    const MiB = (bytes: number) => bytes / 2 ** 20;
    return {
      server: spec.server,
      load,
      round: spec.round,
      intervalMs: editIntervalMs(config, load),
      edits,
      expected,
      delivered: reports.reduce((sum, r) => sum + r.seen, 0),
      drainMs,
      latency: merge(reports.map((r) => r.latency)),
      windowMs,
      serverCpuMs: meter1.cpuMs - meter0.cpuMs,
      idleCpuShare,
      loopBusyShare: (meter1.loopActiveMs - meter0.loopActiveMs) / (meter1.loopActiveMs - meter0.loopActiveMs + meter1.loopIdleMs - meter0.loopIdleMs),
      storeCommits: meter1.storeCommits - meter0.storeCommits,
      storeTransactions: meter1.storeTransactions - meter0.storeTransactions,
      storedBatches: meter1.storedBatches - meter0.storedBatches,
      storeWait: difference(meter1.storeWait, meter0.storeWait),
      clientsCpuMs,
      machineBusyMs: machine1.busy - machine0.busy,
      rssBeforeMiB: MiB(rssBefore),
      rssPeakMiB: MiB(rssPeak),
      heapConnectedMiB: MiB(heapConnected - heapBefore),
      heapAfterMiB: MiB(heapAfter - heapBefore),
      connectAllMs,
      setupMs: sut.setupMs,
      lateEdits: reports.reduce((sum, r) => sum + r.lateEdits, 0),
      troubles,
    };
  } finally {
    await Promise.all(clients.map((c) => c.request({ type: 'reset' }, 'reset', 60_000)));
    await server.close({ type: 'close' }, 20_000);
    living.delete(server);
    removeLeftovers();
  }
}

/** The commit measured, and whether the server's code differs from it in the working tree. */
function codeVersion(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'server'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return changed === '' ? `commit ${commit}` : `commit ${commit} with uncommitted changes to server/`;
  } catch {
    return 'not a git checkout';
  }
}

/** CPU the machine spends on other work, in % of a core, over a short sample. */
async function otherWork(sampleMs: number): Promise<number> {
  const before = machineCpuMs().busy;
  await sleep(sampleMs);
  return (100 * (machineCpuMs().busy - before)) / sampleMs;
}

/** A shared machine: give other work some time to finish before starting, then go anyway. */
async function waitForQuiet(config: BenchConfig, waitMs: number, sampleMs: number, always: boolean): Promise<void> {
  let other = await otherWork(sampleMs);
  const busy = other > config.noiseLimit && waitMs > 0;
  if (busy) {
    console.log(`the machine is busy with other work (${fixed(other)} % of a core); waiting up to ${waitMs / 1000} s for it to end`);
    const until = nowMs() + waitMs;
    while (other > config.noiseLimit && nowMs() < until) other = await otherWork(sampleMs);
  }
  if (busy || always) console.log(`other work on the machine: ${fixed(other)} % of a core; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}${always ? '\n' : ''}`);
}

function printProfile(path: string, summary: ProfileSummary): void {
  console.log(`\n  CPU profile of the court's main thread over the window (${path}): ${fixed(summary.busyMs)} ms busy. Self time:`);
  for (const [fn, t] of summary.self) console.log(`    ${fixed(t).padStart(6)} ms  ${fn}`);
  console.log('  Inclusive (what the function and its callees took):');
  for (const [fn, t] of summary.inclusive) console.log(`    ${fixed(t).padStart(6)} ms  ${fn}`);
  console.log('');
}

async function main(): Promise<void> {
  const config = readConfig(process.env);
  const machine = machineInfo();
  console.log(
    `# Document benchmark — ${machine.cpuModel}, ${machine.cores} cores, ${machine.os}, Node ${machine.node}, ${machine.date}\n` +
      `loads: ${config.loads.map((load) => `${loadName(load)}, each client editing every ${editIntervalMs(config, load)} ms`).join('; ')}; ` +
      `${config.warmupMs / 1000} s warm-up, ${config.windowMs / 1000} s counted; ` +
      `${config.rounds} rounds; ${config.clientProcesses} client processes; ${codeVersion()}`,
  );

  const clients: ClientProcess[] = [];
  const living = new Set<ServerProcess>();
  const killAll = () => {
    for (const child of [...clients, ...living]) void child.kill();
    removeLeftovers();
  };
  let watchdog: NodeJS.Timeout | undefined;
  const interrupt = (code: number) => () => {
    killAll();
    process.exit(code);
  };
  process.once('SIGINT', interrupt(130));
  process.once('SIGTERM', interrupt(143));

  try {
    for (let i = 0; i < config.clientProcesses; i++) clients.push(await BenchChild.start<ToClient, FromClient>('docsBenchClient.ts', `client process ${i + 1}`));
    await waitForQuiet(config, config.quietWaitMs, 2000, true);
    const startedAt = nowMs();
    watchdog = setTimeout(() => {
      console.error(`docs bench: still running after ${config.maxMs / 1000} s (BENCH_MAX_SECONDS); giving up`);
      killAll();
      process.exit(2);
    }, config.maxMs);
    console.log(`client processes ${clients.map((c) => c.pid).join(', ')}; a server process per run\n`);

    const results: RunResult[] = [];
    let runNumber = 0;
    for (let round = 0; round < config.rounds; round++) {
      for (const load of config.loads) {
        const order = round % 2 === 0 ? config.servers : [...config.servers].reverse();
        for (const server of order) {
          await waitForQuiet(config, config.runQuietWaitMs, 1000, false);
          const result = await runOnce(config, clients, { server, load, round }, ++runNumber, living);
          results.push(result);
          console.log(roundLine(result));
        }
      }
    }

    const summaries: Summary[] = [];
    for (const load of config.loads) {
      for (const server of config.servers) {
        const rounds = results.filter((r) => r.load === load && r.server === server);
        if (rounds.length > 0) summaries.push({ server, load, rounds });
      }
    }
    if (config.profileDir !== null) console.log(`\nThe court was profiled over its windows (BENCH_CPU_PROFILE): its figures include the profiler's own cost; compare them with the reference's only from a run without it.`);
    console.log(`\nMedians over the rounds (fan-out: an edit made → seen by each other client of the document; CPU over the ${config.windowMs / 1000} s window):\n`);
    console.log(mainTable(summaries));
    const pairs = summaries.flatMap((court) => {
      if (court.server !== 'court') return [];
      const reference = summaries.find((r) => r.server === 'reference' && r.load === court.load);
      return reference ? [{ court, reference }] : [];
    });
    if (pairs.length > 0) {
      const { table, verdicts } = ratioTable(pairs);
      console.log(`\nCourt ÷ reference (each ratio within a round, then the median):\n`);
      console.log(table);
      console.log('');
      for (const v of verdicts) console.log(`${v.met === undefined ? '?' : v.met ? 'MET   ' : 'MISSED'} ${v.line}`);
    }
    console.log(`\nDetails (medians):\n`);
    console.log(detailTable(summaries));
    console.log(`\nThe run took ${((nowMs() - startedAt) / 1000).toFixed(0)} s; load average now ${loadavg().map((l) => l.toFixed(1)).join(' ')}.`);
    for (const c of clients) await c.close({ type: 'close' }, 5_000);
  } finally {
    clearTimeout(watchdog);
    killAll();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
