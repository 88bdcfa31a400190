// The rules every LedgerStore keeps, run against each implementation (sqliteLedgerStore.test.ts,
// redisLedgerStore.test.ts). Not a .test.ts file itself: it only defines tests for a factory.
import { randomBytes, randomUUID } from 'node:crypto';
import { hashLeaf, type Hash } from '../../../server/domain/ledger/hashing.js';
import { MerkleTree } from '../../../server/domain/ledger/MerkleTree.js';
import { MemoryNodeStore, type NodeStore } from '../../../server/domain/ledger/NodeStore.js';
import { verifyConsistencyProof, verifyInclusionProof } from '../../../server/domain/ledger/proofVerification.js';
import type { LedgerNode, LedgerStore } from '../../../server/store/LedgerStore.js';
import { StoreConflictError } from '../../../server/store/storeErrors.js';

export interface LedgerStoreBacking {
  /**
   * Opens a new store instance over the same backing storage (the same data folder, the same
   * Redis): each call is another "process" looking at the same record. The contract closes
   * every store it opens.
   */
  open(): Promise<LedgerStore>;
}

/** A NodeStore that remembers what one append put, to hand it to appendLedger. */
class RecordingNodeStore implements NodeStore {
  readonly inner = new MemoryNodeStore();
  written: LedgerNode[] = [];

  get(level: number, index: number): Hash | undefined {
    return this.inner.get(level, index);
  }

  put(level: number, index: number, hash: Hash): void {
    this.inner.put(level, index, hash);
    this.written.push({ level, index, hash: Uint8Array.from(hash) });
  }
}

/** An in-memory log whose appends produce what a store is given. */
class LogBuilder {
  readonly store = new RecordingNodeStore();
  readonly tree = new MerkleTree(this.store);

  next(entry: Uint8Array): { index: number; entry: Uint8Array; nodes: LedgerNode[] } {
    this.store.written = [];
    const index = this.tree.append(entry);
    return { index, entry, nodes: this.store.written };
  }
}

const entryBytes = (logId: string, i: number): Uint8Array =>
  new TextEncoder().encode(JSON.stringify({ case: logId, seq: i, filed: `evidence-${i}`, salt: randomBytes(8).toString('hex') }));

/** Every complete-subtree address of a log of `size` leaves. */
function allAddresses(size: number): Array<{ level: number; index: number }> {
  const addresses: Array<{ level: number; index: number }> = [];
  for (let level = 0; 2 ** level <= size; level++) {
    for (let index = 0; index < Math.floor(size / 2 ** level); index++) addresses.push({ level, index });
  }
  return addresses;
}

export function ledgerStoreContract(name: string, backing: () => LedgerStoreBacking): void {
  describe(`${name} keeps the LedgerStore contract`, () => {
    const opened: LedgerStore[] = [];
    const open = async (): Promise<LedgerStore> => {
      const store = await backing().open();
      opened.push(store);
      return store;
    };
    // Each test writes its own cases, so tests share the backing without seeing each other.
    const newCase = (): string => `case-${randomUUID()}`;

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    /** Appends `count` entries to logId through store, returning the builder that made them. */
    async function appendMany(store: LedgerStore, logId: string, count: number, builder = new LogBuilder()): Promise<LogBuilder> {
      for (let i = 0; i < count; i++) await store.appendLedger(logId, builder.next(entryBytes(logId, builder.tree.size)));
      return builder;
    }

    test('a log never written has size 0, no entries and no nodes', async () => {
      const store = await open();
      const logId = newCase();
      expect(await store.ledgerSize(logId)).toBe(0);
      expect(await store.ledgerEntries(logId, 0, 0)).toEqual([]);
      expect(await store.ledgerNodes(logId, [{ level: 0, index: 0 }])).toEqual([undefined]);
    });

    test('appended entries and nodes read back byte-identical', async () => {
      const store = await open();
      const logId = newCase();
      const builder = new LogBuilder();
      const appends = [];
      for (let i = 0; i < 9; i++) {
        // Entries of varied sizes, including empty and every byte value.
        const entry = i === 0 ? new Uint8Array(0) : i === 1 ? Uint8Array.from({ length: 256 }, (_, b) => b) : entryBytes(logId, i);
        const append = builder.next(entry);
        appends.push(append);
        await store.appendLedger(logId, append);
      }
      expect(await store.ledgerSize(logId)).toBe(9);
      const entries = await store.ledgerEntries(logId, 0, 9);
      expect(entries.map((e) => Buffer.from(e).toString('hex'))).toEqual(appends.map((a) => Buffer.from(a.entry).toString('hex')));
      expect((await store.ledgerEntries(logId, 3, 5)).map((e) => Buffer.from(e).toString('hex'))).toEqual(
        appends.slice(3, 5).map((a) => Buffer.from(a.entry).toString('hex')),
      );
      const nodes = appends.flatMap((a) => a.nodes);
      const read = await store.ledgerNodes(logId, nodes);
      expect(read.map((h) => (h === undefined ? undefined : Buffer.from(h).toString('hex')))).toEqual(
        nodes.map((n) => Buffer.from(n.hash).toString('hex')),
      );
      // Nothing beyond what was written.
      expect(await store.ledgerNodes(logId, [{ level: 0, index: 9 }, { level: 3, index: 1 }, { level: 4, index: 0 }])).toEqual([
        undefined,
        undefined,
        undefined,
      ]);
      expect(read.every((h) => h instanceof Uint8Array && h.length === 32)).toBe(true);
    });

    test('reading past the end of a log is refused', async () => {
      const store = await open();
      const logId = newCase();
      await appendMany(store, logId, 3);
      await expect(store.ledgerEntries(logId, 0, 4)).rejects.toThrow(RangeError);
      await expect(store.ledgerEntries(logId, 2, 1)).rejects.toThrow(RangeError);
    });

    test('a stale index is refused with StoreConflictError and changes nothing', async () => {
      const store = await open();
      const logId = newCase();
      const builder = await appendMany(store, logId, 5);
      const before = await store.ledgerEntries(logId, 0, 5);
      const nodesBefore = await store.ledgerNodes(logId, allAddresses(5));

      // A writer that still thinks the log has 3 entries, and one that skips ahead.
      const stale = new LogBuilder();
      for (const entry of before.slice(0, 3)) stale.next(entry);
      const staleAppend = stale.next(entryBytes(logId, 3));
      await expect(store.appendLedger(logId, staleAppend)).rejects.toThrow(StoreConflictError);
      await expect(store.appendLedger(logId, { ...builder.next(entryBytes(logId, 5)), index: 6 })).rejects.toBeInstanceOf(
        StoreConflictError,
      );

      expect(await store.ledgerSize(logId)).toBe(5);
      expect(await store.ledgerEntries(logId, 0, 5)).toEqual(before);
      expect(await store.ledgerNodes(logId, allAddresses(5))).toEqual(nodesBefore);
      expect(await store.ledgerNodes(logId, [{ level: 0, index: 5 }, { level: 0, index: 6 }])).toEqual([undefined, undefined]);
    });

    test('two concurrent appends at the same index: exactly one wins', async () => {
      const first = await open();
      const second = await open(); // another node or process on the same record
      const logId = newCase();
      await appendMany(first, logId, 2);
      // Three writers, each with the log of 2 entries in memory, append their own entry at index 2.
      const prefix = await first.ledgerEntries(logId, 0, 2);
      const texts = ['answer from A', 'answer from B', 'answer from C'];
      const appends = texts.map((text) => {
        const builder = new LogBuilder();
        for (const entry of prefix) builder.next(entry);
        return builder.next(new TextEncoder().encode(text));
      });
      const results = await Promise.allSettled([
        first.appendLedger(logId, appends[0]!),
        second.appendLedger(logId, appends[1]!),
        first.appendLedger(logId, appends[2]!),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StoreConflictError);
      expect(await first.ledgerSize(logId)).toBe(3);
      expect(await second.ledgerSize(logId)).toBe(3);
      const winner = results.findIndex((r) => r.status === 'fulfilled');
      const [stored] = await second.ledgerEntries(logId, 2, 3);
      expect(Buffer.from(stored!).toString()).toBe(texts[winner]);
      // The nodes are the winner's: the loser's leaf hash at index 2 was not written.
      expect(await second.ledgerNodes(logId, [{ level: 0, index: 2 }])).toEqual([appends[winner]!.nodes[0]!.hash]);
    });

    test('many writers racing for each index leave one dense log', async () => {
      const stores = [await open(), await open(), await open()];
      const logId = newCase();
      // Each writer loops: read the size, rebuild, try to append; on conflict try again.
      const writer = async (store: LedgerStore, name: string, count: number): Promise<void> => {
        for (let done = 0; done < count; ) {
          const size = await store.ledgerSize(logId);
          const builder = new LogBuilder();
          for (const entry of await store.ledgerEntries(logId, 0, size)) builder.next(entry);
          try {
            await store.appendLedger(logId, builder.next(new TextEncoder().encode(`${name}-${done}`)));
            done++;
          } catch (error) {
            if (!(error instanceof StoreConflictError)) throw error;
          }
        }
      };
      await Promise.all(stores.map((store, i) => writer(store, `w${i}`, 5)));
      expect(await stores[0]!.ledgerSize(logId)).toBe(15);
      const texts = (await stores[1]!.ledgerEntries(logId, 0, 15)).map((e) => Buffer.from(e).toString());
      expect(new Set(texts).size).toBe(15);
      // The stored nodes are those of the log the entries make.
      const check = new LogBuilder();
      for (const t of texts) check.next(new TextEncoder().encode(t));
      const addresses = allAddresses(15);
      const stored = await stores[2]!.ledgerNodes(logId, addresses);
      expect(stored).toEqual(addresses.map(({ level, index }) => check.store.get(level, index)));
    });

    test('logs of two cases do not mix', async () => {
      const store = await open();
      const caseA = newCase();
      const caseB = newCase();
      const a = await appendMany(store, caseA, 4);
      const b = await appendMany(store, caseB, 7);
      expect(await store.ledgerSize(caseA)).toBe(4);
      expect(await store.ledgerSize(caseB)).toBe(7);
      expect((await store.ledgerEntries(caseA, 0, 4)).every((e) => JSON.parse(Buffer.from(e).toString()).case === caseA)).toBe(true);
      expect((await store.ledgerEntries(caseB, 0, 7)).every((e) => JSON.parse(Buffer.from(e).toString()).case === caseB)).toBe(true);
      expect(await store.ledgerNodes(caseA, allAddresses(4))).toEqual(allAddresses(4).map(({ level, index }) => a.store.get(level, index)));
      expect(await store.ledgerNodes(caseB, allAddresses(7))).toEqual(allAddresses(7).map(({ level, index }) => b.store.get(level, index)));
      expect(await store.ledgerNodes(caseA, [{ level: 0, index: 5 }])).toEqual([undefined]);
      // Ids that look like key syntax stay separate too.
      const odd = ['case:1', 'case', 'case}:{1', '{case}', 'case 1/ü'];
      for (const [i, logId] of odd.entries()) await appendMany(store, `${logId}-${caseA}`, i + 1);
      for (const [i, logId] of odd.entries()) expect(await store.ledgerSize(`${logId}-${caseA}`)).toBe(i + 1);
    });

    test('a reopened store sees everything acknowledged', async () => {
      const writer = await open();
      const logId = newCase();
      const builder = await appendMany(writer, logId, 12);
      const entries = await writer.ledgerEntries(logId, 0, 12);
      await writer.close();
      const reader = await open();
      expect(await reader.ledgerSize(logId)).toBe(12);
      expect(await reader.ledgerEntries(logId, 0, 12)).toEqual(entries);
      expect(await reader.ledgerNodes(logId, allAddresses(12))).toEqual(allAddresses(12).map(({ level, index }) => builder.store.get(level, index)));
      // And appends where the first left off.
      await appendMany(reader, logId, 1, builder);
      expect(await reader.ledgerSize(logId)).toBe(13);
    });

    test('a tree over the nodes read back has the in-memory root and valid proofs (100 entries)', async () => {
      const store = await open();
      const logId = newCase();
      const builder = await appendMany(store, logId, 100);
      const memory = builder.tree;

      const reopened = await open();
      const size = await reopened.ledgerSize(logId);
      expect(size).toBe(100);
      const addresses = allAddresses(size);
      const hashes = await reopened.ledgerNodes(logId, addresses);
      const nodes = new MemoryNodeStore();
      addresses.forEach(({ level, index }, i) => nodes.put(level, index, hashes[i]!));
      const stored = new MerkleTree(nodes, size);

      expect(Buffer.from(stored.root()).toString('hex')).toBe(Buffer.from(memory.root()).toString('hex'));
      const entries = await reopened.ledgerEntries(logId, 0, size);
      for (let index = 0; index < size; index++) {
        const proof = stored.inclusionProof(index);
        expect(proof).toEqual(memory.inclusionProof(index));
        expect(verifyInclusionProof({ leafHash: hashLeaf(entries[index]!), index, treeSize: size, rootHash: memory.root(), proof })).toBe(true);
      }
      for (const oldSize of [1, 7, 32, 63, 99]) {
        const proof = stored.consistencyProof(oldSize);
        expect(
          verifyConsistencyProof({ oldSize, oldRoot: memory.rootAt(oldSize), newSize: size, newRoot: memory.root(), proof }),
        ).toBe(true);
      }
    });
  });
}
