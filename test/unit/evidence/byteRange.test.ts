import { parseByteRange } from '../../../server/domain/evidence/byteRange.js';

const SIZE = 1000;

describe('a single byte range is served as asked (RFC 9110 §14)', () => {
  test.each([
    ['bytes=0-499', 0, 499],
    ['bytes=500-', 500, 999],
    ['bytes=-200', 800, 999],
    ['bytes=999-999', 999, 999],
    ['bytes=0-0', 0, 0],
    ['bytes=0-', 0, 999],
  ])('%s selects bytes %i to %i', (header, start, end) => {
    expect(parseByteRange(header, SIZE)).toEqual({ kind: 'partial', start, end });
  });

  test('a range running past the end stops at the last byte', () => {
    expect(parseByteRange('bytes=900-5000', SIZE)).toEqual({ kind: 'partial', start: 900, end: 999 });
    expect(parseByteRange('bytes=0-99999999999999999999999', SIZE)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  test('a suffix longer than the file selects the whole file', () => {
    expect(parseByteRange('bytes=-2000', SIZE)).toEqual({ kind: 'partial', start: 0, end: 999 });
  });

  test('the unit is case-insensitive and blanks around the range are allowed', () => {
    expect(parseByteRange('Bytes=10-19', SIZE)).toEqual({ kind: 'partial', start: 10, end: 19 });
    expect(parseByteRange('  bytes= 10-19 , ', SIZE)).toEqual({ kind: 'partial', start: 10, end: 19 });
  });
});

describe('a range the file cannot satisfy is refused', () => {
  test.each(['bytes=1000-', 'bytes=1000-1100', 'bytes=5000-6000', 'bytes=99999999999999999999-', 'bytes=-0', 'bytes=-000'])(
    '%s on a 1000-byte file is unsatisfiable',
    (header) => {
      expect(parseByteRange(header, SIZE)).toEqual({ kind: 'unsatisfiable' });
    },
  );

  test('no range starting at 0 fits an empty file', () => {
    expect(parseByteRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
    expect(parseByteRange('bytes=0-10', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  test('a suffix of an empty file is the (empty) whole file', () => {
    expect(parseByteRange('bytes=-5', 0)).toEqual({ kind: 'full' });
  });
});

describe('a Range header that is not one byte range is ignored', () => {
  test.each([
    [undefined],
    [''],
    ['bytes=0-1,5-9'],
    ['bytes=-5, 0-1'],
    ['items=0-5'],
    ['bytes 0-5'],
    ['bytes=abc'],
    ['bytes=5-2'],
    ['bytes=-'],
    ['bytes='],
    ['bytes=1.5-2'],
    ['bytes=0x10-20'],
    ['bytes=+1-2'],
    ['bytes=1 - 2'],
    ['bytes=--5'],
  ])('%p means the whole file', (header) => {
    expect(parseByteRange(header, SIZE)).toEqual({ kind: 'full' });
  });
});

test.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('a size of %p is refused', (size) => {
  expect(() => parseByteRange('bytes=0-1', size)).toThrow(new TypeError('size must be a non-negative safe integer'));
});
