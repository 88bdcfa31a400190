// The parent's handle on a child process of the signalling benchmark: the server under test
// (signallingBenchServer.ts) or a client process (signallingBenchClient.ts). Messages go over
// Node's fork() IPC channel; every wait is bounded.
import { fork, type ChildProcess } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Run from the production build (dist/, `npm run build:server`): its children are the compiled scripts too. */
const compiled = import.meta.url.endsWith('.js');
/** The repository's folder, whether this runs from test/bench or dist/test/bench. */
export const repoRoot = resolve(here, ...(compiled ? ['..', '..', '..'] : ['..', '..']));

interface Message {
  type: string;
}

export class BenchChild<To extends Message, From extends Message> {
  readonly label: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #alive = true;

  private constructor(child: ChildProcess, label: string) {
    this.#child = child;
    this.label = label;
    this.#exited = new Promise((done) =>
      child.once('exit', () => {
        this.#alive = false;
        done();
      }),
    );
  }

  /**
   * Forks a script of this folder (named by its .ts file; its compiled .js when this runs from
   * dist/); fork() passes on Node's flags (process.execArgv: tsx's loader when run from source).
   * `wrapper`: a command to run Node under (e.g. loadGeneratorWrapper's).
   */
  static async start<To extends Message, From extends Message>(script: string, label: string, wrapper: readonly string[] = []): Promise<BenchChild<To, From>> {
    const child = fork(resolve(here, compiled ? script.replace(/\.ts$/, '.js') : script), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      ...(wrapper.length > 0 ? { execPath: wrapper[0]!, execArgv: [...wrapper.slice(1), process.execPath, ...process.execArgv] } : {}),
    });
    const handle = new BenchChild<To, From>(child, label);
    try {
      await handle.next('ready', 60_000);
    } catch (error) {
      child.kill('SIGKILL');
      throw error;
    }
    return handle;
  }

  get pid(): number {
    return this.#child.pid!;
  }

  get alive(): boolean {
    return this.#alive;
  }

  send(message: To): void {
    if (this.#alive) this.#child.send(message);
  }

  request<T extends From['type']>(message: To, reply: T, timeoutMs: number): Promise<Extract<From, { type: T }>> {
    const answer = this.next(reply, timeoutMs);
    this.send(message);
    return answer;
  }

  /** The next message of this type; an 'error' from the child, its exit or the timeout reject. */
  next<T extends From['type']>(type: T, timeoutMs: number): Promise<Extract<From, { type: T }>> {
    return new Promise((resolveReply, reject) => {
      if (!this.#alive) {
        reject(new Error(`${this.label} has exited`));
        return;
      }
      const cleanup = () => {
        clearTimeout(timer);
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.label}: no "${type}" within ${Math.round(timeoutMs)} ms`));
      }, Math.max(0, timeoutMs));
      const onMessage = (message: From & { message?: string }) => {
        if (message.type === 'error') {
          cleanup();
          reject(new Error(`${this.label}: ${message.message}`));
        } else if (message.type === type) {
          cleanup();
          resolveReply(message as Extract<From, { type: T }>);
        }
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${this.label} (pid ${this.#child.pid}) exited with ${code} while waiting for "${type}"`));
      };
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
    });
  }

  /** Sends the closing message and waits for the exit; kills the process if it has not gone within graceMs. */
  async close(closing: To, graceMs: number): Promise<void> {
    if (!this.#alive) return;
    this.send(closing);
    const exited = await Promise.race([this.#exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
    if (!exited) await this.kill();
  }

  async kill(): Promise<void> {
    if (!this.#alive) return;
    this.#child.kill('SIGKILL');
    await this.#exited;
  }
}
