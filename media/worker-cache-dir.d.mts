// The types of worker-cache-dir.mjs (a plain module: the build script runs it with node).
export function workerCacheDir(env?: NodeJS.ProcessEnv): string;
