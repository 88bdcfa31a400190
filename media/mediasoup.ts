// The only door to the mediasoup package. mediasoup reads MEDIASOUP_WORKER_BIN when it is first
// loaded, so it is required here at run time, after workerBinary.ts has set it: a static import
// could be evaluated first (jest links CommonJS packages before any module body runs).
import { createRequire } from 'node:module';
import { workerBinary } from './workerBinary.js';

const require = createRequire(import.meta.url);
if (process.env.MEDIASOUP_WORKER_BIN !== workerBinary.path) throw new Error('worker binary not chosen before mediasoup');
export const mediasoup: typeof import('mediasoup') = require('mediasoup');
export type { types } from 'mediasoup';
