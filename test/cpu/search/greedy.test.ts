import { describe, expect, it } from 'vitest';
import { greedyDecode } from '../../../src/cpu/search/greedy.ts';
import { resolveDecodeOptions } from '../../../src/model/decoding.ts';
import type { DecodeOptions } from '../../../src/model/decoding.ts';
import { rescore, SCORE_TOLERANCE } from '../../helpers/exhaustive-search.ts';
import { hashedModel, SPECIAL, type ToyState } from '../../helpers/toy-step-models.ts';
import type { StepModel } from '../../../src/cpu/search/step-model.ts';

function decode(model: StepModel<ToyState>, source: number[], options: DecodeOptions = {}) {
  const resolved = resolveDecodeOptions(options, source.length);
  return { hypothesis: greedyDecode(model, source, resolved), resolved };
}

/** The distribution after feeding bos then `ids`. */
function distributionAfter(model: StepModel<ToyState>, source: number[], ids: number[]) {
  let state = model.begin(source);
  let out = model.step(state, model.bosId);
  for (const id of ids) {
    state = out.state;
    out = model.step(state, id);
  }
  return out;
}

/** Independent argmax over allowed tokens, lowest id on ties. */
function expectedToken(logProbs: Float64Array, generated: number, minLength: number): number {
  let best = -1;
  for (let id = 0; id < logProbs.length; id++) {
    if (id === SPECIAL.padId || id === SPECIAL.bosId) continue;
    if (id === SPECIAL.eosId && generated < minLength) continue;
    if (best < 0 || logProbs[id] > logProbs[best]) best = id;
  }
  return best;
}

describe('greedyDecode', () => {
  const cases = [
    { seed: 1, vocabSize: 12, options: {} },
    { seed: 2, vocabSize: 30, options: { minLength: 3 } },
    { seed: 3, vocabSize: 7, options: { lengthPenalty: 0.6, maxLength: 5 } },
    { seed: 4, vocabSize: 9, levels: 2, options: {} },
    { seed: 5, vocabSize: 9, levels: 3, options: { minLength: 2, lengthPenalty: 1 } },
    { seed: 6, vocabSize: 20, eosBias: 2, options: {} },
  ];
  for (const { seed, vocabSize, levels, eosBias, options } of cases) {
    it(`takes the lowest-id argmax at every step (seed ${seed}, V=${vocabSize}${levels ? ', planted ties' : ''})`, () => {
      const model = hashedModel({ vocabSize, seed, levels, eosBias });
      const source = [5, 9, 4, seed + 4];
      const { hypothesis, resolved } = decode(model, source, options);
      const endedWithEos = hypothesis.ids.length < resolved.maxLength;
      const chosen = endedWithEos ? [...hypothesis.ids, SPECIAL.eosId] : hypothesis.ids;
      chosen.forEach((token, generated) => {
        const out = distributionAfter(model, source, chosen.slice(0, generated));
        expect(token).toBe(expectedToken(out.logProbs, generated, resolved.minLength));
      });
      expect(hypothesis.ids.length).toBeGreaterThanOrEqual(Math.min(resolved.minLength, resolved.maxLength));
      const expected = rescore(model, source, hypothesis.ids, endedWithEos, resolved);
      expect(Math.abs(hypothesis.score - expected)).toBeLessThanOrEqual(SCORE_TOLERANCE);
      expect(hypothesis.attention).toBeUndefined();
    });
  }

  it('breaks exact ties towards the lowest id', () => {
    // Two logit levels: most steps have several tokens tied at the maximum.
    let tiedSteps = 0;
    for (let seed = 0; seed < 10; seed++) {
      const model = hashedModel({ vocabSize: 10, seed, levels: 2, eosBias: -5 });
      const { hypothesis } = decode(model, [4], { maxLength: 6 });
      hypothesis.ids.forEach((token, generated) => {
        const { logProbs } = distributionAfter(model, [4], hypothesis.ids.slice(0, generated));
        const ties = [...logProbs.keys()].filter((id) => id !== 0 && id !== 2 && logProbs[id] === logProbs[token]);
        if (ties.length > 1) tiedSteps++;
        expect(token).toBe(Math.min(...ties));
      });
    }
    expect(tiedSteps).toBeGreaterThan(10);
  });

  it('stops at maxLength without EOS when EOS is unlikely', () => {
    const model = hashedModel({ vocabSize: 8, seed: 7, eosBias: -30 });
    const { hypothesis, resolved } = decode(model, [4, 5], { maxLength: 5 });
    expect(hypothesis.ids).toHaveLength(5);
    expect(hypothesis.ids).not.toContain(SPECIAL.eosId);
    expect(hypothesis.score).toBeCloseTo(rescore(model, [4, 5], hypothesis.ids, false, resolved), 12);
    // Default maxLength is 2·S + 10.
    expect(decode(model, [4, 5]).hypothesis.ids).toHaveLength(14);
  });

  it('ends at the first EOS, honouring minLength', () => {
    const model = hashedModel({ vocabSize: 8, seed: 8, eosBias: 30 });
    expect(decode(model, [4]).hypothesis.ids).toEqual([]);
    const { hypothesis, resolved } = decode(model, [4], { minLength: 3 });
    expect(hypothesis.ids).toHaveLength(3);
    expect(hypothesis.score).toBeCloseTo(rescore(model, [4], hypothesis.ids, true, resolved), 12);
    expect(hypothesis.score).toBeLessThan(-2);
  });

  it('never generates pad or bos, even when they are the most likely tokens', () => {
    for (let seed = 0; seed < 20; seed++) {
      const model = hashedModel({ vocabSize: 5, seed, eosBias: -1 });
      const { hypothesis } = decode(model, [6, 7], { maxLength: 8 });
      expect(hypothesis.ids.filter((id) => id === SPECIAL.padId || id === SPECIAL.bosId)).toEqual([]);
    }
  });

  it('returns one attention row per generated token, EOS included, when asked', () => {
    const model = hashedModel({ vocabSize: 10, seed: 9, attention: true, eosBias: 1 });
    const source = [4, 5, 6];
    const { hypothesis, resolved } = decode(model, source, { attention: true });
    expect(hypothesis.ids.length).toBeLessThan(resolved.maxLength);
    const tokens = [...hypothesis.ids, SPECIAL.eosId];
    expect(hypothesis.attention).toHaveLength(tokens.length);
    tokens.forEach((_, generated) => {
      const expected = distributionAfter(model, source, tokens.slice(0, generated)).attention!;
      expect(hypothesis.attention![generated]).toEqual(Array.from(expected));
      expect(hypothesis.attention![generated]).toHaveLength(source.length);
    });
    expect(decode(model, source).hypothesis.attention).toBeUndefined();
    expect(
      decode(hashedModel({ vocabSize: 10, seed: 9 }), source, { attention: true }).hypothesis.attention,
    ).toBeUndefined();
  });
});
