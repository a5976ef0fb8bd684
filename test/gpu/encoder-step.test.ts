// The fused encoder step kernel (shaders/rnn_step.wgsl) against the CPU cell twins
// (src/cpu/cells.ts), one step at a time, for every cell type, both directions and a batch of
// mixed lengths, on random states and projections with planted outliers (±50, ±100).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellStep } from '../../src/cpu/cells.ts';
import { createStorageBuffer, readFloat32, submitCommands, withErrorScopes } from '../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { planRnnStep, prepareRnnStep } from '../../src/gpu/kernels/rnn-step.ts';
import { createStepTable } from '../../src/gpu/step-table.ts';
import { transposeMatrix } from '../../src/gpu/weight-upload.ts';
import { gateCount, type CellType } from '../../src/model/config.ts';
import { maxScaledError, uniform, withOutliers } from '../cpu/random-data.ts';

// |gpu − cpu| ≤ TOLERANCE · max(1, |cpu|) per element: f32 sums of ≤ 40 products against f64.
const TOLERANCE = 1e-4;
// Values the kernel must leave alone (padding, inactive directions, other layers).
const SENTINEL = -777.25;

const CELLS: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];

let gpu: GpuContext;

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => gpu?.destroy());

interface StepCase {
  cell: CellType;
  lengths: number[];
  units: number;
  directions: 1 | 2;
  t: number;
  layer: number;
  seed: number;
}

const f32 = (values: ArrayLike<number>) => Float32Array.from(values);

/** Runs step t once on seeded random buffers; returns what the GPU wrote and the CPU expectation. */
async function runStep(c: StepCase) {
  const { cell, lengths, units: Hd, directions: D, t, layer, seed } = c;
  const B = lengths.length;
  const T = Math.max(...lengths);
  const G = gateCount(cell);
  const rows = G * Hd;
  const H = D * Hd;
  const lstm = cell === 'lstm';

  const projection = f32(withOutliers(B * T * D * rows, seed));
  const allH = f32(withOutliers(B * T * H, seed + 1));
  const allC = f32(withOutliers(B * T * H, seed + 2));
  const whh = Array.from({ length: D }, (_, d) => f32(uniform(rows * Hd, seed + 3 + d, 0.5)));
  const bhh = Array.from({ length: D }, (_, d) => f32(withOutliers(rows, seed + 5 + d)));
  const finals = (layer + 1) * B * H;

  // The CPU expectation: every active (b, d) runs its cell on the state at the previous time.
  const expectedH = Float64Array.from(allH);
  const expectedC = Float64Array.from(allC);
  const expectedFinalH = new Float64Array(finals).fill(SENTINEL);
  const expectedFinalC = new Float64Array(finals).fill(SENTINEL);
  for (let b = 0; b < B; b++) {
    if (t >= lengths[b]) continue;
    for (let d = 0; d < D; d++) {
      const time = d === 0 ? t : lengths[b] - 1 - t;
      const prev = d === 0 ? time - 1 : time + 1;
      const at = (time: number) => (b * T + time) * H + d * Hd;
      const hPrev = t === 0 ? new Float64Array(Hd) : allH.subarray(at(prev), at(prev) + Hd);
      const cPrev = t === 0 ? new Float64Array(Hd) : allC.subarray(at(prev), at(prev) + Hd);
      const xp = projection.subarray((b * T + time) * D * rows + d * rows, (b * T + time) * D * rows + (d + 1) * rows);
      const next = cellStep(cell, xp, hPrev, lstm ? cPrev : undefined, whh[d], bhh[d], Hd);
      expectedH.set(next.h, at(time));
      if (lstm) expectedC.set(next.c as Float64Array, at(time));
      if (t === lengths[b] - 1) {
        expectedFinalH.set(next.h, (layer * B + b) * H + d * Hd);
        if (lstm) expectedFinalC.set(next.c as Float64Array, (layer * B + b) * H + d * Hd);
      }
    }
  }

  const device = gpu.device;
  const owned: { destroy(): void }[] = [];
  const make = (label: string, data: Float32Array | Uint32Array) => {
    const buffer = createStorageBuffer(device, label, data);
    owned.push(buffer);
    return buffer;
  };
  const table = createStepTable(device, T);
  owned.push(table);
  const compiled = await prepareRnnStep(device, cell, B);
  try {
    const gpuBuffers = {
      lengths: make('lengths', Uint32Array.from(lengths)),
      projection: make('projection', projection),
      hiddenWeightsT: make('W_hhT', new Float32Array(whh.flatMap((w) => Array.from(transposeMatrix(w, rows, Hd))))),
      hiddenBias: make('b_hh', new Float32Array(bhh.flatMap((b) => Array.from(b)))),
      allH: make('all_h', allH),
      allC: lstm ? make('all_c', allC) : undefined,
      finalH: make('final_h', new Float32Array(finals).fill(SENTINEL)),
      finalC: lstm ? make('final_c', new Float32Array(finals).fill(SENTINEL)) : undefined,
    };
    await withErrorScopes(device, `rnn step ${cell}`, () => {
      const plan = planRnnStep(device, compiled, {
        batch: B,
        maxLength: T,
        units: Hd,
        directions: D,
        layer,
        stepTable: table,
        ...gpuBuffers,
      });
      owned.push(plan);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      plan.record(pass, t);
      pass.end();
      submitCommands(device, [encoder.finish()]);
    });
    return {
      h: await readFloat32(device, gpuBuffers.allH),
      c: gpuBuffers.allC ? await readFloat32(device, gpuBuffers.allC) : undefined,
      finalH: await readFloat32(device, gpuBuffers.finalH),
      finalC: gpuBuffers.finalC ? await readFloat32(device, gpuBuffers.finalC) : undefined,
      expectedH,
      expectedC: lstm ? expectedC : undefined,
      expectedFinalH,
      expectedFinalC: lstm ? expectedFinalC : undefined,
    };
  } finally {
    for (const item of owned) item.destroy();
  }
}

function check(result: Awaited<ReturnType<typeof runStep>>) {
  expect(result.h.every(Number.isFinite)).toBe(true);
  expect(maxScaledError(result.h, result.expectedH)).toBeLessThanOrEqual(TOLERANCE);
  expect(maxScaledError(result.finalH, result.expectedFinalH)).toBeLessThanOrEqual(TOLERANCE);
  if (result.expectedC) {
    expect(maxScaledError(result.c as Float32Array, result.expectedC)).toBeLessThanOrEqual(TOLERANCE);
    expect(maxScaledError(result.finalC as Float32Array, result.expectedFinalC as Float64Array)).toBeLessThanOrEqual(
      TOLERANCE,
    );
  }
}

describe.each(CELLS)('rnn step kernel, %s', (cell) => {
  // lengths 4, 1, 3: step 0 runs everyone (zero previous state), step 1 skips the second sentence
  // and reads neighbours of both directions, steps 2 and 3 end the third and first sentences.
  it.each([0, 1, 2, 3])('bidirectional step %i matches the CPU cell, leaves the rest alone', async (t) => {
    check(await runStep({ cell, lengths: [4, 1, 3], units: 5, directions: 2, t, layer: 1, seed: 100 + t }));
  });

  it('unidirectional, units across several workgroups', async () => {
    check(await runStep({ cell, lengths: [2, 3], units: 40, directions: 1, t: 1, layer: 0, seed: 7 }));
  });

  // 19 sentences: two full blocks of 8 (rowBlock) and a partial one, with sentences that have
  // ended (length ≤ t) in every block, so blocks mix active and idle sentences.
  it.each([0, 2])('bidirectional, a batch of 19 in blocks of 8, step %i', async (t) => {
    const lengths = [5, 1, 3, 7, 2, 6, 4, 3, 1, 5, 7, 2, 3, 6, 4, 1, 7, 2, 5];
    check(await runStep({ cell, lengths, units: 33, directions: 2, t, layer: 0, seed: 50 + t }));
  });

  // The other block sizes: 1 (B = 1), 8 with three idle slots (B = 5); 2 and 4 are the cases above.
  it.each([
    { lengths: [3], t: 1 },
    { lengths: [2, 4, 1, 3, 4], t: 2 },
  ])('bidirectional, a batch of $lengths.length, step $t', async ({ lengths, t }) => {
    check(await runStep({ cell, lengths, units: 9, directions: 2, t, layer: 0, seed: 70 + lengths.length }));
  });
});

describe('rnn step kernel: what it refuses and what it frees', () => {
  it('refuses a step past its table and buffers that are too small', async () => {
    const device = gpu.device;
    const [gru, lstm] = await Promise.all([prepareRnnStep(device, 'gru', 2), prepareRnnStep(device, 'lstm', 2)]);
    const small = createStorageBuffer(device, 'small', 8);
    const big = createStorageBuffer(device, 'big', 4096);
    const big2 = createStorageBuffer(device, 'big2', 4096);
    const big3 = createStorageBuffer(device, 'big3', 4096);
    const table = createStepTable(device, 2);
    try {
      const spec = {
        batch: 2,
        maxLength: 2,
        units: 3,
        directions: 2,
        layer: 0,
        lengths: big,
        projection: big,
        hiddenWeightsT: big,
        hiddenBias: big,
        allH: big3,
        finalH: big2,
        stepTable: table,
      };
      expect(() => planRnnStep(device, gru, { ...spec, projection: small })).toThrow(
        'rnn step: projection needs 288 bytes, its buffer "small" has 8',
      );
      expect(() => planRnnStep(device, gru, { ...spec, directions: 3 })).toThrow('directions must be 1 or 2');
      expect(() => planRnnStep(device, lstm, spec)).toThrow('an LSTM step needs allC and finalC');
      expect(() => planRnnStep(device, gru, { ...spec, finalH: big3 })).toThrow(
        'rnn step: allH must not share a buffer with finalH',
      );
      expect(() => planRnnStep(device, gru, { ...spec, batch: 3 })).toThrow(
        'rnn step: 3 rows need the pipeline with BATCH_BLOCK 4, got 2',
      );
      const plan = planRnnStep(device, gru, spec);
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      expect(() => plan.record(pass, 2)).toThrow('rnn step: step 2 is outside the step table (0..1)');
      pass.end();
      encoder.finish();
      plan.destroy();
    } finally {
      for (const buffer of [small, big, big2, big3, table]) buffer.destroy();
    }
    expect(liveBufferLabels()).toEqual([]);
  });
});
