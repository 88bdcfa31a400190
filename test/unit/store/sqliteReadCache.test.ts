// The SQLite store's read cache on its own: when what it remembers still holds, by the store
// clock's rules (server/store/SqliteReadCache.ts). The store with real files is tested in
// test/integration/store/sqliteRecordStore.test.ts.
import { SqliteReadCache, type StoreClock } from '../../../server/store/SqliteReadCache.js';

const ME = 'writer-me';
const clock = (tick: number, writer = ME): StoreClock => ({ tick, writer });

function cacheAt(start: StoreClock | undefined) {
  const cache = new SqliteReadCache(ME, { entries: 100, recordChars: 10_000 }, start);
  cache.rememberRecord('round', 'r1', 3, '{"open":true}');
  cache.rememberLedgerSize('case-1', 7);
  cache.rememberList('answer', 'round:r1', ['a1']);
  return cache;
}

const holds = (cache: SqliteReadCache) => cache.record('round', 'r1') !== undefined && cache.ledgerSize('case-1') === 7 && cache.list('answer', 'round:r1') !== undefined;

test('an unchanged file (same data_version) keeps everything without reading the clock', () => {
  const cache = cacheAt(clock(5));
  let clockReads = 0;
  cache.check(1, () => (clockReads++, clock(5)), false);
  cache.check(1, () => (clockReads++, clock(99, 'someone else')), false);
  expect(clockReads).toBe(1);
  expect(holds(cache)).toBe(true);
});

test("our own group's commit, seen before its reply, keeps the cache; its reply makes its tick the one agreed", () => {
  const cache = cacheAt(clock(5));
  cache.check(2, () => clock(6), true);
  expect(holds(cache)).toBe(true);
  expect(cache.groupWritten(clock(6), false)).toEqual({ remember: true });
  cache.check(3, () => clock(6), false);
  expect(holds(cache)).toBe(true);
});

test("another store's write (a tick not ours) forgets everything at the next read", () => {
  const cache = cacheAt(clock(5));
  cache.check(2, () => clock(6, 'writer-other'), false);
  expect(cache.record('round', 'r1')).toBeUndefined();
  expect(cache.ledgerSize('case-1')).toBeUndefined();
  expect(cache.list('answer', 'round:r1')).toBeUndefined();
});

test('a tick of ours that skips one (another writer came between) forgets everything, even with our group in flight', () => {
  const cache = cacheAt(clock(5));
  cache.check(2, () => clock(7), true);
  expect(holds(cache)).toBe(false);
});

test("another writer after our group's commit: our group's writes are not remembered over what was read since", () => {
  const cache = cacheAt(clock(5));
  cache.check(2, () => clock(7, 'writer-other'), true);
  cache.rememberRecord('round', 'r1', 5, '{"changed":"there"}');
  expect(cache.groupWritten(clock(6), false)).toEqual({ remember: false });
  expect(cache.record('round', 'r1')).toEqual({ version: 5, json: '{"changed":"there"}' });
});

test('a reply saying another connection committed before our group (a plain SQLite writer) forgets everything', () => {
  const cache = cacheAt(clock(5));
  expect(cache.groupWritten(clock(6), true)).toEqual({ remember: false });
  expect(holds(cache)).toBe(false);
});

test('a group that failed as a whole forgets everything, and the next read looks at the clock again', () => {
  const cache = cacheAt(clock(5));
  cache.check(2, () => clock(5), false);
  cache.groupFailed();
  expect(holds(cache)).toBe(false);
  cache.rememberRecord('round', 'r1', 3, '{}');
  let clockReads = 0;
  cache.check(2, () => (clockReads++, clock(5)), false);
  expect(clockReads).toBe(1);
});

test('it keeps at most its limit of each kind, dropping the oldest first', () => {
  const cache = new SqliteReadCache(ME, { entries: 2, recordChars: 10_000 }, undefined);
  cache.rememberRecord('case', 'a', 1, '1');
  cache.rememberRecord('case', 'b', 1, '2');
  cache.rememberRecord('case', 'a', 2, '3');
  cache.rememberRecord('case', 'c', 1, '4');
  expect([cache.record('case', 'a'), cache.record('case', 'b'), cache.record('case', 'c')]).toEqual([{ version: 2, json: '3' }, undefined, { version: 1, json: '4' }]);
});

test('records are kept within a budget of characters, oldest dropped first, and one too large for it is not kept', () => {
  const cache = new SqliteReadCache(ME, { entries: 100, recordChars: 1_600 }, undefined);
  const json = (n: number) => `"${'x'.repeat(n - 2)}"`;
  cache.rememberRecord('answer', 'a', 1, json(60));
  cache.rememberRecord('answer', 'b', 1, json(60));
  cache.rememberRecord('document', 'snapshot', 1, json(101));
  expect(cache.record('document', 'snapshot')).toBeUndefined();
  for (let i = 0; i < 25; i++) cache.rememberRecord('answer', `n${i}`, 1, json(60));
  expect(cache.record('answer', 'a')).toBeUndefined();
  expect(cache.record('answer', 'n24')?.json).toBe(json(60));
  // Replacing a record counts only its new text.
  cache.rememberRecord('answer', 'n24', 2, json(80));
  expect(cache.record('answer', 'n24')).toEqual({ version: 2, json: json(80) });
  expect(cache.record('answer', 'b')).toBeDefined();
});
