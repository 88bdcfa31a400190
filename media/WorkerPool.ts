// One mediasoup worker per core, each with one WebRtcServer so every WebRTC transport on that
// worker shares a single UDP and a single TCP port. A worker that dies is replaced on the same
// ports, and listeners are told so they can move the dead worker's hearing rooms.
import { EventEmitter } from 'node:events';
import type { Logger } from 'pino';
import { mediasoup, type types } from './mediasoup.js';

export interface WorkerPoolOptions {
  workerCount: number;
  /** Address the WebRtcServers listen on. */
  listenIp: string;
  /** Address given to browsers in ICE candidates, for servers behind NAT. */
  announcedAddress?: string;
  /** Worker i listens on portBase + i (UDP and TCP); 0 lets each worker pick a free port. */
  portBase: number;
  rtcMinPort?: number;
  rtcMaxPort?: number;
  logger: Logger;
}

export interface MediaWorker {
  readonly index: number;
  readonly worker: types.Worker;
  readonly webRtcServer: types.WebRtcServer;
}

interface WorkerPoolEvents {
  /** A worker died and `replacement` now serves its index. */
  workerReplaced: [dead: MediaWorker, replacement: MediaWorker];
  /** A worker died and could not be replaced; the pool has one worker fewer. */
  workerLost: [dead: MediaWorker, error: Error];
}

export class WorkerPool extends EventEmitter<WorkerPoolEvents> {
  readonly #options: WorkerPoolOptions;
  readonly #workers: MediaWorker[] = [];
  #closed = false;

  private constructor(options: WorkerPoolOptions) {
    super();
    this.#options = options;
  }

  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    if (!Number.isInteger(options.workerCount) || options.workerCount < 1) {
      throw new TypeError('workerCount must be a positive integer');
    }
    const pool = new WorkerPool(options);
    try {
      for (let index = 0; index < options.workerCount; index++) {
        pool.#workers.push(await pool.#startWorker(index));
      }
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get workers(): readonly MediaWorker[] {
    return this.#workers;
  }

  /** True while every worker is alive: what /readyz reports. */
  get healthy(): boolean {
    return !this.#closed && this.#workers.length > 0 && this.#workers.every((w) => !w.worker.died && !w.worker.closed);
  }

  /** The live worker with the least load, as measured by the caller (rooms know their consumers). */
  leastLoaded(loadOf: (worker: MediaWorker) => number): MediaWorker {
    const live = this.#workers.filter((w) => !w.worker.died && !w.worker.closed);
    if (live.length === 0) throw new Error('no live media worker');
    return live.reduce((best, w) => (loadOf(w) < loadOf(best) ? w : best));
  }

  /** From now on a dying worker is expected (shutdown) and is not replaced. */
  stopReplacing(): void {
    this.#closed = true;
  }

  /** Closes every worker and waits (up to 3 s) for their processes to exit. */
  async close(): Promise<void> {
    this.#closed = true;
    const pids = this.#workers.map(({ worker }) => worker.pid);
    for (const { worker } of this.#workers) worker.close();
    const deadline = Date.now() + 3000;
    while (pids.some(isRunning) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  async #startWorker(index: number): Promise<MediaWorker> {
    const { listenIp, announcedAddress, portBase, rtcMinPort, rtcMaxPort, logger } = this.#options;
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      ...(rtcMinPort ? { rtcMinPort } : {}),
      ...(rtcMaxPort ? { rtcMaxPort } : {}),
      appData: { index },
    });
    const port = portBase > 0 ? portBase + index : undefined;
    const listen = (protocol: 'udp' | 'tcp'): types.WebRtcServerListenInfo => ({
      protocol,
      ip: listenIp,
      ...(announcedAddress ? { announcedIp: announcedAddress } : {}),
      ...(port ? { port } : {}),
    });
    let webRtcServer: types.WebRtcServer;
    try {
      webRtcServer = await worker.createWebRtcServer({ listenInfos: [listen('udp'), listen('tcp')] });
    } catch (error) {
      worker.close();
      throw error;
    }
    const mediaWorker: MediaWorker = { index, worker, webRtcServer };
    worker.on('died', (error) => void this.#replace(mediaWorker, error));
    logger.info({ workerIndex: index, pid: worker.pid }, 'media worker started');
    return mediaWorker;
  }

  async #replace(dead: MediaWorker, error: Error): Promise<void> {
    if (this.#closed) return;
    const { logger } = this.#options;
    logger.error({ workerIndex: dead.index, pid: dead.worker.pid, err: error }, 'media worker died; replacing it');
    try {
      const replacement = await this.#startWorker(dead.index);
      if (this.#closed) {
        replacement.worker.close();
        return;
      }
      this.#workers[this.#workers.indexOf(dead)] = replacement;
      this.emit('workerReplaced', dead, replacement);
    } catch (startError) {
      logger.error({ workerIndex: dead.index, err: startError }, 'could not replace the media worker');
      this.#workers.splice(this.#workers.indexOf(dead), 1);
      this.emit('workerLost', dead, startError as Error);
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
