// The folder where built mediasoup workers are cached, one subfolder per mediasoup version.
// Shared by the build script and the server so both agree on one place.
import { homedir } from 'node:os';
import { join } from 'node:path';

export function workerCacheDir(env = process.env) {
  if (env.CROSSCOURT_WORKER_CACHE) return env.CROSSCOURT_WORKER_CACHE;
  const base = env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'crosscourt', 'mediasoup-worker');
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(workerCacheDir());
