// One ffmpeg process recording one RTP stream into one file (see ffmpegRecipe.ts). It is told
// its SDP on stdin, is ready once it has bound its RTP port, and is stopped with SIGINT and an
// RTCP BYE (it writes the file's trailer and exits; SIGKILL after a grace period). An exit nobody
// asked for is a crash: the 'crashed' event says so, with the last lines ffmpeg wrote to stderr.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { EventEmitter } from 'node:events';
import { RECORDER_IP, udpPortBound } from './recorderPorts.js';

interface FfmpegProcessEvents {
  /** ffmpeg exited without being asked to. */
  crashed: [exit: { code: number | null; signal: NodeJS.Signals | null; stderr: string }];
}

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
/** The BYE again if ffmpeg has not ended its input by then (a datagram can be dropped). */
const BYE_AGAIN_MS = 250;
/**
 * The last resort before SIGKILL: a second SIGINT interrupts a read, but also every write after
 * it, the file's trailer included (ffmpeg's interrupt callback guards its output too).
 */
const SECOND_SIGINT_MS = 2_000;
/**
 * RTCP BYE (RFC 3550 6.6) from two sources: ffmpeg's RTP reader drops anything shorter than an
 * RTP header (12 bytes), and ends its input once every stream has said BYE.
 */
const RTCP_BYE = Buffer.from([0x82, 203, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2]);
/** Where the kernel's socket table cannot be read: how long ffmpeg is given to bind its port. */
const BLIND_START_MS = 1_000;
const STDERR_LINES = 20;

const availability = new Map<string, boolean>();

export class FfmpegProcess extends EventEmitter<FfmpegProcessEvents> {
  readonly #child: ChildProcess;
  readonly #rtpPort: number;
  readonly #exited: Promise<void>;
  #stderr: string[] = [];
  #stopping = false;
  #exitedAlready = false;

  private constructor(child: ChildProcess, rtpPort: number) {
    super();
    this.#child = child;
    this.#rtpPort = rtpPort;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.#stderr.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
      if (this.#stderr.length > STDERR_LINES) this.#stderr = this.#stderr.slice(-STDERR_LINES);
    });
    this.#exited = new Promise((resolve) => {
      const exited = (code: number | null, signal: NodeJS.Signals | null) => {
        if (this.#exitedAlready) return;
        this.#exitedAlready = true;
        resolve();
        if (!this.#stopping) this.emit('crashed', { code, signal, stderr: this.stderr });
      };
      child.once('exit', exited);
      // A process that could not be started (no such binary) may never report an exit.
      child.once('error', (error) => {
        if (child.pid === undefined) {
          this.#stderr.push(error.message);
          exited(null, null);
        }
      });
    });
  }

  /** Whether `ffmpegPath` runs here (asked once per path). */
  static available(ffmpegPath: string): boolean {
    let known = availability.get(ffmpegPath);
    if (known === undefined) {
      known = spawnSync(ffmpegPath, ['-version'], { stdio: 'ignore', timeout: 10_000 }).status === 0;
      availability.set(ffmpegPath, known);
    }
    return known;
  }

  /** Starts ffmpeg and resolves once it listens on `rtpPort` (or rejects if it exits first). */
  static async start(ffmpegPath: string, args: string[], sdp: string, rtpPort: number): Promise<FfmpegProcess> {
    const child = spawn(ffmpegPath, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    const ffmpeg = new FfmpegProcess(child, rtpPort);
    child.stdin?.on('error', () => undefined); // ffmpeg may exit before reading it all
    child.stdin?.end(sdp);
    try {
      await ffmpeg.#listening(rtpPort);
    } catch (error) {
      await ffmpeg.stop();
      throw error;
    }
    return ffmpeg;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get stderr(): string {
    return this.#stderr.join('\n');
  }

  /**
   * SIGINT: ffmpeg finishes the file and exits, but only once its read of the next packet returns,
   * and a port gone silent (the producer closed or paused) sends none. So it is also sent an RTCP
   * BYE on the stream's RTCP port: its reader ends the input, and it writes the file's end and
   * exits. A second SIGINT and then SIGKILL only if it has not exited after all that.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#exitedAlready) return;
    this.#child.kill('SIGINT');
    this.#sayBye();
    const again = setTimeout(() => this.#sayBye(), BYE_AGAIN_MS);
    const nudge = setTimeout(() => this.#child.kill('SIGINT'), SECOND_SIGINT_MS);
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.#exited;
    clearTimeout(again);
    clearTimeout(nudge);
    clearTimeout(killer);
  }

  #sayBye(): void {
    if (this.#exitedAlready) return;
    const socket = createSocket('udp4');
    socket.on('error', () => socket.close()); // best effort: the signals follow
    socket.send(RTCP_BYE, this.#rtpPort + 1, RECORDER_IP, () => socket.close());
  }

  async #listening(port: number): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    for (;;) {
      if (this.#exitedAlready) throw new Error(`ffmpeg exited before it listened on port ${port}: ${this.stderr}`);
      const bound = await udpPortBound(port);
      if (bound === true) return;
      if (bound === undefined) {
        await new Promise((resolve) => setTimeout(resolve, BLIND_START_MS));
        if (this.#exitedAlready) continue;
        return;
      }
      if (Date.now() > deadline) throw new Error(`ffmpeg did not listen on port ${port} within ${READY_TIMEOUT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
