// The whole GPU encoder (src/engine/encoder.ts) against the CPU reference encoder
// (src/cpu/encoder.ts): every cell type, uni- and bidirectional, one and two layers, on batches
// of mixed lengths; batch independence; a long sequence; one submit per encode; the arena.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodeResult } from '../../src/model/results.ts';
import { encodeBatch, type EncodedSentence } from '../../src/cpu/encoder.ts';
import { gpuCounters, liveBufferCount } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import type { CellType, RnnConfig } from '../../src/model/config.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel, seededRandom } from '../../src/model/random-model.ts';
import { GpuEncoder, readEncoderResults } from '../../src/engine/encoder.ts';

// |gpu − cpu| ≤ TOLERANCE · max(1, |cpu|) on every output and state: f32 kernels against the f64
// reference (relu states can grow past 1, hence the relative part).
const TOLERANCE = 1e-4;

const CELLS: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];
const VOCAB = 20;

let gpu: GpuContext;
beforeAll(async () => {
  gpu = await acquireGpu();
});
afterAll(() => gpu?.destroy());

function config(cell: CellType, bidirectional: boolean, layers: number, overrides: Partial<RnnConfig> = {}): RnnConfig {
  return defaultConfig({
    cell,
    bidirectional,
    num_layers: layers,
    src_vocab_size: VOCAB,
    embedding_dim: 6,
    hidden_size: 8,
    ...overrides,
  });
}

/** A random model whose source embedding has outliers (±50, ±100), so gates saturate and clamp. */
function modelWithOutliers(modelConfig: RnnConfig, seed: number): RnnModel {
  const model = randomModel(modelConfig, seed);
  const table = model.weights.get('encoder.embedding.weight') as Float32Array;
  const rand = seededRandom(seed + 1000);
  [50, -50, 100, -100].forEach((value) => {
    table[Math.floor(rand() * table.length)] = value;
  });
  return model;
}

function randomSources(lengths: readonly number[], seed: number): number[][] {
  const rand = seededRandom(seed);
  return lengths.map((length) => Array.from({ length }, () => Math.floor(rand() * VOCAB)));
}

/** The largest scaled error between a GPU result and the CPU reference, over outputs and states. */
function worstError(gpuResult: EncodeResult, cpu: EncodedSentence, H: number): number {
  let worst = 0;
  const compare = (actual: ArrayLike<number>, expected: ArrayLike<number>) => {
    expect(actual.length).toBe(expected.length);
    for (let i = 0; i < expected.length; i++) {
      const error = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
      worst = Number.isNaN(error) ? Infinity : Math.max(worst, error);
    }
  };
  expect(gpuResult.outputs.length).toBe(cpu.length);
  gpuResult.outputs.forEach((row, s) => compare(row, cpu.outputs.subarray(s * H, (s + 1) * H)));
  expect(gpuResult.h?.length).toBe(cpu.h.length);
  gpuResult.h?.forEach((row, l) => compare(row, cpu.h[l]));
  if (cpu.c) {
    expect(gpuResult.c?.length).toBe(cpu.c.length);
    gpuResult.c?.forEach((row, l) => compare(row, (cpu.c as Float64Array[])[l]));
  } else {
    expect(gpuResult.c).toBeUndefined();
  }
  return worst;
}

async function encodeOnGpu(encoder: GpuEncoder, sources: number[][]): Promise<EncodeResult[]> {
  const result = await encoder.encode(sources);
  const { num_layers, hidden_size } = encoder.model.config;
  return readEncoderResults(gpu.device, result, num_layers, hidden_size);
}

const SHAPES = CELLS.flatMap((cell) =>
  [false, true].flatMap((bidirectional) => [1, 2].map((layers) => ({ cell, bidirectional, layers }))),
);

describe.each(SHAPES)(
  'GPU encoder, $cell, bidirectional $bidirectional, $layers layer(s)',
  ({ cell, bidirectional, layers }) => {
    it('matches the CPU encoder on a batch of lengths 5, 1, 3, and one sentence alone matches it in the batch', async () => {
      const model = modelWithOutliers(config(cell, bidirectional, layers), 11 + layers);
      const encoder = await GpuEncoder.create(gpu.device, model);
      try {
        const sources = randomSources([5, 1, 3], 21 + layers);
        const expected = encodeBatch(model, sources);
        const batch = await encodeOnGpu(encoder, sources);
        const errors = batch.map((result, b) => worstError(result, expected[b], model.config.hidden_size));
        for (const error of errors) expect(error).toBeLessThanOrEqual(TOLERANCE);

        // The third sentence alone (a smaller shape, in the same arena, over the batch's stale values).
        const [alone] = await encodeOnGpu(encoder, [sources[2]]);
        expect(alone.outputs.map((row) => Array.from(row))).toEqual(batch[2].outputs.map((row) => Array.from(row)));
        expect(alone.h?.map((row) => Array.from(row))).toEqual(batch[2].h?.map((row) => Array.from(row)));
        expect(alone.c?.map((row) => Array.from(row))).toEqual(batch[2].c?.map((row) => Array.from(row)));
      } finally {
        encoder.dispose();
      }
    });
  },
);

describe('GPU encoder on a long sequence', () => {
  it.each(['lstm', 'gru'] as const)(
    '%s, bidirectional, T = 200, H = 8 stays within tolerance at every step',
    async (cell) => {
      const model = modelWithOutliers(config(cell, true, 2), 5);
      const encoder = await GpuEncoder.create(gpu.device, model);
      try {
        const T = 200;
        const H = model.config.hidden_size;
        const sources = randomSources([T, 37], 9);
        const [gpuLong, gpuShort] = await encodeOnGpu(encoder, sources);
        const [cpuLong, cpuShort] = encodeBatch(model, sources);
        // Max error of the top layer's outputs per block of 50 positions (both directions: the
        // backward half of position s has run T − s steps).
        const perBlock: string[] = [];
        for (let start = 0; start < T; start += 50) {
          let worst = 0;
          for (let s = start; s < start + 50; s++) {
            const row = gpuLong.outputs[s];
            for (let j = 0; j < H; j++) worst = Math.max(worst, Math.abs(row[j] - cpuLong.outputs[s * H + j]));
          }
          perBlock.push(`${start}-${start + 49}: ${worst.toExponential(2)}`);
          expect(worst).toBeLessThanOrEqual(TOLERANCE);
        }
        console.log(
          `[encoder] ${cell} T=${T} H=${H} max |gpu − cpu| of outputs per 50 positions: ${perBlock.join(', ')}`,
        );
        expect(worstError(gpuLong, cpuLong, H)).toBeLessThanOrEqual(TOLERANCE);
        expect(worstError(gpuShort, cpuShort, H)).toBeLessThanOrEqual(TOLERANCE);
      } finally {
        encoder.dispose();
      }
    },
  );
});

describe('GPU encoder schedule', () => {
  it('an encode is one submit and no readback; reading the results back is two (three for LSTM) readbacks', async () => {
    for (const cell of ['lstm', 'rnn_tanh'] as const) {
      const model = randomModel(config(cell, true, 2), 3);
      const encoder = await GpuEncoder.create(gpu.device, model);
      try {
        const sources = randomSources([6, 2, 4, 1], 4);
        const submits = gpuCounters.submits;
        const readbacks = gpuCounters.readbacks;
        const result = await encoder.encode(sources);
        expect(gpuCounters.submits - submits).toBe(1);
        expect(gpuCounters.readbacks - readbacks).toBe(0);
        expect(result.batch).toBe(4);
        expect(result.maxLength).toBe(6);
        expect(result.sourceLengths).toEqual([6, 2, 4, 1]);
        expect(result.finalC === undefined).toBe(cell !== 'lstm');
        await readEncoderResults(gpu.device, result, 2, 8);
        expect(gpuCounters.submits - submits).toBe(1);
        expect(gpuCounters.readbacks - readbacks).toBe(cell === 'lstm' ? 3 : 2);
      } finally {
        encoder.dispose();
      }
    }
  });

  it('reuses its arena for shapes that fit, grows it for one that does not, frees everything on dispose', async () => {
    const before = liveBufferCount();
    const model = randomModel(config('gru', true, 2), 8);
    const encoder = await GpuEncoder.create(gpu.device, model);
    const withWeights = liveBufferCount();
    expect(withWeights - before).toBe(1 + 2 * 4); // embedding, then W_ih, b_ih, W_hhᵀ, b_hh per layer
    try {
      const check = async (lengths: number[], seed: number) => {
        const sources = randomSources(lengths, seed);
        const results = await encodeOnGpu(encoder, sources);
        const expected = encodeBatch(model, sources);
        results.forEach((result, b) => expect(worstError(result, expected[b], 8)).toBeLessThanOrEqual(TOLERANCE));
      };
      await check([4, 7, 2], 1);
      expect(encoder.capacity).toEqual({ batch: 3, maxLength: 7 });
      const arenaBuffers = liveBufferCount();
      await check([3, 5], 2);
      await check([7, 1, 6], 3);
      expect(encoder.capacity).toEqual({ batch: 3, maxLength: 7 });
      expect(liveBufferCount()).toBe(arenaBuffers);
      await check([2, 9], 4); // longer: the arena grows to cover both shapes
      expect(encoder.capacity).toEqual({ batch: 3, maxLength: 9 });
      await check([1, 1, 1, 1, 1], 5); // more sentences
      expect(encoder.capacity).toEqual({ batch: 5, maxLength: 9 });
      expect(liveBufferCount()).toBe(arenaBuffers);
    } finally {
      encoder.dispose();
      encoder.dispose();
    }
    expect(liveBufferCount()).toBe(before);
    await expect(encoder.encode([[1]])).rejects.toThrow('the GPU encoder was disposed');
  });

  it('refuses an encode that overlaps another (the runner queues calls) and stays usable', async () => {
    const model = randomModel(config('lstm', true, 1), 12);
    const encoder = await GpuEncoder.create(gpu.device, model);
    try {
      const small = randomSources([2, 1], 6);
      const large = randomSources([3, 8, 5, 2], 7);
      const first = encoder.encode(small);
      await expect(encoder.encode(large)).rejects.toThrow('calls must not overlap');
      expect([(await first).batch, (await first).maxLength]).toEqual([2, 2]);
      const second = await encoder.encode(large);
      expect([second.batch, second.maxLength]).toEqual([4, 8]);
      const results = await readEncoderResults(gpu.device, second, 1, 8);
      const expected = encodeBatch(model, large);
      results.forEach((result, b) => expect(worstError(result, expected[b], 8)).toBeLessThanOrEqual(TOLERANCE));
    } finally {
      encoder.dispose();
    }
  });

  it('refuses an empty batch, an empty sentence and an id outside the vocabulary', async () => {
    const encoder = await GpuEncoder.create(gpu.device, randomModel(config('rnn_relu', false, 1), 2));
    try {
      await expect(encoder.encode([])).rejects.toThrow('a batch needs at least one source sentence');
      await expect(encoder.encode([[1, 2], []])).rejects.toThrow('source sentence 1 is empty');
      await expect(encoder.encode([[1, VOCAB]])).rejects.toThrow(
        `source sentence 0: id ${VOCAB} at position 1 is outside the vocabulary`,
      );
    } finally {
      encoder.dispose();
    }
  });
});
