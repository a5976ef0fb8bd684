// The matmul kernel's relu and gelu epilogues (shaders/matmul.wgsl, erf in shaders/lib/erf.wgsl)
// against the Transformer twin linear (src/cpu/transformer/ops.ts) and its erf-form gelu
// (src/cpu/transformer/erf.ts, ~1e-15 relative), on Dawn (SwiftShader without a GPU).
//
// Tolerances:
// - matmul: the f32 sum of K products and the bias is within γ·Σ|a·b| + |bias| of the exact
//   pre-activation, γ = (K + 3)·u (as in test/gpu/kernels/matmul.test.ts); relu is 1-Lipschitz
//   and gelu max|gelu'| = 1.1290 (at x ≈ 2.12), so that error carries over times 1 or 1.13.
// - gelu itself (on exact pre-activations): (16 + x²)·u relative. For x ≤ −1.77 the tail is
//   e^(−x²/2 − 0.5625)·e^(small) times a rational function: Vulkan allows exp 3 + 2|arg| ulp, i.e.
//   x² + ~7 ulp for both exps; the rational approximations (fdlibm, ≤ ~2 ulp), the argument
//   −x/√2 (its rounding moves erfc by ≤ 2.5 ulp where erfc is not computed from x itself) and the
//   products take the rest. Plus 2⁻¹²⁶ absolute: below the smallest normal f32 a GPU may flush.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gelu } from '../../../src/cpu/transformer/erf.ts';
import { linear } from '../../../src/cpu/transformer/ops.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import type { KernelPipeline } from '../../../src/gpu/kernel.ts';
import { planMatmul, prepareMatmul } from '../../../src/gpu/kernels/matmul.ts';
import { GpuFixture, mismatches, SENTINEL, slice, U, withOutliers, writtenOutside } from './helpers.ts';

const GELU_LIPSCHITZ = 1.129;
const SMALLEST_NORMAL = 2 ** -126;

const fixture = new GpuFixture();
let relu: KernelPipeline;
let geluPipeline: KernelPipeline;

beforeAll(async () => {
  await fixture.acquire();
  [relu, geluPipeline] = await Promise.all([
    prepareMatmul(fixture.device, 'relu'),
    prepareMatmul(fixture.device, 'gelu'),
  ]);
});

afterAll(() => fixture.release());

function geluRelativeTolerance(x: number): number {
  return (16 + x * x) * U;
}

describe('gelu epilogue on exact pre-activations (K = 1, B = [1])', () => {
  it('matches the erf-form gelu from −15 to 15, at the interval edges, and stays finite for huge inputs', async () => {
    const xs: number[] = [];
    for (let x = -15; x <= 15; x += 0.0371) xs.push(x);
    // Edges of the rational approximations, in erfc's argument −x/√2: 0.84375, 1.25, 1/0.35, 6, 10.
    for (const edge of [0.25, 0.84375, 1.25, 1 / 0.35, 6, 10]) {
      for (const nudge of [-1e-6, 0, 1e-6]) xs.push((edge + nudge) * Math.SQRT2, -(edge + nudge) * Math.SQRT2);
    }
    xs.push(0, 1e-30, -1e-30, 1e-7, -1e-7, 1e4, -1e4, 3e38, -3e38);
    const a = Float32Array.from(xs);
    const m = a.length;
    const aBuffer = fixture.upload('x', a);
    const one = fixture.upload('one', Float32Array.of(1));
    const cBuffer = fixture.upload('gelu(x)', m * 4);
    const plan = fixture.keep(
      planMatmul(fixture.device, geluPipeline, {
        m,
        n: 1,
        k: 1,
        a: { buffer: aBuffer },
        b: { buffer: one },
        c: { buffer: cBuffer },
      }),
    );
    await fixture.run('gelu', (pass) => plan.record(pass));
    const c = await fixture.read(cBuffer, m);
    const expected = Array.from(a, gelu);
    expect(
      mismatches('gelu', c, expected, (i) => geluRelativeTolerance(a[i]) * Math.abs(expected[i]) + SMALLEST_NORMAL),
    ).toEqual([]);
    // Where erf needs no exp (|x| < 1.25·√2) the error stays within a few ulp: ~1e-7 relative.
    expect(
      mismatches('gelu (central)', c, expected, (i) =>
        Math.abs(a[i]) < 1.25 * Math.SQRT2 ? 8 * U * Math.abs(expected[i]) + SMALLEST_NORMAL : Infinity,
      ),
    ).toEqual([]);
    expect(c.every(Number.isFinite)).toBe(true);
  });
});

interface Case {
  m: number;
  n: number;
  k: number;
  activation: 'relu' | 'gelu';
  bias?: boolean;
  accumulate?: boolean;
  ldc?: number;
  cOffset?: number;
  seed: number;
}

async function runCase(spec: Case): Promise<string[]> {
  const { m, n, k, activation, seed } = spec;
  const ldc = spec.ldc ?? n;
  const cOffset = spec.cOffset ?? 0;
  const a = withOutliers(m * k, seed);
  const b = withOutliers(n * k, seed + 1);
  const bias = spec.bias ? withOutliers(n, seed + 2) : undefined;
  const cAll = spec.accumulate
    ? withOutliers(cOffset + m * ldc + 3, seed + 3)
    : new Float32Array(cOffset + m * ldc + 3).fill(SENTINEL);
  const cOld = slice(cAll, cOffset, ldc, m, n);

  const preActivation = linear(a, m, b, bias, n, k, 'none');
  const magnitude = linear(a.map(Math.abs), m, b.map(Math.abs), bias?.map(Math.abs), n, k, 'none');
  const gamma = (k + 3) * U;
  // Without accumulate the twin itself gives the expected values; with it, C's old value joins
  // the pre-activation first.
  const expected = spec.accumulate
    ? preActivation.map((value, i) => (activation === 'gelu' ? gelu(value + cOld[i]) : Math.max(value + cOld[i], 0)))
    : linear(a, m, b, bias, n, k, activation);
  const lipschitz = activation === 'gelu' ? GELU_LIPSCHITZ : 1;
  const allowed = (i: number) => {
    const sumError = gamma * (magnitude[i] + (spec.accumulate ? Math.abs(cOld[i]) : 0));
    const pre = preActivation[i] + (spec.accumulate ? cOld[i] : 0);
    const own = activation === 'gelu' ? geluRelativeTolerance(pre) * Math.abs(expected[i]) + SMALLEST_NORMAL : 0;
    return lipschitz * sumError + own;
  };

  const aBuffer = fixture.upload('A', a);
  const bBuffer = fixture.upload('B', b);
  const biasBuffer = fixture.upload('bias', bias ?? new Float32Array(1));
  const cBuffer = fixture.upload('C', cAll);
  const plan = fixture.keep(
    planMatmul(fixture.device, activation === 'gelu' ? geluPipeline : relu, {
      m,
      n,
      k,
      a: { buffer: aBuffer },
      b: { buffer: bBuffer },
      c: { buffer: cBuffer, offset: cOffset, stride: ldc },
      bias: bias ? { buffer: biasBuffer } : null,
      accumulate: spec.accumulate,
    }),
  );
  await fixture.run(`matmul ${activation}`, (pass) => plan.record(pass));
  const after = await fixture.read(cBuffer, cAll.length);
  const inside = (index: number) => index >= cOffset && (index - cOffset) % ldc < n && index < cOffset + m * ldc;
  return [
    ...mismatches(`${activation}(A·Bᵀ)`, slice(after, cOffset, ldc, m, n), expected, allowed),
    ...writtenOutside(cAll, after, inside),
  ];
}

describe('matmul relu and gelu epilogues against linear', () => {
  const shapes: [number, number, number][] = [
    [5, 7, 3],
    [13, 9, 17],
    [33, 35, 37],
  ];
  for (const activation of ['relu', 'gelu'] as const) {
    for (const [m, n, k] of shapes) {
      it(`${activation}, ${m}×${n}×${k} with bias and without`, async () => {
        expect(await runCase({ m, n, k, activation, bias: true, seed: m * 101 + n })).toEqual([]);
        expect(await runCase({ m, n, k, activation, seed: k * 7 })).toEqual([]);
      });
    }
    it(`${activation} after accumulating into a column range of a wider C`, async () => {
      expect(
        await runCase({ m: 7, n: 5, k: 6, activation, bias: true, accumulate: true, ldc: 9, cOffset: 2, seed: 5 }),
      ).toEqual([]);
    });
  }

  it('leaves no buffer alive', () => {
    fixture.releaseAll();
    expect(liveBufferLabels()).toEqual([]);
  });
});
