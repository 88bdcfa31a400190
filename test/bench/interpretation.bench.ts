// Interpretation benchmark (`npm run bench:interpretation`, issue 5's Benchmark): a hearing of 10
// participants on ONE mediasoup worker (microphone and camera each, everyone consuming everyone),
// then the same hearing with 4 language channels served by 8 interpreters (two per pair, in
// booths) and 8 of the participants listening to them, then the same again with the official
// recording of every channel running. Each round measures the three in turn, in the same run:
//   A  without interpretation      consumers, worker CPU
//   B  with interpretation         consumers (and whose), worker CPU, the consumers B adds to A
//   C  B with recording running    worker CPU, ffmpeg CPU: what recording every channel costs
// and prints the medians over the rounds with two goal lines (MET / MISSED):
//   interpretation adds no more consumers than listeners × 1 per channel;
//   recording every channel costs under one core.
//
// Not a timed test and not part of `npm test`. The machine is shared: the report gives the load
// average and the CPU that other work took during each window. Everything runs on 127.0.0.1,
// every wait is bounded, and the process exits by itself.
//
// Processes: this one runs the CrossCourt server (its mediasoup worker and the recording's ffmpeg
// processes are children of it) and measures; the participants live in BENCH_CLIENT_PROCESSES
// client processes (interpretationBenchClient.ts). A window in which any stream carried nothing
// (starved clients) is measured again.
//
// Environment (all optional):
//   BENCH_ROUNDS=3              rounds of A, B and C (medians over them)
//   BENCH_SECONDS=10            length of each measurement window
//   BENCH_VIDEO=320x180@5       the participants' cameras (WIDTHxHEIGHT@FPS), or "off"
//   BENCH_CLIENT_PROCESSES=2    processes hosting the participants (round-robin)
//   BENCH_CLIENT_NICE=0         nice value of those processes. Not 10 as in bench:media: on this
//                               shared machine, other work at nice 0 starved niced clients until
//                               they sent nothing (seen: windows of 0 packets/s)
//   BENCH_MAX_MINUTES=15        hard limit for the whole run
import { loadavg } from 'node:os';
import { startTestCourt, watchConsumers } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';
import { machineCpuMs, machineInfo, processCpuMs } from './benchMeasure.js';
import { loadGeneratorWrapper, sleep } from './mediaBenchMeasurer.js';
import type { FromClient, SyntheticVideo, ToClient } from './interpretationBenchProtocol.js';
import { goalLines, roundLine, summaryTable, type CpuFigures, type RoundResult, type RtpCounts, type Scenario } from './interpretationBenchReport.js';
import type { HearingRoom } from '../../media/HearingRoom.js';
import { BenchChild } from './signallingBenchChild.js';

type Client = BenchChild<ToClient, FromClient>;

const FLOOR_LANGUAGE = 'en';
const CHANNELS = ['zh', 'fr', 'es', 'ar'] as const;
const FLOOR_PARTIES = 9; // and the judge: 10 participants
const LISTENERS_PER_CHANNEL = 2;

interface BenchConfig {
  rounds: number;
  windowMs: number;
  video: SyntheticVideo | null;
  clientProcesses: number;
  clientNice: number;
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
  const videoSpec = env.BENCH_VIDEO || '320x180@5';
  let video: SyntheticVideo | null = null;
  if (videoSpec !== 'off') {
    const match = /^(\d+)x(\d+)@(\d+)$/.exec(videoSpec);
    const [width, height, fps] = (match?.slice(1).map(Number) ?? []) as number[];
    if (!match || width! % 2 || height! % 2 || width! < 16 || height! < 16 || fps! < 1 || fps! > 30) {
      throw new Error(`BENCH_VIDEO=${videoSpec}: WIDTHxHEIGHT@FPS with even sizes ≥ 16 and 1–30 fps (e.g. 320x180@5), or "off"`);
    }
    video = { width: width!, height: height!, fps: fps! };
  }
  return {
    rounds: int('BENCH_ROUNDS', 3, 1, 20),
    windowMs: int('BENCH_SECONDS', 10, 2, 120) * 1000,
    video,
    clientProcesses: int('BENCH_CLIENT_PROCESSES', 2, 1, 8),
    clientNice: int('BENCH_CLIENT_NICE', 0, 0, 19),
    maxMs: int('BENCH_MAX_MINUTES', 15, 1, 120) * 60_000,
  };
}

interface Person {
  name: string;
  participantId: string;
  token: string;
  client: Client;
}

interface Interpreter extends Person {
  channel: string;
  /** The first of a booth to come: the one its channel's listeners hear. */
  active: boolean;
}

async function main(): Promise<number> {
  const config = readConfig(process.env);
  const started = performance.now();
  const machine = machineInfo();
  const kinds = config.video ? 2 : 1;
  const { video } = config;
  console.log(
    `interpretation benchmark: ${FLOOR_PARTIES + 1} participants (microphone${video ? `, camera ${video.width}x${video.height}@${video.fps}` : ''}), ` +
      `${CHANNELS.length} language channels (${CHANNELS.join(', ')} from ${FLOOR_LANGUAGE}), ${CHANNELS.length * 2} interpreters; ` +
      `${config.rounds} rounds × ${config.windowMs / 1000} s windows; ${config.clientProcesses} client processes at nice ${config.clientNice}`,
  );
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}; load average ${loadText()}`);

  const court = await startTestCourt({ MEDIA_WORKERS: '1' });
  const consumers = watchConsumers(court);
  const clients: Client[] = [];
  const abandon = (code: number) => {
    for (const client of clients) void client.kill();
    process.exit(code);
  };
  const watchdog = setTimeout(() => {
    console.error(`interpretation benchmark: still running after ${config.maxMs / 60_000} min (BENCH_MAX_MINUTES); giving up`);
    abandon(2);
  }, config.maxMs);
  process.once('SIGINT', () => abandon(130));
  process.once('SIGTERM', () => abandon(143));

  const rounds: RoundResult[] = [];
  let remeasured = 0;
  let starved = 0;
  const loadBefore = loadavg()[0]!;
  try {
    for (let i = 0; i < config.clientProcesses; i++) {
      clients.push(await BenchChild.start<ToClient, FromClient>('interpretationBenchClient.ts', `client process ${i + 1}`, loadGeneratorWrapper(config.clientNice)));
    }
    const worker = court.pool.workers[0]!.worker;
    const hearing = await HearingCase.open(court);
    const room = () => {
      const opened = court.rooms.get(hearing.hearingId);
      if (!opened) throw new Error('the hearing room is not open');
      return opened;
    };
    const clientPids = clients.map((c) => c.pid);
    console.log(`server ${court.url}; worker pid ${worker.pid}; client pids ${clientPids.join(', ')}\n`);

    // The people: the judge and 9 parties on the floor, 8 of whom listen to a channel in B and C;
    // two interpreters per channel, all assigned en ⇄ the channel's language on the case record.
    const roles = ['claimant', 'respondent', 'witness'] as const;
    const floor: Person[] = [{ name: 'Judge', participantId: hearing.presidingId, token: await hearing.judgePass(), client: clients[0]! }];
    for (let i = 1; i <= FLOOR_PARTIES; i++) {
      const { participantId, token } = await hearing.participant(`party ${i}`, roles[i % roles.length]);
      floor.push({ name: `party ${i}`, participantId, token, client: clients[i % clients.length]! });
    }
    const listeners = floor.slice(1, 1 + CHANNELS.length * LISTENERS_PER_CHANNEL).map((person, i) => ({ person, channel: CHANNELS[i % CHANNELS.length]! }));
    const interpreters: Interpreter[] = [];
    for (const [c, channel] of CHANNELS.entries()) {
      for (const booth of [0, 1]) {
        const name = `interpreter ${channel}${booth + 1}`;
        const { participantId, token } = await hearing.participant(name, 'interpreter', { languagePair: { from: FLOOR_LANGUAGE, to: channel } });
        interpreters.push({ name, participantId, token, client: clients[(c * 2 + booth) % clients.length]!, channel, active: booth === 0 });
      }
    }

    const floorIds = floor.map((p) => p.participantId);
    const everyoneIds = [...floorIds, ...interpreters.map((i) => i.participantId)];

    /**
     * A window in which some producer or consumer carried no packet measured a hearing that was not
     * running (the client processes were starved by other work on the machine): measured again, up
     * to twice, and counted.
     */
    const fullWindow = async <T extends { silent: number }>(label: string, window: () => Promise<T>): Promise<T> => {
      for (let attempt = 1; ; attempt++) {
        const result = await window();
        if (result.silent === 0 || attempt === 3) {
          if (result.silent > 0) console.log(`  ${label}: ${result.silent} streams still carried nothing; kept, and counted as starved`);
          starved += result.silent > 0 ? 1 : 0;
          return result;
        }
        remeasured++;
        console.log(`  ${label}: ${result.silent} producers or consumers carried no packet (the clients were starved by other work); measuring again`);
        await sleep(3000);
      }
    };
    const join = async (person: Person, sending: Extract<ToClient, { type: 'join' }>['sending'], speaking: boolean) => {
      if (person.participantId !== hearing.presidingId) await hearing.preAdmit(person.participantId);
      const { participantId } = await person.client.request({ type: 'join', url: court.url, hearingId: hearing.hearingId, token: person.token, sending, speaking }, 'joined', 60_000);
      if (participantId !== person.participantId) throw new Error(`${person.name} joined as ${participantId}`);
    };
    /** Until the server holds `expected` participant consumers and every client has finished consuming. */
    const settle = async (expected: number, what: string) => {
      const deadline = performance.now() + 30_000 + expected * 200;
      for (;;) {
        const counts = await Promise.all(clients.map((c) => c.request({ type: 'count' }, 'count', 10_000)));
        const failed = counts.reduce((n, c) => n + c.failed, 0);
        if (failed > 0) throw new Error(`${failed} consumers could not be created (the clients' errors are above)`);
        const pending = counts.reduce((n, c) => n + c.pending, 0);
        if (room().consumerCount === expected && pending === 0) return;
        if (performance.now() > deadline) throw new Error(`${what}: ${room().consumerCount} of ${expected} consumers on the server, ${pending} still being made`);
        await sleep(250);
      }
    };

    // The floor comes once and stays: A of every round is the same hearing.
    for (const [i, person] of floor.entries()) await join(person, { kind: 'floor', video }, i === 0);
    const floorOnly = floor.length * (floor.length - 1) * kinds;
    await settle(floorOnly, 'the floor');

    for (let round = 1; round <= config.rounds; round++) {
      // A: without interpretation (nobody interprets, everyone hears the floor).
      await sleep(2000);
      const { restarted: _a, silent: _sa, ...a } = await fullWindow('A', () => measure(config.windowMs, worker.pid, clientPids, () => rtpSnapshot(room(), floorIds)));
      const without: Scenario = { consumers: room().consumerCount, ...a };

      // B: the interpreters come (a booth's first is active: the same one every round), the
      // listeners choose their channels.
      for (const interpreter of interpreters) await join(interpreter, { kind: 'interpretation', language: interpreter.channel }, interpreter.active);
      for (const { person, channel } of listeners) await person.client.request({ type: 'listen', participantId: person.participantId, channel }, 'listened', 10_000);
      const voices = interpreters.length * 1 + listeners.length; // each interpreter hears the partner; each listener one voice
      const interpretersHearingFloor = interpreters.length * floor.length * kinds;
      await settle(floorOnly + interpretersHearingFloor + voices, 'with interpretation');
      await sleep(2000);
      const voiceIds = new Map(interpreters.map((i) => [room().producerIdFor(i.participantId, 'interpretation')!, i]));
      const interpreterIds = new Set(interpreters.map((i) => i.participantId));
      const voiceConsumers = [...consumers].filter((c) => !c.closed && voiceIds.has(c.producerId) && typeof c.appData.participantId === 'string');
      const listenersOf = (interpreter: Interpreter) => (interpreter.active ? listeners.filter((l) => l.channel === interpreter.channel).length : 0);
      const withinBound = [...voiceIds].every(([producerId, interpreter]) => voiceConsumers.filter((c) => c.producerId === producerId).length <= listenersOf(interpreter) + 1);
      const { restarted: _b, silent: _sb, ...b } = await fullWindow('B', () => measure(config.windowMs, worker.pid, clientPids, () => rtpSnapshot(room(), everyoneIds)));
      const interpretation: Scenario = { consumers: room().consumerCount, ...b };

      // C: the official recording of every producer of the main room (floor and channels).
      await hearing.preside((courtroom) => courtroom.startRecording(hearing.presidingId));
      const producers = floor.length * kinds + interpreters.length;
      const recording = async () => (await court.recorders.recorderOf(hearing.hearingId))?.activeFiles() ?? [];
      // A recorder is ready once its ffmpeg has bound its port; on a machine busy with other work
      // some take long, fail and are restarted. Measured with what runs after 2 minutes, and said.
      const deadline = performance.now() + 120_000;
      while ((await recording()).filter((f) => f.pid !== undefined).length < producers && performance.now() < deadline) await sleep(250);
      const open = (await recording()).length;
      if (open < producers) console.log(`  round ${round}: only ${open} of ${producers} recorders had started after 120 s; measuring those`);
      await sleep(2000);
      const recorderPids = async () => (await recording()).flatMap((f) => (f.pid === undefined ? [] : [f.pid]));
      const { silent: _sc, ...c } = await fullWindow('C', () => measure(config.windowMs, worker.pid, clientPids, () => rtpSnapshot(room(), everyoneIds), recorderPids));
      const recorded: RoundResult['recorded'] = {
        consumers: room().consumerCount,
        ...c,
        files: (await recording()).length,
        producers,
        taps: (await room().mediaInventory()).consumers - room().consumerCount,
      };
      await hearing.preside((courtroom) => courtroom.stopRecording(hearing.presidingId));

      const result: RoundResult = {
        round,
        without,
        interpretation,
        recorded,
        breakdown: {
          listeners: listeners.length,
          channels: CHANNELS.length,
          interpreters: interpreters.length,
          voiceConsumersByListeners: voiceConsumers.filter((c) => !interpreterIds.has(c.appData.participantId as string)).length,
          voiceConsumersByInterpreters: voiceConsumers.filter((c) => interpreterIds.has(c.appData.participantId as string)).length,
          interpretersHearingFloor: interpretersHearingFloor,
          everyoneHearsEveryVoice: (floor.length + interpreters.length - 1) * interpreters.length,
          withinBound,
        },
        loadAverage: loadavg()[0]!,
      };
      rounds.push(result);
      console.log(roundLine(result));

      // Back to A: the listeners to the floor, the interpreters leave (their booths stay as they were).
      for (const { person } of listeners) await person.client.request({ type: 'listen', participantId: person.participantId, channel: 'floor' }, 'listened', 10_000);
      for (const interpreter of interpreters) await interpreter.client.request({ type: 'leave', participantId: interpreter.participantId }, 'left', 10_000);
      await settle(floorOnly, 'back to the floor');
    }
  } finally {
    clearTimeout(watchdog);
    await Promise.all(clients.map((c) => c.close({ type: 'close' }, 15_000)));
    await court.close();
  }

  console.log(`\n${summaryTable(rounds)}\n`);
  for (const line of goalLines(rounds)) console.log(line);
  console.log(`windows measured again because the clients were starved: ${remeasured}; kept starved after three tries: ${starved}`);
  console.log(
    `\nmachine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; ${machine.date}; ` +
      `load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (shared: other work ran meanwhile)`,
  );
  console.log(`the run took ${Math.round((performance.now() - started) / 1000)} s`);
  return 0;
}

function loadText(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
}

/**
 * CPU over one window, in % of one core: the worker process, the recording's ffmpeg processes
 * together (asked for at both ends: one restarted meanwhile counts from its start), the client
 * processes, and the machine's busy time that none of the benchmark's processes account for
 * (other work on this shared machine, kernel networking outside any process).
 */
async function measure(
  windowMs: number,
  workerPid: number,
  clientPids: number[],
  rtp: () => Promise<RtpSnapshot>,
  recorderPids: () => Promise<number[]> = async () => [],
): Promise<CpuFigures & RtpCounts & { restarted: number; silent: number }> {
  const sum = (pids: number[]) => pids.reduce((total, pid) => total + (processCpuMs(pid) ?? 0), 0);
  const server = () => {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1000;
  };
  const read = () => ({ at: performance.now(), worker: processCpuMs(workerPid) ?? NaN, clients: sum(clientPids), server: server(), machine: machineCpuMs() });
  const rtpBefore = await rtp();
  const ffmpegBefore = new Map((await recorderPids()).map((pid) => [pid, processCpuMs(pid) ?? 0]));
  const before = read();
  await sleep(windowMs);
  const after = read();
  const ffmpegAfter = await recorderPids();
  const rtpAfter = await rtp();
  const perSecond = (count: number) => (1000 * count) / (after.at - before.at);
  const pct = (ms: number) => (100 * ms) / (after.at - before.at);
  const workerCpu = pct(after.worker - before.worker);
  const ffmpegCpu = pct(ffmpegAfter.reduce((total, pid) => total + (processCpuMs(pid) ?? 0) - (ffmpegBefore.get(pid) ?? 0), 0));
  const clientsCpu = pct(after.clients - before.clients);
  const ours = workerCpu + ffmpegCpu + clientsCpu + pct(after.server - before.server);
  return {
    workerCpu,
    ffmpegCpu,
    clientsCpu,
    otherCpu: Math.max(0, pct(after.machine.busy - before.machine.busy) - ours),
    restarted: ffmpegAfter.filter((pid) => !ffmpegBefore.has(pid)).length,
    packetsIn: perSecond(moved(rtpBefore.producers, rtpAfter.producers).total),
    packetsOut: perSecond(moved(rtpBefore.consumers, rtpAfter.consumers).total),
    silent: moved(rtpBefore.producers, rtpAfter.producers).still + moved(rtpBefore.consumers, rtpAfter.consumers).still,
  };
}

/** Packets counted between two snapshots by the streams in both, and how many of those carried none. */
function moved(before: Map<string, number>, after: Map<string, number>): { total: number; still: number } {
  let total = 0;
  let still = 0;
  for (const [id, end] of after) {
    const start = before.get(id);
    if (start === undefined) continue;
    total += end - start;
    if (end === start) still++;
  }
  return { total, still };
}

interface RtpStat {
  type: string;
  packetCount?: number;
}

/** RTP packets the worker has received from each producer of these participants, and sent to each of their consumers, so far. */
interface RtpSnapshot {
  producers: Map<string, number>;
  consumers: Map<string, number>;
}

async function rtpSnapshot(room: HearingRoom, participantIds: string[]): Promise<RtpSnapshot> {
  const reports = await Promise.all(participantIds.map((id) => room.stats(id)));
  const snapshot: RtpSnapshot = { producers: new Map(), consumers: new Map() };
  const packets = (stats: unknown, type: string) => (stats as RtpStat[]).filter((s) => s.type === type).reduce((n, s) => n + (s.packetCount ?? 0), 0);
  for (const report of reports) {
    for (const producer of report.producers) snapshot.producers.set(producer.producerId, packets(producer.stats, 'inbound-rtp'));
    for (const consumer of report.consumers) snapshot.consumers.set(consumer.consumerId, packets(consumer.stats, 'outbound-rtp'));
  }
  return snapshot;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('interpretation benchmark failed:', error);
    process.exit(1);
  },
);
