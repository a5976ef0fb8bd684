// The Transformer on the gpu backend against the CPU reference, end to end through the runners,
// on the default tiny model (post-norm, relu, sinusoidal, 1 layer, 2 heads) and a 2-layer pre-norm
// gelu one: encoder outputs, teacher-forced log-prob rows, greedy and beam search (ids exact,
// values within ABS + REL·|cpu|, helpers.ts), attention, batch invariance, beam 1 = greedy, and
// every GPU buffer freed after dispose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { createTransformerGpuEngine } from '../../src/engine/transformer/gpu-engine.ts';
import { checkDecodeOptions } from '../../src/model/decoding.ts';
import { gpuCounters, liveBufferCount, liveBufferLabels } from '../../src/gpu/debug.ts';
import { type GpuContext, acquireGpu } from '../../src/gpu/device.ts';
import { expectRowsClose, expectSameHypotheses, sentences, tinyModel } from './helpers.ts';

let gpu: GpuContext;
let buffersBefore: number;

beforeAll(async () => {
  gpu = await acquireGpu();
  buffersBefore = liveBufferCount();
});

afterAll(() => gpu?.destroy());

const MODELS = [
  { label: 'post-norm relu sinusoidal L1 h2', model: tinyModel({}, { seed: 3 }) },
  {
    label: 'pre-norm gelu learned L2 h4',
    model: tinyModel(
      {
        norm_first: true,
        activation: 'gelu',
        positions: 'learned',
        encoder_layers: 2,
        decoder_layers: 2,
        num_heads: 4,
      },
      { seed: 4 },
    ),
  },
];

describe.each(MODELS)('$label', ({ model }) => {
  const config = model.config;
  const sources = sentences(config.src_vocab_size, [5, 1, 3], 11);
  const targets = sentences(config.tgt_vocab_size, [4, 0, 2], 12);
  let cpu: Seq2SeqRunner;
  let runner: Seq2SeqRunner;

  beforeAll(async () => {
    cpu = createCpuRunner(model);
    runner = await createGpuRunner(model, { device: gpu.device });
  });

  afterAll(() => {
    runner?.dispose();
    cpu?.dispose();
  });

  it('encoder outputs agree', async () => {
    const [a, b] = [await cpu.encode(sources), await runner.encode(sources)];
    a.forEach((result, i) => expectRowsClose(result.outputs, b[i].outputs, `sentence ${i} outputs`));
  });

  it('teacher-forced log-prob rows agree', async () => {
    const [a, b] = [await cpu.forcedLogProbs(sources, targets), await runner.forcedLogProbs(sources, targets)];
    a.forEach((steps, i) => expectRowsClose(steps, b[i], `sentence ${i} log-probs`));
  });

  it('greedy ids, scores and attention agree', async () => {
    const options = { attention: true, maxLength: 12 };
    const [a, b] = [await cpu.translate(sources, options), await runner.translate(sources, options)];
    // Not vacuous: the reference returns attention rows, and some hypothesis has several tokens.
    expect(a.every((nBest) => nBest[0].attention !== undefined)).toBe(true);
    expect(a.some((nBest) => nBest[0].ids.length > 1)).toBe(true);
    a.forEach((nBest, i) => expectSameHypotheses(nBest, b[i], `sentence ${i} greedy`));
  });

  it('beam 3, n-best 2: ids, scores and attention agree', async () => {
    const options = { beam: 3, nBest: 2, attention: true, maxLength: 12 };
    const [a, b] = [await cpu.translate(sources, options), await runner.translate(sources, options)];
    a.forEach((nBest, i) => expectSameHypotheses(nBest, b[i], `sentence ${i} beam`));
  });

  it('a sentence in a batch gives what it gives alone', async () => {
    const options = { beam: 3, nBest: 2, maxLength: 12 };
    const together = await runner.translate(sources, options);
    const forced = await runner.forcedLogProbs(sources, targets);
    for (let i = 0; i < sources.length; i++) {
      const alone = await runner.translate([sources[i]], options);
      expectSameHypotheses(alone[0], together[i], `sentence ${i} alone vs batched`);
      const forcedAlone = await runner.forcedLogProbs([sources[i]], [targets[i]]);
      expectRowsClose(forcedAlone[0], forced[i], `sentence ${i} forced alone vs batched`);
    }
  });
});

it('beam search with beam 1 gives exactly the greedy result', async () => {
  const model = MODELS[0].model;
  const sources = sentences(model.config.src_vocab_size, [4, 2], 21);
  const limits = gpu.limits;
  const engine = await createTransformerGpuEngine(gpu.device, model, limits, limits);
  try {
    const options = checkDecodeOptions({ beam: 1, maxLength: 10, attention: true });
    const greedy = await engine.greedy(sources, options);
    const beam = await engine.beamSearch(sources, options);
    greedy.forEach((hypothesis, i) => {
      expect(beam[i][0].ids).toEqual(hypothesis.ids);
      expect(beam[i][0].score).toBe(hypothesis.score);
      expect(beam[i][0].attention).toEqual(hypothesis.attention);
    });
  } finally {
    engine.dispose();
  }
});

it('reads back once per chunk of 8 steps plus once at the end', async () => {
  const model = MODELS[0].model;
  const sources = sentences(model.config.src_vocab_size, [4, 2], 22);
  const runner = await createGpuRunner(model, { device: gpu.device });
  try {
    // maxLength 20 and minLength 20: every step runs, in ceil(20 / 8) = 3 chunks.
    for (const options of [
      { maxLength: 20, minLength: 20 },
      { maxLength: 20, minLength: 20, beam: 3 },
    ]) {
      const before = gpuCounters.readbacks;
      await runner.translate(sources, options);
      expect(gpuCounters.readbacks - before, `beam ${options.beam ?? 1}`).toBe(3);
    }
  } finally {
    runner.dispose();
  }
});

it('frees every GPU buffer after dispose', () => {
  // The runners of the describe blocks are disposed by their afterAll hooks, which run before this.
  expect(liveBufferCount(), liveBufferLabels().join(', ')).toBe(buffersBefore);
});
