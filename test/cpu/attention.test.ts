import { describe, expect, it } from 'vitest';
import {
  additiveKeys,
  attentionContext,
  attentionScores,
  attentionalHidden,
  maskedSoftmax,
} from '../../src/cpu/attention.ts';
import { maxScaledError, uniform, withOutliers } from './random-data.ts';

/** Twins against naive nested-array formulas; only summation order differs: 1e-12 relative. */
const TOLERANCE = 1e-12;

const H = 5;
const S = 4;

function rowsOf(flat: ArrayLike<number>, cols: number): number[][] {
  return Array.from({ length: flat.length / cols }, (_, r) =>
    Array.from({ length: cols }, (_, c) => flat[r * cols + c]),
  );
}
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);
const matVec = (W: number[][], x: number[]) => W.map((row) => dot(row, x));

describe('attentionScores', () => {
  const query = Array.from(withOutliers(H, 1));
  const memory = withOutliers(S * H, 2);
  const e = rowsOf(memory, H);

  it('dot: s_j = h·ē_j', () => {
    expect(
      maxScaledError(
        attentionScores('dot', query, memory, S, {}),
        e.map((row) => dot(query, row)),
      ),
    ).toBeLessThanOrEqual(TOLERANCE);
  });

  it('general: s_j = (W_in h)·ē_j', () => {
    const linearIn = Float32Array.from(uniform(H * H, 3));
    const q = matVec(rowsOf(linearIn, H), query);
    expect(
      maxScaledError(
        attentionScores('general', query, memory, S, { linearIn }),
        e.map((row) => dot(q, row)),
      ),
    ).toBeLessThanOrEqual(TOLERANCE);
  });

  it('additive: s_j = v·tanh(W_q h + b_q + W_c ē_j), with W_c ē precomputed by additiveKeys', () => {
    const linearQuery = Float32Array.from(uniform(H * H, 4));
    const linearQueryBias = Float32Array.from(uniform(H, 5));
    const linearContext = Float32Array.from(uniform(H * H, 6));
    const v = Float32Array.from(withOutliers(H, 7));
    const q = matVec(rowsOf(linearQuery, H), query).map((x, i) => x + linearQueryBias[i]);
    const naive = e.map((row) => {
      const key = matVec(rowsOf(linearContext, H), row);
      return Array.from(v).reduce((s, vi, i) => s + vi * Math.tanh(q[i] + key[i]), 0);
    });
    const keys = additiveKeys(linearContext, memory, S, H);
    const scores = attentionScores('additive', query, memory, S, { linearQuery, linearQueryBias, keys, v });
    expect(maxScaledError(scores, naive)).toBeLessThanOrEqual(TOLERANCE);
    expect(scores.every(Number.isFinite)).toBe(true);
  });

  it('reads only the first `length` rows of a padded memory', () => {
    const padded = new Float64Array((S + 2) * H).fill(NaN);
    padded.set(memory);
    expect(attentionScores('dot', query, padded, S, {})).toEqual(attentionScores('dot', query, memory, S, {}));
  });
});

describe('maskedSoftmax', () => {
  it('is softmax over the real prefix and exactly 0 on padding, whatever padding holds', () => {
    const scores = Float64Array.from([...withOutliers(S, 8), NaN, Infinity, -Infinity]);
    const alpha = maskedSoftmax(scores, S);
    const exps = Array.from(scores.subarray(0, S), Math.exp);
    const sum = exps.reduce((a, b) => a + b, 0);
    expect(
      maxScaledError(
        alpha.subarray(0, S),
        exps.map((x) => x / sum),
      ),
    ).toBeLessThanOrEqual(TOLERANCE);
    expect(Array.from(alpha.subarray(S))).toEqual([0, 0, 0]);
  });

  it('puts all the weight on a ±100 outlier without NaN', () => {
    const alpha = maskedSoftmax([100, -100, 0, 50], 4);
    expect(alpha[0]).toBeCloseTo(1, 15);
    expect(Array.from(alpha).every((a) => Number.isFinite(a) && a >= 0)).toBe(true);
  });
});

describe('attentionContext', () => {
  it('c = Σ_j α_j ē_j over the real rows only', () => {
    const memory = withOutliers((S + 1) * H, 9);
    const alpha = maskedSoftmax(uniform(S + 1, 10, 3), S);
    const e = rowsOf(memory, H).slice(0, S);
    const naive = Array.from({ length: H }, (_, i) => e.reduce((s, row, j) => s + alpha[j] * row[i], 0));
    const poisoned = Float64Array.from(memory);
    poisoned.fill(NaN, S * H); // the padded row must not be read
    expect(maxScaledError(attentionContext(alpha, poisoned, S, H), naive)).toBeLessThanOrEqual(TOLERANCE);
  });
});

describe('attentionalHidden', () => {
  it('h̃ = tanh(W_out [c ; h] + b_out), saturating to ±1 on outliers', () => {
    const Wout = Float32Array.from(withOutliers(H * 2 * H, 11));
    const bout = Float32Array.from(uniform(H, 12));
    const context = Array.from(uniform(H, 13));
    const h = Array.from(withOutliers(H, 14));
    const naive = matVec(rowsOf(Wout, 2 * H), [...context, ...h]).map((x, i) => Math.tanh(x + bout[i]));
    const out = attentionalHidden(Wout, bout, context, h);
    expect(maxScaledError(out, naive)).toBeLessThanOrEqual(TOLERANCE);
    expect(out.every((x) => Math.abs(x) <= 1)).toBe(true);
  });
});
