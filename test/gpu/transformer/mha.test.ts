// The multi-head attention kernel (shaders/mha.wgsl) against its twin attention
// (src/cpu/transformer/ops.ts, f64), on Dawn (SwiftShader without a GPU): the encoder's padding
// mask, cross-attention with K query rows per block, the causal cache over steps t = 0..3, zero-
// length blocks, and α averaged over heads, for 1, 2 and 4 heads.
//
// Tolerance: a first-order error bound per output (attentionBounds), with u = 2⁻²⁴ and Vulkan's
// f32 precision (exp: 3 + 2|x| ulp, division 2.5 ulp). For query row r, head h, allowed keys j:
//   score     δs_j ≤ (dh + 2)·u·scale·Σ_d|q_d·k_jd|  (dh products and sums, the scale and its rounding)
//   exponent  δx_j ≤ δs_j + max_i δs_i + u·|x_j|,  x_j = s_j − max s
//   exp       ρ_j = δx_j + (3 + 2|x_j|)·u
//   α         relative ≤ ρ_j + Σ_i α_i·ρ_i + (⌈c/64⌉ + 10)·u   (the Σ: 64 lanes, then a 6-level tree; the /)
//   out_d     ≤ Σ_j α_j·|v_jd|·(rel α_j + (c + 1)·u)         (c products summed in turn)
//   weights   ≤ mean over heads of α_j·rel α_j + (H + 3)·u·mean α_j
// times (1 + the largest relative term), which covers the second-order terms, plus 2⁻¹²⁶·Σ|v|
// for α that underflow f32. Outliers (×100, ×−1000) in q and k make some scores ~1e4: their rows
// get wide bounds, the others stay near 1e-6. Keys that are not allowed must give α = 0 exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attention } from '../../../src/cpu/transformer/ops.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import type { KernelPipeline } from '../../../src/gpu/kernel.ts';
import { planMha, prepareMha } from '../../../src/gpu/kernels/mha.ts';
import { createStepTable } from '../../../src/gpu/step-table.ts';
import { GpuFixture, mismatches, SENTINEL, slice, U, withOutliers, writtenOutside } from './helpers.ts';

const SMALLEST_NORMAL = 2 ** -126;
const REDUCTION_LANES = 64;

const fixture = new GpuFixture();
let compiled: KernelPipeline;

beforeAll(async () => {
  await fixture.acquire();
  compiled = await prepareMha(fixture.device);
});

afterAll(() => fixture.release());

type Allowed = (queryRow: number, key: number) => boolean;

interface Expected {
  out: Float64Array;
  outBound: Float64Array;
  /** α averaged over heads, [rows × keyRows], and its bound. */
  weights: Float64Array;
  weightsBound: Float64Array;
}

/** The twin's outputs and the error bound of each (see the top of the file). */
function expectedAttention(
  q: Float32Array,
  rows: number,
  k: Float32Array,
  v: Float32Array,
  keyRows: number,
  width: number,
  heads: number,
  allowed: Allowed,
): Expected {
  const twin = attention(q, rows, k, v, keyRows, width, heads, allowed);
  const dh = width / heads;
  const scale = 1 / Math.sqrt(dh);
  const outBound = new Float64Array(rows * width);
  const weights = new Float64Array(rows * keyRows);
  const weightsBound = new Float64Array(rows * keyRows);
  for (let r = 0; r < rows; r++) {
    const keys = Array.from({ length: keyRows }, (_, j) => j).filter((j) => allowed(r, j));
    const c = keys.length;
    for (let h = 0; h < heads; h++) {
      const alpha = twin.weights.subarray((h * rows + r) * keyRows, (h * rows + r + 1) * keyRows);
      const column = h * dh;
      const score = (j: number, magnitude: boolean) => {
        let sum = 0;
        for (let d = 0; d < dh; d++) {
          const product = q[r * width + column + d] * k[j * width + column + d];
          sum += magnitude ? Math.abs(product) : product;
        }
        return sum * scale;
      };
      const s = keys.map((j) => score(j, false));
      const scoreError = keys.map((j) => (dh + 2) * U * score(j, true));
      const maxScore = Math.max(...s);
      const maxError = Math.max(0, ...scoreError);
      const rho = keys.map((j, i) => {
        const x = Math.abs(s[i] - maxScore);
        return scoreError[i] + maxError + U * x + (3 + 2 * x) * U;
      });
      const meanRho = keys.reduce((sum, j, i) => sum + alpha[j] * rho[i], 0);
      const relAlpha = rho.map((value) => value + meanRho + (Math.ceil(c / REDUCTION_LANES) + 10) * U);
      const secondOrder = 1 + Math.max(0, ...relAlpha) + (c + 1) * U;
      for (let d = 0; d < dh; d++) {
        let bound = 0;
        let magnitude = 0;
        keys.forEach((j, i) => {
          const value = Math.abs(v[j * width + column + d]);
          bound += alpha[j] * value * (relAlpha[i] + (c + 1) * U);
          magnitude += value;
        });
        outBound[r * width + column + d] = bound * secondOrder + SMALLEST_NORMAL * magnitude;
      }
      keys.forEach((j, i) => {
        weights[r * keyRows + j] += alpha[j] / heads;
        weightsBound[r * keyRows + j] +=
          (alpha[j] * relAlpha[i] * secondOrder + (heads + 3) * U * alpha[j]) / heads + SMALLEST_NORMAL;
      });
    }
  }
  return { out: twin.out, outBound, weights, weightsBound };
}

/** [rows × width] columns `column0..column0 + width` of a [rows × stride] matrix. */
function columns(data: Float32Array, rows: number, stride: number, column0: number, width: number): Float32Array {
  return slice(data, column0, stride, rows, width);
}

describe('mha, blocks: encoder self-attention with a padding mask', () => {
  for (const heads of [1, 2, 4]) {
    it(`${heads} head(s): 3 sentences of T = 5, lengths 5, 2, 0; q, k, v inside one qkv matrix`, async () => {
      const width = 8;
      const T = 5;
      const lengths = [5, 2, 0];
      const rows = lengths.length * T;
      const qkv = withOutliers(rows * 3 * width, 50 + heads);
      const q = columns(qkv, rows, 3 * width, 0, width);
      const k = columns(qkv, rows, 3 * width, width, width);
      const v = columns(qkv, rows, 3 * width, 2 * width, width);
      const block = (row: number) => Math.floor(row / T);
      const allowed: Allowed = (r, j) => block(j) === block(r) && j % T < lengths[block(r)];
      const expected = expectedAttention(q, rows, k, v, rows, width, heads, allowed);

      const qkvBuffer = fixture.upload('qkv', qkv);
      const lengthsBuffer = fixture.upload('lengths', Uint32Array.from(lengths));
      const before = new Float32Array(rows * width + 3).fill(SENTINEL);
      const out = fixture.upload('out', before);
      const weights = fixture.upload('weights', new Float32Array(rows * T).fill(SENTINEL));
      const plan = fixture.keep(
        planMha(fixture.device, compiled, {
          rows,
          width,
          heads,
          q: { buffer: qkvBuffer, offset: 0, stride: 3 * width },
          k: { buffer: qkvBuffer, offset: width, stride: 3 * width },
          v: { buffer: qkvBuffer, offset: 2 * width, stride: 3 * width },
          out: { buffer: out },
          keys: { kind: 'blocks', queryRowsPerBlock: T, keyRowsPerBlock: T, lengths: lengthsBuffer },
          weights: { buffer: weights, stride: T },
        }),
      );
      expect(plan.steps).toBe(0);
      await fixture.run('mha encoder', (pass) => plan.record(pass));
      const after = await fixture.read(out);
      expect(mismatches('out', after.subarray(0, rows * width), expected.out, (i) => expected.outBound[i])).toEqual([]);
      expect(writtenOutside(before, after, (i) => i < rows * width)).toEqual([]);
      // The zero-length sentence's rows are zeros.
      expect(Array.from(after.subarray(2 * T * width, 3 * T * width))).toEqual(new Array(T * width).fill(0));

      // Weights: row r, key j of its own block.
      const gotWeights = await fixture.read(weights);
      const blockWeights = (source: Float64Array) =>
        Float64Array.from(
          { length: rows * T },
          (_, i) => source[Math.floor(i / T) * rows + block(Math.floor(i / T)) * T + (i % T)],
        );
      const expectedWeights = blockWeights(expected.weights);
      const weightsBound = blockWeights(expected.weightsBound);
      expect(mismatches('weights', gotWeights, expectedWeights, (i) => weightsBound[i])).toEqual([]);

      // A sentence alone, unpadded, gives exactly what it gives in the batch.
      const alone = fixture.upload('sentence 1 alone', qkv.slice(T * 3 * width, (T + 2) * 3 * width));
      const aloneOut = fixture.upload('out alone', 2 * width * 4);
      const single = fixture.keep(
        planMha(fixture.device, compiled, {
          rows: 2,
          width,
          heads,
          q: { buffer: alone, offset: 0, stride: 3 * width },
          k: { buffer: alone, offset: width, stride: 3 * width },
          v: { buffer: alone, offset: 2 * width, stride: 3 * width },
          out: { buffer: aloneOut },
          keys: {
            kind: 'blocks',
            queryRowsPerBlock: 2,
            keyRowsPerBlock: 2,
            lengths: fixture.upload('length', Uint32Array.of(2)),
          },
        }),
      );
      await fixture.run('mha alone', (pass) => single.record(pass));
      expect(Array.from(await fixture.read(aloneOut))).toEqual(Array.from(after.subarray(T * width, (T + 2) * width)));
    });
  }
});

describe('mha, blocks: cross-attention with K query rows per block', () => {
  for (const heads of [2, 4]) {
    it(`${heads} heads: K = 3 beams over sentences of T = 4 (lengths 4, 1, 0), weights with a step table`, async () => {
      const width = 8;
      const K = 3;
      const T = 4;
      const lengths = [4, 1, 0];
      const rows = lengths.length * K;
      const keyRows = lengths.length * T;
      const stride = T + 2;
      const steps = 3;
      const q = withOutliers(rows * width, 60 + heads);
      // Keys and values side by side in one [keyRows × 2D] matrix, after 4 spare elements.
      const kv = withOutliers(4 + keyRows * 2 * width, 61 + heads);
      const k = columns(kv, keyRows, 2 * width, 4, width);
      const v = columns(kv, keyRows, 2 * width, 4 + width, width);
      const allowed: Allowed = (r, j) => Math.floor(j / T) === Math.floor(r / K) && j % T < lengths[Math.floor(r / K)];
      const expected = expectedAttention(q, rows, k, v, keyRows, width, heads, allowed);

      const stepTable = fixture.own(createStepTable(fixture.device, steps));
      const kvBuffer = fixture.upload('kv', kv);
      const out = fixture.upload('out', rows * width * 4);
      const weightsBefore = new Float32Array(steps * rows * stride).fill(SENTINEL);
      const weights = fixture.upload('weights', weightsBefore);
      const plan = fixture.keep(
        planMha(fixture.device, compiled, {
          rows,
          width,
          heads,
          q: { buffer: fixture.upload('q', q) },
          k: { buffer: kvBuffer, offset: 4, stride: 2 * width },
          v: { buffer: kvBuffer, offset: 4 + width, stride: 2 * width },
          out: { buffer: out },
          keys: {
            kind: 'blocks',
            queryRowsPerBlock: K,
            keyRowsPerBlock: T,
            lengths: fixture.upload('lengths', Uint32Array.from(lengths)),
          },
          weights: { buffer: weights, stride, stepTable },
        }),
      );
      expect(plan.steps).toBe(steps);
      // Only step 1: its rows of the weights history are written, the others left alone.
      await fixture.run('mha cross', (pass) => plan.record(pass, 1));
      expect(mismatches('out', await fixture.read(out), expected.out, (i) => expected.outBound[i])).toEqual([]);

      const after = await fixture.read(weights);
      const base = rows * stride;
      const at = (source: Float64Array) =>
        Float64Array.from({ length: rows * stride }, (_, i) => {
          const [r, j] = [Math.floor(i / stride), i % stride];
          return j < T ? source[r * keyRows + Math.floor(r / K) * T + j] : 0;
        });
      const weightsBound = at(expected.weightsBound);
      expect(
        mismatches('weights at t=1', after.subarray(base, 2 * base), at(expected.weights), (i) => weightsBound[i]),
      ).toEqual([]);
      expect(writtenOutside(weightsBefore, after, (i) => i >= base && i < 2 * base)).toEqual([]);
    });
  }
});

describe('mha, causal: decoder self-attention over the cache', () => {
  it('2 heads, steps t = 0..3 see cache positions ≤ t, never the later ones', async () => {
    const width = 8;
    const heads = 2;
    const rows = 3;
    const capacity = 5;
    const steps = 4;
    const keyRows = rows * capacity;
    // The whole cache holds data (outliers too); positions > t must not leak in.
    const kCache = withOutliers(keyRows * width, 70);
    const vCache = withOutliers(keyRows * width, 71);
    const stepTable = fixture.own(createStepTable(fixture.device, steps));
    const qBuffer = fixture.upload('q', rows * width * 4);
    const out = fixture.upload('out', rows * width * 4);
    const weights = fixture.upload('weights', new Float32Array(steps * rows * capacity).fill(SENTINEL));
    const plan = fixture.keep(
      planMha(fixture.device, compiled, {
        rows,
        width,
        heads,
        q: { buffer: qBuffer },
        k: { buffer: fixture.upload('k cache', kCache) },
        v: { buffer: fixture.upload('v cache', vCache) },
        out: { buffer: out },
        keys: { kind: 'causal', keyRowsPerQuery: capacity, stepTable },
        weights: { buffer: weights, stride: capacity, stepTable },
      }),
    );
    expect(plan.steps).toBe(steps);
    const expectedWeights = new Float64Array(steps * rows * capacity);
    const weightsBound = new Float64Array(steps * rows * capacity);
    for (let t = 0; t < steps; t++) {
      const q = withOutliers(rows * width, 72 + t);
      fixture.device.queue.writeBuffer(qBuffer, 0, q);
      await fixture.run(`mha step ${t}`, (pass) => plan.record(pass, t));
      const allowed: Allowed = (n, j) => Math.floor(j / capacity) === n && j % capacity <= t;
      const expected = expectedAttention(q, rows, kCache, vCache, keyRows, width, heads, allowed);
      expect(mismatches(`out at t=${t}`, await fixture.read(out), expected.out, (i) => expected.outBound[i])).toEqual(
        [],
      );
      for (let n = 0; n < rows; n++) {
        for (let j = 0; j < capacity; j++) {
          expectedWeights[(t * rows + n) * capacity + j] = expected.weights[n * keyRows + n * capacity + j];
          weightsBound[(t * rows + n) * capacity + j] = expected.weightsBound[n * keyRows + n * capacity + j];
        }
      }
    }
    expect(mismatches('weights', await fixture.read(weights), expectedWeights, (i) => weightsBound[i])).toEqual([]);
  });

  it('leaves no buffer alive', () => {
    fixture.releaseAll();
    expect(liveBufferLabels()).toEqual([]);
  });
});
