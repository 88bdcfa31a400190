// Where the tree keeps the hashes of its complete subtrees. The storage layer implements this
// over a database; MemoryNodeStore is for tests, benchmarks and the offline verifier.
import { HASH_LENGTH, type Hash } from './hashing.js';

export interface NodeStore {
  /**
   * The hash of the complete subtree of 2^level leaves starting at leaf index·2^level (level 0
   * holds leaf hashes), or undefined if none is stored. The caller owns what is returned and
   * may modify it, so return a copy or a fresh buffer, never a view into the store.
   */
  get(level: number, index: number): Hash | undefined;
  /**
   * Stores that hash. A node is put once, when its last leaf is appended; an implementation
   * must accept the same hash again (an append replayed after a crash) and may refuse a
   * different one, which would mean the log forked.
   */
  put(level: number, index: number, hash: Hash): void;
}

// Each level is one growing byte array of 32-byte slots plus a presence map: 10^6 leaves need
// about 64 MB, where a Map of Buffers would need several times that.
interface Level {
  hashes: Uint8Array;
  present: Uint8Array;
}

export class MemoryNodeStore implements NodeStore {
  readonly #levels: Level[] = [];

  get(level: number, index: number): Hash | undefined {
    const slots = this.#levels[level];
    if (slots === undefined || !(index >= 0 && index < slots.present.length) || slots.present[index] !== 1) {
      return undefined;
    }
    // A copy, so that a caller altering a proof cannot alter the log.
    return slots.hashes.slice(index * HASH_LENGTH, (index + 1) * HASH_LENGTH);
  }

  put(level: number, index: number, hash: Hash): void {
    if (!Number.isSafeInteger(level) || level < 0 || level > 63) throw new TypeError('level must be an integer in 0..63');
    if (!Number.isSafeInteger(index) || index < 0) throw new TypeError('index must be a non-negative safe integer');
    if (hash.length !== HASH_LENGTH) throw new TypeError(`hash must be ${HASH_LENGTH} bytes`);
    const slots = this.#slotsFor(level, index);
    slots.hashes.set(hash, index * HASH_LENGTH);
    slots.present[index] = 1;
  }

  #slotsFor(level: number, index: number): Level {
    while (this.#levels.length <= level) this.#levels.push({ hashes: new Uint8Array(0), present: new Uint8Array(0) });
    const slots = this.#levels[level]!;
    if (index >= slots.present.length) {
      const capacity = Math.max(1024, slots.present.length * 2, index + 1);
      const hashes = new Uint8Array(capacity * HASH_LENGTH);
      hashes.set(slots.hashes);
      const present = new Uint8Array(capacity);
      present.set(slots.present);
      slots.hashes = hashes;
      slots.present = present;
    }
    return slots;
  }
}
