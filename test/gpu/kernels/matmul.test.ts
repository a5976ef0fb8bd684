// The matmul kernel against the CPU twin matmulBias, on Dawn (SwiftShader without a GPU).
//
// Tolerance: the kernel sums K products in f32, so each output is within γ·(Σ_k |a·b| + |bias|)
// of the exact value, with γ = (K + 2)·2⁻²⁴ (K + 1 roundings in any summation order, one more for
// the bias). With tanh the clamped tanh adds at most TANH_ATOL on top (its slope is ≤ 1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matmulBias } from '../../../src/cpu/kernels.ts';
import { createStorageBuffer, readFloat32, withErrorScopes } from '../../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../../src/gpu/device.ts';
import type { KernelPipeline } from '../../../src/gpu/kernel.ts';
import { matmulLayout, planMatmul, prepareMatmul } from '../../../src/gpu/kernels/matmul.ts';
import { smokeKernel } from '../../../src/gpu/smoke.ts';
import { dispatchedGrids, f32WithOutliers, SENTINEL, submitPass } from './helpers.ts';

const TANH_ATOL = 2e-6;

let gpu: GpuContext;
let matmul: Record<'none' | 'tanh', KernelPipeline>;

beforeAll(async () => {
  gpu = await acquireGpu();
  const [none, tanh] = await Promise.all([prepareMatmul(gpu.device), prepareMatmul(gpu.device, 'tanh')]);
  matmul = { none, tanh };
});

afterAll(() => {
  gpu?.destroy();
});

interface Case {
  m: number;
  n: number;
  k: number;
  bias?: boolean;
  activation?: 'none' | 'tanh';
  /** Row strides and offsets (elements); defaults are dense. */
  lda?: number;
  aOffset?: number;
  ldb?: number;
  bOffset?: number;
  ldc?: number;
  cOffset?: number;
  biasOffset?: number;
  accumulate?: boolean;
  gridLimit?: number;
  seed?: number;
}

interface Outcome {
  /** The whole C buffer after the run. */
  c: Float32Array;
  /** The C buffer before the run. */
  before: Float32Array;
  grid: readonly [number, number, number];
  /** Problems: elements out of tolerance, and elements outside the C slice that changed. */
  mismatches: string[];
}

/** Dense copies of a strided slice: rows × cols starting at offset, rows `stride` apart. */
function slice(data: Float32Array, offset: number, stride: number, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(data.subarray(offset + r * stride, offset + r * stride + cols), r * cols);
  return out;
}

async function runCase(spec: Case): Promise<Outcome> {
  const { m, n, k } = spec;
  const seed = spec.seed ?? m * 1_000_003 + n * 1009 + k;
  const lda = spec.lda ?? k;
  const ldb = spec.ldb ?? k;
  const ldc = spec.ldc ?? n;
  const aOffset = spec.aOffset ?? 0;
  const bOffset = spec.bOffset ?? 0;
  const cOffset = spec.cOffset ?? 0;
  const biasOffset = spec.biasOffset ?? 0;
  // Whole buffers, strides and offsets included (a few spare elements at the end).
  const aAll = f32WithOutliers(aOffset + m * lda + 3, seed);
  const bAll = f32WithOutliers(bOffset + n * ldb + 3, seed + 1);
  const biasAll = f32WithOutliers(biasOffset + n + 2, seed + 2);
  const cAll = spec.accumulate
    ? f32WithOutliers(cOffset + m * ldc + 5, seed + 3)
    : new Float32Array(cOffset + m * ldc + 5).fill(SENTINEL);

  const A = slice(aAll, aOffset, lda, m, k);
  const B = slice(bAll, bOffset, ldb, n, k);
  const bias = spec.bias ? biasAll.subarray(biasOffset, biasOffset + n) : null;
  const cOld = slice(cAll, cOffset, ldc, m, n);
  const exact = matmulBias(A, B, bias, m, n, k);
  const magnitude = matmulBias(A.map(Math.abs), B.map(Math.abs), bias?.map(Math.abs) ?? null, m, n, k);
  const gamma = (k + 3) * 2 ** -24;

  const device = gpu.device;
  const buffers = [
    createStorageBuffer(device, 'A', aAll),
    createStorageBuffer(device, 'B', bAll),
    createStorageBuffer(device, 'bias', biasAll),
    createStorageBuffer(device, 'C', cAll),
  ];
  const [aBuffer, bBuffer, biasBuffer, cBuffer] = buffers;
  try {
    const plan = await withErrorScopes(device, 'matmul test', () => {
      const plan = planMatmul(device, matmul[spec.activation ?? 'none'], {
        m,
        n,
        k,
        a: { buffer: aBuffer, offset: aOffset, stride: lda },
        b: { buffer: bBuffer, offset: bOffset, stride: ldb },
        c: { buffer: cBuffer, offset: cOffset, stride: ldc },
        bias: spec.bias ? { buffer: biasBuffer, offset: biasOffset } : null,
        accumulate: spec.accumulate,
        gridLimit: spec.gridLimit,
        label: 'matmul test',
      });
      submitPass(device, 'matmul test', (pass) => plan.record(pass));
      return plan;
    });
    const [grid] = dispatchedGrids(plan);
    plan.destroy();
    const c = await readFloat32(device, cBuffer, cAll.length);

    const mismatches: string[] = [];
    const inside = new Set<number>();
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const index = cOffset + i * ldc + j;
        inside.add(index);
        let expected = exact[i * n + j];
        let allowed = gamma * (magnitude[i * n + j] + (spec.accumulate ? Math.abs(cOld[i * n + j]) : 0));
        if (spec.accumulate) expected += cOld[i * n + j];
        if (spec.activation === 'tanh') {
          expected = Math.tanh(expected);
          allowed += TANH_ATOL;
        }
        if (!(Math.abs(c[index] - expected) <= allowed) && mismatches.length < 10) {
          mismatches.push(`C[${i},${j}] = ${c[index]}, expected ${expected} ± ${allowed}`);
        }
      }
    }
    for (let index = 0; index < c.length; index++) {
      if (!inside.has(index) && !Object.is(c[index], cAll[index]) && mismatches.length < 20) {
        mismatches.push(`element ${index} outside C was written: ${cAll[index]} → ${c[index]}`);
      }
    }
    return { c, before: cAll, grid, mismatches };
  } finally {
    for (const buffer of buffers) buffer.destroy();
  }
}

describe('matmulLayout (no GPU)', () => {
  it('uses square 8×8-tile blocks for tall outputs and flat blocks for short ones', () => {
    expect(matmulLayout(512, 512)).toEqual({ blockRows: 8, blocksN: 16, blocksTotal: 256, grid: [256, 1, 1] });
    // 2 tiles of rows: blocks of 2 × 32 tiles, nothing idle along M.
    expect(matmulLayout(8, 1000)).toEqual({ blockRows: 2, blocksN: 8, blocksTotal: 8, grid: [8, 1, 1] });
    expect(matmulLayout(1, 1)).toEqual({ blockRows: 1, blocksN: 1, blocksTotal: 1, grid: [1, 1, 1] });
    expect(matmulLayout(0, 5).blocksTotal).toBe(0);
  });

  it('folds the grid under a small limit', () => {
    // 222 rows = 56 tiles = 7 blocks of 8 tiles; 20 columns = 1 block.
    expect(matmulLayout(222, 20, 3)).toEqual({ blockRows: 8, blocksN: 1, blocksTotal: 7, grid: [3, 3, 1] });
    expect(matmulLayout(222, 20, 2).grid).toEqual([2, 2, 2]);
  });
});

describe('matmul against matmulBias', () => {
  const shapes: [number, number, number][] = [
    [1, 1, 1],
    [5, 7, 3],
    [13, 9, 1],
    [6, 1, 17],
    [1, 37, 29],
    [67, 3, 10],
    [3, 130, 21],
    [33, 35, 37],
    [16, 16, 16],
    [40, 9, 64],
  ];

  for (const [m, n, k] of shapes) {
    it(`${m}×${n}×${k} with bias and without`, async () => {
      const withBias = await runCase({ m, n, k, bias: true });
      expect(withBias.mismatches).toEqual([]);
      const without = await runCase({ m, n, k, bias: false, seed: 7 });
      expect(without.mismatches).toEqual([]);
    });
  }

  it('reads strided sub-matrices and writes a column range of a wider C', async () => {
    const outcome = await runCase({
      m: 11,
      n: 6,
      k: 9,
      bias: true,
      aOffset: 5,
      lda: 14,
      bOffset: 27,
      ldb: 12,
      cOffset: 3,
      ldc: 17,
      biasOffset: 4,
    });
    expect(outcome.mismatches).toEqual([]);
  });

  it('applies tanh without NaN when pre-activations are huge', async () => {
    const outcome = await runCase({ m: 9, n: 10, k: 40, bias: true, activation: 'tanh' });
    expect(outcome.mismatches).toEqual([]);
    // Outliers of ±100 in both operands push some pre-activations far past ±90.
    const exact = await runCase({ m: 9, n: 10, k: 40, bias: true });
    expect(Math.max(...Array.from(exact.c.subarray(0, 90), Math.abs))).toBeGreaterThan(1000);
  });

  it('accumulates into C when asked, tanh after the sum', async () => {
    expect((await runCase({ m: 7, n: 5, k: 6, bias: true, accumulate: true })).mismatches).toEqual([]);
    expect(
      (await runCase({ m: 7, n: 5, k: 6, accumulate: true, activation: 'tanh', ldc: 9, cOffset: 2 })).mismatches,
    ).toEqual([]);
  });

  it('is correct on grids folded into 2-D and 3-D, excess workgroups included', async () => {
    const folded2d = await runCase({ m: 222, n: 20, k: 5, bias: true, gridLimit: 3 });
    expect(folded2d.grid).toEqual([3, 3, 1]);
    expect(folded2d.mismatches).toEqual([]);
    const folded3d = await runCase({ m: 222, n: 20, k: 5, bias: true, gridLimit: 2 });
    expect(folded3d.grid).toEqual([2, 2, 2]);
    expect(folded3d.mismatches).toEqual([]);
  });
});

describe('matmul plans', () => {
  it('replay on new data written into the same buffers', async () => {
    const device = gpu.device;
    const m = 5;
    const n = 6;
    const k = 7;
    const a1 = f32WithOutliers(m * k, 1);
    const a2 = f32WithOutliers(m * k, 2);
    const b = f32WithOutliers(n * k, 3);
    const aBuffer = createStorageBuffer(device, 'A', a1);
    const bBuffer = createStorageBuffer(device, 'B', b);
    const cBuffer = createStorageBuffer(device, 'C', m * n * 4);
    const plan = planMatmul(device, matmul.none, {
      m,
      n,
      k,
      a: { buffer: aBuffer },
      b: { buffer: bBuffer },
      c: { buffer: cBuffer },
    });
    try {
      const results: Float32Array[] = [];
      for (const a of [a1, a2]) {
        device.queue.writeBuffer(aBuffer, 0, a);
        submitPass(device, 'replay', (pass) => plan.record(pass));
        results.push(await readFloat32(device, cBuffer, m * n));
      }
      [a1, a2].forEach((a, run) => {
        const expected = matmulBias(a, b, null, m, n, k);
        const magnitude = matmulBias(a.map(Math.abs), b.map(Math.abs), null, m, n, k);
        results[run].forEach((value, i) =>
          expect(Math.abs(value - expected[i])).toBeLessThanOrEqual((k + 3) * 2 ** -24 * magnitude[i]),
        );
      });
      expect(results[0]).not.toEqual(results[1]);
    } finally {
      plan.destroy();
      for (const buffer of [aBuffer, bBuffer, cBuffer]) buffer.destroy();
    }
  });

  it('an empty output records nothing', async () => {
    const buffer = createStorageBuffer(gpu.device, 'x', 32);
    const out = createStorageBuffer(gpu.device, 'y', 16);
    try {
      const plan = planMatmul(gpu.device, matmul.none, {
        m: 0,
        n: 3,
        k: 2,
        a: { buffer },
        b: { buffer },
        c: { buffer: out },
      });
      expect(dispatchedGrids(plan)).toEqual([]);
      await withErrorScopes(gpu.device, 'empty', () => submitPass(gpu.device, 'empty', (pass) => plan.record(pass)));
      plan.destroy();
    } finally {
      buffer.destroy();
      out.destroy();
    }
  });

  it('refuses shapes that do not fit their buffers, aliasing, and pipelines of other kernels', async () => {
    const small = createStorageBuffer(gpu.device, 'small', 4 * 12);
    const other = createStorageBuffer(gpu.device, 'other', 4 * 12);
    try {
      const base = { m: 3, n: 3, k: 4, a: { buffer: small }, b: { buffer: small }, c: { buffer: other } };
      expect(() => planMatmul(gpu.device, matmul.none, { ...base, k: 5 })).toThrow(
        'matmul: A (3×5 at offset 0, stride 5) needs 60 bytes, its buffer "small" has 48',
      );
      expect(() => planMatmul(gpu.device, matmul.none, { ...base, a: { buffer: small, stride: 3 } })).toThrow(
        'matmul: A row stride must be an integer >= 4, got 3',
      );
      expect(() => planMatmul(gpu.device, matmul.none, { ...base, c: { buffer: other, offset: 4 } })).toThrow(
        /C \(3×3 at offset 4, stride 3\) needs 52 bytes/,
      );
      expect(() => planMatmul(gpu.device, matmul.none, { ...base, c: { buffer: small } })).toThrow(
        'matmul: C must not share a buffer with A',
      );
      const smoke = { ...matmul.none, kernel: smokeKernel };
      expect(() => planMatmul(gpu.device, smoke, base)).toThrow(
        'matmul: got a pipeline of kernel "smoke", expected "matmul"',
      );
    } finally {
      small.destroy();
      other.destroy();
    }
  });

  it('leaves no buffer alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
