import { describe, expect, it } from 'vitest';
import { corpusBleu } from '../../tools/eval/bleu.ts';

const split = (lines: string[]) => lines.map((line) => line.split(' '));

// Expected values are worked out by hand below and agree with sacreBLEU 2.x
// (corpus_bleu(hyps, [refs], tokenize="none")) to the digits given.
describe('corpusBleu', () => {
  it('is 100 for a corpus identical to its references', () => {
    const text = split(['el gato rojo come .', 'ella no duerme .']);
    const result = corpusBleu(text, text);
    expect(result.score).toBeCloseTo(100, 10);
    expect(result.brevityPenalty).toBe(1);
  });

  it('clips n-gram matches and smooths orders without a match ("exp")', () => {
    // 1-grams 5/6, 2-grams 3/5, 3-grams 1/4, 4-grams 0/3 → 100 / (2 · 3).
    const result = corpusBleu(split(['the cat sat on the mat']), split(['the cat is on the mat']));
    expect(result.precisions.map((p) => Number(p.toFixed(6)))).toEqual([83.333333, 60, 25, 16.666667]);
    expect(result.score).toBeCloseTo(((500 / 6) * 60 * 25 * (100 / 6)) ** 0.25, 10);
    expect(result.score).toBeCloseTo(37.991784, 5);
  });

  it('clips a repeated word at its count in the reference', () => {
    // "the" ×4 against one "the": 1/4; no 2-, 3-, 4-gram matches: 100/(2·3), 100/(4·2), 100/(8·1).
    const result = corpusBleu(split(['the the the the']), split(['the cat']));
    expect(result.precisions).toEqual([25, 100 / 6, 12.5, 12.5]);
    expect(result.score).toBeCloseTo(15.973578, 5);
  });

  it('pools counts over the corpus and applies the brevity penalty to total lengths', () => {
    // Matches 7/8, 5/6, 3/4, 1/2; hypothesis length 8 < reference length 9: BP = e^(1 − 9/8).
    const result = corpusBleu(split(['a b c d', 'e f g h']), split(['a b c d', 'e f g i j']));
    expect(result.brevityPenalty).toBeCloseTo(Math.exp(1 - 9 / 8), 12);
    expect(result.precisions).toEqual([87.5, 250 / 3, 75, 50]);
    expect(result.score).toBeCloseTo(Math.exp(1 - 9 / 8) * (87.5 * (250 / 3) * 75 * 50) ** 0.25, 10);
    expect(result.score).toBeCloseTo(63.815725, 5);
  });

  it('is 0 when some order has no n-gram at all (hypotheses shorter than 4 words)', () => {
    expect(corpusBleu(split(['the cat']), split(['the cat sat on the mat'])).score).toBe(0);
    expect(corpusBleu(split(['a b c']), split(['a b c'])).score).toBe(0);
  });

  it('is 0 for empty hypotheses and rejects mismatched corpus sizes', () => {
    expect(corpusBleu([[]], split(['a b c d'])).score).toBe(0);
    expect(() => corpusBleu(split(['a b']), [])).toThrow(/1 hypotheses but 0 references/);
  });
});
