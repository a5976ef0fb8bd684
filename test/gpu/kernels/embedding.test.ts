// The embedding gather against the CPU twin embeddingGather, on Dawn (SwiftShader without a GPU).
// A gather copies values, so the comparison is exact; ids past the table must give zeros.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingGather } from '../../../src/cpu/kernels.ts';
import { createStorageBuffer, readFloat32, withErrorScopes } from '../../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../../src/gpu/device.ts';
import { type EmbeddingPipelines, planEmbedding, prepareEmbedding } from '../../../src/gpu/kernels/embedding.ts';
import { createStepTable } from '../../../src/gpu/step-table.ts';
import { seededRandom } from '../../../src/model/random-model.ts';
import { dispatchedGrids, f32WithOutliers, SENTINEL, submitPass } from './helpers.ts';

let gpu: GpuContext;
let embedding: EmbeddingPipelines;

beforeAll(async () => {
  gpu = await acquireGpu();
  embedding = await prepareEmbedding(gpu.device);
});

afterAll(() => {
  gpu?.destroy();
});

/** Ids in [0, vocab) with a few out of range (vocab, 1000, 2³² − 1) planted. */
function idsWithStrays(count: number, vocab: number, seed: number): Uint32Array<ArrayBuffer> {
  const random = seededRandom(seed);
  const ids = Uint32Array.from({ length: count }, () => Math.floor(random() * vocab));
  [vocab, 1000, 0xffffffff].forEach((stray, i) => {
    if (count > 3 * i) ids[3 * i + 1] = stray;
  });
  return ids;
}

/** The expected output row for an id: the table row, or zeros past the table. */
function expectedRows(table: Float32Array, ids: ArrayLike<number>, vocab: number, dim: number): Float64Array {
  const safe = Array.from(ids, (id) => (id < vocab ? id : 0));
  const rows = embeddingGather(table, safe, dim);
  Array.from(ids).forEach((id, r) => {
    if (id >= vocab) rows.fill(0, r * dim, (r + 1) * dim);
  });
  return rows;
}

interface GatherCase {
  rows: number;
  dim: number;
  vocab: number;
  tableOffset?: number;
  idsOffset?: number;
  outOffset?: number;
  ldo?: number;
  gridLimit?: number;
}

async function gather(spec: GatherCase) {
  const { rows, dim, vocab } = spec;
  const tableOffset = spec.tableOffset ?? 0;
  const idsOffset = spec.idsOffset ?? 0;
  const outOffset = spec.outOffset ?? 0;
  const ldo = spec.ldo ?? dim;
  const tableAll = f32WithOutliers(tableOffset + vocab * dim + 3, rows + dim);
  const idsAll = idsWithStrays(idsOffset + rows + 2, vocab, vocab);
  const outInitial = new Float32Array(outOffset + rows * ldo + 4).fill(SENTINEL);
  const device = gpu.device;
  const table = createStorageBuffer(device, 'table', tableAll);
  const ids = createStorageBuffer(device, 'ids', idsAll);
  const out = createStorageBuffer(device, 'out', outInitial);
  try {
    const plan = planEmbedding(device, embedding.plain, {
      rows,
      dim,
      vocab,
      table: { buffer: table, offset: tableOffset },
      ids: { buffer: ids, offset: idsOffset },
      out: { buffer: out, offset: outOffset, stride: ldo },
      gridLimit: spec.gridLimit,
    });
    await withErrorScopes(device, 'embedding test', () => submitPass(device, 'embedding', (pass) => plan.record(pass)));
    const [grid] = dispatchedGrids(plan);
    plan.destroy();
    const result = await readFloat32(device, out, outInitial.length);
    const usedIds = idsAll.subarray(idsOffset, idsOffset + rows);
    const expected = Float32Array.from(outInitial);
    const rowsExpected = expectedRows(tableAll.subarray(tableOffset), usedIds, vocab, dim);
    for (let r = 0; r < rows; r++) expected.set(rowsExpected.subarray(r * dim, (r + 1) * dim), outOffset + r * ldo);
    return { result, expected, grid, usedIds };
  } finally {
    for (const buffer of [table, ids, out]) buffer.destroy();
  }
}

describe('embedding gather against embeddingGather', () => {
  it('gathers rows, zeros for ids past the table', async () => {
    const { result, expected, usedIds } = await gather({ rows: 37, dim: 5, vocab: 11 });
    expect(Array.from(usedIds.subarray(0, 8))).toContain(0xffffffff);
    expect(Array.from(result)).toEqual(Array.from(expected));
  });

  it('handles one row of width one, and a table slice', async () => {
    const one = await gather({ rows: 1, dim: 1, vocab: 3 });
    expect(Array.from(one.result)).toEqual(Array.from(one.expected));
    const sliced = await gather({ rows: 9, dim: 7, vocab: 6, tableOffset: 13, idsOffset: 4 });
    expect(Array.from(sliced.result)).toEqual(Array.from(sliced.expected));
  });

  it('writes a column range of a wider matrix and nothing else', async () => {
    const { result, expected } = await gather({ rows: 10, dim: 6, vocab: 20, outOffset: 3, ldo: 15 });
    expect(Array.from(result)).toEqual(Array.from(expected));
  });

  it('is correct on grids folded into 2-D and 3-D', async () => {
    // 50 × 9 = 450 elements = 8 workgroups of 64.
    const folded2d = await gather({ rows: 50, dim: 9, vocab: 30, gridLimit: 3 });
    expect(folded2d.grid).toEqual([3, 3, 1]);
    expect(Array.from(folded2d.result)).toEqual(Array.from(folded2d.expected));
    const folded3d = await gather({ rows: 50, dim: 9, vocab: 30, gridLimit: 2 });
    expect(folded3d.grid).toEqual([2, 2, 2]);
    expect(Array.from(folded3d.result)).toEqual(Array.from(folded3d.expected));
  });
});

describe('stepped embedding gather', () => {
  it('reads history[t][·] and writes output block t, for every step of one pass', async () => {
    const device = gpu.device;
    const rows = 3;
    const dim = 4;
    const vocab = 9;
    const steps = 4;
    const ldo = 6;
    const tableData = f32WithOutliers(vocab * dim, 5);
    const historyData = idsWithStrays((steps + 1) * rows, vocab, 6);
    const outInitial = new Float32Array(steps * rows * ldo).fill(SENTINEL);
    const table = createStorageBuffer(device, 'table', tableData);
    const history = createStorageBuffer(device, 'history', historyData);
    const out = createStorageBuffer(device, 'out', outInitial);
    const stepTable = createStepTable(device, steps);
    try {
      const plan = planEmbedding(device, embedding.stepped, {
        rows,
        dim,
        vocab,
        table: { buffer: table },
        ids: { buffer: history },
        out: { buffer: out, offset: 1, stride: ldo },
        step: { table: stepTable, idsStride: rows, outStride: rows * ldo },
      });
      await withErrorScopes(device, 'stepped embedding', () =>
        submitPass(device, 'stepped embedding', (pass) => {
          for (let t = 0; t < steps; t++) plan.record(pass, t);
        }),
      );
      const result = await readFloat32(device, out, outInitial.length);
      const expected = Float32Array.from(outInitial);
      for (let t = 0; t < steps; t++) {
        const gathered = expectedRows(tableData, historyData.subarray(t * rows, (t + 1) * rows), vocab, dim);
        for (let r = 0; r < rows; r++)
          expected.set(gathered.subarray(r * dim, (r + 1) * dim), 1 + (t * rows + r) * ldo);
      }
      expect(Array.from(result)).toEqual(Array.from(expected));
      expect(() => plan.record({} as GPUComputePassEncoder, steps)).toThrow(
        'embedding: step 4 is outside the step table (0..3)',
      );
      expect(() => plan.record({} as GPUComputePassEncoder)).toThrow('embedding: step undefined is outside');
      plan.destroy();

      // The last step's ids must fit: a history one row short is refused.
      expect(() =>
        planEmbedding(device, embedding.stepped, {
          rows,
          dim,
          vocab,
          table: { buffer: table },
          ids: { buffer: history, offset: rows + 1 },
          out: { buffer: out, stride: ldo },
          step: { table: stepTable, idsStride: rows, outStride: 0 },
        }),
      ).toThrow(
        'embedding: ids (3 values at offset 4 (+9 at the last step)) needs 64 bytes, its buffer "history" has 60',
      );
    } finally {
      for (const buffer of [table, history, out, stepTable]) buffer.destroy();
    }
  });

  it('leaves no buffer alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
