import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockedNextTokens } from '../../src/model/ngram.ts';
import { repeatsNgram } from '../helpers/constrained-search.ts';

describe('blockedNextTokens', () => {
  it('n = 1 blocks every token already present', () => {
    expect(blockedNextTokens([5, 4, 5, 7], 1)).toEqual([4, 5, 7]);
    expect(blockedNextTokens([], 1)).toEqual([]);
  });

  it('n = 2 blocks the tokens that followed the last token before', () => {
    expect(blockedNextTokens([4, 5, 4, 6, 4], 2)).toEqual([5, 6]);
    expect(blockedNextTokens([4, 5], 2)).toEqual([]);
  });

  it('n = 3 matches the last two tokens', () => {
    expect(blockedNextTokens([1, 2, 3, 1, 2], 3)).toEqual([3]);
    expect(blockedNextTokens([1, 2, 3, 2, 1], 3)).toEqual([]);
  });

  it('blocks nothing when off or when the hypothesis is shorter than n', () => {
    expect(blockedNextTokens([4, 4, 4], 0)).toEqual([]);
    expect(blockedNextTokens([4, 4], 3)).toEqual([]);
  });

  it('blocks exactly the tokens whose n-gram would repeat (against the whole-sequence statement)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 9 }),
        fc.integer({ min: 1, max: 4 }),
        (tokens, n) => {
          const expected = [0, 1, 2, 3].filter((v) => repeatsNgram([...tokens, v], n));
          expect(blockedNextTokens(tokens, n)).toEqual(expected);
        },
      ),
      { numRuns: 500, seed: 7 },
    );
  });
});
