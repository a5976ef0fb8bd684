// The GPU decoder (src/engine/decoder.ts) against the CPU runner, on encoder results computed by
// the CPU reference and uploaded (test/gpu/cpu-encoding.ts), through Dawn (SwiftShader without a GPU).
//
// Teacher forcing: every cell × attention (none/dot/general/additive) × input feeding × {1, 2}
// layers, mixed source and target lengths; every log-prob of every step within LOGPROB_TOLERANCE.
// Greedy: ids equal the CPU's greedy decode (src/cpu/search/greedy.ts through the CPU runner's
// translate) unless the two backends diverge at a near-tie (see expectSameGreedy), scores within
// SCORE_TOLERANCE, attention rows within ALIGNMENT_TOLERANCE, readbacks counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeOptions } from '../../src/model/decoding.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { maskLogProbs, resolveDecodeOptions } from '../../src/model/decoding.ts';
import { InputError } from '../../src/errors.ts';
import { gpuCounters, liveBufferCount, liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import type { AttentionType, CellType, RnnConfig } from '../../src/model/config.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { GpuDecoder, type GpuDecoderOptions } from '../../src/engine/decoder.ts';
import { CHUNK_STEPS } from '../../src/engine/greedy.ts';
import { uploadCpuEncoding } from './cpu-encoding.ts';

/** Teacher-forced log-probs: absolute 1e-3 (f32 GPU against the f64 CPU reference). */
const LOGPROB_TOLERANCE = 1e-3;
/** Greedy hypothesis scores (sums of up to ~20 log-probs): absolute 1e-3. */
const SCORE_TOLERANCE = 1e-3;
/** Attention weights α: absolute 1e-4. */
const ALIGNMENT_TOLERANCE = 1e-4;
/**
 * Two log-probs closer than this are a near-tie: f32 rounding may order them either way, so the
 * backends may legitimately choose different tokens there (and everything after differs).
 */
const NEAR_TIE = 1e-4;

const CELLS: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];
const ATTENTIONS: AttentionType[] = ['none', 'dot', 'general', 'additive'];

const sources = [[4, 5, 6, 7, 8], [9], [10, 11, 4]];
// EOS, pad and bos inside a target are just tokens to teacher forcing.
const targets = [[5, 6, 7], [], [8, 3, 0, 2, 9, 10]];

let gpu: GpuContext;

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => {
  gpu?.destroy();
});

function config(cell: CellType, attention: AttentionType, feed: boolean, layers: number): RnnConfig {
  return defaultConfig({
    cell,
    attention,
    input_feeding: feed,
    num_layers: layers,
    bidirectional: layers === 2,
    embedding_dim: 8,
    hidden_size: 10,
    src_vocab_size: 20,
    tgt_vocab_size: 18,
  });
}

async function withDecoder<T>(
  model: RnnModel,
  sentences: number[][],
  work: (decoder: GpuDecoder, encoding: ReturnType<typeof uploadCpuEncoding>) => Promise<T>,
  decoderOptions: GpuDecoderOptions = {},
): Promise<T> {
  const decoder = await GpuDecoder.create(gpu.device, model, decoderOptions);
  const encoding = uploadCpuEncoding(gpu.device, model, sentences);
  try {
    return await work(decoder, encoding);
  } finally {
    decoder.dispose();
    encoding.destroy();
  }
}

function maxAbsDifference(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const difference = Math.abs(actual[i] - expected[i]);
    worst = Number.isNaN(difference) ? Infinity : Math.max(worst, difference);
  }
  return worst;
}

const teacherCases = CELLS.flatMap((cell) =>
  ATTENTIONS.flatMap((attention) =>
    (attention === 'none' ? [false] : [false, true]).flatMap((feed) =>
      [1, 2].map((layers) => ({ cell, attention, feed, layers })),
    ),
  ),
);

describe('teacherForce against the CPU runner forcedLogProbs', () => {
  it.each(teacherCases)(
    '$cell, attention $attention, input feeding $feed, $layers layer(s)',
    async ({ cell, attention, feed, layers }) => {
      const model = randomModel(config(cell, attention, feed, layers), 7 + layers);
      const expected = await createCpuRunner(model).forcedLogProbs(sources, targets);
      await withDecoder(model, sources, async (decoder, encoding) => {
        const before = { ...gpuCounters };
        const actual = await decoder.teacherForce(encoding, targets);
        expect([gpuCounters.submits - before.submits, gpuCounters.readbacks - before.readbacks]).toEqual([1, 1]);
        expect(actual.map((steps) => steps.length)).toEqual(targets.map((target) => target.length + 1));
        actual.forEach((steps, i) =>
          steps.forEach((row, t) => {
            expect(row.length).toBe(model.config.tgt_vocab_size);
            expect(maxAbsDifference(row, expected[i][t]), `sentence ${i} step ${t}`).toBeLessThanOrEqual(
              LOGPROB_TOLERANCE,
            );
          }),
        );
      });
    },
  );
});

/**
 * Greedy ids must be equal, except after a near-tie: at the first position where the backends
 * disagree, the CPU's masked log-probs of both tokens (after the common prefix) must be within
 * NEAR_TIE, else the GPU chose wrongly. Returns whether the hypotheses are comparable in full.
 */
function expectSameGreedy(
  model: RnnModel,
  source: number[],
  options: DecodeOptions,
  gpuHypothesis: Hypothesis,
  cpuHypothesis: Hypothesis,
): boolean {
  const ids = gpuHypothesis.ids;
  const cpuIds = cpuHypothesis.ids;
  const divergence = ids.findIndex((id, s) => id !== cpuIds[s]);
  const first = divergence >= 0 ? divergence : ids.length === cpuIds.length ? -1 : Math.min(ids.length, cpuIds.length);
  if (first < 0) return true;
  const stepModel = new CpuStepModel(model);
  let state = stepModel.begin(source);
  let previous = stepModel.bosId;
  for (let s = 0; s < first; s++) {
    state = stepModel.step(state, previous).state;
    previous = cpuIds[s];
  }
  const masked = maskLogProbs(
    stepModel.step(state, previous).logProbs,
    first,
    resolveDecodeOptions(options, source.length),
    stepModel,
  );
  const eos = model.config.eos_id;
  const gpuChoice = ids[first] ?? eos;
  const cpuChoice = cpuIds[first] ?? eos;
  expect(
    Math.abs(masked[gpuChoice] - masked[cpuChoice]),
    `greedy choices ${gpuChoice} (gpu) and ${cpuChoice} (cpu) at position ${first}`,
  ).toBeLessThanOrEqual(NEAR_TIE);
  return false;
}

interface GreedyRun {
  hypotheses: Hypothesis[];
  readbacks: number;
  submits: number;
  steps: number;
}

async function compareGreedy(
  model: RnnModel,
  sentences: number[][],
  options: DecodeOptions,
  decoderOptions: GpuDecoderOptions = {},
): Promise<GreedyRun> {
  const expected = (await createCpuRunner(model).translate(sentences, { ...options, beam: 1 })).map((list) => list[0]);
  return withDecoder(
    model,
    sentences,
    async (decoder, encoding) => {
      const before = { ...gpuCounters };
      const actual = await decoder.greedy(encoding, options);
      const counts = {
        readbacks: gpuCounters.readbacks - before.readbacks,
        submits: gpuCounters.submits - before.submits,
      };
      const steps = Math.max(...sentences.map((source) => resolveDecodeOptions(options, source.length).maxLength));
      expect(counts.readbacks).toBeLessThanOrEqual(Math.ceil(steps / CHUNK_STEPS) + 1);
      expect(actual).toHaveLength(sentences.length);
      actual.forEach((hypothesis, i) => {
        if (!expectSameGreedy(model, sentences[i], options, hypothesis, expected[i])) return;
        expect(Math.abs(hypothesis.score - expected[i].score), `score of sentence ${i}`).toBeLessThanOrEqual(
          SCORE_TOLERANCE,
        );
        if (!options.attention || model.config.attention === 'none') {
          expect(hypothesis.attention).toBeUndefined();
          return;
        }
        const rows = expected[i].attention;
        expect(rows).toBeDefined();
        expect(hypothesis.attention).toHaveLength(rows!.length);
        hypothesis.attention!.forEach((row, s) => {
          expect(row).toHaveLength(sentences[i].length);
          expect(maxAbsDifference(row, rows![s]), `α of sentence ${i} step ${s}`).toBeLessThanOrEqual(
            ALIGNMENT_TOLERANCE,
          );
        });
      });
      return { hypotheses: actual, ...counts, steps };
    },
    decoderOptions,
  );
}

const greedyCases = CELLS.flatMap((cell, c) =>
  ATTENTIONS.map((attention, a) => ({
    cell,
    attention,
    feed: attention !== 'none' && (a + c) % 2 === 0,
    layers: 1 + ((a + c) % 2),
  })),
);

describe('greedy against the CPU runner translate (beam 1)', () => {
  it.each(greedyCases)(
    '$cell, attention $attention, input feeding $feed, $layers layer(s)',
    async ({ cell, attention, feed, layers }) => {
      const model = randomModel(config(cell, attention, feed, layers), 11 + layers);
      const { readbacks, steps } = await compareGreedy(model, sources, { attention: true });
      // maxLength 2·5 + 10: three chunks of 8 steps unless every row ends early.
      expect(steps).toBe(20);
      expect(readbacks).toBeGreaterThanOrEqual(2);
    },
  );

  it('applies maxLength, minLength and the length penalty as the CPU driver does', async () => {
    const model = randomModel(config('lstm', 'general', true, 2), 23);
    await compareGreedy(model, sources, { maxLength: 9, minLength: 4, lengthPenalty: 0.7, attention: true });
    await compareGreedy(model, sources, { maxLength: 1 });
  });

  it('stops after the chunk in which every row ended: rows ending at different steps', async () => {
    const model = randomModel(config('gru', 'dot', false, 1), 32);
    // An EOS bias that ends the rows of this model after 5, 1 and 4 tokens (EOS included).
    model.weights.get('generator.bias')![model.config.eos_id] += 1.5;
    const generated = (await createCpuRunner(model).translate(sources)).map((list) => list[0].ids.length + 1);
    expect(generated).toEqual([5, 1, 4]);
    const { readbacks, submits } = await compareGreedy(model, sources, { attention: true });
    // One chunk, its finished flags, then the final readout: 2 readbacks where 20 steps allow 4;
    // submits: the chunk and the readout copy.
    expect([readbacks, submits]).toEqual([2, 2]);
  });
});

describe('greedy with speculative chunks (the next chunk submitted before the flags are read)', () => {
  it.each([
    { cell: 'lstm' as const, attention: 'additive' as const, feed: true, layers: 2 },
    { cell: 'rnn_relu' as const, attention: 'none' as const, feed: false, layers: 1 },
  ])(
    '$cell, attention $attention: the same hypotheses as without, within the readback budget',
    async ({ cell, attention, feed, layers }) => {
      const model = randomModel(config(cell, attention, feed, layers), 51);
      const plain = await compareGreedy(model, sources, { attention: true });
      const speculative = await compareGreedy(model, sources, { attention: true }, { speculativeChunks: true });
      expect(speculative.hypotheses).toEqual(plain.hypotheses);
      expect(speculative.readbacks).toBe(plain.readbacks);
      // Submits: the chunks, then the readout copy. When the flags stopped the plain decode before
      // its last chunk, the speculative one had submitted one more chunk ahead.
      const plainChunks = plain.submits - 1;
      const stoppedEarly = plainChunks < Math.ceil(plain.steps / CHUNK_STEPS);
      expect(speculative.submits).toBe(plain.submits + (stoppedEarly ? 1 : 0));
    },
  );

  it('computes at most one chunk past the end: rows ending in the first chunk', async () => {
    const model = randomModel(config('gru', 'dot', false, 1), 32);
    model.weights.get('generator.bias')![model.config.eos_id] += 1.5;
    const { readbacks, submits } = await compareGreedy(
      model,
      sources,
      { attention: true },
      { speculativeChunks: true },
    );
    // Chunk 1, its flags (read while chunk 2 runs), chunk 2, then the readout of both.
    expect([readbacks, submits]).toEqual([2, 3]);
  });
});

describe('arenas, buffers and errors', () => {
  it('reuses the arena of a shape across calls, and dispose() destroys every buffer', async () => {
    const model = randomModel(config('lstm', 'additive', true, 2), 41);
    const before = liveBufferCount();
    await withDecoder(model, sources, async (decoder, encoding) => {
      await decoder.teacherForce(encoding, targets);
      await decoder.greedy(encoding);
      const afterFirst = liveBufferCount();
      const first = await decoder.teacherForce(encoding, targets);
      const firstGreedy = await decoder.greedy(encoding);
      expect(liveBufferCount()).toBe(afterFirst);
      // A second call of the same shape gives the same results.
      const again = await decoder.teacherForce(encoding, targets);
      expect(again.map((steps) => steps.map((row) => Array.from(row)))).toEqual(
        first.map((steps) => steps.map((row) => Array.from(row))),
      );
      expect(await decoder.greedy(encoding)).toEqual(firstGreedy);
    });
    expect(liveBufferCount()).toBe(before);
  });

  it('rejects bad input with InputError before recording anything', async () => {
    const model = randomModel(config('gru', 'none', false, 1), 47);
    await withDecoder(model, sources, async (decoder, encoding) => {
      const before = { ...gpuCounters };
      await expect(decoder.teacherForce(encoding, targets.slice(1))).rejects.toThrow(InputError);
      await expect(decoder.teacherForce(encoding, [[5], [18], []])).rejects.toThrow(
        /target sentence 1: id 18 at position 0 is outside the vocabulary/,
      );
      await expect(decoder.greedy(encoding, { beam: 2 })).rejects.toThrow(/greedy decoding has beam 1/);
      await expect(decoder.greedy(encoding, { maxLength: 0 })).rejects.toThrow(InputError);
      expect(gpuCounters).toEqual(before);
      // The decoder still works after refusing them.
      expect(await decoder.teacherForce(encoding, targets)).toHaveLength(sources.length);
    });
  });

  it('rejects a call after dispose()', async () => {
    const model = randomModel(config('rnn_tanh', 'none', false, 1), 43);
    const decoder = await GpuDecoder.create(gpu.device, model);
    const encoding = uploadCpuEncoding(gpu.device, model, sources);
    decoder.dispose();
    await expect(decoder.greedy(encoding)).rejects.toThrow(/after dispose/);
    encoding.destroy();
  });

  it('no buffer created by these tests is left alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
