import { expect } from 'vitest';
import type { Hypothesis } from '../../src/model/results.ts';
import type { StepModel } from '../../src/cpu/search/step-model.ts';

/**
 * An independent statement of docs/decoding.md for tests: masking, scoring and an exhaustive
 * search over every sequence. Deliberately does not import the drivers' helpers.
 */
/** Same additions in the same order as the drivers: only rounding of the final division may differ. */
export const SCORE_TOLERANCE = 1e-12;
/** The contract lets hypotheses whose scores are this close come in either order. */
const TIE_TOLERANCE = 1e-6;

export interface ScoringOptions {
  maxLength: number;
  minLength: number;
  lengthPenalty: number;
}

export interface ScoredSequence {
  ids: number[];
  endedWithEos: boolean;
  score: number;
}

/** pad and bos never; EOS not before minLength tokens have been generated. */
function allowedLogProb<S>(
  model: StepModel<S>,
  logProbs: Float64Array,
  token: number,
  generated: number,
  minLength: number,
): number {
  if (token === model.padId || token === model.bosId) return -Infinity;
  if (token === model.eosId && generated < minLength) return -Infinity;
  return logProbs[token];
}

function penalised(sum: number, tokenCount: number, alpha: number): number {
  return sum / Math.pow((5 + tokenCount) / 6, alpha);
}

/** Teacher-forced score of `ids`, EOS included iff `endedWithEos`, with the contract's masking and penalty. */
export function rescore<S>(
  model: StepModel<S>,
  source: number[],
  ids: number[],
  endedWithEos: boolean,
  options: ScoringOptions,
): number {
  const tokens = endedWithEos ? [...ids, model.eosId] : ids;
  let state = model.begin(source);
  let previous = model.bosId;
  let sum = 0;
  tokens.forEach((token, generated) => {
    const out = model.step(state, previous);
    sum += allowedLogProb(model, out.logProbs, token, generated, options.minLength);
    state = out.state;
    previous = token;
  });
  return penalised(sum, tokens.length, options.lengthPenalty);
}

/** Every complete sequence (ended by EOS or by maxLength), best score first, ties in enumeration order. */
export function exhaustiveSearch<S>(model: StepModel<S>, source: number[], options: ScoringOptions): ScoredSequence[] {
  const all: ScoredSequence[] = [];
  const visit = (state: S, previous: number, ids: number[], sum: number): void => {
    const out = model.step(state, previous);
    let extended = false;
    for (let token = 0; token < model.vocabSize; token++) {
      const logProb = allowedLogProb(model, out.logProbs, token, ids.length, options.minLength);
      if (!(logProb > -Infinity)) continue;
      extended = true;
      const total = sum + logProb;
      if (token === model.eosId) {
        all.push({ ids, endedWithEos: true, score: penalised(total, ids.length + 1, options.lengthPenalty) });
      } else if (ids.length + 1 === options.maxLength) {
        all.push({
          ids: [...ids, token],
          endedWithEos: false,
          score: penalised(total, ids.length + 1, options.lengthPenalty),
        });
      } else {
        visit(out.state, token, [...ids, token], total);
      }
    }
    if (!extended) all.push({ ids, endedWithEos: false, score: penalised(sum, ids.length, options.lengthPenalty) });
  };
  visit(model.begin(source), model.bosId, [], 0);
  return all.sort((a, b) => b.score - a.score);
}

/** A hypothesis that stopped short of maxLength ended with EOS (toy models always allow some token). */
export function endedWithEos(hypothesis: Hypothesis, maxLength: number): boolean {
  return hypothesis.ids.length < maxLength;
}

export function hypothesisKey(ids: number[], withEos: boolean): string {
  return `${ids.join(' ')}${withEos ? ' </s>' : ''}`;
}

/**
 * The N-best list equals the exhaustive one: same scores rank by rank, and the same sequences
 * except where the contract lets scores within TIE_TOLERANCE come in either order.
 */
export function expectEqualsExhaustive(
  hypotheses: Hypothesis[],
  exhaustive: ScoredSequence[],
  nBest: number,
  maxLength: number,
): void {
  expect(hypotheses).toHaveLength(Math.min(nBest, exhaustive.length));
  const keys = hypotheses.map((h) => hypothesisKey(h.ids, endedWithEos(h, maxLength)));
  expect(new Set(keys).size).toBe(keys.length);
  hypotheses.forEach((hypothesis, rank) => {
    const expected = exhaustive[rank];
    expect(Math.abs(hypothesis.score - expected.score)).toBeLessThanOrEqual(SCORE_TOLERANCE);
    const tiedWith = exhaustive.filter((entry) => Math.abs(entry.score - expected.score) <= TIE_TOLERANCE);
    if (tiedWith.length === 1) {
      expect(keys[rank]).toBe(hypothesisKey(expected.ids, expected.endedWithEos));
    } else {
      expect(tiedWith.map((entry) => hypothesisKey(entry.ids, entry.endedWithEos))).toContain(keys[rank]);
    }
  });
}
