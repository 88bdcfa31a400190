// The rules every RecordStore keeps beyond the ledger's, run against each implementation
// (sqliteRecordStore.test.ts, redisRecordStore.test.ts). Not a .test.ts file itself.
import { randomUUID } from 'node:crypto';
import type { RecordStore } from '../../../server/store/RecordStore.js';
import { RecordConflictError, StoreConflictError } from '../../../server/store/storeErrors.js';

export interface RecordStoreBacking {
  /** Opens another store over the same backing storage (another "process"). */
  open(): Promise<RecordStore>;
}

export function recordStoreContract(name: string, backing: () => RecordStoreBacking): void {
  describe(`${name} keeps the RecordStore contract`, () => {
    const opened: RecordStore[] = [];
    const open = async () => {
      const store = await backing().open();
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    test('a created record reads back with version 1 and its exact JSON value', async () => {
      const store = await open();
      const id = randomUUID();
      const value = { title: 'Zhang v. Silva — 货物买卖', parties: ['claimant', 'respondent'], amount: 12.5, sealed: false, note: null };
      await store.commit({ puts: [{ kind: 'case', id, value, expectedVersion: 0 }] });
      expect(await store.getRecord('case', id)).toEqual({ value, version: 1 });
      expect(await store.getRecord('case', randomUUID())).toBeUndefined();
    });

    test('a write that expects an older version is refused and changes nothing', async () => {
      const store = await open();
      const id = randomUUID();
      await store.commit({ puts: [{ kind: 'case', id, value: { title: 'first' }, expectedVersion: 0 }] });
      await store.commit({ puts: [{ kind: 'case', id, value: { title: 'second' }, expectedVersion: 1 }] });
      const stale = store.commit({ puts: [{ kind: 'case', id, value: { title: 'stale' }, expectedVersion: 1 }] });
      await expect(stale).rejects.toBeInstanceOf(RecordConflictError);
      await expect(store.commit({ puts: [{ kind: 'case', id, value: { title: 'again' }, expectedVersion: 0 }] })).rejects.toThrow(/already exists/);
      expect(await store.getRecord('case', id)).toEqual({ value: { title: 'second' }, version: 2 });
    });

    test('a commit with one conflicting record writes none of its records, logs or ledger entry', async () => {
      const store = await open();
      const [taken, fresh, logId] = [randomUUID(), randomUUID(), `case-${randomUUID()}`];
      await store.commit({ puts: [{ kind: 'evidence', id: taken, value: 1, expectedVersion: 0 }] });
      const commit = store.commit({
        puts: [
          { kind: 'evidence', id: fresh, value: 2, expectedVersion: 0, indexes: [`case:${logId}`] },
          { kind: 'evidence', id: taken, value: 3, expectedVersion: 0 },
        ],
        logs: [{ log: 'custody', scope: fresh, value: { event: 'filed' } }],
        ledger: { logId, append: { index: 0, entry: new Uint8Array([1, 2, 3]), nodes: [] } },
      });
      await expect(commit).rejects.toBeInstanceOf(RecordConflictError);
      expect(await store.getRecord('evidence', fresh)).toBeUndefined();
      expect(await store.listRecords('evidence', `case:${logId}`)).toEqual([]);
      expect(await store.readLog('custody', fresh)).toEqual([]);
      expect(await store.ledgerSize(logId)).toBe(0);
    });

    test('a commit whose ledger index is stale writes none of its records', async () => {
      const store = await open();
      const logId = `case-${randomUUID()}`;
      const id = randomUUID();
      await store.commit({ ledger: { logId, append: { index: 0, entry: new Uint8Array([9]), nodes: [] } } });
      const stale = store.commit({
        puts: [{ kind: 'case', id, value: {}, expectedVersion: 0 }],
        ledger: { logId, append: { index: 0, entry: new Uint8Array([8]), nodes: [] } },
      });
      await expect(stale).rejects.toBeInstanceOf(StoreConflictError);
      expect(await store.getRecord('case', id)).toBeUndefined();
      expect(await store.ledgerSize(logId)).toBe(1);
    });

    test('records, logs and the ledger entry of one commit are all visible to another instance', async () => {
      const writer = await open();
      const reader = await open();
      const caseId = `case-${randomUUID()}`;
      const entry = new TextEncoder().encode('{"type":"case.created"}');
      await writer.commit({
        puts: [{ kind: 'case', id: caseId, value: { title: 'T' }, expectedVersion: 0, indexes: ['all'] }],
        logs: [{ log: 'audit', scope: caseId, value: { action: 'case.create' } }],
        ledger: { logId: caseId, append: { index: 0, entry, nodes: [{ level: 0, index: 0, hash: new Uint8Array(32).fill(7) }] } },
      });
      expect((await reader.getRecord('case', caseId))?.value).toEqual({ title: 'T' });
      expect(await reader.readLog('audit', caseId)).toEqual([{ seq: 0, value: { action: 'case.create' } }]);
      expect(await reader.ledgerEntries(caseId, 0, 1)).toEqual([entry]);
    });

    test('an index lists its records in the order they joined, with their current values', async () => {
      const store = await open();
      const index = `case:${randomUUID()}`;
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const [i, id] of ids.entries()) {
        await store.commit({ puts: [{ kind: 'participant', id, value: { n: i }, expectedVersion: 0, indexes: [index, 'everyone'] }] });
      }
      // Rewriting a record keeps its place and does not list it twice.
      await store.commit({ puts: [{ kind: 'participant', id: ids[0]!, value: { n: 'changed' }, expectedVersion: 1, indexes: [index] }] });
      const listed = await store.listRecords('participant', index);
      expect(listed.map((r) => r.id)).toEqual(ids);
      expect(listed[0]).toEqual({ id: ids[0], value: { n: 'changed' }, version: 2 });
      expect(await store.listRecords('participant', `case:${randomUUID()}`)).toEqual([]);
      // Indexes are per kind.
      expect(await store.listRecords('evidence', index)).toEqual([]);
    });

    test('a log keeps its items in order and reads from any position', async () => {
      const store = await open();
      const scope = randomUUID();
      for (let i = 0; i < 5; i++) await store.commit({ logs: [{ log: 'custody', scope, value: { step: i } }] });
      expect((await store.readLog('custody', scope)).map((item) => item.value)).toEqual([0, 1, 2, 3, 4].map((step) => ({ step })));
      expect(await store.readLog('custody', scope, 3)).toEqual([
        { seq: 3, value: { step: 3 } },
        { seq: 4, value: { step: 4 } },
      ]);
      expect(await store.readLog('audit', scope)).toEqual([]);
    });

    test('unhurried commits are written like any other, in the order asked, among those someone waits for', async () => {
      const store = await open();
      const scope = randomUUID();
      const line = (n: number, unhurried: boolean) => store.commit({ logs: [{ log: 'hearingRecord', scope, value: { n } }], ...(unhurried ? { unhurried } : {}) });
      await Promise.all([line(0, true), line(1, false), line(2, true)]);
      await line(3, true);
      expect((await store.readLog('hearingRecord', scope)).map((item) => item.value)).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }]);
    });

    test('of two writers racing to create one record exactly one wins', async () => {
      const [a, b] = [await open(), await open()];
      const id = randomUUID();
      const results = await Promise.allSettled([
        a.commit({ puts: [{ kind: 'invitation', id, value: { redeemedBy: 'a' }, expectedVersion: 0 }] }),
        b.commit({ puts: [{ kind: 'invitation', id, value: { redeemedBy: 'b' }, expectedVersion: 0 }] }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    });

    test('commits asked for together each keep their own outcome: a conflict fails only its own commit', async () => {
      const store = await open();
      const [scope, taken] = [randomUUID(), randomUUID()];
      await store.commit({ puts: [{ kind: 'invitation', id: taken, value: { redeemedBy: 'first' }, expectedVersion: 0 }] });
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) =>
          i === 7
            ? store.commit({ puts: [{ kind: 'invitation', id: taken, value: { redeemedBy: 'late' }, expectedVersion: 0 }], logs: [{ log: 'audit', scope, value: { step: 'refused' } }] })
            : store.commit({ puts: [{ kind: 'seat', id: `${scope}-${i}`, value: { i }, expectedVersion: 0, indexes: [`hearing:${scope}`] }], logs: [{ log: 'audit', scope, value: { step: i } }] }),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array.from({ length: 20 }, (_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
      expect((results[7] as PromiseRejectedResult).reason).toBeInstanceOf(RecordConflictError);
      const expected = Array.from({ length: 20 }, (_, i) => i).filter((i) => i !== 7);
      // In the order they were asked for, and nothing of the refused one.
      expect((await store.readLog<{ step: number }>('audit', scope)).map((item) => item.value.step)).toEqual(expected);
      expect((await store.listRecords<{ i: number }>('seat', `hearing:${scope}`)).map((r) => r.value.i)).toEqual(expected);
      expect(await store.getRecord('invitation', taken)).toEqual({ value: { redeemedBy: 'first' }, version: 1 });
    });

    test('ledger appends asked for together at the same index: the first wins, the other is refused as stale', async () => {
      const store = await open();
      const logId = `case-${randomUUID()}`;
      const [first, second] = await Promise.allSettled([
        store.commit({ ledger: { logId, append: { index: 0, entry: new Uint8Array([1]), nodes: [] } }, logs: [{ log: 'audit', scope: logId, value: 'first' }] }),
        store.commit({ ledger: { logId, append: { index: 0, entry: new Uint8Array([2]), nodes: [] } }, logs: [{ log: 'audit', scope: logId, value: 'second' }] }),
      ]);
      expect(first!.status).toBe('fulfilled');
      expect((second as PromiseRejectedResult).reason).toBeInstanceOf(StoreConflictError);
      expect(await store.ledgerEntries(logId, 0, 1)).toEqual([new Uint8Array([1])]);
      expect(await store.readLog('audit', logId)).toEqual([{ seq: 0, value: 'first' }]);
    });

    test('a commit relying on a record still at the version it read is written, and leaves that record as it was', async () => {
      const store = await open();
      const [round, answer] = [randomUUID(), randomUUID()];
      await store.commit({ puts: [{ kind: 'round', id: round, value: { open: true }, expectedVersion: 0 }] });
      await store.commit({ puts: [{ kind: 'answer', id: answer, value: { text: 'v1' }, expectedVersion: 0 }], checks: [{ kind: 'round', id: round, version: 1 }] });
      await store.commit({ puts: [{ kind: 'answer', id: answer, value: { text: 'v2' }, expectedVersion: 1 }], checks: [{ kind: 'round', id: round, version: 1 }] });
      expect(await store.getRecord('answer', answer)).toEqual({ value: { text: 'v2' }, version: 2 });
      expect(await store.getRecord('round', round)).toEqual({ value: { open: true }, version: 1 });
    });

    test('a commit relying on a record that changed since it was read (another store changed it) is refused and writes nothing', async () => {
      const [here, there] = [await open(), await open()];
      const [round, answer, logId] = [randomUUID(), randomUUID(), `case-${randomUUID()}`];
      await here.commit({ puts: [{ kind: 'round', id: round, value: { open: true }, expectedVersion: 0 }] });
      expect((await here.getRecord('round', round))?.version).toBe(1);
      await there.commit({ puts: [{ kind: 'round', id: round, value: { open: false }, expectedVersion: 1 }] });
      const late = here.commit({
        puts: [{ kind: 'answer', id: answer, value: { text: 'too late' }, expectedVersion: 0 }],
        checks: [{ kind: 'round', id: round, version: 1 }],
        logs: [{ log: 'audit', scope: logId, value: 'answered' }],
        ledger: { logId, append: { index: 0, entry: new Uint8Array([7]), nodes: [] } },
      });
      await expect(late).rejects.toBeInstanceOf(RecordConflictError);
      expect(await here.getRecord('answer', answer)).toBeUndefined();
      expect(await here.readLog('audit', logId)).toEqual([]);
      expect(await here.ledgerSize(logId)).toBe(0);
      expect(await here.getRecord('round', round)).toEqual({ value: { open: false }, version: 2 });
    });

    test('bad arguments are refused before anything is written', async () => {
      const store = await open();
      const id = randomUUID();
      await expect(store.commit({ puts: [{ kind: 'bad:kind', id, value: 1, expectedVersion: 0 }] })).rejects.toThrow(TypeError);
      await expect(store.commit({ puts: [{ kind: 'case', id, value: undefined, expectedVersion: 0 }] })).rejects.toThrow(/JSON/);
      await expect(
        store.commit({
          puts: [
            { kind: 'case', id, value: 1, expectedVersion: 0 },
            { kind: 'case', id, value: 2, expectedVersion: 0 },
          ],
        }),
      ).rejects.toThrow(/only once/);
      await expect(store.commit({ puts: [{ kind: 'case', id, value: 1, expectedVersion: 0 }], checks: [{ kind: 'case', id, version: 0 }] })).rejects.toThrow(/does not write/);
      await expect(store.commit({ puts: [{ kind: 'case', id, value: 1, expectedVersion: 0 }], checks: [{ kind: 'round', id, version: -1 }] })).rejects.toThrow(RangeError);
      expect(await store.getRecord('case', id)).toBeUndefined();
    });
  });
}
