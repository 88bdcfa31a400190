// Fan-out latencies kept as a histogram rather than one number per delivery (200 clients each
// seeing 199 edits a second make millions of them): buckets 0.5 % wide on a log scale, so a
// percentile read from it is within 0.5 % of the exact one. Buckets are plain object keys so that
// a histogram crosses the IPC channel as JSON and histograms of several processes add up.
import type { Histogram } from './docsBenchProtocol.js';

const STEP = Math.log(1.005);
/** Latencies below 1 µs (clock granularity, or none at all) share bucket 0. */
const FLOOR_MS = 0.001;

export function bucketOf(ms: number): number {
  return ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / STEP);
}

/** The upper edge of a bucket, in ms: what a percentile falling in it is reported as. */
export function bucketUpperMs(bucket: number): number {
  return FLOOR_MS * Math.exp(bucket * STEP);
}

export function record(histogram: Histogram, ms: number): void {
  const bucket = bucketOf(ms);
  histogram[bucket] = (histogram[bucket] ?? 0) + 1;
}

export function merge(histograms: readonly Histogram[]): Histogram {
  const sum: Histogram = {};
  for (const h of histograms) for (const [bucket, count] of Object.entries(h)) sum[Number(bucket)] = (sum[Number(bucket)] ?? 0) + count;
  return sum;
}

/** What `later` holds beyond `earlier` (two readings of one running histogram). */
export function difference(later: Histogram, earlier: Histogram): Histogram {
  const out: Histogram = {};
  for (const [bucket, count] of Object.entries(later)) {
    const more = count - (earlier[Number(bucket)] ?? 0);
    if (more > 0) out[Number(bucket)] = more;
  }
  return out;
}

export function countOf(histogram: Histogram): number {
  let n = 0;
  for (const count of Object.values(histogram)) n += count;
  return n;
}

/**
 * Nearest-rank percentile over every delivery expected, `total`: deliveries that never came
 * (within the run's drain time) count as slower than all that did, so a p99 is not flattered by
 * what was left out (Infinity when they reach the rank). NaN when nothing was expected.
 */
export function percentileOfAll(histogram: Histogram, total: number, p: number): number {
  if (total === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const bucket of Object.keys(histogram).map(Number).sort((a, b) => a - b)) {
    seen += histogram[bucket]!;
    if (seen >= rank) return bucketUpperMs(bucket);
  }
  return Infinity;
}

export function maxOf(histogram: Histogram): number {
  const buckets = Object.keys(histogram).map(Number);
  return buckets.length === 0 ? NaN : bucketUpperMs(Math.max(...buckets));
}
