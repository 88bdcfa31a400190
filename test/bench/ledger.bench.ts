// Ledger benchmark (`npx tsx test/bench/ledger.bench.ts`): the Merkle tree over the in-memory
// node store. One log grows through 10^4, 10^5 and 10^6 entries, timing appends on the way;
// then inclusion- and consistency-proof generation and verification are timed at random
// positions for each of those tree sizes. Proofs should cost O(log n): the 10^6 / 10^4 ratio
// should be near log(10^6)/log(10^4) = 1.5, not 100.
//
// Not a timed test and not part of `npm test`: machines are shared and noisy, so every figure is
// a median (with p95) over many operations, and the sizes are measured in interleaved rounds.
// Pure CPU, no I/O; exits by itself.
//
// Environment (all optional):
//   BENCH_SIZES="10000,100000,1000000"  checkpoints the log grows through
//   BENCH_SAMPLES=3000                  proofs of each kind timed per checkpoint
//   BENCH_MAX_SECONDS=240               hard limit for the whole run
import { availableParallelism, cpus } from 'node:os';
import { hashLeaf } from '../../server/domain/ledger/hashing.js';
import { encodeLedgerEntry, type LedgerEntry } from '../../server/domain/ledger/ledgerEntry.js';
import { MerkleTree } from '../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore } from '../../server/domain/ledger/NodeStore.js';
import { verifyConsistencyProof, verifyInclusionProof } from '../../server/domain/ledger/proofVerification.js';

const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 3000);
const MAX_SECONDS = Number(process.env.BENCH_MAX_SECONDS ?? 240);
const ROUNDS = 10;

// Everything below is synchronous, so a timer could not interrupt it: the work checks in instead.
const startedAt = performance.now();
function withinBudget(): void {
  const seconds = (performance.now() - startedAt) / 1000;
  if (seconds > MAX_SECONDS) {
    console.error(`ledger bench: gave up after ${seconds.toFixed(0)} s (BENCH_MAX_SECONDS=${MAX_SECONDS}); the machine is too busy`);
    process.exit(2);
  }
}

/** Bytes for entry i: the size of a real canonical entry, made distinct cheaply. */
const entryTemplate = encodeLedgerEntry({
  seq: 0,
  caseId: 'HZ-2025-0117',
  type: 'evidence.viewed',
  at: '2025-03-14T09:26:53.589Z',
  actor: 'judge:0042',
  payload: { evidence: 'ab'.repeat(32), via: 'hearing-room' },
});
function entryBytes(i: number): Uint8Array {
  const bytes = Uint8Array.from(entryTemplate);
  new DataView(bytes.buffer).setUint32(bytes.length - 8, i); // distinct per entry
  return bytes;
}

const nowNs = (): bigint => process.hrtime.bigint();

/** CPU time (user + system) this process has used, in µs. */
function cpuUs(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/** Wall time in µs of each call. (Per-call CPU time is not reported: process.cpuUsage also
 * counts the garbage collector's threads, which swamps calls of a few µs.) */
class Timing {
  readonly wallUs: number[] = [];

  run<T>(inputs: readonly T[], op: (input: T) => unknown): void {
    for (const input of inputs) {
      const start = nowNs();
      op(input);
      this.wallUs.push(Number(nowNs() - start) / 1000);
    }
  }
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

const median = (values: readonly number[]): number => percentile(values, 50);
const randomBelow = (n: number): number => Math.floor(Math.random() * n);
const us = (value: number): string => (value < 10 ? value.toFixed(2) : value.toFixed(1));

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => `${'-'.repeat(w + 1)}${i === 0 ? '-' : ':'}`).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

interface AppendRate {
  wall: number;
  cpu: number;
}

interface Checkpoint {
  size: number;
  appends: AppendRate;
  inclusionGenerate: Timing;
  inclusionVerify: Timing;
  consistencyGenerate: Timing;
  consistencyVerify: Timing;
  rootAt: Timing;
  inclusionLength: number;
  consistencyLength: number;
}

/**
 * Times proofs at every checkpoint size on the grown log, interleaved in rounds so that a burst
 * of load from other processes falls on all sizes alike. A proof for an earlier size reads the
 * same nodes a log of exactly that size would.
 */
function measure(tree: MerkleTree, sizes: readonly number[], appendRates: readonly AppendRate[]): Checkpoint[] {
  const setups = sizes.map((size, i) => {
    const root = tree.rootAt(size);
    const indices = Array.from({ length: SAMPLES }, () => randomBelow(size));
    const oldSizes = Array.from({ length: SAMPLES }, () => 1 + randomBelow(size));
    const inclusionClaims = indices.map((index) => ({
      leafHash: hashLeaf(entryBytes(index)),
      index,
      treeSize: size,
      rootHash: root,
      proof: tree.inclusionProof(index, size),
    }));
    const consistencyClaims = oldSizes.map((oldSize) => ({
      oldSize,
      oldRoot: tree.rootAt(oldSize),
      newSize: size,
      newRoot: root,
      proof: tree.consistencyProof(oldSize, size),
    }));
    // A benchmark of wrong answers is worthless: every sampled proof must verify.
    const failures = inclusionClaims.filter((c) => !verifyInclusionProof(c)).length + consistencyClaims.filter((c) => !verifyConsistencyProof(c)).length;
    if (failures > 0) throw new Error(`${failures} proofs at size ${size} did not verify`);
    const meanLength = (claims: ReadonlyArray<{ proof: readonly unknown[] }>): number => claims.reduce((sum, c) => sum + c.proof.length, 0) / claims.length;
    const checkpoint: Checkpoint = {
      size,
      appends: appendRates[i]!,
      inclusionGenerate: new Timing(),
      inclusionVerify: new Timing(),
      consistencyGenerate: new Timing(),
      consistencyVerify: new Timing(),
      rootAt: new Timing(),
      inclusionLength: meanLength(inclusionClaims),
      consistencyLength: meanLength(consistencyClaims),
    };
    return { size, indices, oldSizes, inclusionClaims, consistencyClaims, checkpoint };
  });

  const perRound = Math.ceil(SAMPLES / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    withinBudget();
    const from = round * perRound;
    const to = Math.min(SAMPLES, from + perRound);
    for (const { size, indices, oldSizes, inclusionClaims, consistencyClaims, checkpoint } of setups) {
      checkpoint.inclusionGenerate.run(indices.slice(from, to), (index) => tree.inclusionProof(index, size));
      checkpoint.inclusionVerify.run(inclusionClaims.slice(from, to), verifyInclusionProof);
      checkpoint.consistencyGenerate.run(oldSizes.slice(from, to), (oldSize) => tree.consistencyProof(oldSize, size));
      checkpoint.consistencyVerify.run(consistencyClaims.slice(from, to), verifyConsistencyProof);
      checkpoint.rootAt.run(oldSizes.slice(from, to), (oldSize) => tree.rootAt(oldSize));
    }
  }
  return setups.map((s) => s.checkpoint);
}

/** Brings the hashing, proof and verification code to its optimised tier before anything is timed. */
function warmUp(): void {
  const tree = new MerkleTree(new MemoryNodeStore());
  for (let i = 0; i < 4096; i++) tree.append(entryBytes(i));
  const root = tree.root();
  for (let i = 0; i < 20_000; i++) {
    const index = randomBelow(tree.size);
    verifyInclusionProof({ leafHash: tree.leafHash(index), index, treeSize: tree.size, rootHash: root, proof: tree.inclusionProof(index) });
    const oldSize = 1 + randomBelow(tree.size);
    verifyConsistencyProof({ oldSize, oldRoot: tree.rootAt(oldSize), newSize: tree.size, newRoot: root, proof: tree.consistencyProof(oldSize) });
  }
}

function main(): void {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`# Ledger benchmark — ${cpu}, ${availableParallelism()} cores, Node ${process.version}, ${SAMPLES} samples per figure\n`);

  warmUp();
  const tree = new MerkleTree(new MemoryNodeStore());
  const appendRates: AppendRate[] = [];
  for (const target of SIZES) {
    const from = tree.size;
    const start = nowNs();
    const cpuStart = cpuUs();
    for (let i = from; i < target; i++) {
      tree.append(entryBytes(i));
      if (i % 16_384 === 0) withinBudget();
    }
    appendRates.push({ wall: (target - from) / (Number(nowNs() - start) / 1e9), cpu: (target - from) / ((cpuUs() - cpuStart) / 1e6) });
    console.log(`grew to ${target.toLocaleString('en')} entries`);
  }
  const checkpoints = measure(tree, SIZES, appendRates);

  // Appends of whole ledger entries: canonical encoding included.
  const entryTree = new MerkleTree(new MemoryNodeStore());
  const entryCount = 20_000;
  const entryStart = nowNs();
  const entryCpuStart = cpuUs();
  for (let seq = 0; seq < entryCount; seq++) {
    const entry: LedgerEntry = {
      seq,
      caseId: 'HZ-2025-0117',
      type: 'submission.filed',
      at: new Date(1_741_944_413_589 + seq).toISOString(),
      actor: 'party:claimant',
      payload: { submission: `S-${seq}`, pages: seq % 40, sealed: seq % 2 === 0 },
    };
    entryTree.append(encodeLedgerEntry(entry));
  }
  const entryRate = entryCount / (Number(nowNs() - entryStart) / 1e9);
  const entryCpuRate = entryCount / ((cpuUs() - entryCpuStart) / 1e6);

  console.log('\nWall time in µs per operation: median (p95). Appends per wall second and per CPU second while growing to that size.\n');
  const cell = ({ wallUs }: Timing): string => `${us(median(wallUs))} (${us(percentile(wallUs, 95))})`;
  console.log(
    table(
      ['entries', 'inclusion proof', 'verify inclusion', 'consistency proof', 'verify consistency', 'rootAt(random)', 'hashes (incl / cons)', 'appends/s', 'appends/CPU-s'],
      checkpoints.map((c) => [
        c.size.toLocaleString('en'),
        cell(c.inclusionGenerate),
        cell(c.inclusionVerify),
        cell(c.consistencyGenerate),
        cell(c.consistencyVerify),
        cell(c.rootAt),
        `${c.inclusionLength.toFixed(1)} / ${c.consistencyLength.toFixed(1)}`,
        c.appends.wall.toFixed(0),
        c.appends.cpu.toFixed(0),
      ]),
    ),
  );
  console.log(
    `\nAppending whole ledger entries (canonical JSON + leaf hash + nodes): ${entryRate.toFixed(0)}/s wall, ${entryCpuRate.toFixed(0)}/CPU-s`,
  );

  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  if (first !== undefined && last !== undefined && last !== first) {
    const ratio = (pick: (c: Checkpoint) => Timing): string => `×${(median(pick(last).wallUs) / median(pick(first).wallUs)).toFixed(2)}`;
    const logRatio = (Math.log2(last.size) / Math.log2(first.size)).toFixed(2);
    const sizeRatio = (last.size / first.size).toFixed(0);
    console.log(`\nTime at ${last.size.toLocaleString('en')} vs ${first.size.toLocaleString('en')} entries (medians); log ratio ${logRatio}, size ratio ${sizeRatio}:`);
    console.log(`  inclusion proof ${ratio((c) => c.inclusionGenerate)}, verify ${ratio((c) => c.inclusionVerify)}`);
    console.log(`  consistency proof ${ratio((c) => c.consistencyGenerate)}, verify ${ratio((c) => c.consistencyVerify)}`);
  }
  console.log(`\nRSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
}

main();
