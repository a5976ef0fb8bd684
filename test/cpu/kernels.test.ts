import { describe, expect, it } from 'vitest';
import { SIGMOID_CLAMP, relu, sigmoid, tanh } from '../../src/cpu/activations.ts';
import { embeddingGather, logSoftmax, matmulBias, softmax } from '../../src/cpu/kernels.ts';
import { maxScaledError, uniform, withOutliers } from './random-data.ts';

/**
 * Twins against naive formulations written differently (nested arrays, no max subtraction:
 * exp(±200) is finite in f64). Only the summation order may differ: 1e-12 relative.
 */
const TOLERANCE = 1e-12;

function toMatrix(flat: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => flat[r * cols + c]));
}

describe('matmulBias', () => {
  const cases = [
    { M: 1, N: 1, K: 1 },
    { M: 3, N: 5, K: 7 },
    { M: 6, N: 2, K: 33 },
    { M: 1, N: 17, K: 12 },
  ];
  for (const { M, N, K } of cases) {
    it(`A[${M}×${K}]·B[${N}×${K}]ᵀ + bias with outliers`, () => {
      const A = withOutliers(M * K, 11 + M);
      const B = Float32Array.from(withOutliers(N * K, 23 + N));
      const bias = Float32Array.from(withOutliers(N, 37 + K));
      const a = toMatrix(A, M, K);
      const b = toMatrix(B, N, K);
      const products = a.flatMap((aRow) => b.map((bRow) => bRow.reduce((sum, v, k) => sum + v * aRow[k], 0)));
      const withBias = products.map((v, i) => v + bias[i % N]);
      expect(maxScaledError(matmulBias(A, B, bias, M, N, K), withBias)).toBeLessThanOrEqual(TOLERANCE);
      expect(maxScaledError(matmulBias(A, B, null, M, N, K), products)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('accumulates in f64: 1 + 1e-16·(many) is not lost to f32 rounding', () => {
    const K = 1000;
    const A = new Float64Array(K).fill(1);
    const B = new Float32Array(K).fill(1);
    B[0] = 2 ** 24; // f32 accumulation would swallow every following +1
    expect(matmulBias(A, B, null, 1, 1, K)[0]).toBe(2 ** 24 + K - 1);
  });
});

describe('embeddingGather', () => {
  it('copies rows in id order, repeated ids included', () => {
    const V = 7;
    const E = 5;
    const table = Float32Array.from(withOutliers(V * E, 5));
    const ids = [3, 0, 6, 3, 1];
    const rows = toMatrix(table, V, E);
    expect(Array.from(embeddingGather(table, ids, E))).toEqual(ids.flatMap((id) => rows[id]));
  });
});

describe('logSoftmax and softmax', () => {
  const naiveSoftmax = (row: ArrayLike<number>) => {
    const exps = Array.from(row, Math.exp);
    const sum = exps.reduce((a, b) => a + b, 0);
    return exps.map((e) => e / sum);
  };

  for (const seed of [1, 2, 3]) {
    it(`match the naive formulas on a row with ±50/±100 outliers (seed ${seed})`, () => {
      const row = withOutliers(40, seed);
      const naive = naiveSoftmax(row);
      expect(maxScaledError(softmax(row), naive)).toBeLessThanOrEqual(TOLERANCE);
      // log of the naive softmax loses precision for tiny probabilities; use log-sum-exp directly
      const logSum = Math.log(Array.from(row, Math.exp).reduce((a, b) => a + b, 0));
      expect(
        maxScaledError(
          logSoftmax(row),
          Array.from(row, (v) => v - logSum),
        ),
      ).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('stay finite where the naive formula overflows (logits ±1000)', () => {
    const lp = logSoftmax([1000, 0, -1000]);
    // log(1 + e^−1000) underflows to 0 in f64, so the exact answer is representable
    expect(Array.from(lp)).toEqual([0, -1000, -2000]);
    expect(Array.from(softmax([1000, 0, -1000]))).toEqual([1, 0, 0]);
  });

  it('softmax sums to 1 and logsumexp(logSoftmax) = 0', () => {
    const row = uniform(100, 9, 20);
    expect(Math.abs(softmax(row).reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
    const lp = logSoftmax(row);
    const max = Math.max(...lp);
    expect(Math.abs(max + Math.log(lp.reduce((s, v) => s + Math.exp(v - max), 0)))).toBeLessThan(1e-14);
  });
});

describe('activations', () => {
  it('sigmoid matches 1/(1+e^−x) inside the clamp and never gives NaN outside', () => {
    for (const x of uniform(50, 4, 29)) expect(Math.abs(sigmoid(x) - 1 / (1 + Math.exp(-x)))).toBeLessThan(1e-15);
    for (const x of [90, 100, 1e6, Infinity]) {
      expect(sigmoid(x)).toBe(sigmoid(SIGMOID_CLAMP));
      expect(sigmoid(-x)).toBe(sigmoid(-SIGMOID_CLAMP));
    }
    expect(Math.fround(sigmoid(100))).toBe(1); // the clamp is exact in f32
    expect(Math.fround(sigmoid(-100))).toBeLessThan(1e-13);
  });

  it('tanh is ±1 for huge inputs and Math.tanh inside the clamp', () => {
    for (const x of uniform(50, 5, 19)) expect(tanh(x)).toBe(Math.tanh(x));
    expect([tanh(100), tanh(-100), tanh(Infinity), tanh(-Infinity)]).toEqual([1, -1, 1, -1]);
  });

  it('relu', () => {
    expect([relu(-100), relu(0), relu(2.5), relu(100)]).toEqual([0, 0, 2.5, 100]);
  });
});
