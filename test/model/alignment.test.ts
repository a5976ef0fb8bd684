import { describe, expect, it } from 'vitest';
import { alignmentOf, replaceUnknownTokens } from '../../src/model/alignment.ts';

describe('alignmentOf', () => {
  it('gives the argmax source position of each id row, the lowest on ties, leaving out the EOS row', () => {
    const attention = [
      [0.1, 0.7, 0.2],
      [0.4, 0.2, 0.4],
      [0.3, 0.3, 0.4],
      [0.9, 0.05, 0.05],
    ];
    expect(alignmentOf(attention, 3)).toEqual([1, 0, 2]);
    expect(alignmentOf(attention, 4)).toEqual([1, 0, 2, 0]);
    expect(alignmentOf(attention, 0)).toEqual([]);
    expect(alignmentOf([[1]], 1)).toEqual([0]);
  });
});

describe('replaceUnknownTokens', () => {
  it('replaces each unk by the source token at its alignment position and leaves the rest', () => {
    const tokens = ['<unk>', 'b', '<unk>', 'd'];
    expect(replaceUnknownTokens(tokens, [2, 0, 0, 1], ['x', 'y', 'z'], '<unk>')).toEqual(['z', 'b', 'x', 'd']);
    expect(tokens).toEqual(['<unk>', 'b', '<unk>', 'd']);
  });

  it('keeps an unk whose alignment is missing or outside the source', () => {
    expect(replaceUnknownTokens(['<unk>', '<unk>'], [5], ['x'], '<unk>')).toEqual(['<unk>', '<unk>']);
    expect(replaceUnknownTokens(['a'], [], ['x'], '<unk>')).toEqual(['a']);
  });
});
