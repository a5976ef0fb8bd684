/**
 * The kernel twins against independent statements of the same math: other loop orders, other
 * algorithms (Welford's variance, log-sum-exp softmax, Simpson integration for erf) and closed
 * forms, on small random inputs with outliers.
 */
import { describe, expect, it } from 'vitest';
import { erf, erfc, gelu } from '../../../src/cpu/transformer/erf.ts';
import { attention, embedPositions, linear, residualNorm, sinusoidalTable } from '../../../src/cpu/transformer/ops.ts';
import { seededRandom } from '../../../src/model/random-model.ts';

function randomArray(rand: () => number, n: number, scale = 1, outlier = 0): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (rand() * 2 - 1) * scale;
  // A few large values among ordinary ones.
  if (outlier > 0) for (let i = 0; i < n; i += 7) out[i] = (rand() < 0.5 ? -1 : 1) * outlier * (0.5 + rand() / 2);
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= tolerance * (1 + Math.abs(expected[i])))) expect.fail(`[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

describe('erf', () => {
  /** 2/√π ∫₀ˣ e^(−t²) dt by composite Simpson: error ~h⁴, far below 1e-13 with 4000 panels. */
  function simpsonErf(x: number): number {
    const n = 4000;
    const h = x / n;
    let sum = 1 + Math.exp(-x * x);
    for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * Math.exp(-(i * h) * (i * h));
    return ((2 / Math.sqrt(Math.PI)) * sum * h) / 3;
  }

  it('matches numerical integration to 1e-13 across both algorithms and their seam at 1.5', () => {
    for (let x = -6; x <= 6; x += 0.173) expect(Math.abs(erf(x) - simpsonErf(x))).toBeLessThan(1e-13);
    for (const x of [1.499999, 1.5, 1.500001]) expect(Math.abs(erf(x) - simpsonErf(x))).toBeLessThan(1e-13);
  });

  it('matches tabulated values, erfc to 1e-13 relative far into the tail', () => {
    const erfTable: [number, number][] = [
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
    ];
    for (const [x, value] of erfTable) {
      expect(Math.abs(erf(x) - value)).toBeLessThan(1e-15);
      expect(erf(-x)).toBe(-erf(x));
    }
    const erfcTable: [number, number][] = [
      [1, 0.15729920705028513],
      [2, 0.004677734981047266],
      [2.5, 4.06952017444959e-4],
      [3, 2.209049699858544e-5],
      [3.5, 7.430983723414128e-7],
      [4, 1.541725790028002e-8],
      [5, 1.5374597944280349e-12],
      [10, 2.088487583762545e-45],
    ];
    for (const [x, value] of erfcTable) {
      expect(Math.abs(erfc(x) - value) / value).toBeLessThan(1e-13);
      expect(Math.abs(erfc(-x) - (2 - value))).toBeLessThan(1e-15);
    }
    expect(erf(0)).toBe(0);
    expect(erf(Infinity)).toBe(1);
    expect(erf(NaN)).toBeNaN();
  });

  it('gives gelu in the erf form, accurate for negative inputs too', () => {
    for (let x = -8; x <= 8; x += 0.31) {
      const expected = 0.5 * x * (1 + simpsonErf(x / Math.SQRT2));
      expect(Math.abs(gelu(x) - expected)).toBeLessThan(1e-13 * (1 + Math.abs(x)));
    }
    // gelu(−10) = −5·erfc(10/√2): representable, though 1 + erf would round to 0.
    expect(Math.abs(gelu(-10) / (-5 * 1.523970604832105e-23) - 1)).toBeLessThan(1e-12);
    expect(gelu(Infinity)).toBe(Infinity);
    expect(gelu(-Infinity)).toBe(0);
    expect(gelu(0)).toBe(0);
  });
});

describe('linear', () => {
  it('computes act(x·Wᵀ + b) in PyTorch layout, f32 or f64 inputs, with or without bias', () => {
    const rand = seededRandom(3);
    const rows = 3;
    const inputs = 5;
    const out = 4;
    const x = randomArray(rand, rows * inputs, 2, 50);
    const W = Float32Array.from(randomArray(rand, out * inputs));
    const b = Float32Array.from(randomArray(rand, out));
    // Independent: W transposed first, then accumulated column by column.
    const Wt = new Float64Array(inputs * out);
    for (let o = 0; o < out; o++) for (let i = 0; i < inputs; i++) Wt[i * out + o] = W[o * inputs + i];
    const plain = new Float64Array(rows * out);
    for (let r = 0; r < rows; r++)
      for (let i = 0; i < inputs; i++)
        for (let o = 0; o < out; o++) plain[r * out + o] += x[r * inputs + i] * Wt[i * out + o];
    const biased = plain.map((v, i) => v + b[i % out]);

    expectClose(linear(x, rows, W, undefined, out, inputs), plain, 1e-13);
    expectClose(linear(x, rows, W, b, out, inputs), biased, 1e-13);
    expectClose(
      linear(x, rows, W, b, out, inputs, 'relu'),
      biased.map((v) => Math.max(v, 0)),
      1e-13,
    );
    expectClose(
      linear(Float32Array.from(x), rows, W, b, out, inputs, 'gelu'),
      Float32Array.from(x).length ? linear(Float32Array.from(x), rows, W, b, out, inputs).map(gelu) : [],
      1e-15,
    );
    expectClose(
      linear(x, rows, W, b, out, inputs, 'gelu'),
      biased.map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))),
      1e-13,
    );
  });

  it('returns f64 and never writes its inputs', () => {
    const x = new Float32Array([1, 2]);
    const W = new Float32Array([3, 4]);
    const y = linear(x, 1, W, undefined, 1, 2);
    expect(y).toBeInstanceOf(Float64Array);
    expect(Array.from(y)).toEqual([11]);
    expect(Array.from(x)).toEqual([1, 2]);
  });
});

describe('residualNorm', () => {
  /** Welford's one-pass mean and variance: a different algorithm for the same statistics. */
  function welfordNorm(row: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, eps: number) {
    let mean = 0;
    let m2 = 0;
    for (let i = 0; i < row.length; i++) {
      const delta = row[i] - mean;
      mean += delta / (i + 1);
      m2 += delta * (row[i] - mean);
    }
    const variance = m2 / row.length;
    return Array.from(row, (v, i) => ((v - mean) / Math.sqrt(variance + eps)) * gamma[i] + beta[i]);
  }

  it('adds the residual and normalises each row (biased variance), outliers up to ±1e3', () => {
    const rand = seededRandom(5);
    const rows = 4;
    const width = 9;
    const a = randomArray(rand, rows * width, 1, 1e3);
    const b = Float32Array.from(randomArray(rand, rows * width, 3, 1e3));
    const gamma = Float32Array.from(randomArray(rand, width).map((v) => 1 + v / 2));
    const beta = Float32Array.from(randomArray(rand, width, 0.2));
    const eps = 1e-5;
    const { sum, normed } = residualNorm(a, b, rows, width, gamma, beta, eps);
    const expectedSum = a.map((v, i) => v + b[i]);
    expectClose(sum, expectedSum, 0);
    for (let r = 0; r < rows; r++) {
      const row = expectedSum.subarray(r * width, (r + 1) * width);
      expectClose(normed.subarray(r * width, (r + 1) * width), welfordNorm(row, gamma, beta, eps), 1e-12);
    }
    expect(normed.every(Number.isFinite)).toBe(true);

    const alone = residualNorm(a, undefined, rows, width, gamma, beta, eps);
    expectClose(alone.sum, a, 0);
    expectClose(alone.normed.subarray(0, width), welfordNorm(a.subarray(0, width), gamma, beta, eps), 1e-12);
  });

  it('keeps the variance of rows with a large common offset (two passes)', () => {
    // x = 1e8 + (1, 2, 3, 4): mean 1e8 + 2.5, deviations ±0.5, ±1.5, variance 1.25 exactly.
    const a = new Float64Array([1e8 + 1, 1e8 + 2, 1e8 + 3, 1e8 + 4]);
    const ones = new Float64Array(4).fill(1);
    const zeros = new Float64Array(4);
    const { normed } = residualNorm(a, undefined, 1, 4, ones, zeros, 1e-5);
    const deviation = Math.sqrt(1.25 + 1e-5);
    expectClose(normed, [-1.5 / deviation, -0.5 / deviation, 0.5 / deviation, 1.5 / deviation], 1e-12);
    // A constant row normalises to β (0/√eps), not NaN.
    expect(Array.from(residualNorm(new Float64Array(4).fill(7e3), undefined, 1, 4, ones, zeros, 1e-5).normed)).toEqual([
      0, 0, 0, 0,
    ]);
  });
});

describe('embedPositions and sinusoidalTable', () => {
  it('scales the token rows and adds the position rows from firstPosition', () => {
    const table = new Float32Array([0, 0, 1, 2, 3, 4, 5, 6]); // 4 tokens × 2
    const positions = new Float64Array([10, 20, 30, 40, 50, 60]); // 3 positions × 2
    expect(Array.from(embedPositions([3, 1], 1, table, 2, 2, positions))).toEqual([
      5 * 2 + 30,
      6 * 2 + 40,
      1 * 2 + 50,
      2 * 2 + 60,
    ]);
    expect(() => embedPositions([1, 1], 2, table, 2, 1, positions)).toThrow(RangeError);
    expect(() => embedPositions([4], 0, table, 2, 1, positions)).toThrow(RangeError);
  });

  it('builds P[p,2i] = sin(p/10000^(2i/D)), P[p,2i+1] = cos(…), the last column sine-only for odd D', () => {
    for (const width of [8, 7]) {
      const P = sinusoidalTable(20, width);
      expect(P).toHaveLength(20 * width);
      for (let p = 0; p < 20; p++) {
        for (let c = 0; c < width; c++) {
          // torch's usual form: exp(2i·(−ln 10000 / D)).
          const frequency = Math.exp(2 * Math.floor(c / 2) * (-Math.log(10000) / width));
          const expected = c % 2 === 0 ? Math.sin(p * frequency) : Math.cos(p * frequency);
          expect(Math.abs(P[p * width + c] - expected)).toBeLessThan(1e-14);
        }
      }
      expect(Array.from(P.subarray(0, width))).toEqual(Array.from({ length: width }, (_, c) => (c % 2 === 0 ? 0 : 1)));
    }
  });
});

describe('attention', () => {
  /** Per head, α_j = exp(s_j − logsumexp(s)) over the allowed keys. */
  function plainAttention(
    q: Float64Array,
    queryRows: number,
    k: Float64Array,
    v: Float64Array,
    keyRows: number,
    width: number,
    heads: number,
    allowed: (i: number, j: number) => boolean,
  ) {
    const dh = width / heads;
    const out = new Float64Array(queryRows * width);
    const weights = new Float64Array(heads * queryRows * keyRows);
    for (let h = 0; h < heads; h++) {
      for (let i = 0; i < queryRows; i++) {
        const keys = Array.from({ length: keyRows }, (_, j) => j).filter((j) => allowed(i, j));
        if (keys.length === 0) continue;
        const scores = keys.map((j) => {
          let s = 0;
          for (let d = 0; d < dh; d++) s += q[i * width + h * dh + d] * k[j * width + h * dh + d];
          return s / Math.sqrt(dh);
        });
        const top = Math.max(...scores);
        const logSum = top + Math.log(scores.reduce((acc, s) => acc + Math.exp(s - top), 0));
        keys.forEach((j, n) => {
          const alpha = Math.exp(scores[n] - logSum);
          weights[(h * queryRows + i) * keyRows + j] = alpha;
          for (let d = 0; d < dh; d++) out[i * width + h * dh + d] += alpha * v[j * width + h * dh + d];
        });
      }
    }
    return { out, weights };
  }

  const causal = (i: number, j: number): boolean => j <= i;

  it('matches an independent computation per head, with a mask, outliers up to ±1e3', () => {
    const rand = seededRandom(9);
    const width = 8;
    for (const heads of [1, 2, 4]) {
      for (const outlier of [0, 1e3]) {
        const queryRows = 5;
        const keyRows = 6;
        const q = randomArray(rand, queryRows * width, 1, outlier);
        const k = randomArray(rand, keyRows * width, 1, outlier);
        const v = randomArray(rand, keyRows * width, 2, outlier);
        for (const allowed of [() => true, causal]) {
          const got = attention(q, queryRows, k, v, keyRows, width, heads, allowed);
          const want = plainAttention(q, queryRows, k, v, keyRows, width, heads, allowed);
          expectClose(got.weights, want.weights, 1e-12);
          expectClose(got.out, want.out, 1e-12);
          expect(got.out.every(Number.isFinite)).toBe(true);
          // Each (head, query) row of α sums to 1 and is 0 where a key is not allowed.
          for (let h = 0; h < heads; h++) {
            for (let i = 0; i < queryRows; i++) {
              const row = got.weights.subarray((h * queryRows + i) * keyRows, (h * queryRows + i + 1) * keyRows);
              expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-14);
              row.forEach((alpha, j) => {
                if (!allowed(i, j)) expect(alpha).toBe(0);
              });
            }
          }
        }
      }
    }
  });

  it('gives zeros for a query with no allowed key, and never reads masked values', () => {
    const q = new Float64Array([1, 2, 3, 4]);
    const k = new Float64Array([1, 0, 0, 1, 5, 5, 5, 5]);
    const v = new Float64Array([1, 2, 3, 4, NaN, NaN, NaN, NaN]);
    const none = attention(q, 1, k, v, 2, 4, 2, () => false);
    expect(Array.from(none.out)).toEqual([0, 0, 0, 0]);
    expect(Array.from(none.weights)).toEqual([0, 0, 0, 0]);
    const first = attention(q, 1, k, v, 2, 4, 2, (_, j) => j === 0);
    expect(Array.from(first.out)).toEqual([1, 2, 3, 4]);
    expect(Array.from(first.weights)).toEqual([1, 0, 1, 0]);
  });
});
