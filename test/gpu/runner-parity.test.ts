// Every model of docs/model-format.md on the gpu backend against the CPU reference, end to end:
// cell × attention × input feeding × bidirectional × layers, on mixed-length batches.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { COMPARE_TOLERANCE, compareBackends } from '../../src/engine/compare.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { type GpuContext, acquireGpu } from '../../src/gpu/device.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import type { AttentionType, CellType, RnnConfig } from '../../src/model/config.ts';
import { defaultConfig, randomModel, seededRandom } from '../../src/model/random-model.ts';

const CELLS: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];
const ATTENTION: { attention: AttentionType; input_feeding: boolean }[] = [
  { attention: 'none', input_feeding: false },
  ...(['dot', 'general', 'additive'] as const).flatMap((attention) => [
    { attention, input_feeding: false },
    { attention, input_feeding: true },
  ]),
];

function configs(): RnnConfig[] {
  const all: RnnConfig[] = [];
  for (const cell of CELLS)
    for (const att of ATTENTION)
      for (const bidirectional of [false, true])
        for (const num_layers of [1, 2])
          all.push(defaultConfig({ cell, ...att, bidirectional, num_layers, hidden_size: 8, embedding_dim: 6 }));
  return all;
}

const name = (c: RnnConfig) =>
  `${c.cell} ${c.attention}${c.input_feeding ? '+feed' : ''} ${c.bidirectional ? 'bi' : 'uni'} L${c.num_layers}`;

/** Sources of mixed lengths (5, 1, 3, 7) over the non-special ids. */
function sources(config: RnnConfig, seed: number): number[][] {
  const rand = seededRandom(seed);
  const word = () => 4 + Math.floor(rand() * (config.src_vocab_size - 4));
  return [5, 1, 3, 7].map((length) => Array.from({ length }, word));
}

function targets(config: RnnConfig, seed: number): number[][] {
  const rand = seededRandom(seed + 1000);
  const word = () => 4 + Math.floor(rand() * (config.tgt_vocab_size - 4));
  return [4, 0, 2, 6].map((length) => Array.from({ length }, word));
}

let gpu: GpuContext;

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => {
  gpu?.destroy();
});

describe.each(configs().map((config, i) => ({ config, seed: 100 + i, label: name(configs()[i]) })))(
  'gpu vs cpu: $label',
  ({ config, seed }) => {
    it('encoder states, teacher-forced log-probs and greedy results agree within tolerance', async () => {
      const model = randomModel(config, seed, 0.6);
      const cpu = createCpuRunner(model);
      let runner: Seq2SeqRunner | undefined;
      try {
        runner = await createGpuRunner(model, { device: gpu.device });
        const batch = sources(config, seed);
        const [comparison] = [await compareBackends(cpu, runner, batch, config.eos_id)];
        for (const [i, result] of comparison.entries()) {
          const where = `sentence ${i}`;
          expect(result.maxAbsDiff.outputs, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.states);
          expect(result.maxAbsDiff.h, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.states);
          expect(result.maxAbsDiff.c, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.states);
          expect(result.maxAbsDiff.logprobs, where).toBeLessThanOrEqual(COMPARE_TOLERANCE.logProbs);
          expect(result.greedyAgree || result.nearTie, `${where}: greedy ids differ away from a near-tie`).toBe(true);
        }
        // Scores of greedy hypotheses and teacher-forced scores of given targets.
        const [cpuGreedy, gpuGreedy] = [await cpu.translate(batch), await runner.translate(batch)];
        cpuGreedy.forEach((nBest, i) => {
          if (comparison[i].greedyAgree)
            expect(Math.abs(nBest[0].score - gpuGreedy[i][0].score)).toBeLessThanOrEqual(1e-3);
        });
        const given = targets(config, seed);
        const [cpuScores, gpuScores] = [await cpu.score(batch, given), await runner.score(batch, given)];
        cpuScores.forEach((score, i) => {
          expect(gpuScores[i].logprobs).toHaveLength(given[i].length + 1);
          expect(Math.abs(score.total - gpuScores[i].total)).toBeLessThanOrEqual(
            COMPARE_TOLERANCE.logProbs * (given[i].length + 1),
          );
        });
      } finally {
        runner?.dispose();
        cpu.dispose();
      }
    });
  },
);
