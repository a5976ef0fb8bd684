// Batches whose dispatches need more than 65535 workgroups (WebGPU's maxComputeWorkgroupsPerDimension)
// on a real device: the grids are folded into 2-D (src/gpu/kernel.ts dispatchGrid) and the results
// equal the CPU reference. Folding with small forced limits, down to 3-D, is tested kernel by kernel
// in test/gpu/kernels; here the real limit is crossed through the engine itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBatch } from '../../src/cpu/encoder.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { liveBufferCount } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { dispatchGrid, MAX_WORKGROUPS_PER_DIMENSION, workgroupCount } from '../../src/gpu/kernel.ts';
import { EMBEDDING_WORKGROUP_SIZE } from '../../src/gpu/kernels/embedding.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import { defaultConfig, randomModel, seededRandom } from '../../src/model/random-model.ts';
import { GpuEncoder, readEncoderResults } from '../../src/engine/encoder.ts';

let gpu: GpuContext;
let buffersAtStart: number;

beforeAll(async () => {
  gpu = await acquireGpu();
  buffersAtStart = liveBufferCount();
});

afterAll(() => gpu?.destroy());

describe('grids past 65535 workgroups', () => {
  it('an encode whose embedding gather needs 65,600 workgroups equals the CPU encoder', async () => {
    // 41 sentences of up to 50 tokens with E = 2048: 2050 rows × 2048 = 4,198,400 elements,
    // one per invocation, 64 per workgroup.
    const B = 41;
    const T = 50;
    const E = 2048;
    const workgroups = workgroupCount(B * T * E, EMBEDDING_WORKGROUP_SIZE);
    expect(workgroups).toBe(65_600);
    expect(workgroups).toBeGreaterThan(MAX_WORKGROUPS_PER_DIMENSION);
    const grid = dispatchGrid(workgroups);
    expect(grid[1]).toBeGreaterThan(1);

    const model = randomModel(
      defaultConfig({ cell: 'gru', embedding_dim: E, hidden_size: 4, bidirectional: true }),
      61,
    );
    const rand = seededRandom(62);
    // The longest sentence sets T; the others end earlier, so padding is in the folded grid too.
    const sources = Array.from({ length: B }, (_, b) =>
      Array.from({ length: b === 0 ? T : T - (b % 9) }, () => 4 + Math.floor(rand() * 16)),
    );
    const encoder = await GpuEncoder.create(gpu.device, model);
    try {
      const results = await readEncoderResults(gpu.device, await encoder.encode(sources), 1, 4);
      const expected = encodeBatch(model, sources);
      // |gpu − cpu| ≤ 1e-4 · max(1, |cpu|): dot products of 2048 terms in f32 against f64.
      let worst = 0;
      const compare = (actual: ArrayLike<number>, reference: ArrayLike<number>) => {
        expect(actual.length).toBe(reference.length);
        for (let i = 0; i < reference.length; i++) {
          const error = Math.abs(actual[i] - reference[i]) / Math.max(1, Math.abs(reference[i]));
          worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
        }
      };
      results.forEach((result, b) => {
        expect(result.outputs).toHaveLength(sources[b].length);
        result.outputs.forEach((row, s) => compare(row, expected[b].outputs.subarray(s * 4, (s + 1) * 4)));
        result.h?.forEach((row, l) => compare(row, expected[b].h?.[l] ?? new Float32Array()));
      });
      expect(worst).toBeLessThanOrEqual(1e-4);
    } finally {
      encoder.dispose();
    }
  });

  // One workgroup per row in the log-softmax and greedy-choice kernels: 65,600 sentences decoded
  // together cross the limit. On SwiftShader this takes about 40 s (per-row workgroup reductions
  // with barriers are slow on a CPU), so it runs on hardware adapters, or when UNROLL_HEAVY_TESTS=1.
  it('a greedy decode of 65,600 sentences (one workgroup per row) gives the CPU results', async (context) => {
    if (gpu.adapterInfo.isSoftware && process.env.UNROLL_HEAVY_TESTS !== '1') context.skip();
    const rows = 65_600;
    expect(rows).toBeGreaterThan(MAX_WORKGROUPS_PER_DIMENSION);
    const model = randomModel(defaultConfig({ hidden_size: 4, embedding_dim: 4 }), 63);
    const rand = seededRandom(64);
    const sources = Array.from({ length: rows }, () =>
      Array.from({ length: 1 + Math.floor(rand() * 2) }, () => 4 + Math.floor(rand() * 16)),
    );
    const runner = await createGpuRunner(model, { device: gpu.device });
    try {
      const options = { maxLength: 2 };
      const [actual, expected] = [
        await runner.translate(sources, options),
        await createCpuRunner(model).translate(sources, options),
      ];
      let differing = 0;
      actual.forEach((nBest, i) => {
        if (nBest[0].ids.join() !== expected[i][0].ids.join()) differing++;
        else expect(Math.abs(nBest[0].score - expected[i][0].score)).toBeLessThanOrEqual(2e-3);
      });
      // Random weights make exact ties vanishingly rare: every row must agree.
      expect(differing).toBe(0);
    } finally {
      runner.dispose();
    }
  }, 600_000);

  it('every buffer these tests created is destroyed', () => {
    expect(liveBufferCount()).toBe(buffersAtStart);
  });
});
