// The server under test of one signalling benchmark run, in a process of its own: the court or
// the bare socket.io server (signallingBenchServers.ts). Apart from the clients, so their work is
// not counted as the server's; apart from the parent, so that a server buried under more work
// than it can do can be stopped at the run's time limit (its event loop is not the one keeping
// time) and its memory does not mix with the previous run's.
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ProfileCommands } from './signallingBenchProfile.js';
import type { FromServer, ToServer } from './signallingBenchProtocol.js';
import { repoRoot } from './signallingBenchChild.js';
import { startBareUnderTest, startCourtUnderTest, type ServerUnderTest } from './signallingBenchServers.js';

// Heap figures are taken after a full collection; tsx cannot pass --expose-gc, so ask V8 directly.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const profiles = new ProfileCommands(repoRoot, 12, { heap: process.env.BENCH_HEAP_PROFILE === '1' });
const send = (message: FromServer) => process.send?.(message);
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

let server: ServerUnderTest | undefined;

/** The main thread's time on a CPU in ms (schedstat's first field, ns); NaN where /proc has none. */
function mainThreadCpu(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6;
  } catch {
    return Number.NaN;
  }
}

async function close(): Promise<void> {
  await server?.close();
  server = undefined;
}

process.on('message', (message: ToServer) => {
  void (async () => {
    try {
      if (await profiles.answer(message, send)) return;
      switch (message.type) {
        case 'start': {
          if (server) throw new Error('a server is already running in this process');
          server = message.kind === 'court' ? await startCourtUnderTest(message.layout, message.dataDir!) : await startBareUnderTest(message.layout);
          const { url, hearings, participants, warmup, setupMs } = server;
          send({ type: 'started', url, hearings, participants, warmup, setupMs });
          break;
        }
        case 'memory': {
          collectGarbage();
          const { heapUsed, rss } = process.memoryUsage();
          send({ type: 'memory', heapUsed, rss });
          break;
        }
        case 'meter': {
          const { user, system } = process.cpuUsage();
          const mainThreadCpuMs = mainThreadCpu();
          const loop = performance.eventLoopUtilization();
          const store = server?.store ?? { writes: 0, transactions: 0, reads: 0, readMs: 0 };
          send({
            type: 'meter',
            meter: {
              cpuMs: (user + system) / 1000,
              mainThreadCpuMs,
              loopActiveMs: loop.active,
              loopIdleMs: loop.idle,
              storeWrites: store.writes,
              storeTransactions: store.transactions,
              storeReads: store.reads,
              storeReadMs: store.readMs,
              recoveryPackets: server?.recoveryPackets() ?? 0,
              loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
              loopDelayMaxMs: loopDelay.max / 1e6,
            },
          });
          loopDelay.reset();
          break;
        }
        case 'handshakes':
          send({ type: 'handshakes', handshakes: server?.handshakes() ?? [] });
          break;
        case 'connections':
          send({ type: 'connections', count: server?.connections() ?? 0 });
          break;
        case 'close':
          await close();
          process.exit(0);
      }
    } catch (error) {
      send({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});

// The parent went away: take the server (and its media worker) down with it.
process.on('disconnect', () => void close().finally(() => process.exit(0)));

send({ type: 'ready' });
