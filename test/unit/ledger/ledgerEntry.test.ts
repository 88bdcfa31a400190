import { createHash } from 'node:crypto';
import { canonicalJson } from '../../../server/domain/ledger/canonicalJson.js';
import { hashToHex } from '../../../server/domain/ledger/hashing.js';
import { CanonicalJsonError } from '../../../server/domain/ledger/ledgerErrors.js';
import {
  assertLedgerEntry,
  encodeLedgerEntry,
  ledgerEntryLeafHash,
  type LedgerEntry,
} from '../../../server/domain/ledger/ledgerEntry.js';

const entry: LedgerEntry = {
  seq: 41,
  caseId: 'HZ-2025-0117',
  type: 'evidence.uploaded',
  at: '2025-03-14T09:26:53.589Z',
  actor: 'party:claimant',
  payload: { sha256: 'ab'.repeat(32), fileName: '合同.pdf', bytes: 48213, pages: [1, 2, 3], sealed: false, note: null },
};

const ENCODED =
  '{"actor":"party:claimant","at":"2025-03-14T09:26:53.589Z","caseId":"HZ-2025-0117",' +
  `"payload":{"bytes":48213,"fileName":"合同.pdf","note":null,"pages":[1,2,3],"sealed":false,"sha256":"${'ab'.repeat(32)}"},` +
  '"seq":41,"type":"evidence.uploaded"}';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('a ledger entry has exactly one byte form', () => {
  test('an entry encodes as sorted-key JSON without whitespace, in UTF-8', () => {
    const bytes = encodeLedgerEntry(entry);
    expect(text(bytes)).toBe(ENCODED);
    expect(Buffer.from(bytes).equals(Buffer.from(ENCODED, 'utf8'))).toBe(true);
  });

  test('its leaf hash is SHA-256(0x00 ‖ those bytes)', () => {
    const expected = createHash('sha256').update(Uint8Array.of(0)).update(ENCODED, 'utf8').digest('hex');
    expect(hashToHex(ledgerEntryLeafHash(entry))).toBe(expected);
  });

  test('the same entry built in another key order hashes identically', () => {
    const shuffled = {
      payload: { note: null, sealed: false, pages: [1, 2, 3], bytes: 48213, fileName: '合同.pdf', sha256: 'ab'.repeat(32) },
      actor: entry.actor,
      type: entry.type,
      at: entry.at,
      caseId: entry.caseId,
      seq: 41,
    };
    expect(hashToHex(ledgerEntryLeafHash(shuffled))).toBe(hashToHex(ledgerEntryLeafHash(entry)));
  });

  test('an entry read back from its JSON hashes as the original', () => {
    const parsed: unknown = JSON.parse(text(encodeLedgerEntry(entry)));
    assertLedgerEntry(parsed);
    expect(hashToHex(ledgerEntryLeafHash(parsed))).toBe(hashToHex(ledgerEntryLeafHash(entry)));
  });

  test('changing any field changes the leaf hash', () => {
    const original = hashToHex(ledgerEntryLeafHash(entry));
    const variants: LedgerEntry[] = [
      { ...entry, seq: 42 },
      { ...entry, caseId: 'HZ-2025-0118' },
      { ...entry, type: 'evidence.viewed' },
      { ...entry, at: '2025-03-14T09:26:53.590Z' },
      { ...entry, actor: 'party:respondent' },
      { ...entry, payload: { ...(entry.payload as object), bytes: 48214 } },
    ];
    for (const variant of variants) expect(hashToHex(ledgerEntryLeafHash(variant))).not.toBe(original);
  });

  test.each([
    ['a field the entry does not have', { ...entry, signedBy: 'judge' }, /no field "signedBy"/],
    ['a negative seq', { ...entry, seq: -1 }, /seq must be a non-negative safe integer/],
    ['a seq given as text', { ...entry, seq: '41' }, /seq/],
    ['an empty caseId', { ...entry, caseId: '' }, /caseId must be a non-empty string/],
    ['a missing actor', { ...entry, actor: undefined }, /actor/],
    ['a local time', { ...entry, at: '2025-03-14 09:26:53' }, /at must be a UTC timestamp/],
    ['no payload', (({ payload: _payload, ...rest }) => rest)(entry), /payload is required/],
    ['a payload holding a Date', { ...entry, payload: { when: new Date(0) } }, /\$\.payload\.when is not a plain object/],
    ['an array instead of an entry', [entry], /a ledger entry must be an object/],
  ])('an entry with %s is refused', (_name, value, message) => {
    expect(() => assertLedgerEntry(value)).toThrow(message);
    expect(() => encodeLedgerEntry(value as unknown as LedgerEntry)).toThrow(message);
  });
});

describe('canonical JSON (RFC 8785) gives one text per value', () => {
  test('keys sort by UTF-16 code units, at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 0, y: 1 }], c: 2 } })).toBe('{"a":{"c":2,"d":[{"y":1,"z":0}]},"b":1}');
    // U+1F600 (a surrogate pair starting 0xD83D) sorts before U+FB01 (0xFB01) in UTF-16, after it by code point.
    expect(canonicalJson({ '\uFB01': 1, '😀': 2, a: 3, A: 4, '': 5 })).toBe('{"":5,"A":4,"a":3,"😀":2,"ﬁ":1}');
  });

  test('numbers are written as ECMAScript writes them, as RFC 8785 requires', () => {
    expect(canonicalJson([0, -0, 1, -1.5, 1e21, 1e-7, 0.1 + 0.2, 333333333.3333333, 2 ** 53])).toBe(
      '[0,0,1,-1.5,1e+21,1e-7,0.30000000000000004,333333333.3333333,9007199254740992]',
    );
  });

  test('strings escape only what JSON must, and keep other characters as UTF-8', () => {
    expect(canonicalJson('"\\\n\t\u0001\u007f€😀</script>')).toBe('"\\"\\\\\\n\\t\\u0001\u007f€😀</script>"');
  });

  test('the same value built in another key order gives the same text', () => {
    const a = { caseId: 'c', parties: [{ role: 'claimant', name: 'A' }], meta: { z: true, a: false } };
    const b = { meta: { a: false, z: true }, parties: [{ name: 'A', role: 'claimant' }], caseId: 'c' };
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  test('array order is kept: it is part of the value', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  const sparse = [1, , 3];

  test.each([
    ['undefined', { a: undefined }, '$.a'],
    ['a function', { f: () => 1 }, '$.f'],
    ['a symbol', [Symbol('s')], '$[0]'],
    ['a bigint', { n: 10n }, '$.n'],
    ['NaN', { x: Number.NaN }, '$.x'],
    ['Infinity', [Number.POSITIVE_INFINITY], '$[0]'],
    ['a Date', { at: new Date(0) }, '$.at'],
    ['a Map', { m: new Map() }, '$.m'],
    ['a cycle', cyclic, '$.self'],
    ['a sparse array', sparse, '$[1]'],
    ['an unpaired surrogate', { text: 'a\uD800b' }, '$.text'],
    ['an unpaired surrogate in a key', { ['k\uDC00']: 1 }, '$["k\\udc00"]'],
  ])('a value holding %s is refused, naming where it is', (_name, value, path) => {
    let error: unknown;
    try {
      canonicalJson(value);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CanonicalJsonError);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as CanonicalJsonError).path).toBe(path);
  });

  test('an object without a prototype is a plain object', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 2, a: 1 });
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}');
  });

  test('a shared but acyclic value is fine', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
