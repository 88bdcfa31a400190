// A CPU profile of the benchmark's own process (the server under test) over one timed run, taken
// through the inspector (as `node --cpu-prof` would, but only around the run), summarised as the
// functions that took the most time: by self time, and inclusive of what they called.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export class RunProfiler {
  readonly #session = new Session();
  readonly #heap: boolean;

  /**
   * `heap`: also a sampling heap profile over the run, of everything allocated (what the
   * collector took back included), for where the collector's work comes from.
   */
  constructor({ heap = false }: { heap?: boolean } = {}) {
    this.#heap = heap;
  }

  async start(): Promise<void> {
    this.#session.connect();
    await this.#session.post('Profiler.enable');
    await this.#session.post('Profiler.setSamplingInterval', { interval: 200 });
    await this.#session.post('Profiler.start');
    if (this.#heap) {
      await this.#session.post('HeapProfiler.enable');
      await this.#session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
    }
  }

  /** The run's CPU profile; its heap profile, if taken, is written to `heapPath`. */
  async stop(heapPath?: string): Promise<CpuProfile> {
    if (this.#heap) {
      const { profile } = await this.#session.post('HeapProfiler.stopSampling');
      if (heapPath !== undefined) writeFileSync(heapPath, JSON.stringify(profile));
      await this.#session.post('HeapProfiler.disable');
    }
    const { profile } = (await this.#session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
    await this.#session.post('Profiler.disable');
    this.#session.disconnect();
    return profile;
  }
}

export function saveProfile(profile: CpuProfile, path: string): void {
  writeFileSync(path, JSON.stringify(profile));
}

const IDLE = new Set(['(idle)', '(program)', '(root)']);

function keyOf(node: ProfileNode, root: string): string {
  const { functionName, url, lineNumber } = node.callFrame;
  if (url === '') return functionName || '(anonymous)';
  const file = url.startsWith('file://') ? relative(root, new URL(url).pathname) : url;
  return `${functionName || '(anonymous)'} ${file.replace(/^node_modules\//, '')}:${lineNumber + 1}`;
}

/** Milliseconds of CPU by function, self and inclusive (a function counted once per sample however deep it recurs); busy = not idle. */
export function summariseProfile(profile: CpuProfile, root: string, top = 12): { busyMs: number; self: Array<[string, number]>; inclusive: Array<[string, number]> } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let busyMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0) / 1000;
    const leaf = byId.get(id)!;
    const leafKey = keyOf(leaf, root);
    if (IDLE.has(leaf.callFrame.functionName)) return;
    busyMs += ms;
    self.set(leafKey, (self.get(leafKey) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at)!, root);
      if (seen.has(key) || IDLE.has(byId.get(at)!.callFrame.functionName)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + ms);
    }
  });
  const ranked = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { busyMs, self: ranked(self), inclusive: ranked(inclusive) };
}

/** What a benchmark parent asks its server process about profiles, and what it hears back. */
export type ProfileRequest = { type: 'profileStart' } | { type: 'profileStop'; path: string };
export type ProfileReply = { type: 'profileStarted' } | { type: 'profileStopped'; summary: ReturnType<typeof summariseProfile> };

/** A benchmark server process's profile commands: start, then stop (saved to a file and summarised). */
export class ProfileCommands {
  readonly #root: string;
  readonly #top: number;
  readonly #heap: boolean;
  #profiler: RunProfiler | undefined;

  /** `heap`: a heap profile too, beside each CPU profile (its path and `.heapprofile`). */
  constructor(root: string, top = 12, { heap = false }: { heap?: boolean } = {}) {
    this.#root = root;
    this.#top = top;
    this.#heap = heap;
  }

  async start(): Promise<void> {
    this.#profiler = new RunProfiler({ heap: this.#heap });
    await this.#profiler.start();
  }

  /** Carries out a profile request and answers it; false for any other message. */
  async answer(message: { type: string }, send: (reply: ProfileReply) => void): Promise<boolean> {
    if (message.type === 'profileStart') {
      await this.start();
      send({ type: 'profileStarted' });
      return true;
    }
    if (message.type === 'profileStop') {
      send({ type: 'profileStopped', summary: await this.stop((message as Extract<ProfileRequest, { type: 'profileStop' }>).path) });
      return true;
    }
    return false;
  }

  async stop(path: string): Promise<ReturnType<typeof summariseProfile>> {
    if (this.#profiler === undefined) throw new Error('profileStop without profileStart');
    const profile = await this.#profiler.stop(`${path}.heapprofile`);
    this.#profiler = undefined;
    saveProfile(profile, path);
    return summariseProfile(profile, this.#root, this.#top);
  }
}
