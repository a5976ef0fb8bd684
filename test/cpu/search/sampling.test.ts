import { describe, expect, it } from 'vitest';
import { greedyDecode } from '../../../src/cpu/search/greedy.ts';
import { translateWithSearch } from '../../../src/cpu/search/search.ts';
import { resolveDecodeOptions } from '../../../src/model/decoding.ts';
import { endedWithEos, rescore } from '../../helpers/exhaustive-search.ts';
import { repeatsNgram } from '../../helpers/constrained-search.ts';
import { cutDistribution } from '../../helpers/sampling-distribution.ts';
import { tinyStepModels } from '../../helpers/tiny-models.ts';
import { hashedModel, SPECIAL } from '../../helpers/toy-step-models.ts';

const models = tinyStepModels();
const sources = [[4, 7, 5], [6], [5, 5, 8, 9], [4, 7, 5], [10, 4]];

describe('sampling', () => {
  for (const { name, model } of models) {
    it(`${name}: the same seed gives the same output for any batch size and split (sentenceOffset)`, () => {
      const sampling = { seed: 1234, temperature: 1.5 };
      const whole = translateWithSearch(model, sources, { sampling, maxLength: 12 });
      sources.forEach((source, i) => {
        const alone = translateWithSearch(model, [source], { sampling, maxLength: 12, sentenceOffset: i });
        expect(alone[0]).toEqual(whole[i]);
      });
      const tail = translateWithSearch(model, sources.slice(2), { sampling, maxLength: 12, sentenceOffset: 2 });
      expect(tail).toEqual(whole.slice(2));
      expect(translateWithSearch(model, sources, { sampling, maxLength: 12 })).toEqual(whole);
    });

    it(`${name}: different seeds and different sentence keys draw differently`, () => {
      const sampling = { temperature: 3 };
      const run = (seed: number, sentenceOffset = 0) =>
        translateWithSearch(model, sources, { sampling: { ...sampling, seed }, maxLength: 12, sentenceOffset })
          .map(([h]) => h.ids.join())
          .join('|');
      expect(run(1)).not.toBe(run(2));
      expect(run(1)).not.toBe(run(1, 100));
      // Sentences 0 and 3 have the same source but different keys.
      const draws = Array.from({ length: 6 }, (_, seed) => translateWithSearch(model, sources, { sampling: { seed } }));
      expect(draws.some((result) => result[0][0].ids.join() !== result[3][0].ids.join())).toBe(true);
    });

    it(`${name}: topK 1 is greedy decoding, with prefix and n-gram blocking too`, () => {
      for (const extra of [{}, { prefix: sources.map(() => [5]), noRepeatNgram: 2, minLength: 2 }]) {
        const options = { maxLength: 9, lengthPenalty: 0.6, ...extra };
        const sampled = translateWithSearch(model, sources, { ...options, sampling: { topK: 1, seed: 9 } });
        sources.forEach((source, i) => {
          expect(sampled[i]).toEqual([greedyDecode(model, source, resolveDecodeOptions(options, source.length, i))]);
        });
      }
    });

    it(`${name}: the score is the model's log-prob of the drawn tokens (T = 1, no cut), under the constraints`, () => {
      const options = {
        maxLength: 8,
        prefix: sources.map((_, i) => (i % 2 ? [4, 5] : [])),
        noRepeatNgram: 1,
        sampling: { topK: 3, topP: 0.9, temperature: 0.5, seed: 77 },
      };
      translateWithSearch(model, sources, options).forEach(([h], i) => {
        expect(h.ids.slice(0, options.prefix[i].length)).toEqual(options.prefix[i]);
        for (let end = options.prefix[i].length + 1; end <= h.ids.length; end++) {
          expect(repeatsNgram(h.ids.slice(0, end), 1)).toBe(false);
        }
        const expected = rescore(model, sources[i], h.ids, endedWithEos(h, 8), {
          maxLength: 8,
          minLength: 0,
          lengthPenalty: 0,
        });
        expect(h.score).toBeCloseTo(expected, 12);
      });
    });
  }
});

// The first token of a sentence is drawn with u = randomUniform(seed, sentence, 0): over many
// sentences with the same source the first tokens are a sample of the cut distribution. The draws
// are deterministic (the RNG is), so this test cannot flake; the bound is still a statistical one:
// every token's count within 5 binomial standard deviations of N·p (a false alarm per token below
// 6·10^-7 for a correct sampler), tokens outside the cut never drawn, and Pearson's χ² below the
// 0.9999 quantile of χ² with (kept − 1) ≤ 9 degrees of freedom (33.72).
describe('sampling frequencies follow the cut distribution', () => {
  const model = hashedModel({ vocabSize: 12, seed: 5, scale: 1.5 });
  const source = [4, 5];
  const first = model.step(model.begin(source), SPECIAL.bosId).logProbs;
  const allowed = (id: number) => id !== SPECIAL.padId && id !== SPECIAL.bosId;
  const settings = [
    { topK: 0, topP: 1, temperature: 1 },
    { topK: 4, topP: 1, temperature: 1 },
    { topK: 0, topP: 0.7, temperature: 1 },
    { topK: 6, topP: 0.8, temperature: 0.6 },
    { topK: 0, topP: 1, temperature: 2.5 },
  ];
  // topK 0 is the resolved "no cut"; a caller leaves topK out for it.
  const given = ({ topK, ...rest }: (typeof settings)[number]) => (topK > 0 ? { topK, ...rest } : rest);
  for (const setting of settings) {
    it(JSON.stringify(setting), () => {
      const n = 6000;
      const expected = cutDistribution(first, allowed, setting);
      const results = translateWithSearch(
        model,
        Array.from({ length: n }, () => source),
        { maxLength: 1, sampling: { ...given(setting), seed: 2024 } },
      );
      const counts = new Array<number>(12).fill(0);
      for (const [h] of results) counts[h.ids[0] ?? SPECIAL.eosId]++;
      let chiSquare = 0;
      counts.forEach((count, id) => {
        const p = expected[id];
        if (p === 0) {
          expect(count).toBe(0);
          return;
        }
        expect(Math.abs(count - n * p)).toBeLessThanOrEqual(5 * Math.sqrt(n * p * (1 - p)) + 1e-9);
        chiSquare += (count - n * p) ** 2 / (n * p);
      });
      expect(expected.filter((p) => p > 0).length).toBeLessThanOrEqual(10);
      expect(chiSquare).toBeLessThan(33.72);
    });
  }
});
