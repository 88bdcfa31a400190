// Media benchmark (`npm run bench:media`): N synthetic participants in one hearing room on ONE
// mediasoup worker, N stepped up. For each step it prints the consumers on the worker, the
// worker's CPU, packet loss, and join-to-first-frame p50/p95, against mediasoup's documented
// anchor of about 500 consumers per worker; at the end it writes its section of
// docs/benchmarks.md (the table, the machine, and how each figure was measured).
//
// Not a timed test and not part of `npm test`. Machines are shared and noisy, so each step is
// sampled in several windows and reported as medians and ratios; a window during which other
// work kept the machine busy is measured again. Everything runs on 127.0.0.1, every wait is
// bounded, and the process exits by itself.
//
// Processes: this one runs the CrossCourt server (its mediasoup worker is a child of it) and
// measures; participants live in BENCH_CLIENT_PROCESSES client processes (mediaBenchClient.ts),
// and a separate probe process times joins.
//
// Environment (all optional):
//   BENCH_STEPS=4,8,12,16,17        participants per step; consumers = N × (N − 1) × 2
//   BENCH_QUICK=1                   smoke run: steps 4,8, one 3 s window, 3 probes, no report written
//   BENCH_WINDOWS=3                 measurement windows per step (medians over them)
//   BENCH_WINDOW_SECONDS=5          length of a window; CPU is sampled every second inside it
//   BENCH_PROBES=8                  receive-only joins per step timed to their first frame
//   BENCH_CLIENT_PROCESSES=2        processes hosting the participants (round-robin)
//   BENCH_CLIENT_NICE=10            nice value of those processes (0 = same as the server)
//   BENCH_VIDEO=320x180@5           camera size and frame rate, or "off"
//   BENCH_AUDIO=on                  microphones on or off
//   BENCH_SPEAKERS=1                participants whose microphone carries a tone; the rest are silent
//   BENCH_DTX=on                    silent microphones use Opus DTX ("off": 50 packets/s of silence)
//   BENCH_NOISE_LIMIT=25            % of a core of other work above which a window is measured again
//   BENCH_DOC=docs/benchmarks.md    report file ("none": do not write); quick runs write none
//   BENCH_MAX_MINUTES=20            hard limit for the whole run
//   BENCH_VERBOSE=1                 per-window figures, client threads, probe phases
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startTestCourt } from '../helpers/courtHarness.js';
import { HearingCase } from '../helpers/hearingCase.js';

/** A participant the judge has admitted in advance: the load joins without a lobby. */
async function admittedPass(hearing: HearingCase, name: string, role: 'claimant' | 'observer'): Promise<{ name: string; token: string }> {
  const { participantId, token } = await hearing.participant(name, role);
  await hearing.preAdmit(participantId);
  return { name, token };
}
import { fixed, machineInfo, markdownTable, median, realtimeThreads } from './benchMeasure.js';
import { ClientProcess, CLIENTS_WITHOUT_REALTIME, Measurer, sleep, type WindowResult } from './mediaBenchMeasurer.js';
import type { SyntheticMedia } from './mediaBenchProtocol.js';
import {
  DETAIL_HEADER,
  detailRow,
  extrapolation,
  MAIN_HEADER,
  mainRow,
  stepLine,
  summarise,
  verdict,
  versionOf,
  writeReport,
  type StepResult,
  type StepSummary,
} from './mediaBenchReport.js';

const repoRoot = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

interface BenchConfig {
  steps: number[];
  windows: number;
  windowMs: number;
  sampleMs: number;
  settleMs: number;
  probes: number;
  probeTimeoutMs: number;
  clientProcesses: number;
  clientNice: number;
  media: SyntheticMedia;
  speakers: number;
  noiseLimit: number;
  quietWaitMs: number;
  docPath: string | null;
  maxMs: number;
  verbose: boolean;
}

function readConfig(env: NodeJS.ProcessEnv): BenchConfig {
  const quick = env.BENCH_QUICK === '1' || env.BENCH_QUICK === 'true';
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name}=${raw}: a whole number from ${min} to ${max}`);
    return value;
  };
  const onOff = (name: string, fallback: boolean) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (raw !== 'on' && raw !== 'off') throw new Error(`${name}=${raw}: "on" or "off"`);
    return raw === 'on';
  };
  const stepsText = env.BENCH_STEPS || (quick ? '4,8' : '4,8,12,16,17');
  const steps = stepsText.split(',').map((s) => Number(s.trim()));
  if (steps.some((n, i) => !Number.isInteger(n) || n < 2 || n > 40 || (i > 0 && n <= steps[i - 1]!))) {
    throw new Error(`BENCH_STEPS=${stepsText}: rising participant counts, each from 2 to 40`);
  }
  const videoSpec = env.BENCH_VIDEO || '320x180@5';
  let video: SyntheticMedia['video'] = null;
  if (videoSpec !== 'off') {
    const match = /^(\d+)x(\d+)@(\d+)$/.exec(videoSpec);
    const [width, height, fps] = (match?.slice(1).map(Number) ?? []) as number[];
    if (!match || width! % 2 || height! % 2 || width! < 16 || height! < 16 || fps! < 1 || fps! > 30) {
      throw new Error(`BENCH_VIDEO=${videoSpec}: WIDTHxHEIGHT@FPS with even sizes ≥ 16 and 1–30 fps (e.g. 320x180@10), or "off"`);
    }
    video = { width: width!, height: height!, fps: fps! };
  }
  const audio = onOff('BENCH_AUDIO', true);
  if (!audio && !video) throw new Error('BENCH_AUDIO=off with BENCH_VIDEO=off leaves nothing to send');
  const doc = env.BENCH_DOC || (quick ? 'none' : 'docs/benchmarks.md');
  return {
    steps,
    windows: int('BENCH_WINDOWS', quick ? 1 : 3, 1, 20),
    windowMs: int('BENCH_WINDOW_SECONDS', quick ? 3 : 5, 2, 120) * 1000,
    sampleMs: 1000,
    settleMs: quick ? 2000 : 3000,
    probes: int('BENCH_PROBES', quick ? 3 : 8, 0, 50),
    probeTimeoutMs: 10_000,
    clientProcesses: int('BENCH_CLIENT_PROCESSES', 2, 1, 8),
    clientNice: int('BENCH_CLIENT_NICE', 10, 0, 19),
    media: { audio, dtx: onOff('BENCH_DTX', true), video },
    speakers: int('BENCH_SPEAKERS', 1, 0, 40),
    noiseLimit: int('BENCH_NOISE_LIMIT', 25, 1, 1000),
    quietWaitMs: quick ? 0 : 60_000,
    docPath: doc === 'none' ? null : resolve(repoRoot, doc),
    maxMs: int('BENCH_MAX_MINUTES', 20, 1, 120) * 60_000,
    verbose: env.BENCH_VERBOSE === '1',
  };
}

async function main(): Promise<number> {
  const config = readConfig(process.env);
  const started = performance.now();
  const machine = machineInfo();
  const kinds = (config.media.audio ? 1 : 0) + (config.media.video ? 1 : 0);
  const { video } = config.media;
  console.log(
    `media benchmark: ${config.steps.join(', ')} participants; ${config.windows} × ${config.windowMs / 1000} s windows and ` +
      `${config.probes} probes per step; ${config.clientProcesses} client processes at nice ${config.clientNice}; ` +
      `microphone ${config.media.audio ? `on (${config.speakers} speaking, DTX ${config.media.dtx ? 'on' : 'off'})` : 'off'}, ` +
      `camera ${video ? `${video.width}x${video.height}@${video.fps}` : 'off'}`,
  );
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}`);

  const court = await startTestCourt({ MEDIA_WORKERS: '1' });
  const clients: ClientProcess[] = [];
  const abandon = (code: number) => {
    for (const client of clients) client.kill();
    process.exit(code);
  };
  const watchdog = setTimeout(() => {
    console.error(`media benchmark: still running after ${config.maxMs / 60_000} min (BENCH_MAX_MINUTES); giving up`);
    abandon(2);
  }, config.maxMs);
  process.once('SIGINT', () => abandon(130));
  process.once('SIGTERM', () => abandon(143));

  const summaries: StepSummary[] = [];
  let realtimeClientThreads = 0;
  try {
    const mediaWorker = court.pool.workers[0]!;
    const serverDump = (await mediaWorker.webRtcServer.dump()) as { udpSockets?: Array<{ port: number }> };
    const sfuPort = serverDump.udpSockets?.[0]?.port ?? 0;
    const loaders: ClientProcess[] = [];
    for (let i = 0; i < config.clientProcesses; i++) {
      const loader = await ClientProcess.start(`client process ${i + 1}`, config.clientNice);
      loaders.push(loader);
      clients.push(loader);
    }
    const prober = await ClientProcess.start('probe process', 0);
    clients.push(prober);
    const hearing = await HearingCase.open(court);
    const measurer = new Measurer(court, hearing.hearingId, clients, sfuPort, config.verbose);
    console.log(`server ${court.url}; worker pid ${mediaWorker.worker.pid}, UDP port ${sfuPort}; client pids ${clients.map((c) => c.pid).join(', ')}`);

    // Shared machine: give other work a minute to finish before starting, then go anyway.
    if (config.quietWaitMs > 0) {
      const until = performance.now() + config.quietWaitMs;
      let other = await measurer.otherCpu(2000);
      if (other > config.noiseLimit) console.log(`the machine is busy with other work (${fixed(other)} % of a core); waiting up to ${config.quietWaitMs / 1000} s`);
      while (other > config.noiseLimit && performance.now() < until) other = await measurer.otherCpu(2000);
      console.log(`other work on the machine: ${fixed(other)} % of a core\n`);
    }

    const participantIds: string[] = [];
    const resumedByClients = async () => {
      let resumed = 0;
      let failed = 0;
      for (const loader of loaders) {
        const count = await loader.request({ type: 'count' }, 'count', 10_000);
        resumed += count.resumed;
        failed += count.failed;
      }
      return { resumed, failed };
    };

    for (const target of config.steps) {
      // Ramp: one join at a time, round-robin over the client processes. A joiner consumes the
      // producers listed in its join acknowledgement and hears of later ones by producer:added.
      const rampStart = performance.now();
      while (participantIds.length < target) {
        const index = participantIds.length;
        const joined = await loaders[index % loaders.length]!.request(
          {
            type: 'join',
            url: court.url,
            hearingId: hearing.hearingId,
            passes: [await admittedPass(hearing, `party ${index + 1}`, 'claimant')],
            speaking: index < config.speakers,
            media: config.media,
          },
          'joined',
          30_000,
        );
        participantIds.push(...joined.participantIds);
      }
      const expected = target * (target - 1) * kinds;
      const rampDeadline = performance.now() + 30_000 + expected * 100;
      for (;;) {
        const { resumed, failed } = await resumedByClients();
        if (failed > 0) throw new Error(`${failed} consumers could not be created (the client's errors are above)`);
        if (measurer.consumersOnWorker() >= expected && resumed >= expected) break;
        if (performance.now() > rampDeadline) {
          throw new Error(`${target} participants: ${measurer.consumersOnWorker()} of ${expected} consumers on the worker, ${resumed} resumed, after the ramp`);
        }
        await sleep(250);
      }
      const rampSeconds = (performance.now() - rampStart) / 1000;
      const realtime = clients.reduce((sum, c) => sum + realtimeThreads(c.pid), 0);
      realtimeClientThreads = Math.max(realtimeClientThreads, realtime);
      if (realtime > 0) console.log(`  warning: ${realtime} client threads run at real-time priority; they may starve the worker`);
      await sleep(config.settleMs);

      const step: StepResult = {
        participants: target,
        consumers: measurer.consumersOnWorker(),
        rampSeconds,
        windows: [],
        disturbedWindows: 0,
        probes: [],
        disturbedProbes: 0,
      };
      while (step.windows.length < config.windows) {
        const window: WindowResult = await measurer.window(participantIds, config.windowMs, config.sampleMs);
        const other = median(window.otherCpu);
        if (other > config.noiseLimit && step.disturbedWindows < config.windows) {
          step.disturbedWindows++;
          console.log(`  other work took ${fixed(other)} % of a core during a window; measuring it again`);
          await sleep(2000);
          continue;
        }
        step.windows.push(window);
      }

      let disturbedProbes = 0;
      while (step.probes.length < config.probes) {
        const n = step.probes.length + 1;
        const otherSince = await measurer.otherCpuFrom();
        const { result } = await prober.request(
          { type: 'probe', url: court.url, hearingId: hearing.hearingId, token: (await admittedPass(hearing, `probe ${target}.${n}`, 'observer')).token, timeoutMs: config.probeTimeoutMs },
          'probed',
          config.probeTimeoutMs + 20_000,
        );
        const other = await otherSince();
        if (config.verbose) {
          const ms = (v: number | null) => fixed(v ?? NaN);
          console.log(
            `  probe ${n}: join acknowledged ${ms(result.joinAckMs)}, transport ${ms(result.transportMs)}, first camera created ` +
              `${ms(result.firstCameraCreatedMs)}, attached ${ms(result.firstCameraAttachedMs)}, resumed ${ms(result.firstCameraResumedMs)}, ` +
              `first frame ${ms(result.firstFrameMs)}, all ${result.cameras} cameras ${ms(result.allCamerasMs)} ms; other work ${fixed(other)} %`,
          );
        }
        // The probe has left; wait for its consumers to close before the next one joins.
        const settled = performance.now() + 5000;
        while (measurer.consumersOnWorker() > step.consumers && performance.now() < settled) await sleep(50);
        await sleep(300);
        if (other > config.noiseLimit && disturbedProbes < config.probes) {
          disturbedProbes++;
          console.log(`  other work took ${fixed(other)} % of a core during probe ${n}; probing again`);
          continue;
        }
        if (!result.ok) console.log(`  probe ${n}: ${result.error}`);
        step.probes.push(result);
      }
      step.disturbedProbes = disturbedProbes;

      const summary = summarise(step);
      summaries.push(summary);
      console.log(stepLine(summary));
    }
  } finally {
    clearTimeout(watchdog);
    await Promise.all(clients.map((c) => c.close()));
    await court.close();
  }

  const runSeconds = (performance.now() - started) / 1000;
  console.log(`\n${markdownTable(MAIN_HEADER, summaries.map(mainRow))}\n`);
  console.log(`${markdownTable(DETAIL_HEADER, summaries.map(detailRow))}\n`);
  console.log(verdict(summaries));
  console.log(extrapolation(summaries));
  console.log(`machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, Node ${machine.node}; ${machine.date}`);
  console.log(`the run took ${Math.round(runSeconds)} s`);
  if (config.docPath) {
    writeReport(
      config.docPath,
      {
        media: config.media,
        speakers: config.speakers,
        windows: config.windows,
        windowMs: config.windowMs,
        probes: config.probes,
        clientProcesses: config.clientProcesses,
        clientNice: config.clientNice,
        noiseLimit: config.noiseLimit,
        realtimeClientThreads,
        clientsWithoutRealtime: CLIENTS_WITHOUT_REALTIME,
        runSeconds,
        machine,
        versions: {
          mediasoup: versionOf('mediasoup'),
          'mediasoup-client': versionOf('mediasoup-client'),
          '@roamhq/wrtc': versionOf('@roamhq/wrtc'),
        },
      },
      summaries,
    );
    console.log(`wrote ${config.docPath}`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('media benchmark failed:', error);
    process.exit(1);
  },
);
