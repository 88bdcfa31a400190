// Side by side, a paragraph starts on the line of its counterpart in the other language.
import { alignByParagraphId, sameSpacers, spacersFor } from '../../../client/src/documents/paragraphAlignment.js';

describe('paragraphs pair up by paragraph id', () => {
  test('two translations paragraph by paragraph pair one to one', () => {
    expect(alignByParagraphId(['a', 'b', 'c'], ['a', 'b', 'c'])).toEqual([
      { left: 0, right: 0 },
      { left: 1, right: 1 },
      { left: 2, right: 2 },
    ]);
  });

  test('a paragraph not yet translated has a row of its own, and the next pair lines up after it', () => {
    expect(alignByParagraphId(['a', 'new', 'b'], ['a', 'b'])).toEqual([
      { left: 0, right: 0 },
      { left: 1, right: null },
      { left: 2, right: 1 },
    ]);
  });

  test('blocks without an id never pair', () => {
    expect(alignByParagraphId([null, 'a'], [null, 'a'])).toEqual([
      { left: 0, right: null },
      { left: null, right: 0 },
      { left: 1, right: 1 },
    ]);
  });

  test('a paragraph moved in one language only: the most pairs that keep both orders', () => {
    const rows = alignByParagraphId(['a', 'b', 'c', 'd'], ['b', 'c', 'd', 'a']);
    expect(rows.filter((row) => row.left !== null && row.right !== null)).toEqual([
      { left: 1, right: 0 },
      { left: 2, right: 1 },
      { left: 3, right: 2 },
    ]);
    // Every block appears exactly once.
    expect(rows.map((row) => row.left).filter((index) => index !== null)).toEqual([0, 1, 2, 3]);
    expect(rows.map((row) => row.right).filter((index) => index !== null)).toEqual([0, 1, 2, 3]);
  });
});

describe('the space above each block', () => {
  test('a longer paragraph on the left pushes the right’s next paragraph down to meet its counterpart', () => {
    const rows = alignByParagraphId(['a', 'b'], ['a', 'b']);
    expect(spacersFor(rows, [60, 20], [20, 20])).toEqual({ left: [0, 0], right: [0, 40] });
  });

  test('an untranslated paragraph leaves a gap opposite it', () => {
    const rows = alignByParagraphId(['a', 'new', 'b'], ['a', 'b']);
    expect(spacersFor(rows, [20, 30, 20], [20, 20])).toEqual({ left: [0, 0, 0], right: [0, 30] });
  });

  test('nothing pairs: nothing moves', () => {
    const rows = alignByParagraphId(['a'], ['b']);
    expect(spacersFor(rows, [20], [25])).toEqual({ left: [0], right: [0] });
  });

  test('spacers that differ by less than a pixel are the same (no endless re-layout)', () => {
    expect(sameSpacers([0, 40], [0, 40.4])).toBe(true);
    expect(sameSpacers([0, 40], [0, 42])).toBe(false);
    expect(sameSpacers([], [0])).toBe(false);
  });
});
