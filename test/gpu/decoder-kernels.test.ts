// The decoder's kernels on a real WebGPU device (SwiftShader without a GPU) against the CPU
// twins: the recurrent layers of a step (input gather, gate projections, cell update: src/cpu/cells.ts),
// the initial-state copy and attention (src/cpu/attention.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attentionContext, attentionScores, additiveKeys, maskedSoftmax } from '../../src/cpu/attention.ts';
import { cellStep } from '../../src/cpu/cells.ts';
import { matmulBias } from '../../src/cpu/kernels.ts';
import { createStorageBuffer, readFloat32, submitCommands, withErrorScopes } from '../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { planAttention, prepareAttention } from '../../src/gpu/kernels/attention.ts';
import { planDecoderLayers, prepareDecoderCells } from '../../src/gpu/kernels/decoder-cell.ts';
import { decoderStateIndex, decoderStateLength } from '../../src/gpu/kernels/decoder-state.ts';
import type { Plan } from '../../src/gpu/launch.ts';
import { createStepTable } from '../../src/gpu/step-table.ts';
import { transposeMatrix } from '../../src/gpu/weight-upload.ts';
import type { CellType } from '../../src/model/config.ts';
import { gateCount } from '../../src/model/config.ts';
import { maxScaledError, uniform, withOutliers } from '../cpu/random-data.ts';

/** States and contexts: |gpu − cpu| ≤ 1e-4 · max(1, |cpu|) (f32 sums of a dozen terms with ±100 outliers). */
const STATE_TOLERANCE = 1e-4;
/** Attention weights α ∈ [0, 1]: absolute 1e-5. */
const ALPHA_TOLERANCE = 1e-5;

let gpu: GpuContext;
let device: GPUDevice;
const owned: GPUBuffer[] = [];
const plans: Plan[] = [];

beforeAll(async () => {
  gpu = await acquireGpu();
  device = gpu.device;
});

afterAll(() => {
  for (const plan of plans.splice(0)) plan.destroy();
  for (const buffer of owned.splice(0)) buffer.destroy();
  gpu?.destroy();
});

function f32(data: ArrayLike<number>): Float32Array {
  return Float32Array.from(data);
}

function upload(label: string, data: Float32Array | Uint32Array | number): GPUBuffer {
  const buffer = createStorageBuffer(device, label, data);
  owned.push(buffer);
  return buffer;
}

function keep(plan: Plan): Plan {
  plans.push(plan);
  return plan;
}

async function run(label: string, record: (pass: GPUComputePassEncoder) => void): Promise<void> {
  await withErrorScopes(device, label, () => {
    const encoder = device.createCommandEncoder({ label });
    const pass = encoder.beginComputePass({ label });
    record(pass);
    pass.end();
    submitCommands(device, [encoder.finish()]);
  });
}

describe('decoder layers: two steps of a two-layer stack against src/cpu/cells.ts', () => {
  const H = 6;
  const E = 5;
  const V = 7;
  const L = 2;
  // N = 19 rows: more than one 4-row matmul tile, the last one partial; 3 rows: one partial tile.
  const cases: { cell: CellType; feed: boolean; N: number }[] = [
    { cell: 'lstm', feed: true, N: 3 },
    { cell: 'gru', feed: false, N: 3 },
    { cell: 'rnn_tanh', feed: false, N: 3 },
    { cell: 'rnn_relu', feed: true, N: 3 },
    { cell: 'lstm', feed: true, N: 19 },
    { cell: 'gru', feed: true, N: 19 },
  ];

  it.each(cases)(
    '$cell, input feeding $feed, $N rows: ping-pong by parity, layer 1 reads the new h of layer 0, top writes h_top',
    async ({ cell, feed, N }) => {
      const G = gateCount(cell);
      const seed = 100 * (cases.findIndex((c) => c.cell === cell && c.N === N) + 1);
      const inputSizes = [E + (feed ? H : 0), H];
      const layers = inputSizes.map((inputSize, k) => ({
        Wih: f32(uniform(G * H * inputSize, seed + 10 * k + 1, 0.5)),
        Whh: f32(uniform(G * H * H, seed + 10 * k + 2, 0.5)),
        bih: f32(uniform(G * H, seed + 10 * k + 3, 0.5)),
        bhh: f32(uniform(G * H, seed + 10 * k + 4, 0.5)),
      }));
      const embedding = f32(withOutliers(V * E, seed + 5));
      const feedRows = f32(withOutliers(N * H, seed + 6));
      // [(steps=2) × N]: ids 0, 1, 2, 6, 5, 4, ... cycling through the vocabulary.
      const history = Uint32Array.from({ length: 2 * N }, (_, i) => [0, 1, 2, 6, 5, 4][i % 6] + Math.floor(i / 6)).map(
        (id) => id % V,
      );
      const shape = { cell, layers: L, rows: N, hidden: H };
      const initial = f32(withOutliers(decoderStateLength(cell, L, N, H), seed + 7));

      const stateBuffer = upload('cell state', initial);
      const hTop = upload('cell h_top', N * H * 4);
      const stepTable = createStepTable(device, 2);
      owned.push(stepTable);
      const weightBuffers = layers.map((layer, k) => ({
        inputWeights: upload(`W_ih ${k}`, layer.Wih),
        hiddenWeights: upload(`W_hh ${k}`, layer.Whh),
        biases: upload(`biases ${k}`, f32([...layer.bih, ...layer.bhh])),
        inputSize: inputSizes[k],
      }));
      const layersPlan = keep(
        planDecoderLayers(device, await prepareDecoderCells(device, cell), {
          rows: N,
          hidden: H,
          embedding: E,
          vocab: V,
          layers: weightBuffers,
          history: upload('history', history),
          embeddingTable: upload('embedding', embedding),
          feed: upload('feed', feedRows),
          state: stateBuffer,
          hTop,
          stepTable,
        }),
      );
      await run('cell steps', (pass) => {
        for (const t of [0, 1]) layersPlan.record(pass, t);
      });
      const state = await readFloat32(device, stateBuffer);
      const top = await readFloat32(device, hTop);

      // CPU: the same two steps, starting from the parity-0 half of the initial state.
      const slice = (buffer: Float32Array, parity: number, slot: number, k: number, n: number) =>
        Float64Array.from(
          buffer.subarray(
            decoderStateIndex(shape, parity, slot, k, n, 0),
            decoderStateIndex(shape, parity, slot, k, n, H),
          ),
        );
      const cpu: { h: Float64Array[]; c: Float64Array[] }[] = Array.from({ length: N }, (_, n) => ({
        h: [0, 1].map((k) => slice(initial, 0, 0, k, n)),
        // c only for LSTM; the other cells ignore it.
        c: [0, 1].map((k) => (cell === 'lstm' ? slice(initial, 0, 1, k, n) : new Float64Array(H))),
      }));
      for (const t of [0, 1]) {
        for (let n = 0; n < N; n++) {
          const token = history[t * N + n];
          let input: Float64Array = Float64Array.from([
            ...embedding.subarray(token * E, (token + 1) * E),
            ...(feed ? feedRows.subarray(n * H, (n + 1) * H) : []),
          ]);
          for (let k = 0; k < L; k++) {
            const projection = matmulBias(input, layers[k].Wih, layers[k].bih, 1, G * H, inputSizes[k]);
            const next = cellStep(cell, projection, cpu[n].h[k], cpu[n].c[k], layers[k].Whh, layers[k].bhh, H);
            cpu[n].h[k] = next.h;
            if (next.c) cpu[n].c[k] = next.c;
            input = next.h;
          }
        }
      }
      // After steps 0 and 1 the newest state is back in the parity-0 half.
      for (let n = 0; n < N; n++) {
        for (let k = 0; k < L; k++) {
          expect(maxScaledError(slice(state, 0, 0, k, n), cpu[n].h[k])).toBeLessThanOrEqual(STATE_TOLERANCE);
          if (cell === 'lstm')
            expect(maxScaledError(slice(state, 0, 1, k, n), cpu[n].c[k])).toBeLessThanOrEqual(STATE_TOLERANCE);
        }
        expect(maxScaledError(top.subarray(n * H, (n + 1) * H), cpu[n].h[1])).toBeLessThanOrEqual(STATE_TOLERANCE);
      }
      // The saturating cells really saw outliers: some pre-activations were far past the clamps.
      expect(state.every(Number.isFinite)).toBe(true);
    },
  );
});

describe('attention kernel against src/cpu/attention.ts', () => {
  const H = 8;
  const T = 5;
  const lengths = [5, 1, 3];
  const B = lengths.length;
  const K = 2;
  const N = B * K;
  const steps = 2;
  const SENTINEL = -5;

  /** Encoder outputs with NaN in padded positions: a kernel that reads them poisons its results. */
  function paddedMemory(seed: number): Float32Array {
    const memory = new Float32Array(B * T * H).fill(NaN);
    lengths.forEach((length, b) => memory.set(f32(uniform(length * H, seed + b)), b * T * H));
    return memory;
  }

  it.each(['dot', 'general', 'additive'] as const)(
    '%s: masked lengths, outlier scores, α history at step t, cat = [c ; h]',
    async (kind) => {
      const seed = { dot: 10, general: 20, additive: 30 }[kind];
      const memory = paddedMemory(seed);
      // Outliers in h make scores of ±hundreds: the softmax must subtract the max.
      const h = f32(withOutliers(N * H, seed + 5));
      const linearIn = f32(uniform(H * H, seed + 6));
      const linearQuery = f32(uniform(H * H, seed + 7));
      const linearQueryBias = f32(uniform(H, seed + 8));
      const linearContext = f32(uniform(H * H, seed + 9));
      const v = f32(withOutliers(H, seed + 10));

      const sentence = (b: number) => Float64Array.from(memory.subarray(b * T * H, (b * T + lengths[b]) * H));
      // What the schedule computes once per batch (keys) and per step (query), here on the CPU.
      const keys = new Float32Array(B * T * H).fill(NaN);
      let query = h;
      lengths.forEach((length, b) => {
        if (kind === 'general')
          keys.set(f32(matmulBias(sentence(b), transposeMatrix(linearIn, H, H), null, length, H, H)), b * T * H);
        if (kind === 'additive') keys.set(f32(additiveKeys(linearContext, sentence(b), length, H)), b * T * H);
      });
      if (kind === 'additive') query = f32(matmulBias(h, linearQuery, linearQueryBias, N, H, H));

      const memoryBuffer = upload('memory', memory);
      const cat = upload('cat', N * 2 * H * 4);
      const alignments = upload('alignments', new Float32Array(steps * N * T).fill(SENTINEL));
      const stepTable = createStepTable(device, steps);
      owned.push(stepTable);
      const compiled = await prepareAttention(device, kind);
      const hTop = upload('h_top', h);
      const plan = keep(
        planAttention(device, compiled, {
          rows: N,
          rowsPerSentence: K,
          hidden: H,
          maxLength: T,
          lengths: upload('lengths', Uint32Array.from(lengths)),
          keys: kind === 'dot' ? memoryBuffer : upload('keys', keys),
          query: kind === 'additive' ? upload('query', query) : hTop,
          v: kind === 'additive' ? upload('v', v) : undefined,
          memory: memoryBuffer,
          hTop,
          cat,
          alignments,
          stepTable,
        }),
      );
      await run(`attention ${kind}`, (pass) => plan.record(pass, 1));
      const alpha = await readFloat32(device, alignments);
      const catRows = await readFloat32(device, cat);

      let largestScore = 0;
      for (let n = 0; n < N; n++) {
        const b = Math.floor(n / K);
        const length = lengths[b];
        const hn = Float64Array.from(h.subarray(n * H, (n + 1) * H));
        const keysOf =
          kind === 'additive' ? Float64Array.from(keys.subarray(b * T * H, (b * T + length) * H)) : undefined;
        const scores = attentionScores(kind, hn, sentence(b), length, {
          linearIn,
          linearQuery,
          linearQueryBias,
          keys: keysOf,
          v,
        });
        largestScore = Math.max(largestScore, ...Array.from(scores, Math.abs));
        const expectedAlpha = maskedSoftmax(scores, length);
        const row = alpha.subarray((N + n) * T, (N + n + 1) * T);
        expect(maxScaledError(row.subarray(0, length), expectedAlpha)).toBeLessThanOrEqual(ALPHA_TOLERANCE);
        // Padded positions and the other step's row are left alone.
        expect(Array.from(row.subarray(length))).toEqual(new Array(T - length).fill(SENTINEL));
        expect(Array.from(alpha.subarray(n * T, (n + 1) * T))).toEqual(new Array(T).fill(SENTINEL));
        const context = attentionContext(expectedAlpha, sentence(b), length, H);
        expect(maxScaledError(catRows.subarray(2 * n * H, (2 * n + 1) * H), context)).toBeLessThanOrEqual(
          STATE_TOLERANCE,
        );
        expect(Array.from(catRows.subarray((2 * n + 1) * H, (2 * n + 2) * H))).toEqual(Array.from(hn));
      }
      // The planted outliers made scores far beyond exp's f32 range without the max subtracted.
      expect(largestScore).toBeGreaterThan(88);
    },
  );
});

describe('decoder layer plans', () => {
  it('refuse a first layer whose input is neither the embedding nor embedding and feed', async () => {
    const pipelines = await prepareDecoderCells(device, 'gru');
    const buffer = upload('any', 64);
    const layer = { inputSize: 7, inputWeights: buffer, hiddenWeights: buffer, biases: buffer };
    const spec = { rows: 3, hidden: 4, embedding: 5, vocab: 6, history: buffer, embeddingTable: buffer };
    const rest = { feed: buffer, state: buffer, hTop: buffer, stepTable: createStepTable(device, 1) };
    owned.push(rest.stepTable);
    expect(() => planDecoderLayers(device, pipelines, { ...spec, ...rest, layers: [layer] })).toThrow(
      'decoder layers: layer 0 takes E or E + H inputs (5 or 9), got 7',
    );
    expect(() => planDecoderLayers(device, pipelines, { ...spec, ...rest, layers: [] })).toThrow(
      'decoder layers: a decoder needs at least one layer',
    );
  });
});

describe('buffers', () => {
  it('every buffer of this file is destroyed', () => {
    for (const plan of plans.splice(0)) plan.destroy();
    for (const buffer of owned.splice(0)) buffer.destroy();
    expect(liveBufferLabels()).toEqual([]);
  });
});
