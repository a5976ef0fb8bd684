import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DecodeOptions } from '../../../src/model/decoding.ts';
import { beamSearch } from '../../../src/cpu/search/beam.ts';
import { greedyDecode } from '../../../src/cpu/search/greedy.ts';
import { resolveDecodeOptions } from '../../../src/model/decoding.ts';
import type { StepModel } from '../../../src/cpu/search/step-model.ts';
import {
  endedWithEos,
  exhaustiveSearch,
  expectEqualsExhaustive,
  hypothesisKey as key,
  rescore,
  SCORE_TOLERANCE,
} from '../../helpers/exhaustive-search.ts';
import { hashedModel, scriptedModel, SPECIAL, type ToyState } from '../../helpers/toy-step-models.ts';

function search(model: StepModel<ToyState>, source: number[], options: DecodeOptions) {
  const resolved = resolveDecodeOptions(options, source.length);
  return { hypotheses: beamSearch(model, source, resolved), resolved };
}

describe('beamSearch with K = 1', () => {
  it('gives exactly the greedy result (ids, score, attention)', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 1_000_000 }),
          vocabSize: fc.integer({ min: 5, max: 40 }),
          levels: fc.option(fc.integer({ min: 2, max: 4 }), { nil: undefined }),
          eosBias: fc.integer({ min: -3, max: 3 }),
          source: fc.array(fc.integer({ min: 4, max: 30 }), { minLength: 1, maxLength: 5 }),
          maxLength: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
          minLength: fc.integer({ min: 0, max: 4 }),
          lengthPenalty: fc.constantFrom(0, 0.6, 2),
        }),
        ({ seed, vocabSize, levels, eosBias, source, maxLength, minLength, lengthPenalty }) => {
          const model = hashedModel({ vocabSize, seed, levels, eosBias, attention: true });
          const options = resolveDecodeOptions({ maxLength, minLength, lengthPenalty, attention: true }, source.length);
          const greedy = greedyDecode(model, source, options);
          const beam = beamSearch(model, source, options);
          expect(beam).toEqual([greedy]);
          expect(Object.is(beam[0].score, greedy.score)).toBe(true);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });
});

describe('beamSearch against exhaustive search', () => {
  const grid: { vocabSize: number; maxLength: number; minLength: number; levels?: number }[] = [
    { vocabSize: 5, maxLength: 3, minLength: 0 },
    { vocabSize: 5, maxLength: 4, minLength: 0 },
    { vocabSize: 6, maxLength: 4, minLength: 0 },
    { vocabSize: 5, maxLength: 4, minLength: 2 },
    { vocabSize: 6, maxLength: 3, minLength: 1, levels: 3 },
    { vocabSize: 5, maxLength: 4, minLength: 0, levels: 2 },
  ];
  for (const { vocabSize, maxLength, minLength, levels } of grid) {
    for (const nBest of [1, 3]) {
      it(`equals it with K = V^(maxLength−1): V=${vocabSize} maxLength=${maxLength} minLength=${minLength} N=${nBest}${levels ? ' planted ties' : ''}`, () => {
        const beam = vocabSize ** (maxLength - 1);
        for (let seed = 0; seed < 8; seed++) {
          for (const eosBias of [0, 1.5]) {
            const model = hashedModel({ vocabSize, seed, levels, eosBias });
            const source = [4 + seed, 5];
            const options = { beam, nBest, maxLength, minLength, lengthPenalty: 0 };
            const { hypotheses } = search(model, source, options);
            expectEqualsExhaustive(hypotheses, exhaustiveSearch(model, source, options), nBest, maxLength);
          }
        }
      });
    }
  }

  it('equals it over penalised scores (α = 0.6) when K is large', () => {
    for (let seed = 0; seed < 10; seed++) {
      for (const nBest of [1, 3]) {
        const model = hashedModel({ vocabSize: 5, seed, eosBias: 1 });
        const options = { beam: 125, nBest, maxLength: 4, minLength: 0, lengthPenalty: 0.6 };
        const { hypotheses } = search(model, [9], options);
        expectEqualsExhaustive(hypotheses, exhaustiveSearch(model, [9], options), nBest, 4);
      }
    }
  });

  it('finds every sequence when N is as large as K and the sequences are few', () => {
    // V=5 allows unk, EOS and one word: 1 + 2 + 4 + 8 = 15 sequences with maxLength 3.
    const model = hashedModel({ vocabSize: 5, seed: 3 });
    const options = { beam: 25, nBest: 25, maxLength: 3, minLength: 0, lengthPenalty: 0 };
    const exhaustive = exhaustiveSearch(model, [4], options);
    expect(exhaustive).toHaveLength(15);
    expectEqualsExhaustive(search(model, [4], options).hypotheses, exhaustive, 25, 3);
  });
});

describe('beamSearch results', () => {
  const settings: DecodeOptions[] = [
    { beam: 4, nBest: 3 },
    { beam: 5, nBest: 5, minLength: 4 },
    { beam: 3, nBest: 2, lengthPenalty: 0.6 },
    { beam: 6, nBest: 1, lengthPenalty: 1.2, maxLength: 7 },
  ];
  for (const options of settings) {
    it(`are sorted, at most N, distinct, re-score exactly and respect the limits: ${JSON.stringify(options)}`, () => {
      for (let seed = 0; seed < 12; seed++) {
        const model = hashedModel({ vocabSize: 25, seed, eosBias: seed % 3 });
        const source = [4, 7, 11].slice(0, 1 + (seed % 3));
        const { hypotheses, resolved } = search(model, source, options);
        expect(hypotheses.length).toBeGreaterThan(0);
        expect(hypotheses.length).toBeLessThanOrEqual(resolved.nBest);
        const keys = new Set<string>();
        hypotheses.forEach((hypothesis, rank) => {
          if (rank > 0) expect(hypothesis.score).toBeLessThanOrEqual(hypotheses[rank - 1].score);
          const withEos = endedWithEos(hypothesis, resolved.maxLength);
          keys.add(key(hypothesis.ids, withEos));
          expect(hypothesis.ids.length).toBeLessThanOrEqual(resolved.maxLength);
          expect(hypothesis.ids.length).toBeGreaterThanOrEqual(Math.min(resolved.minLength, resolved.maxLength));
          expect(hypothesis.ids).not.toContain(SPECIAL.padId);
          expect(hypothesis.ids).not.toContain(SPECIAL.bosId);
          expect(hypothesis.ids).not.toContain(SPECIAL.eosId);
          const expected = rescore(model, source, hypothesis.ids, withEos, resolved);
          expect(Math.abs(hypothesis.score - expected)).toBeLessThanOrEqual(SCORE_TOLERANCE);
        });
        expect(keys.size).toBe(hypotheses.length);
      }
    });
  }

  it('end at maxLength without EOS when EOS is unlikely', () => {
    const model = hashedModel({ vocabSize: 9, seed: 11, eosBias: -30 });
    const { hypotheses, resolved } = search(model, [4, 5], { beam: 4, nBest: 4, maxLength: 6 });
    expect(hypotheses).toHaveLength(4);
    for (const hypothesis of hypotheses) {
      expect(hypothesis.ids).toHaveLength(6);
      expect(hypothesis.score).toBeCloseTo(rescore(model, [4, 5], hypothesis.ids, false, resolved), 12);
    }
  });

  it('respect minLength when EOS is very likely', () => {
    const model = hashedModel({ vocabSize: 9, seed: 12, eosBias: 30 });
    expect(search(model, [4], { beam: 3, nBest: 1 }).hypotheses[0].ids).toEqual([]);
    const { hypotheses } = search(model, [4], { beam: 3, nBest: 3, minLength: 3 });
    expect(hypotheses).toHaveLength(3);
    for (const hypothesis of hypotheses) expect(hypothesis.ids).toHaveLength(3);
  });

  it('are reproducible with many exact ties', () => {
    const model = hashedModel({ vocabSize: 12, seed: 13, levels: 2 });
    const options = { beam: 6, nBest: 6, maxLength: 8 };
    const first = search(model, [4, 5], options).hypotheses;
    expect(first).toHaveLength(6);
    expect(search(model, [4, 5], options).hypotheses).toEqual(first);
  });

  it('break exact ties by lower parent index, then lower token id', () => {
    // [4] and [5] tie at step 1 (same parent: lower id first); [4 6] and [5 6] tie at step 2
    // (different parents: lower parent first); both then end with EOS at the same score.
    const tied = scriptedModel(7, {
      '': { 4: 0.4, 5: 0.4 },
      '4': { 6: 0.9 },
      '5': { 6: 0.9 },
      '4,6': { [SPECIAL.eosId]: 0.9 },
      '5,6': { [SPECIAL.eosId]: 0.9 },
    });
    const { hypotheses } = search(tied, [4], { beam: 2, nBest: 2, maxLength: 5 });
    expect(hypotheses.map((h) => h.ids)).toEqual([
      [4, 6],
      [5, 6],
    ]);
    expect(hypotheses[0].score).toBe(hypotheses[1].score);

    // log 0.5 + log 0.4 and log 0.4 + log 0.5 are the same double: [4 6] (parent 0) and [5 6]
    // (parent 1) tie, and both finish at maxLength in candidate order.
    const crossed = scriptedModel(7, { '': { 4: 0.5, 5: 0.4 }, '4': { 6: 0.4 }, '5': { 6: 0.5 } });
    const atMax = search(crossed, [4], { beam: 2, nBest: 2, maxLength: 2 }).hypotheses;
    expect(atMax.map((h) => h.ids)).toEqual([
      [4, 6],
      [5, 6],
    ]);
    expect(atMax[0].score).toBe(atMax[1].score);
  });

  it('carry one attention row per generated token, EOS included', () => {
    const model = hashedModel({ vocabSize: 10, seed: 14, attention: true, eosBias: 1 });
    const source = [4, 5, 6, 7];
    const { hypotheses, resolved } = search(model, source, { beam: 4, nBest: 4, attention: true });
    for (const hypothesis of hypotheses) {
      const steps = hypothesis.ids.length + (endedWithEos(hypothesis, resolved.maxLength) ? 1 : 0);
      expect(hypothesis.attention).toHaveLength(steps);
      for (const row of hypothesis.attention!) {
        expect(row).toHaveLength(source.length);
        expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }
    }
    const tokens = [...hypotheses[0].ids, SPECIAL.eosId];
    let state = model.begin(source);
    let previous = model.bosId;
    tokens.forEach((token, generated) => {
      const out = model.step(state, previous);
      expect(hypotheses[0].attention![generated]).toEqual(Array.from(out.attention!));
      state = out.state;
      previous = token;
    });
    expect(search(model, source, { beam: 4, nBest: 4 }).hypotheses.every((h) => h.attention === undefined)).toBe(true);
  });
});

describe('length penalty and early stopping', () => {
  // Ids: pad 0, unk 1, bos 2, eos 3, a 4, b 5. [EOS] has log-prob −1; [a a a EOS] sums to
  // about −1.19 but is already below −1 after its first token, at −1.1.
  const A = 4;
  const model = scriptedModel(6, {
    '': { [SPECIAL.eosId]: Math.exp(-1), [A]: Math.exp(-1.1) },
    '4': { [A]: 0.97 },
    '4,4': { [A]: 0.97 },
    '4,4,4': { [SPECIAL.eosId]: 0.97 },
  });

  it('changes the ranking in favour of the longer hypothesis', () => {
    const plain = search(model, [9], { beam: 2, maxLength: 6 }).hypotheses;
    expect(plain[0].ids).toEqual([]);
    expect(plain[0].score).toBeCloseTo(-1, 12);

    const penalised = search(model, [9], { beam: 2, maxLength: 6, lengthPenalty: 0.6 }).hypotheses;
    expect(penalised[0].ids).toEqual([A, A, A]);
    const raw = -1.1 + 3 * Math.log(0.97);
    expect(penalised[0].score).toBeCloseTo(raw / Math.pow(9 / 6, 0.6), 12);
    expect(penalised[0].score).toBeGreaterThan(-1);
  });

  it('equals exhaustive search with and without the penalty', () => {
    for (const lengthPenalty of [0, 0.6]) {
      for (const nBest of [1, 3]) {
        const options = { beam: 6 ** 4, nBest, maxLength: 5, minLength: 0, lengthPenalty };
        const { hypotheses } = search(model, [9], options);
        expectEqualsExhaustive(hypotheses, exhaustiveSearch(model, [9], options), nBest, 5);
      }
    }
  });

  it('stops early once no live hypothesis can enter the N-best', () => {
    const eager = hashedModel({ vocabSize: 30, seed: 15, eosBias: 4 });
    const { hypotheses } = search(eager, [4, 5], { beam: 3, nBest: 3, maxLength: 200 });
    expect(hypotheses).toHaveLength(3);
    // Without the stopping rule the three live hypotheses would take 3 × 200 steps.
    expect(eager.calls.step).toBeLessThan(60);
  });
});
