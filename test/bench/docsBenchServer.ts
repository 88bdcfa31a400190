// The server under test of one document benchmark run, in a process of its own: the court
// (docsBenchCourt.ts) or the reference y-websocket server (docsBenchReference.ts), loaded only when
// told which, so that the reference's process holds the CommonJS yjs alone and the court's the
// ES module one. Apart from the clients, so their work is not counted as the server's; a fresh
// process per run, so its memory does not mix with the previous run's, and a server buried under
// more work than it can do is stopped from outside.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FromServer, ServerMeter, ToServer } from './docsBenchProtocol.js';
import { ProfileCommands } from './signallingBenchProfile.js';

// Heap figures are taken after a full collection; tsx cannot pass --expose-gc, so ask V8 directly.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const profiles = new ProfileCommands(resolve(fileURLToPath(import.meta.url), '..', '..', '..'), 16);
const send = (message: FromServer) => process.send?.(message);

interface Running {
  storeMeter?: () => Pick<ServerMeter, 'storeCommits' | 'storeTransactions' | 'storedBatches' | 'storeWait'>;
  close(): Promise<void>;
}

let server: Running | undefined;

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
          const started =
            message.kind === 'court'
              ? await (await import('./docsBenchCourt.js')).startCourtUnderTest(message.load, message.dataDir!)
              : await (await import('./docsBenchReference.js')).startReferenceUnderTest(message.load);
          server = started;
          send({ type: 'started', url: started.url, documents: started.documents, setupMs: started.setupMs });
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
          const loop = performance.eventLoopUtilization();
          const store = server?.storeMeter?.() ?? { storeCommits: 0, storeTransactions: 0, storedBatches: 0, storeWait: {} };
          send({ type: 'meter', meter: { cpuMs: (user + system) / 1000, loopActiveMs: loop.active, loopIdleMs: loop.idle, ...store } });
          break;
        }
        case 'close':
          await close();
          process.exit(0);
      }
    } catch (error) {
      send({ type: 'error', message: (error as Error).stack ?? String(error) });
    }
  })();
});

// The parent went away: take the server (and the court's media worker) down with it.
process.on('disconnect', () => void close().finally(() => process.exit(0)));

send({ type: 'ready' });
