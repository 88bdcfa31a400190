// The media benchmark's instruments: the client processes that host the synthetic participants,
// and the measurer that reads the server's consumer and producer counters and the CPU time of
// the worker, the server, the clients and the machine.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunningCourtServer } from '../../server/CourtServer.js';
import { machineCpuMs, processCpuMs, threadCpuByName, udpReceiveBufferErrors, udpSocketDrops } from './benchMeasure.js';
import type { FromClient, ToClient } from './mediaBenchProtocol.js';

const here = dirname(fileURLToPath(import.meta.url));
const SETPRIV = '/usr/bin/setpriv';
const NICE = '/usr/bin/nice';
/** As root, libwebrtc would give its threads real-time priority; see ClientProcess.start. */
export const CLIENTS_WITHOUT_REALTIME = process.getuid?.() === 0 && existsSync(SETPRIV);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- client processes

/**
 * The command a process of synthetic participants runs Node under: without CAP_SYS_NICE when run
 * as root (see ClientProcess.start) and at `nice`, below the server being measured.
 */
export function loadGeneratorWrapper(nice: number): string[] {
  return [...(CLIENTS_WITHOUT_REALTIME ? [SETPRIV, '--bounding-set=-sys_nice'] : []), ...(nice > 0 && existsSync(NICE) ? [NICE, '-n', String(nice)] : [])];
}

export class ClientProcess {
  readonly child: ChildProcess;
  readonly label: string;
  readonly #exited: Promise<number | null>;
  #exitCode: number | null | undefined;

  private constructor(child: ChildProcess, label: string) {
    this.child = child;
    this.label = label;
    this.#exited = new Promise((done) =>
      child.once('exit', (code) => {
        this.#exitCode = code;
        done(code);
      }),
    );
  }

  /**
   * Forks test/bench/mediaBenchClient.ts. fork() passes on tsx's loader flags (process.execArgv),
   * so the child runs TypeScript too.
   *
   * libwebrtc gives its threads real-time priority (SCHED_FIFO, up to 98) whenever it is allowed
   * to, and root is: busy clients then starve the mediasoup worker, and everything else on the
   * machine. Run as root, a client first loses CAP_SYS_NICE (util-linux setpriv). `nice` then
   * puts the load generators below the server, its worker and the probe, the parts being
   * measured, which in a real hearing would not share a machine with the participants.
   */
  static async start(label: string, nice: number): Promise<ClientProcess> {
    const wrapper = loadGeneratorWrapper(nice);
    const child = fork(resolve(here, 'mediaBenchClient.ts'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(wrapper.length > 0 ? { execPath: wrapper[0]!, execArgv: [...wrapper.slice(1), process.execPath, ...process.execArgv] } : {}),
    });
    const client = new ClientProcess(child, label);
    try {
      await client.#next('ready', 30_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return client;
  }

  get pid(): number {
    return this.child.pid!;
  }

  get alive(): boolean {
    return this.#exitCode === undefined;
  }

  request<T extends FromClient['type']>(message: ToClient, reply: T, timeoutMs: number): Promise<Extract<FromClient, { type: T }>> {
    const answer = this.#next(reply, timeoutMs);
    this.child.send(message);
    return answer;
  }

  #next<T extends FromClient['type']>(type: T, timeoutMs: number): Promise<Extract<FromClient, { type: T }>> {
    return new Promise((resolveReply, reject) => {
      const cleanup = () => {
        clearTimeout(timer);
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.label}: no "${type}" within ${timeoutMs} ms`));
      }, timeoutMs);
      const onMessage = (message: FromClient) => {
        if (message.type === 'error') {
          cleanup();
          reject(new Error(`${this.label}: ${message.message}`));
        } else if (message.type === type) {
          cleanup();
          resolveReply(message as Extract<FromClient, { type: T }>);
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${this.label} (pid ${this.child.pid}) exited with ${code} while waiting for "${type}"`));
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
    });
  }

  /** Asks the process to close its participants and exit; kills it if it has not within 15 s. */
  async close(): Promise<void> {
    if (!this.alive) return;
    try {
      await this.request({ type: 'close' }, 'closed', 10_000);
    } catch {
      /* killed below if it is still there */
    }
    const exited = await Promise.race([this.#exited.then(() => true), sleep(5000).then(() => false)]);
    if (!exited && this.alive) {
      this.child.kill('SIGKILL');
      await this.#exited;
    }
  }

  kill(): void {
    if (this.alive) this.child.kill('SIGKILL');
  }
}

// ---------------------------------------------------------------- measuring

interface StreamCounters {
  packets: number;
  lost: number;
  bytes: number;
}

interface MediaSnapshot {
  at: number;
  consumers: Map<string, StreamCounters>;
  producers: Map<string, StreamCounters>;
}

interface CpuReading {
  at: number;
  workerMs: number;
  workerProcMs: number;
  serverMs: number;
  clientsMs: number;
  machine: { busy: number; total: number };
  udpRcvbufErrors: number;
  sfuSocketDrops: number;
}

export interface WindowResult {
  seconds: number;
  /** RTP packets and bits per second the worker sent to viewers / received from senders. */
  outPps: number;
  outKbps: number;
  inPps: number;
  lossDownPct: number;
  lossUpPct: number;
  /** Consumers that forwarded nothing in the window. */
  silentConsumers: number;
  udpRcvbufErrors: number;
  sfuSocketDrops: number;
  /** 1-second samples, in % of one core (machineBusyPct: % of all cores). */
  workerCpu: number[];
  serverCpu: number[];
  clientsCpu: number[];
  machineBusyPct: number[];
  otherCpu: number[];
}

interface StatEntry {
  type: string;
  packetCount?: number;
  packetsLost?: number;
  byteCount?: number;
}

export class Measurer {
  readonly #court: RunningCourtServer;
  readonly #roomId: string;
  readonly #clients: ClientProcess[];
  readonly #sfuPort: number;
  readonly #verbose: boolean;

  constructor(court: RunningCourtServer, roomId: string, clients: ClientProcess[], sfuPort: number, verbose: boolean) {
    this.#court = court;
    this.#roomId = roomId;
    this.#clients = clients;
    this.#sfuPort = sfuPort;
    this.#verbose = verbose;
  }

  get worker() {
    return this.#court.pool.workers[0]!.worker;
  }

  /** Consumers of every hearing room on the (only) worker, as the server counts them. */
  consumersOnWorker(): number {
    let count = 0;
    for (const room of this.#court.rooms.rooms.values()) {
      if (room.mediaWorker.worker === this.worker) count += room.consumerCount;
    }
    return count;
  }

  /** Busy time of the machine not spent by the benchmark's processes, over `ms`, in % of one core. */
  async otherCpu(ms: number): Promise<number> {
    const since = await this.otherCpuFrom();
    await sleep(ms);
    return since();
  }

  /** Starts a clock: the function it returns gives the other work's CPU since, in % of one core. */
  async otherCpuFrom(): Promise<() => Promise<number>> {
    const a = await this.#cpu();
    return async () => {
      const b = await this.#cpu();
      const ours = b.workerMs - a.workerMs + (b.serverMs - a.serverMs) + (b.clientsMs - a.clientsMs);
      return Math.max(0, (100 * (b.machine.busy - a.machine.busy - ours)) / (b.at - a.at));
    };
  }

  /** Samples CPU every `sampleMs` for `windowMs` between two snapshots of the media counters. */
  async window(participantIds: string[], windowMs: number, sampleMs: number): Promise<WindowResult> {
    const before = await this.#snapshot(participantIds);
    const first = await this.#cpu();
    const threadsBefore = this.#verbose ? this.#clients.map((c) => threadCpuByName(c.pid)) : [];
    let previous = first;
    const result: WindowResult = {
      seconds: 0,
      outPps: 0,
      outKbps: 0,
      inPps: 0,
      lossDownPct: NaN,
      lossUpPct: NaN,
      silentConsumers: 0,
      udpRcvbufErrors: 0,
      sfuSocketDrops: 0,
      workerCpu: [],
      serverCpu: [],
      clientsCpu: [],
      machineBusyPct: [],
      otherCpu: [],
    };
    for (let elapsed = 0; elapsed < windowMs; elapsed += sampleMs) {
      await sleep(sampleMs);
      const now = await this.#cpu();
      const wall = now.at - previous.at;
      const pct = (ms: number) => (100 * ms) / wall; // % of one core
      const worker = pct(now.workerMs - previous.workerMs);
      const server = pct(now.serverMs - previous.serverMs);
      const clients = pct(now.clientsMs - previous.clientsMs);
      const machineBusy = now.machine.busy - previous.machine.busy;
      result.workerCpu.push(worker);
      result.serverCpu.push(server);
      result.clientsCpu.push(clients);
      result.machineBusyPct.push((100 * machineBusy) / (now.machine.total - previous.machine.total));
      // Busy time that none of the benchmark's processes account for: other people's processes,
      // and kernel work (loopback networking) done outside any process's context.
      result.otherCpu.push(Math.max(0, pct(machineBusy) - worker - server - clients));
      previous = now;
    }
    const after = await this.#snapshot(participantIds);

    const seconds = (after.at - before.at) / 1000;
    let sent = 0;
    let lostDown = 0;
    let bytes = 0;
    for (const [id, end] of after.consumers) {
      const start = before.consumers.get(id);
      if (!start) continue;
      const packets = end.packets - start.packets;
      sent += packets;
      lostDown += end.lost - start.lost;
      bytes += end.bytes - start.bytes;
      if (packets === 0) result.silentConsumers++;
    }
    let received = 0;
    let lostUp = 0;
    for (const [id, end] of after.producers) {
      const start = before.producers.get(id);
      if (!start) continue;
      received += end.packets - start.packets;
      lostUp += end.lost - start.lost;
    }
    result.seconds = seconds;
    result.outPps = sent / seconds;
    result.outKbps = (8 * bytes) / 1000 / seconds;
    result.inPps = received / seconds;
    // Cumulative-lost counters can step back (duplicates, reordering): never below zero.
    if (sent > 0) result.lossDownPct = (100 * Math.max(0, lostDown)) / sent;
    if (received + lostUp > 0) result.lossUpPct = (100 * Math.max(0, lostUp)) / (received + Math.max(0, lostUp));
    result.udpRcvbufErrors = previous.udpRcvbufErrors - first.udpRcvbufErrors;
    result.sfuSocketDrops = previous.sfuSocketDrops - first.sfuSocketDrops;

    if (this.#verbose) {
      const wall = previous.at - first.at;
      console.log(
        `  window: worker ${((100 * (previous.workerMs - first.workerMs)) / wall).toFixed(1)} % by getResourceUsage, ` +
          `${((100 * (previous.workerProcMs - first.workerProcMs)) / wall).toFixed(1)} % by /proc; ` +
          `${result.outPps.toFixed(0)} pkt/s out, loss ${result.lossDownPct.toFixed(2)} % / ${result.lossUpPct.toFixed(2)} %`,
      );
      this.#clients.forEach((client, i) => {
        const rows = [...threadCpuByName(client.pid)]
          .map(([name, ms]) => [name, (100 * (ms - (threadsBefore[i]!.get(name) ?? 0))) / wall] as const)
          .filter(([, pct]) => pct >= 1)
          .sort((a, b) => b[1] - a[1]);
        console.log(`  ${client.label} threads: ${rows.map(([n, p]) => `${n} ${p.toFixed(0)} %`).join(', ') || '-'}`);
      });
      if (result.silentConsumers > 0) await this.#diagnose(participantIds, before, after);
    }
    return result;
  }

  /** The server's counters for every consumer and producer of these participants. */
  async #snapshot(participantIds: string[]): Promise<MediaSnapshot> {
    const room = this.#court.rooms.get(this.#roomId);
    const snapshot: MediaSnapshot = { at: performance.now(), consumers: new Map(), producers: new Map() };
    if (!room) return snapshot;
    const reports = await Promise.all(participantIds.map((id) => room.stats(id)));
    snapshot.at = performance.now();
    for (const report of reports) {
      // A consumer's outbound-rtp: what the worker sent, and the loss its receiver reported (RTCP RR).
      for (const consumer of report.consumers) {
        const out = (consumer.stats as StatEntry[]).find((s) => s.type === 'outbound-rtp');
        if (out) snapshot.consumers.set(consumer.consumerId, { packets: out.packetCount ?? 0, lost: out.packetsLost ?? 0, bytes: out.byteCount ?? 0 });
      }
      // A producer's inbound-rtp (one per simulcast layer): what the worker received, and its gaps.
      for (const producer of report.producers) {
        const sum: StreamCounters = { packets: 0, lost: 0, bytes: 0 };
        for (const s of producer.stats as StatEntry[]) {
          if (s.type !== 'inbound-rtp') continue;
          sum.packets += s.packetCount ?? 0;
          sum.lost += s.packetsLost ?? 0;
          sum.bytes += s.byteCount ?? 0;
        }
        snapshot.producers.set(producer.producerId, sum);
      }
    }
    return snapshot;
  }

  async #cpu(): Promise<CpuReading> {
    const usage = await this.worker.getResourceUsage();
    const server = process.cpuUsage();
    let clientsMs = 0;
    for (const client of this.#clients) clientsMs += processCpuMs(client.pid) ?? 0;
    return {
      at: performance.now(),
      workerMs: usage.ru_utime + usage.ru_stime,
      workerProcMs: processCpuMs(this.worker.pid) ?? NaN,
      serverMs: (server.user + server.system) / 1000,
      clientsMs,
      machine: machineCpuMs(),
      udpRcvbufErrors: udpReceiveBufferErrors(),
      sfuSocketDrops: udpSocketDrops(this.#sfuPort),
    };
  }

  /** Verbose: which producers sent nothing, and the state of their participants' transports. */
  async #diagnose(participantIds: string[], before: MediaSnapshot, after: MediaSnapshot): Promise<void> {
    const room = this.#court.rooms.get(this.#roomId);
    if (!room) return;
    const moved = (a?: StreamCounters, b?: StreamCounters) => a !== undefined && b !== undefined && b.packets > a.packets;
    for (const id of participantIds) {
      const report = await room.stats(id);
      const deadProducers = report.producers.filter((p) => !moved(before.producers.get(p.producerId), after.producers.get(p.producerId)));
      const silent = report.consumers.filter((c) => !moved(before.consumers.get(c.consumerId), after.consumers.get(c.consumerId)));
      if (deadProducers.length === 0 && silent.length === 0) continue;
      const transports = report.transports.map((t) => {
        const s = (t.stats as Array<Record<string, unknown>>)[0] ?? {};
        return `${t.direction} ${String(s.iceState)}/${String(s.dtlsState)} in ${String(s.recvBitrate)} b/s out ${String(s.sendBitrate)} b/s`;
      });
      console.log(
        `  ${id.slice(0, 8)}: producers sending nothing: ${deadProducers.map((p) => p.kind).join(', ') || 'none'}; ` +
          `silent consumers ${silent.length}/${report.consumers.length}; ${transports.join('; ')}`,
      );
    }
  }
}
