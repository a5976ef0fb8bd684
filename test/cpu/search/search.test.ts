import { describe, expect, it } from 'vitest';
import { beamSearch } from '../../../src/cpu/search/beam.ts';
import { greedyDecode } from '../../../src/cpu/search/greedy.ts';
import { resolveDecodeOptions } from '../../../src/model/decoding.ts';
import { translateWithSearch } from '../../../src/cpu/search/search.ts';
import { InputError } from '../../../src/errors.ts';
import { hashedModel } from '../../helpers/toy-step-models.ts';

const sources = [[4, 5, 6], [7], [8, 9, 10, 11, 12], [4, 5, 6]];

describe('translateWithSearch', () => {
  it('uses greedy decoding for beam 1 and beam search otherwise, one result list per source', () => {
    const model = hashedModel({ vocabSize: 20, seed: 21, eosBias: 1 });
    const greedy = translateWithSearch(model, sources);
    expect(greedy).toHaveLength(sources.length);
    sources.forEach((source, i) => {
      expect(greedy[i]).toEqual([greedyDecode(model, source, resolveDecodeOptions({}, source.length))]);
    });
    const options = { beam: 4, nBest: 3, lengthPenalty: 0.6 };
    const beam = translateWithSearch(model, sources, options);
    sources.forEach((source, i) => {
      expect(beam[i]).toEqual(beamSearch(model, source, resolveDecodeOptions(options, source.length)));
      expect(beam[i]).toHaveLength(3);
    });
    // The same source twice gives the same result.
    expect(beam[3]).toEqual(beam[0]);
  });

  it('gives every sentence the result it gets alone, whatever else is in the batch', () => {
    const model = hashedModel({ vocabSize: 15, seed: 22, attention: true });
    for (const options of [{}, { beam: 3, nBest: 2, attention: true }, { beam: 5, nBest: 5, minLength: 2 }]) {
      const together = translateWithSearch(model, sources, options);
      sources.forEach((source, i) => {
        expect(translateWithSearch(model, [source], options)).toEqual([together[i]]);
      });
      expect(translateWithSearch(model, [...sources].reverse(), options)).toEqual([...together].reverse());
    }
  });

  it('defaults maxLength per sentence to 2·S + 10', () => {
    const model = hashedModel({ vocabSize: 10, seed: 23, eosBias: -30 });
    const [short, long] = translateWithSearch(model, [[4], [4, 5, 6]], { beam: 2, nBest: 2 });
    expect(short.map((h) => h.ids.length)).toEqual([12, 12]);
    expect(long.map((h) => h.ids.length)).toEqual([16, 16]);
  });

  it('returns attention [steps][S] only when asked and the model has it', () => {
    const withAttention = hashedModel({ vocabSize: 12, seed: 24, attention: true });
    const [result] = translateWithSearch(withAttention, [[4, 5, 6, 7, 8]], { beam: 3, nBest: 3, attention: true });
    for (const hypothesis of result) {
      expect(hypothesis.attention!.length).toBeGreaterThanOrEqual(hypothesis.ids.length);
      expect(hypothesis.attention!.length).toBeLessThanOrEqual(hypothesis.ids.length + 1);
      for (const row of hypothesis.attention!) expect(row).toHaveLength(5);
    }
    const [greedy] = translateWithSearch(withAttention, [[4, 5]], { attention: true });
    expect(greedy[0].attention!.every((row) => row.length === 2)).toBe(true);
    const unasked = translateWithSearch(withAttention, [[4, 5, 6]], { beam: 3, nBest: 3 });
    expect(unasked[0].every((h) => !('attention' in h))).toBe(true);
    const without = hashedModel({ vocabSize: 12, seed: 24 });
    const noModelAttention = translateWithSearch(without, [[4, 5, 6]], { beam: 3, nBest: 3, attention: true });
    expect(noModelAttention[0].every((h) => !('attention' in h))).toBe(true);
  });

  it('gives an empty source no hypotheses', () => {
    const model = hashedModel({ vocabSize: 12, seed: 25 });
    const results = translateWithSearch(model, [[], [4]], { beam: 2 });
    expect(results[0]).toEqual([]);
    expect(results[1]).toHaveLength(1);
  });

  it('rejects bad options with InputError before decoding anything', () => {
    const model = hashedModel({ vocabSize: 12, seed: 26 });
    expect(() => translateWithSearch(model, sources, { beam: 2, nBest: 3 })).toThrow(InputError);
    expect(() => translateWithSearch(model, sources, { maxLength: 0 })).toThrow(/maxLength/);
    expect(() => translateWithSearch(model, [], { lengthPenalty: -1 })).toThrow(/lengthPenalty/);
    expect(model.calls.begin).toBe(0);
    expect(translateWithSearch(model, [])).toEqual([]);
  });
});
