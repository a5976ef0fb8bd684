// Pre-activations far past ±90 (where exp overflows f32 and an unclamped tanh or sigmoid can give
// NaN) through the whole gpu backend: every saturating cell type with additive attention (tanh of
// query + key) and input feeding, against the CPU reference. The clamped activations themselves
// are tested in test/cpu/cells.test.ts and kernel by kernel in test/gpu.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_TOLERANCE, compareBackends } from '../../src/engine/compare.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import { gateCount, type CellType, type RnnConfig } from '../../src/model/config.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';

let gpu: GpuContext;

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => gpu?.destroy());

// rnn_relu does not saturate (relu has no exp): large weights make its states grow without bound.
const SATURATING: CellType[] = ['lstm', 'gru', 'rnn_tanh'];
/** Weights uniform in ±SCALE: pre-activations of several hundred. */
const SCALE = 25;
/**
 * Layers whose outputs feed no activation keep the usual ±0.5: the generator (logits) and the
 * additive attention's v (scores). At ±25 they would multiply the f32 rounding of their inputs
 * (≈ 2e-5 on pre-activations of several hundred) past the compare tolerance of the log-probs.
 */
const UNSCALED = ['generator.weight', 'generator.bias', 'attention.v.weight'];

/** Every tanh and sigmoid argument far past ±90: cells, attention keys and queries, h̃. */
function saturatedModel(config: RnnConfig, seed: number): RnnModel {
  const model = randomModel(config, seed, SCALE);
  const usual = randomModel(config, seed, 0.5);
  const weights = new Map(model.weights);
  for (const name of UNSCALED) weights.set(name, usual.weights.get(name)!);
  return { config, weights };
}

const sources = [[4, 5, 6, 7, 8], [9], [10, 11, 12]];

/** The largest |W_ih x + b_ih + b_hh| of the first encoder step over the sources' first tokens. */
function largestFirstPreActivation(model: RnnModel): number {
  const { config, weights } = model;
  const E = config.embedding_dim;
  const rows = gateCount(config.cell) * (config.bidirectional ? config.hidden_size / 2 : config.hidden_size);
  const table = weights.get('encoder.embedding.weight')!;
  const Wih = weights.get('encoder.rnn.weight_ih_l0')!;
  const bih = weights.get('encoder.rnn.bias_ih_l0')!;
  const bhh = weights.get('encoder.rnn.bias_hh_l0')!;
  let largest = 0;
  for (const [token] of sources) {
    for (let r = 0; r < rows; r++) {
      let sum = bih[r] + bhh[r];
      for (let e = 0; e < E; e++) sum += Wih[r * E + e] * table[token * E + e];
      largest = Math.max(largest, Math.abs(sum));
    }
  }
  return largest;
}

describe.each(SATURATING)('%s with weights in ±25', (cell) => {
  const config: RnnConfig = defaultConfig({
    cell,
    attention: 'additive',
    input_feeding: true,
    bidirectional: true,
    num_layers: 2,
    hidden_size: 8,
    embedding_dim: 6,
  });

  it('gives no NaN and agrees with the CPU reference within the compare tolerances', async () => {
    const model = saturatedModel(config, 71);
    expect(largestFirstPreActivation(model)).toBeGreaterThan(300);
    const cpu = createCpuRunner(model);
    const runner = await createGpuRunner(model, { device: gpu.device });
    try {
      const encoded = await runner.encode(sources);
      for (const result of encoded) {
        for (const rows of [result.outputs, result.h ?? [], result.c ?? []]) {
          for (const row of rows) expect(Array.from(row).every(Number.isFinite)).toBe(true);
        }
      }
      const translated = await runner.translate(sources, { maxLength: 6 });
      for (const nBest of translated) expect(Number.isFinite(nBest[0].score)).toBe(true);

      // Encoder states within 1e-4, log-probs within 1e-3 (COMPARE_TOLERANCE), greedy ids equal
      // or parting at a near-tie; NaN anywhere counts as an infinite difference.
      const comparison = await compareBackends(cpu, runner, sources, config.eos_id);
      comparison.forEach((result, i) => {
        const where = `sentence ${i}: ${JSON.stringify(result.maxAbsDiff)}`;
        expect(result.maxAbsDiff.outputs, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.states);
        expect(result.maxAbsDiff.h, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.states);
        expect(result.maxAbsDiff.c, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.states);
        expect(result.maxAbsDiff.logprobs, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.logProbs);
        expect(result.greedyAgree || result.nearTie, where).toBe(true);
      });
    } finally {
      runner.dispose();
      cpu.dispose();
    }
  });
});
