// The interpretation benchmark's figures: one line per round, the table of medians, and the two
// goal lines of issue 5 (MET / MISSED with the figures they rest on).
import { fixed, markdownTable, median } from './benchMeasure.js';

/** CPU over one window, in % of one core. */
export interface CpuFigures {
  workerCpu: number;
  ffmpegCpu: number;
  clientsCpu: number;
  /** Busy time of the machine that none of the benchmark's processes account for. */
  otherCpu: number;
}

/** RTP packets per second (or, read from the server, so far): received from producers, sent to consumers. */
export interface RtpCounts {
  packetsIn: number;
  packetsOut: number;
}

export interface Scenario extends CpuFigures, RtpCounts {
  /** Consumers the participants hold on the server (a recording's own consumers apart). */
  consumers: number;
}

export interface RoundResult {
  round: number;
  /** A: the hearing without interpretation. */
  without: Scenario;
  /** B: the same hearing with its language channels and interpreters. */
  interpretation: Scenario;
  /** C: B with the official recording of every producer running. */
  /** `restarted`: recorders (ffmpeg) that crashed and were restarted during the window. */
  recorded: Scenario & { files: number; producers: number; taps: number; restarted: number };
  breakdown: {
    listeners: number;
    channels: number;
    interpreters: number;
    /** Consumers of interpreters' voices held by listeners of a language channel. */
    voiceConsumersByListeners: number;
    /** Consumers of interpreters' voices held by interpreters (their booth partner's). */
    voiceConsumersByInterpreters: number;
    /** Consumers of the floor's producers held by the interpreters. */
    interpretersHearingFloor: number;
    /** Consumers of the voices if everyone were sent every voice (no routing in the SFU). */
    everyoneHearsEveryVoice: number;
    /** No voice had more consumers than its channel's listeners and its booth partner. */
    withinBound: boolean;
  };
  loadAverage: number;
}

const pct = (value: number) => `${fixed(value)} %`;

/** What recording costs in a round: its ffmpeg processes and what the worker spends beyond B. */
function recordingCost(r: RoundResult): number {
  return r.recorded.ffmpegCpu + (r.recorded.workerCpu - r.interpretation.workerCpu);
}

export function roundLine(r: RoundResult): string {
  const added = r.interpretation.consumers - r.without.consumers;
  const rtp = (x: Scenario) => `${fixed(x.packetsIn)}/${fixed(x.packetsOut)} pkt/s`;
  return (
    `round ${r.round}: A ${r.without.consumers} consumers, worker ${pct(r.without.workerCpu)}, ${rtp(r.without)}; ` +
    `B ${r.interpretation.consumers} consumers (+${added}), worker ${pct(r.interpretation.workerCpu)}, ${rtp(r.interpretation)}; ` +
    `C worker ${pct(r.recorded.workerCpu)}, ${rtp(r.recorded)}, ffmpeg ${pct(r.recorded.ffmpegCpu)} (${r.recorded.files} of ${r.recorded.producers} files` +
    `${r.recorded.restarted > 0 ? `, ${r.recorded.restarted} restarted` : ''}): recording ${pct(recordingCost(r))}; ` +
    `other work ${pct(r.without.otherCpu)} / ${pct(r.interpretation.otherCpu)} / ${pct(r.recorded.otherCpu)}; load average ${r.loadAverage.toFixed(2)}`
  );
}

export function summaryTable(rounds: RoundResult[]): string {
  const m = (pick: (r: RoundResult) => number) => median(rounds.map(pick));
  const row = (label: string, pick: (r: RoundResult) => Scenario, ffmpeg: string) => [
    label,
    fixed(m((r) => pick(r).consumers)),
    pct(m((r) => pick(r).workerCpu)),
    ffmpeg,
    `${fixed(m((r) => pick(r).packetsIn))} / ${fixed(m((r) => pick(r).packetsOut))}`,
    pct(m((r) => pick(r).clientsCpu)),
    pct(m((r) => pick(r).otherCpu)),
  ];
  return markdownTable(
    ['hearing (medians of the rounds)', 'consumers on the server', 'worker CPU', 'ffmpeg CPU', 'RTP pkt/s in / out', 'client processes', 'other work on the machine'],
    [
      row('A: 10 participants, no interpretation', (r) => r.without, '–'),
      row('B: A + 4 channels, 8 interpreters, 8 listeners', (r) => r.interpretation, '–'),
      row(`C: B + recording every producer (${rounds[0]?.recorded.files ?? 0} files)`, (r) => r.recorded, pct(m((r) => r.recorded.ffmpegCpu))),
    ],
  );
}

export function goalLines(rounds: RoundResult[]): string[] {
  const m = (pick: (r: RoundResult) => number) => median(rounds.map(pick));
  const b = rounds[0]!.breakdown;
  const voices = m((r) => r.breakdown.voiceConsumersByListeners + r.breakdown.voiceConsumersByInterpreters);
  // Each language channel's listeners, and each booth's private channel (each partner listens to the other).
  const listeners = b.listeners + b.interpreters;
  const consumersMet = rounds.every((r) => r.breakdown.withinBound) && voices <= listeners;
  const added = m((r) => r.interpretation.consumers - r.without.consumers);
  const cost = m(recordingCost);
  const complete = rounds.every((r) => r.recorded.files === r.recorded.producers);
  return [
    `goal: interpretation adds no more consumers than listeners × 1 per channel — ${consumersMet ? 'MET' : 'MISSED'}: ` +
      `the ${b.interpreters} interpreters' voices have ${fixed(voices)} consumers for ${listeners} listeners × 1 ` +
      `(${b.listeners} listening to the ${b.channels} language channels: ${fixed(m((r) => r.breakdown.voiceConsumersByListeners))}; ` +
      `${b.interpreters} interpreters to their booth partner: ${fixed(m((r) => r.breakdown.voiceConsumersByInterpreters))}); ` +
      `sending every voice to everyone would take ${b.everyoneHearsEveryVoice}. ` +
      `In all B holds ${fixed(m((r) => r.interpretation.consumers))} consumers against A's ${fixed(m((r) => r.without.consumers))} (+${fixed(added)}): ` +
      `the other ${fixed(added - voices)} are the interpreters hearing and seeing the floor (${b.interpretersHearingFloor}), as any ${b.interpreters} more participants would.`,
    `goal: recording every channel costs under one core — ${cost < 100 && complete ? 'MET' : 'MISSED'}: ${pct(cost)} of one core ` +
      `${complete ? '' : `(NOT every producer was recorded in every round: ${rounds.map((r) => `${r.recorded.files}/${r.recorded.producers}`).join(', ')}) `}` +
      `(ffmpeg ${pct(m((r) => r.recorded.ffmpegCpu))} for ${rounds[0]!.recorded.files} files, the worker ` +
      `+${pct(m((r) => r.recorded.workerCpu - r.interpretation.workerCpu))} for ${rounds[0]!.recorded.taps} recording consumers; median of ${rounds.length} rounds).`,
  ];
}
