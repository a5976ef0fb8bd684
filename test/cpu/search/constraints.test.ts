import { describe, expect, it } from 'vitest';
import { beamSearch } from '../../../src/cpu/search/beam.ts';
import { greedyDecode } from '../../../src/cpu/search/greedy.ts';
import { translateWithSearch } from '../../../src/cpu/search/search.ts';
import type { StepModel } from '../../../src/cpu/search/step-model.ts';
import { alignmentOf } from '../../../src/model/alignment.ts';
import { type DecodeOptions, resolveDecodeOptions } from '../../../src/model/decoding.ts';
import { InputError } from '../../../src/errors.ts';
import { coverageOf, constrainedExhaustiveSearch, repeatsNgram } from '../../helpers/constrained-search.ts';
import { expectEqualsExhaustive, SCORE_TOLERANCE } from '../../helpers/exhaustive-search.ts';
import { TINY_VOCAB, tinyStepModels } from '../../helpers/tiny-models.ts';
import { scriptedModel } from '../../helpers/toy-step-models.ts';

const models = tinyStepModels();
const source = [4, 7, 5];

function exhaustive(model: StepModel<unknown>, options: DecodeOptions & { maxLength: number }) {
  return constrainedExhaustiveSearch(model, source, {
    maxLength: options.maxLength,
    minLength: options.minLength ?? 0,
    lengthPenalty: options.lengthPenalty ?? 0,
    prefix: options.prefix?.[0] ?? [],
    noRepeatNgram: options.noRepeatNgram ?? 0,
    coveragePenalty: options.coveragePenalty ?? 0,
  });
}

/** No repeated n-gram ends after the prefix (forced tokens are never blocked). */
function expectNoRepeat(ids: number[], n: number, prefixLength: number): void {
  for (let end = Math.max(prefixLength, 0) + 1; end <= ids.length; end++) {
    expect(repeatsNgram(ids.slice(0, end), n)).toBe(false);
  }
}

// With K ≥ V^(M−1) nothing is pruned before the last step (docs/decoding.md), so beam search's
// n-best list is the exhaustive one over the allowed sequences, for α = 0 and, since every pruned
// candidate at the last step has length M like the kept ones, for α > 0 too.
describe('prefix and noRepeatNgram: beam search against an exhaustive search over the allowed sequences', () => {
  const cases: { maxLength: number; prefix: number[]; noRepeatNgram: number; minLength?: number }[] = [
    { maxLength: 4, prefix: [5], noRepeatNgram: 0 },
    { maxLength: 4, prefix: [4, 1], noRepeatNgram: 0, minLength: 3 },
    { maxLength: 4, prefix: [], noRepeatNgram: 1 },
    { maxLength: 5, prefix: [], noRepeatNgram: 2 },
    { maxLength: 5, prefix: [4], noRepeatNgram: 2 },
    // The forced tokens repeat a 1-gram and a 2-gram themselves: they are not blocked, later ones are.
    { maxLength: 5, prefix: [4, 4], noRepeatNgram: 1 },
    { maxLength: 5, prefix: [5, 4, 5, 4], noRepeatNgram: 2 },
    { maxLength: 3, prefix: [1, 5, 4], noRepeatNgram: 0 },
  ];
  for (const { name, model } of models) {
    for (const { maxLength, prefix, noRepeatNgram, minLength } of cases) {
      for (const lengthPenalty of [0, 0.8]) {
        const options = { maxLength, minLength, prefix: [prefix], noRepeatNgram, lengthPenalty };
        it(`${name}: ${JSON.stringify(options)}`, () => {
          const expected = exhaustive(model, options);
          const beam = TINY_VOCAB ** (maxLength - 1);
          const nBest = Math.min(6, expected.length);
          const resolved = resolveDecodeOptions({ ...options, beam, nBest }, source.length);
          const hypotheses = beamSearch(model, source, resolved);
          expectEqualsExhaustive(hypotheses, expected, nBest, maxLength);
          for (const h of hypotheses) {
            expect(h.ids.slice(0, prefix.length)).toEqual(prefix);
            expectNoRepeat(h.ids, noRepeatNgram, prefix.length);
          }
          // Greedy is beam 1 under the same constraints.
          const greedy = greedyDecode(model, source, resolveDecodeOptions(options, source.length));
          expect(beamSearch(model, source, resolveDecodeOptions(options, source.length))).toEqual([greedy]);
          expect(greedy.ids.slice(0, prefix.length)).toEqual(prefix);
          expectNoRepeat(greedy.ids, noRepeatNgram, prefix.length);
        });
      }
    }
  }
});

describe('coverage penalty', () => {
  // Coverage reorders the finished list but not the live beams, so the exhaustive equality needs
  // every complete sequence to finish: K ≥ V^M.
  for (const { name, model } of models) {
    for (const [coveragePenalty, lengthPenalty, noRepeatNgram] of [
      [0.4, 0, 0],
      [3, 0, 0],
      [1, 0, 2],
      [1, 0.6, 0],
    ]) {
      it(`${name}: beam n-best equals the exhaustive list ranked by the penalised score (β ${coveragePenalty}, α ${lengthPenalty}, n-gram ${noRepeatNgram})`, () => {
        const maxLength = 3;
        const options = { maxLength, coveragePenalty, lengthPenalty, noRepeatNgram, prefix: [[]] };
        const expected = exhaustive(model, options);
        const resolved = resolveDecodeOptions({ ...options, beam: TINY_VOCAB ** maxLength, nBest: 8 }, source.length);
        expectEqualsExhaustive(beamSearch(model, source, resolved), expected, 8, maxLength);
        // The penalty changes the order: without it the list is ranked by the sums alone.
        const plain = exhaustive(model, { ...options, coveragePenalty: 0 });
        expect(expected.map((e) => e.ids.join())).not.toEqual(plain.map((e) => e.ids.join()));
      });
    }

    it(`${name}: greedy keeps its path and its score gains the term`, () => {
      // S = 8 > 3 steps: some position is covered less than once, so the term is < 0.
      const long = [4, 5, 6, 7, 8, 9, 10, 11];
      const options = { maxLength: 3, attention: true, lengthPenalty: 0.6 };
      const plain = greedyDecode(model, long, resolveDecodeOptions(options, long.length));
      const penalised = greedyDecode(
        model,
        long,
        resolveDecodeOptions({ ...options, coveragePenalty: 0.7 }, long.length),
      );
      expect(penalised.ids).toEqual(plain.ids);
      expect(penalised.attention).toEqual(plain.attention);
      const term = coverageOf(plain.attention ?? [], long.length, 0.7);
      expect(term).toBeLessThan(0);
      expect(Math.abs(penalised.score - (plain.score + term))).toBeLessThanOrEqual(SCORE_TOLERANCE);
    });
  }
});

describe('alignment', () => {
  for (const { name, model } of models) {
    it(`${name}: per id the argmax of its attention row; attention itself only when asked`, () => {
      for (const beam of [1, 3]) {
        const options = { beam, nBest: beam, maxLength: 7 };
        const withAttention = translateWithSearch(model, [source], { ...options, attention: true })[0];
        const aligned = translateWithSearch(model, [source], { ...options, alignment: true })[0];
        const both = translateWithSearch(model, [source], { ...options, alignment: true, attention: true })[0];
        aligned.forEach((h, rank) => {
          const rows = withAttention[rank].attention ?? [];
          expect(h.attention).toBeUndefined();
          expect(h.ids).toEqual(withAttention[rank].ids);
          expect(h.score).toBe(withAttention[rank].score);
          expect(h.alignment).toEqual(alignmentOf(rows, h.ids.length));
          expect(h.alignment).toHaveLength(h.ids.length);
          expect(both[rank]).toEqual({ ...withAttention[rank], alignment: h.alignment });
        });
      }
    });
  }

  it('is left out for a model without attention', () => {
    const model = scriptedModel(6, { '': { 4: 0.9 } });
    const [[h]] = translateWithSearch(model, [source], { maxLength: 2, alignment: true });
    expect(h.alignment).toBeUndefined();
  });
});

describe('prefix edge cases', () => {
  it('refuses a prefix longer than its sentence maxLength, naming the sentence, before decoding', () => {
    const model = scriptedModel(6, {});
    const prefix = [[4], [4, 5, 4]];
    expect(() => translateWithSearch(model, [[1], [1]], { maxLength: 2, prefix })).toThrow(
      new InputError('prefix of sentence 1 has 3 tokens, more than maxLength 2'),
    );
    // The default maxLength 2·S + 10 grows with the source.
    expect(() => translateWithSearch(model, [[1], [1]], { prefix: [[], new Array(13).fill(4)] })).toThrow(
      'prefix of sentence 1 has 13 tokens, more than maxLength 12',
    );
    expect(() => translateWithSearch(model, [[1]], { prefix })).toThrow(
      'decode option prefix has 2 entries for 1 source sentences',
    );
  });

  it('a prefix filling maxLength is the whole hypothesis, without EOS', () => {
    const model = scriptedModel(6, { '': { 5: 0.5 }, '5': { 4: 0.25 } });
    for (const beam of [1, 3]) {
      const [[h]] = translateWithSearch(model, [[1]], { beam, maxLength: 2, prefix: [[5, 4]] });
      expect(h.ids).toEqual([5, 4]);
      expect(h.score).toBeCloseTo(Math.log(0.5) + Math.log(0.25), 12);
    }
  });

  it('ends the hypothesis without EOS where the model gives the forced token no mass', () => {
    const model = scriptedModel(6, { '': { 5: 0.5 }, '5': { 4: 0 } });
    for (const beam of [1, 2]) {
      const [hypotheses] = translateWithSearch(model, [[1]], { beam, maxLength: 5, prefix: [[5, 4, 4]] });
      expect(hypotheses).toEqual([{ ids: [5], score: Math.log(0.5) }]);
    }
  });
});

describe('progress', () => {
  for (const { name, model } of models) {
    it(`${name}: reports each sentence by its index with growing ids, ending with its result`, () => {
      const sources = [source, [], [5, 6], [8, 9, 4, 4]];
      for (const options of [{ maxLength: 20 }, { beam: 3, maxLength: 20, minLength: 17 }]) {
        const reports: { sentence: number; ids: number[] }[] = [];
        const results = translateWithSearch(model, sources, options, (progress) => reports.push(...progress));
        expect(translateWithSearch(model, sources, options)).toEqual(results);
        const sentences = [0, 2, 3];
        expect([...new Set(reports.map((r) => r.sentence))]).toEqual(sentences);
        for (const sentence of sentences) {
          const mine = reports.filter((r) => r.sentence === sentence).map((r) => r.ids);
          // Every 8 steps while live, then the result: at least 17 steps here.
          expect(mine.length).toBeGreaterThanOrEqual(options.beam ? 3 : 1);
          expect(mine.at(-1)).toEqual(results[sentence][0].ids);
          mine.slice(0, -1).forEach((ids, k) => expect(ids).toHaveLength(8 * (k + 1)));
          if (!options.beam) {
            // Greedy's row only grows: each report extends the previous one.
            mine.slice(1).forEach((ids, k) => expect(ids.slice(0, mine[k].length)).toEqual(mine[k]));
          }
        }
      }
    });
  }
});
