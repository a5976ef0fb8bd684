// The residual-norm kernel (shaders/residual_norm.wgsl) against its twin residualNorm
// (src/cpu/transformer/ops.ts, f64), on Dawn (SwiftShader without a GPU).
//
// Tolerances: `sum` is one f32 addition of f32 inputs, so it must equal fround(a + b) exactly.
// `normed` gets a first-order error bound per element (normedBound below), from u = 2⁻²⁴ and
// Vulkan's f32 precision (division 2.5 ulp, sqrt and 1/x together ≤ 8 ulp):
//   mean      δμ ≤ (⌈w/64⌉ + 6 + 3)·u·mean|v|     (each of 64 lanes sums ⌈w/64⌉ values in turn, a
//                                                  6-level tree adds the lanes; v's own rounding, the /w)
//   deviation δd_i ≤ u·|v_i| + δμ + u·|d_i|
//   1/σ       ρ ≤ ½·(Σ 2|d_i|·δd_i / Σd² + (w + 2)·u) + 8u
//   normed_i  |γ_i|/σ·δd_i + |γ_i·d_i/σ|·(ρ + 2u) + u·|normed_i|
// It scales with the row's condition mean|v|/σ: a row of 1e6 ± 1e3 allows ~1e-3 of σ, while the
// one-pass variance E[v²] − E[v]² is off by ~10% there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { residualNorm } from '../../../src/cpu/transformer/ops.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import type { KernelPipeline } from '../../../src/gpu/kernel.ts';
import { planResidualNorm, prepareResidualNorm } from '../../../src/gpu/kernels/residual-norm.ts';
import { seededRandom } from '../../../src/model/random-model.ts';
import { GpuFixture, mismatches, SENTINEL, slice, U, withOutliers, writtenOutside } from './helpers.ts';

/** RESIDUAL_NORM_WORKGROUP_SIZE: the lanes of the mean's and the variance's reductions. */
const REDUCTION_LANES = 64;

const fixture = new GpuFixture();
let compiled: KernelPipeline;

beforeAll(async () => {
  await fixture.acquire();
  compiled = await prepareResidualNorm(fixture.device);
});

afterAll(() => fixture.release());

/** The error bound of every normed element (see the top of the file), v = a + b exact. */
function normedBound(
  v: Float64Array,
  rows: number,
  width: number,
  gamma: Float32Array,
  eps: number,
  normed: Float64Array,
) {
  const bound = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const row = v.subarray(r * width, (r + 1) * width);
    const mean = row.reduce((s, x) => s + x, 0) / width;
    const meanMagnitude = row.reduce((s, x) => s + Math.abs(x), 0) / width;
    const meanError = (Math.ceil(width / REDUCTION_LANES) + Math.log2(REDUCTION_LANES) + 3) * U * meanMagnitude;
    const d = row.map((x) => x - mean);
    const dError = row.map((x, i) => U * Math.abs(x) + meanError + U * Math.abs(d[i]));
    const squares = d.reduce((s, x) => s + x * x, 0);
    const sigma = Math.sqrt(squares / width + eps);
    const varianceError = d.reduce((s, x, i) => s + 2 * Math.abs(x) * dError[i], 0) / Math.max(squares, 1e-300);
    const inverseError = 0.5 * (varianceError + (width + 2) * U) + 8 * U;
    for (let i = 0; i < width; i++) {
      const at = r * width + i;
      bound[at] =
        (Math.abs(gamma[i]) / sigma) * dError[i] +
        Math.abs((gamma[i] * d[i]) / sigma) * (inverseError + 2 * U) +
        U * Math.abs(normed[at]);
    }
  }
  return bound;
}

interface Case {
  rows: number;
  width: number;
  withB: boolean;
  withSum: boolean;
  /** Inputs a (and b); default values with outliers. */
  a?: Float32Array;
  b?: Float32Array;
  /** Row strides and offsets of a, b, sum, normed; default dense. */
  strided?: boolean;
  eps?: number;
  seed: number;
}

async function runCase(spec: Case): Promise<string[]> {
  const { rows, width, withB, withSum, seed } = spec;
  const eps = spec.eps ?? 1e-5;
  const layout = (index: number) =>
    spec.strided ? { offset: 3 + index, stride: width + 2 + index } : { offset: 0, stride: width };
  const [la, lb, ls, ln] = [0, 1, 2, 3].map(layout);
  const extent = (l: { offset: number; stride: number }) => l.offset + rows * l.stride + 2;
  const a = spec.a ?? withOutliers(rows * width, seed);
  const b = spec.b ?? withOutliers(rows * width, seed + 1);
  const gamma = withOutliers(width + 1, seed + 2).map((x) => 1 + x / 4);
  const beta = withOutliers(width + 2, seed + 3);
  const place = (data: Float32Array, l: { offset: number; stride: number }) => {
    const all = withOutliers(extent(l), seed + 9);
    for (let r = 0; r < rows; r++) all.set(data.subarray(r * width, (r + 1) * width), l.offset + r * l.stride);
    return all;
  };
  const sumBefore = new Float32Array(extent(ls)).fill(SENTINEL);
  const normedBefore = new Float32Array(extent(ln)).fill(SENTINEL);

  // gamma and beta start one and two elements into their buffers.
  const twin = residualNorm(a, withB ? b : undefined, rows, width, gamma.subarray(1), beta.subarray(2), eps);
  const v = withB ? a.map((x, i) => x + b[i]) : a;
  const exactV = Float64Array.from(a, (x, i) => (withB ? x + b[i] : x));
  const bound = normedBound(exactV, rows, width, gamma.subarray(1), eps, twin.normed);

  const aBuffer = fixture.upload('a', place(a, la));
  const bBuffer = fixture.upload('b', place(b, lb));
  const gammaBuffer = fixture.upload('gamma', gamma);
  const betaBuffer = fixture.upload('beta', beta);
  const sumBuffer = fixture.upload('sum', sumBefore);
  const normedBuffer = fixture.upload('normed', normedBefore);
  const plan = fixture.keep(
    planResidualNorm(fixture.device, compiled, {
      rows,
      width,
      a: { buffer: aBuffer, ...la },
      b: withB ? { buffer: bBuffer, ...lb } : undefined,
      sum: withSum ? { buffer: sumBuffer, ...ls } : undefined,
      normed: { buffer: normedBuffer, ...ln },
      gamma: { buffer: gammaBuffer, offset: 1 },
      beta: { buffer: betaBuffer, offset: 2 },
      eps,
    }),
  );
  await fixture.run('residual norm', (pass) => plan.record(pass));
  const sumAfter = await fixture.read(sumBuffer);
  const normedAfter = await fixture.read(normedBuffer);
  const inside = (l: { offset: number; stride: number }) => (index: number) =>
    index >= l.offset && index < l.offset + rows * l.stride && (index - l.offset) % l.stride < width;
  const problems = [
    ...mismatches('normed', slice(normedAfter, ln.offset, ln.stride, rows, width), twin.normed, (i) => bound[i]),
    ...writtenOutside(normedBefore, normedAfter, inside(ln)),
  ];
  if (withSum) {
    // Exact: v is the f32 sum of the same two f32 values.
    problems.push(...mismatches('sum', slice(sumAfter, ls.offset, ls.stride, rows, width), v, () => 0));
    problems.push(...writtenOutside(sumBefore, sumAfter, inside(ls)));
  } else {
    problems.push(...writtenOutside(sumBefore, sumAfter, () => false));
  }
  if (!Array.from(normedAfter).every(Number.isFinite)) problems.push('normed has a value that is not finite');
  return problems;
}

/** Values of magnitude 1e4..1e6 (log-uniform), random signs unless `positive`. */
function large(size: number, seed: number, positive = false): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: size }, () => {
    const magnitude = 10 ** (4 + 2 * random());
    return positive || random() < 0.5 ? magnitude : -magnitude;
  });
}

describe('residual norm against residualNorm', () => {
  it('a + b with the sum written, rows narrower than the workgroup', async () => {
    expect(await runCase({ rows: 5, width: 37, withB: true, withSum: true, seed: 1 })).toEqual([]);
  });

  it('a alone, rows wider than the workgroup, strided operands', async () => {
    expect(await runCase({ rows: 3, width: 200, withB: false, withSum: false, strided: true, seed: 2 })).toEqual([]);
  });

  it('a + b without the sum, and a alone with it (a copy of a)', async () => {
    expect(await runCase({ rows: 4, width: 64, withB: true, withSum: false, strided: true, seed: 3 })).toEqual([]);
    expect(await runCase({ rows: 2, width: 65, withB: false, withSum: true, seed: 4 })).toEqual([]);
  });

  it('large inputs (1e4..1e6, and 1e6 ± 1e3) stay finite and match', async () => {
    const width = 96;
    const rows = 3;
    const a = new Float32Array(rows * width);
    a.set(large(width, 10), 0);
    a.set(large(width, 11, true), width);
    const random = seededRandom(12);
    for (let i = 0; i < width; i++) a[2 * width + i] = 1e6 + (random() * 2 - 1) * 1e3;
    // Residuals 100× smaller on the first two rows, within ±1 on the third (keeping its 1e6 ± 1e3).
    const b = large(rows * width, 13).map((x) => x / 100);
    for (let i = 0; i < width; i++) b[2 * width + i] = random() * 2 - 1;
    expect(await runCase({ rows, width, withB: true, withSum: true, a, b, seed: 14 })).toEqual([]);
    expect(await runCase({ rows, width, withB: false, withSum: false, a, seed: 15 })).toEqual([]);
  });

  it('a constant row normalises to β (its variance is 0, eps keeps it finite)', async () => {
    const width = 20;
    const a = new Float32Array(2 * width).fill(3.5);
    expect(await runCase({ rows: 2, width, withB: false, withSum: false, a, seed: 16 })).toEqual([]);
  });

  it('leaves no buffer alive', () => {
    fixture.releaseAll();
    expect(liveBufferLabels()).toEqual([]);
  });
});
