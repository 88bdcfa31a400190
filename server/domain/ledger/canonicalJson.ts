// Canonical JSON, so that one value always has one byte form and so one hash: the JSON
// Canonicalization Scheme of RFC 8785 — object keys sorted by UTF-16 code units, no
// whitespace, numbers and strings as ECMAScript's JSON.stringify writes them — encoded as
// UTF-8. Values JSON cannot carry faithfully are refused instead of being silently dropped or
// changed as JSON.stringify would: undefined, functions, symbols, bigints, NaN and ±Infinity,
// sparse arrays, non-plain objects (Date, Map, class instances), cycles and unpaired surrogates.
import { CanonicalJsonError } from './ledgerErrors.js';

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

// Lone surrogates have no UTF-8 form; with the u flag a proper pair is one code point and does not match.
const UNPAIRED_SURROGATE = /\p{Surrogate}/u;

export function canonicalJson(value: unknown): string {
  return write(value, '$', new Set());
}

export function canonicalJsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalJson(value));
}

function write(value: unknown, path: string, ancestors: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return writeString(value, path);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `is ${value}, which JSON cannot represent`);
      return JSON.stringify(value); // ECMAScript's shortest round-trip form; -0 becomes 0
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (ancestors.has(value)) throw new CanonicalJsonError(path, 'refers back to itself');
      ancestors.add(value);
      try {
        return Array.isArray(value) ? writeArray(value, path, ancestors) : writeObject(value, path, ancestors);
      } finally {
        ancestors.delete(value);
      }
    default:
      throw new CanonicalJsonError(path, `is ${typeof value === 'undefined' ? 'undefined' : `a ${typeof value}`}, which JSON cannot represent`);
  }
}

function writeString(value: string, path: string): string {
  if (UNPAIRED_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'contains an unpaired UTF-16 surrogate');
  return JSON.stringify(value);
}

function writeArray(array: readonly unknown[], path: string, ancestors: Set<object>): string {
  const items: string[] = [];
  for (let i = 0; i < array.length; i++) {
    if (!(i in array)) throw new CanonicalJsonError(`${path}[${i}]`, 'is a hole in a sparse array');
    items.push(write(array[i], `${path}[${i}]`, ancestors));
  }
  return `[${items.join(',')}]`;
}

function writeObject(object: object, path: string, ancestors: Set<object>): string {
  const prototype: unknown = Object.getPrototypeOf(object);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new CanonicalJsonError(path, 'is not a plain object (a Date, Map or class instance has no canonical JSON form)');
  }
  if (Object.getOwnPropertySymbols(object).length > 0) throw new CanonicalJsonError(path, 'has symbol keys');
  // Default sort compares UTF-16 code units, as RFC 8785 §3.2.3 requires.
  const keys = Object.keys(object).sort();
  const members = keys.map((key) => {
    const memberPath = `${path}${/^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`}`;
    const member = (object as Record<string, unknown>)[key];
    return `${writeString(key, memberPath)}:${write(member, memberPath, ancestors)}`;
  });
  return `{${members.join(',')}}`;
}
