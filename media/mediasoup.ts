// The only door to the mediasoup package: it fixes the worker binary first (see workerBinary.ts).
import './workerBinary.js';
import * as mediasoup from 'mediasoup';

export { mediasoup };
export type { types } from 'mediasoup';
