// extended(): what `{ ...base, ...fields }` gives, for the hot paths that use it instead.
import { extended } from '../../server/domain/extended.js';

test('extended gives what a spread gives: base fields first, new fields after, a field given again takes its new value in its old place', () => {
  const base = { a: 1, b: { nested: true }, c: 3 };
  const result = extended(base, { b: { nested: false }, d: 4 });
  expect(result).toEqual({ ...base, ...{ b: { nested: false }, d: 4 } });
  expect(Object.keys(result)).toEqual(['a', 'b', 'c', 'd']);
  expect(JSON.stringify(result)).toBe('{"a":1,"b":{"nested":false},"c":3,"d":4}');
});

test('extended leaves the base as it was and shares its nested values, as a spread does', () => {
  const inner = { x: 1 };
  const base = { inner, y: 2 };
  const result = extended(base, { y: 3 });
  expect(base).toEqual({ inner: { x: 1 }, y: 2 });
  expect(result.inner).toBe(inner);
});
