// The media benchmark's figures: per-step summaries (medians and ratios), the printed tables,
// and its section of docs/benchmarks.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixed, markdownTable, median, percentile, type MachineInfo } from './benchMeasure.js';
import type { WindowResult } from './mediaBenchMeasurer.js';
import type { ProbeResult, SyntheticMedia } from './mediaBenchProtocol.js';

export const ANCHOR_CONSUMERS_PER_WORKER = 500;
export const GOAL = { consumers: 500, lossPct: 1, firstFrameP50Ms: 500 };

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface StepResult {
  participants: number;
  consumers: number;
  rampSeconds: number;
  windows: WindowResult[];
  /** Windows measured again because the machine was busy with other work. */
  disturbedWindows: number;
  probes: ProbeResult[];
  /** Probes run again because the machine was busy with other work. */
  disturbedProbes: number;
}

export interface StepSummary {
  participants: number;
  consumers: number;
  anchorRatio: number;
  workerCpu: number;
  workerCpuP95: number;
  lossDownPct: number;
  lossUpPct: number;
  outPps: number;
  outKbps: number;
  inPps: number;
  workerCpuPer10kPps: number;
  firstFrameP50: number;
  firstFrameP95: number;
  allCamerasP50: number;
  probesOk: number;
  probesRun: number;
  serverCpu: number;
  clientsCpu: number;
  machineBusyPct: number;
  otherCpu: number;
  silentConsumers: number;
  udpRcvbufErrors: number;
  sfuSocketDrops: number;
  rampSeconds: number;
  disturbedWindows: number;
  disturbedProbes: number;
}

export function summarise(step: StepResult): StepSummary {
  const samples = (pick: (w: WindowResult) => number[]) => step.windows.flatMap(pick);
  const ofWindows = (pick: (w: WindowResult) => number) => median(step.windows.map(pick));
  const ok = step.probes.filter((p) => p.ok);
  const workerCpu = median(samples((w) => w.workerCpu));
  const outPps = ofWindows((w) => w.outPps);
  return {
    participants: step.participants,
    consumers: step.consumers,
    anchorRatio: step.consumers / ANCHOR_CONSUMERS_PER_WORKER,
    workerCpu,
    workerCpuP95: percentile(samples((w) => w.workerCpu), 95),
    lossDownPct: ofWindows((w) => w.lossDownPct),
    lossUpPct: ofWindows((w) => w.lossUpPct),
    outPps,
    outKbps: ofWindows((w) => w.outKbps),
    inPps: ofWindows((w) => w.inPps),
    workerCpuPer10kPps: outPps > 0 ? workerCpu / (outPps / 10_000) : NaN,
    firstFrameP50: percentile(ok.map((p) => p.firstFrameMs!), 50),
    firstFrameP95: percentile(ok.map((p) => p.firstFrameMs!), 95),
    allCamerasP50: percentile(ok.map((p) => p.allCamerasMs!), 50),
    probesOk: ok.length,
    probesRun: step.probes.length,
    serverCpu: median(samples((w) => w.serverCpu)),
    clientsCpu: median(samples((w) => w.clientsCpu)),
    machineBusyPct: median(samples((w) => w.machineBusyPct)),
    otherCpu: median(samples((w) => w.otherCpu)),
    silentConsumers: Math.max(0, ...step.windows.map((w) => w.silentConsumers)),
    udpRcvbufErrors: step.windows.reduce((sum, w) => sum + w.udpRcvbufErrors, 0),
    sfuSocketDrops: step.windows.reduce((sum, w) => sum + w.sfuSocketDrops, 0),
    rampSeconds: step.rampSeconds,
    disturbedWindows: step.disturbedWindows,
    disturbedProbes: step.disturbedProbes,
  };
}

export function stepLine(s: StepSummary): string {
  return (
    `N=${String(s.participants).padStart(2)}  consumers ${String(s.consumers).padStart(4)} (${fixed(s.anchorRatio, 2)} × anchor)  ` +
    `worker CPU ${fixed(s.workerCpu, 1)} %  loss ${fixed(s.lossDownPct, 2)} % down, ${fixed(s.lossUpPct, 2)} % up  ` +
    `first frame p50 ${fixed(s.firstFrameP50)} ms, p95 ${fixed(s.firstFrameP95)} ms  ` +
    `[${fixed(s.outPps)} pkt/s out; clients ${fixed(s.clientsCpu)} %, machine ${fixed(s.machineBusyPct)} % busy, ` +
    `other ${fixed(s.otherCpu)} %; ramp ${fixed(s.rampSeconds, 1)} s]`
  );
}

export const MAIN_HEADER = [
  'participants',
  'consumers on worker',
  '÷ 500 anchor',
  'worker CPU %',
  'loss % SFU→viewers',
  'loss % senders→SFU',
  'first frame p50 ms',
  'first frame p95 ms',
];

export function mainRow(s: StepSummary): string[] {
  return [
    String(s.participants),
    String(s.consumers),
    fixed(s.anchorRatio, 2),
    fixed(s.workerCpu, 1),
    fixed(s.lossDownPct, 2),
    fixed(s.lossUpPct, 2),
    fixed(s.firstFrameP50),
    fixed(s.firstFrameP95),
  ];
}

export const DETAIL_HEADER = [
  'participants',
  'SFU out pkt/s',
  'SFU out kbit/s',
  'SFU in pkt/s',
  'worker CPU % per 10k pkt/s',
  'worker CPU % p95',
  'all cameras p50 ms',
  'probes ok',
  'server CPU %',
  'clients CPU %',
  'machine busy %',
  'other CPU %',
  'silent consumers',
  'UDP drops all / SFU',
];

export function detailRow(s: StepSummary): string[] {
  return [
    String(s.participants),
    fixed(s.outPps),
    fixed(s.outKbps),
    fixed(s.inPps),
    fixed(s.workerCpuPer10kPps, 1),
    fixed(s.workerCpuP95, 1),
    fixed(s.allCamerasP50),
    `${s.probesOk}/${s.probesRun}`,
    fixed(s.serverCpu),
    fixed(s.clientsCpu),
    fixed(s.machineBusyPct),
    `${fixed(s.otherCpu)}${s.disturbedWindows + s.disturbedProbes > 0 ? '*' : ''}`,
    String(s.silentConsumers),
    `${s.udpRcvbufErrors} / ${s.sfuSocketDrops}`,
  ];
}

const meetsGoal = (s: StepSummary) =>
  s.consumers >= GOAL.consumers && s.lossDownPct < GOAL.lossPct && s.lossUpPct < GOAL.lossPct && s.firstFrameP50 < GOAL.firstFrameP50Ms;

export function verdict(summaries: StepSummary[]): string {
  const goal = `≥ ${GOAL.consumers} consumers on one worker, < ${GOAL.lossPct} % loss, join-to-first-frame p50 < ${GOAL.firstFrameP50Ms} ms`;
  const best = summaries.filter(meetsGoal).at(-1);
  if (best) {
    return (
      `Goal met (${goal}): ${best.consumers} consumers (${fixed(best.anchorRatio, 2)} × the anchor) with ` +
      `${fixed(best.lossDownPct, 2)} % loss to viewers and ${fixed(best.lossUpPct, 2)} % from senders, first frame ` +
      `p50 ${fixed(best.firstFrameP50)} ms (p95 ${fixed(best.firstFrameP95)} ms); the worker used ${fixed(best.workerCpu)} % of a core.`
    );
  }
  const top = summaries.at(-1);
  if (!top) return `Goal (${goal}): no step completed.`;
  const misses: string[] = [];
  if (top.consumers < GOAL.consumers) misses.push(`the largest step had ${top.consumers} consumers`);
  if (!(top.lossDownPct < GOAL.lossPct)) misses.push(`${fixed(top.lossDownPct, 2)} % loss to viewers`);
  if (!(top.lossUpPct < GOAL.lossPct)) misses.push(`${fixed(top.lossUpPct, 2)} % loss from senders`);
  if (!(top.firstFrameP50 < GOAL.firstFrameP50Ms)) misses.push(`first-frame p50 ${fixed(top.firstFrameP50)} ms`);
  let why = '';
  if (!(top.lossDownPct < GOAL.lossPct) && top.sfuSocketDrops === 0 && top.udpRcvbufErrors > 0) {
    why =
      ` The kernel dropped ${top.udpRcvbufErrors} datagrams at the clients' sockets and none at the worker's, whose CPU was ` +
      `${fixed(top.workerCpu)} % of a core: the synthetic clients (${fixed(top.clientsCpu)} % CPU, machine ${fixed(top.machineBusyPct)} % busy) fell behind, not the SFU.`;
  }
  return `Goal NOT met (${goal}): ${misses.join(', ')} at ${top.participants} participants.${why}`;
}

/** Linear extrapolation of the worker's CPU from the largest step to one full core. */
export function extrapolation(summaries: StepSummary[]): string {
  const top = summaries.at(-1);
  if (!top || !(top.workerCpuPer10kPps > 0)) return '';
  const ppsPerCore = (100 / top.workerCpuPer10kPps) * 10_000;
  const at = (pps: number) => Math.round(ppsPerCore / pps / 10) * 10;
  return (
    `Extrapolated, not measured: at the largest step the worker spent ${fixed(top.workerCpu, 1)} % of a core on ` +
    `${fixed(top.outPps)} packets/s out, so one core would carry roughly ${fixed(ppsPerCore / 1000, 0)}k packets/s if the cost stayed ` +
    `linear (it includes per-consumer fixed costs, so this leans low): about ${at(50)} consumers at 50 packets/s each ` +
    `(an open microphone), or ${at(30)} at 30 (a mix with cameras).`
  );
}

export interface RunDescription {
  media: SyntheticMedia;
  speakers: number;
  windows: number;
  windowMs: number;
  probes: number;
  clientProcesses: number;
  clientNice: number;
  noiseLimit: number;
  realtimeClientThreads: number;
  clientsWithoutRealtime: boolean;
  runSeconds: number;
  machine: MachineInfo;
  versions: Record<'mediasoup' | 'mediasoup-client' | '@roamhq/wrtc', string>;
}

function nearestRankWords(n: number, p: number): string {
  const fromTop = n - Math.ceil((p / 100) * n);
  return fromTop <= 0 ? 'the highest' : fromTop === 1 ? 'the second highest' : `the ${fromTop + 1}th highest`;
}

export function versionOf(pkg: string): string {
  try {
    return (JSON.parse(readFileSync(resolve(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '?';
  }
}

const START = '<!-- media-bench:start (generated by npm run bench:media; edits here are overwritten) -->';
const END = '<!-- media-bench:end -->';

/** Writes the media section of the report, keeping whatever else the file holds. */
export function writeReport(path: string, run: RunDescription, summaries: StepSummary[]): void {
  const section = `${START}\n${renderSection(run, summaries)}${END}\n`;
  mkdirSync(dirname(path), { recursive: true });
  let text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\n';
  const start = text.indexOf('<!-- media-bench:start');
  const end = text.indexOf(END);
  if (start >= 0 && end > start) text = text.slice(0, start) + section + text.slice(end + END.length + 1);
  else text = `${text.trimEnd()}\n\n${section}`;
  writeFileSync(path, text);
}

function renderSection(run: RunDescription, summaries: StepSummary[]): string {
  const { media, machine, versions } = run;
  const kinds = (media.audio ? 1 : 0) + (media.video ? 1 : 0);
  const video = media.video
    ? `${media.video.width}×${media.video.height} VP8 at ${media.video.fps} fps, one encoding (no simulcast)`
    : 'no camera';
  const audio = !media.audio
    ? 'no microphone'
    : `an Opus microphone (20 ms packets): ${run.speakers === 0 ? 'nobody speaks' : run.speakers === 1 ? 'one participant speaks (a steady tone)' : `${run.speakers} participants speak (a steady tone)`}, ` +
      (media.dtx ? 'the others have an open but silent microphone with Opus DTX (a packet every 400 ms)' : 'the others send silence at the full packet rate');
  const disturbed = summaries.reduce((n, s) => n + s.disturbedWindows, 0);
  const disturbedProbes = summaries.reduce((n, s) => n + s.disturbedProbes, 0);
  const top = summaries.at(-1);
  return `## Media: consumers on one mediasoup worker

Generated by \`npm run bench:media\` (test/bench/media.bench.ts) on ${machine.date}; the run took
${Math.round(run.runSeconds)} s. Re-running it rewrites this section.

**${verdict(summaries)}**

${markdownTable(MAIN_HEADER, summaries.map(mainRow))}

${extrapolation(summaries)}
${top ? `\nOn this machine the synthetic clients, not the worker, set the ceiling: at the largest step they used ${fixed(top.clientsCpu)} % of a core and the machine was ${fixed(top.machineBusyPct)} % busy, while the worker used ${fixed(top.workerCpu)} %. More participants need the clients on other machines.\n` : ''}
Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB RAM, ${machine.os}, Linux ${machine.kernel};
Node ${machine.node}; mediasoup ${versions.mediasoup} (one worker), mediasoup-client ${versions['mediasoup-client']},
@roamhq/wrtc ${versions['@roamhq/wrtc']}. The server, its worker and every synthetic client ran on this one
machine, which is shared with other work (see "other CPU" below).

### The load, and what each figure means

- **Load.** N synthetic participants join one hearing room, one after another, on a server started
  with \`MEDIA_WORKERS=1\`. Each sends ${audio}; and a camera, ${video}, whose
  picture is flat and changes brightness every frame, so each video frame is about one small packet.
  Every participant consumes every other participant's producers as the browser client does
  (consumer created paused, attached, resumed): a full mesh through the SFU, so
  **consumers = N × (N − 1) × ${kinds}** (${summaries.map((s) => `${s.participants} → ${s.consumers}`).join(', ')}).
- **This is a light load per consumer**, chosen so that the clients fit on the machine: receiving,
  decoding and mixing a stream costs a libwebrtc client far more CPU than forwarding it costs the
  worker, and every client runs here too. A real hearing sends more: an open microphone without
  DTX is 50 packets/s, a real 180p camera ~15–30 packets/s, 720p more. Read "consumers" together
  with the packet rate (details below); *worker CPU % per 10k pkt/s* is the figure to scale by.
- **Participants** are mediasoup-client ${versions['mediasoup-client']} on libwebrtc (@roamhq/wrtc) in ${run.clientProcesses} client
  process${run.clientProcesses === 1 ? '' : 'es'} apart from the server's process; in each, one synthetic tone, one silence and
  one camera source feed all its participants (every participant still has its own encoders and
  PeerConnections). ${run.clientsWithoutRealtime ? 'They run without CAP_SYS_NICE (libwebrtc would otherwise give its threads real-time priority and starve the worker)' : 'They run as an unprivileged user'}${run.clientNice > 0 ? ` and at nice ${run.clientNice}, below the server, the worker and the probe` : ''}; ${run.realtimeClientThreads === 0 ? 'no client thread ran at real-time priority' : `${run.realtimeClientThreads} client threads still ran at real-time priority`}.
- **Consumers on worker**: the consumers of every hearing room on the worker, counted by the server
  (\`HearingRoom.consumerCount\`) once every participant had consumed everything.
  **÷ 500 anchor**: that count over the ~500 consumers per worker that mediasoup's documentation gives.
- **Worker CPU %**: user + system time of the mediasoup worker process (\`worker.getResourceUsage()\`)
  per second of wall time, in % of one core (a worker is one thread of work): the median of the
  1-second samples of ${run.windows} windows of ${run.windowMs / 1000} s per step.
- **Loss % SFU→viewers**: in each window, the packets the receivers reported lost (RTCP receiver
  reports, shown by mediasoup as each consumer's \`outbound-rtp\` \`packetsLost\`) over the packets the
  worker sent them (\`packetCount\`), all consumers together; the median of the windows.
  **Loss % senders→SFU**: the sequence gaps the worker saw in what it received from senders (each
  producer's \`inbound-rtp\` \`packetsLost\`) over received + lost; the median of the windows.
  (Packets lost on the way in are also missing on the way out, so the first includes the second.)
- **Join-to-first-frame**: ${run.probes} receive-only joins per step, by a probe in its own process whose
  socket.io connection is already open (as a loaded page's is). The clock starts when it sends
  \`hearing:join\`; then, as the browser client does (client/src/hearingSession.ts), it loads the
  mediasoup device, creates a receive transport and requests every producer of the join
  acknowledgement at once, in that order (mediasoup-client renegotiates them one by one), with a
  libwebrtc \`RTCVideoSink\` on every camera. **First frame = the first decoded video frame delivered
  to any of those sinks.** *All cameras* = when every camera had delivered one. Each probe leaves
  before the next joins; probes run after the windows, so their consumers are not in the counts.
  p95 is nearest-rank: of ${run.probes} samples, ${nearestRankWords(run.probes, 95)}.

### Details

${markdownTable(DETAIL_HEADER, summaries.map(detailRow))}

- *SFU out / in*: RTP the worker sent to viewers / received from senders (medians of the windows).
- *Worker CPU % per 10k pkt/s*: worker CPU over the packet rate it forwarded. At small steps the
  worker's fixed costs dominate; at the larger ones this is roughly the marginal cost of forwarding.
- *Server CPU %*: the Node process running CrossCourt (socket.io, the mediasoup channel) and the
  benchmark. *Clients CPU %*: every client process, libwebrtc's threads included. *Other CPU %*: busy
  time of the machine that none of those account for (other work on the machine; kernel work for
  loopback networking). In % of one core, medians of the samples; *machine busy %* is of all ${machine.cores} cores.
  ${
    disturbed + disturbedProbes > 0
      ? `\\* Other work kept the machine busier than ${run.noiseLimit} % of a core during ${disturbed} window(s) and ${disturbedProbes} probe(s), which were measured again (at most once as many as planned; after that they count as they are).`
      : `No window or probe had to be measured again for other work on the machine (limit: ${run.noiseLimit} % of a core).`
  }
- *Silent consumers*: the most consumers that forwarded no packet in one window (should be 0).
- *UDP drops*: datagrams the kernel dropped for a full receive buffer during the windows, on the
  whole machine / at the worker's socket. Drops elsewhere are at the clients' sockets: clients that fell behind.
${top ? `- The last step's ramp (its joins, and everyone consuming the newcomers) took ${fixed(top.rampSeconds, 1)} s.\n` : ''}
### Running it

    npm run bench:media                      # the full run (${Math.max(1, Math.round(run.runSeconds / 60))} min here); rewrites this section
    BENCH_QUICK=1 npm run bench:media        # smoke run: 4 and 8 participants, writes nothing
    BENCH_STEPS=8,16,20 BENCH_SPEAKERS=20 npm run bench:media   # everyone speaking, more steps

Every knob (steps, windows, probes, client processes, camera size, speakers, DTX, output file,
time limit) is listed at the top of test/bench/media.bench.ts. It needs the built mediasoup worker
(\`npm run setup\`), runs everything on 127.0.0.1, stops itself, and is not part of \`npm test\`.
`;
}
