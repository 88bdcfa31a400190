// One ffmpeg process recording one RTP stream into one file (see ffmpegRecipe.ts). It is told
// its SDP on stdin, is ready once it has bound its RTP port, and stops gracefully on SIGINT
// (it writes the file's trailer and exits; SIGKILL after a grace period). An exit nobody asked
// for is a crash: the 'crashed' event says so, with the last lines ffmpeg wrote to stderr.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { udpPortBound } from './recorderPorts.js';

interface FfmpegProcessEvents {
  /** ffmpeg exited without being asked to. */
  crashed: [exit: { code: number | null; signal: NodeJS.Signals | null; stderr: string }];
}

const READY_TIMEOUT_MS = 10_000;
const STOP_GRACE_MS = 5_000;
const SECOND_SIGINT_MS = 300;
/** Where the kernel's socket table cannot be read: how long ffmpeg is given to bind its port. */
const BLIND_START_MS = 1_000;
const STDERR_LINES = 20;

const availability = new Map<string, boolean>();

export class FfmpegProcess extends EventEmitter<FfmpegProcessEvents> {
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #stderr: string[] = [];
  #stopping = false;
  #exitedAlready = false;

  private constructor(child: ChildProcess) {
    super();
    this.#child = child;
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
    const ffmpeg = new FfmpegProcess(child);
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
   * SIGINT: ffmpeg finishes the file and exits. While packets arrive it does at once; waiting on
   * a port gone silent (the producer closed) it only notices a second SIGINT, which interrupts
   * the read and still lets it write the file's end. SIGKILL if it has not exited after all that.
   */
  async stop(): Promise<void> {
    this.#stopping = true;
    if (this.#exitedAlready) return;
    this.#child.kill('SIGINT');
    const nudge = setTimeout(() => this.#child.kill('SIGINT'), SECOND_SIGINT_MS);
    const killer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_GRACE_MS);
    await this.#exited;
    clearTimeout(nudge);
    clearTimeout(killer);
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
