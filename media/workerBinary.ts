// Decides which mediasoup-worker binary mediasoup will spawn. mediasoup reads
// MEDIASOUP_WORKER_BIN once, when it is first imported, so this module must be evaluated
// before anything imports 'mediasoup': media/mediasoup.ts imports it first for that reason.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { workerCacheDir } from './worker-cache-dir.mjs';

const require = createRequire(import.meta.url);

export interface WorkerBinaryChoice {
  path: string;
  origin: 'environment' | 'prebuilt' | 'built-from-source';
}

export function chooseWorkerBinary(env: NodeJS.ProcessEnv = process.env): WorkerBinaryChoice {
  if (env.MEDIASOUP_WORKER_BIN) return { path: env.MEDIASOUP_WORKER_BIN, origin: 'environment' };
  const packageDir = dirname(require.resolve('mediasoup/package.json'));
  const prebuilt = join(packageDir, 'worker', 'out', 'Release', 'mediasoup-worker');
  if (existsSync(prebuilt)) return { path: prebuilt, origin: 'prebuilt' };
  const version: string = require('mediasoup/package.json').version;
  return { path: join(workerCacheDir(env), version, 'mediasoup-worker'), origin: 'built-from-source' };
}

export const workerBinary = chooseWorkerBinary();
if (!existsSync(workerBinary.path)) {
  throw new Error(
    `mediasoup worker not found at ${workerBinary.path}. Build it with "npm run build:worker" ` +
      `(or set MEDIASOUP_WORKER_BIN to an existing mediasoup-worker binary).`,
  );
}
process.env.MEDIASOUP_WORKER_BIN = workerBinary.path;
