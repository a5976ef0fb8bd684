// Properties of the GPU beam search (src/engine/beam-search.ts) beyond parity with the CPU
// search: beam 1 is greedy decoding bit for bit, a large beam on a tiny model is an exhaustive
// search, results do not depend on the rest of the batch, several vocabulary slices per row,
// the early stop (counted in submits and readbacks), hypotheses ending with nothing allowed,
// and buffer reuse. Real WGSL through Dawn (SwiftShader without a GPU).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeOptions } from '../../src/model/decoding.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { resolveDecodeOptions } from '../../src/model/decoding.ts';
import { InputError } from '../../src/errors.ts';
import { gpuCounters, liveBufferCount } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import type { AttentionType, CellType, RnnConfig } from '../../src/model/config.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { BEAM_CHUNK_STEPS } from '../../src/engine/beam-search.ts';
import { GpuDecoder, type GpuDecoderOptions } from '../../src/engine/decoder.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import { endedWithEos, exhaustiveSearch, hypothesisKey } from '../helpers/exhaustive-search.ts';
import { expectMatchesCpu, NEAR_TIE, newStats, SCORE_TOLERANCE, traceBeamSearch } from './beam-reference.ts';
import { type UploadedEncoding, uploadCpuEncoding } from './cpu-encoding.ts';

let gpu: GpuContext;
const stats = newStats();

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => {
  gpu?.destroy();
  console.log(
    `beam properties: ${stats.sentences} sentence searches compared with the CPU, ${stats.nearTies} with a near-tie`,
  );
});

function config(cell: CellType, attention: AttentionType, overrides: Partial<RnnConfig> = {}): RnnConfig {
  return defaultConfig({
    cell,
    attention,
    input_feeding: attention !== 'none',
    embedding_dim: 6,
    hidden_size: 8,
    src_vocab_size: 16,
    tgt_vocab_size: 14,
    ...overrides,
  });
}

async function withDecoder<T>(
  model: RnnModel,
  sentences: number[][],
  work: (decoder: GpuDecoder, encoding: UploadedEncoding) => Promise<T>,
  options: GpuDecoderOptions = {},
): Promise<T> {
  const decoder = await GpuDecoder.create(gpu.device, model, options);
  const encoding = uploadCpuEncoding(gpu.device, model, sentences);
  try {
    return await work(decoder, encoding);
  } finally {
    decoder.dispose();
    encoding.destroy();
  }
}

const sources = [[4, 5, 6, 7, 8], [9], [10, 11, 4], [12, 13]];

describe('beam 1 is greedy decoding', () => {
  it.each([
    { cell: 'lstm' as const, attention: 'additive' as const },
    { cell: 'gru' as const, attention: 'general' as const },
    { cell: 'rnn_tanh' as const, attention: 'dot' as const },
    { cell: 'rnn_relu' as const, attention: 'none' as const },
  ])('$cell, attention $attention: the same hypotheses bit for bit', async ({ cell, attention }) => {
    const model = randomModel(config(cell, attention), 61);
    await withDecoder(model, sources, async (decoder, encoding) => {
      for (const options of [
        { attention: true, lengthPenalty: 0.6, minLength: 2 },
        { maxLength: 5 },
      ] satisfies DecodeOptions[]) {
        const greedy = await decoder.greedy(encoding, options);
        const beam = await decoder.beamSearch(encoding, { ...options, beam: 1 });
        expect(beam).toEqual(greedy.map((hypothesis) => [hypothesis]));
      }
    });
  });
});

describe('a large beam on a tiny model is an exhaustive search (α = 0)', () => {
  // V = 6, maxLength 3: K = V^(maxLength − 1) = 36 keeps every prefix.
  const tiny = (cell: CellType, attention: AttentionType) =>
    randomModel(config(cell, attention, { tgt_vocab_size: 6, hidden_size: 6 }), 71, 1.5);

  it.each([
    { cell: 'lstm' as const, attention: 'general' as const, minLength: 0 },
    { cell: 'gru' as const, attention: 'none' as const, minLength: 1 },
  ])('$cell, attention $attention, minLength $minLength', async ({ cell, attention, minLength }) => {
    const model = tiny(cell, attention);
    const stepModel = new CpuStepModel(model);
    const batch = [[4, 5, 6], [7]];
    const options = { beam: 36, nBest: 3, maxLength: 3, minLength, lengthPenalty: 0 };
    await withDecoder(model, batch, async (decoder, encoding) => {
      const actual = await decoder.beamSearch(encoding, options);
      batch.forEach((source, i) => {
        const all = exhaustiveSearch(stepModel, source, { maxLength: 3, minLength, lengthPenalty: 0 });
        expect(actual[i]).toHaveLength(3);
        actual[i].forEach((hypothesis, rank) => {
          const expected = all[rank];
          expect(Math.abs(hypothesis.score - expected.score), `sentence ${i} rank ${rank} score`).toBeLessThanOrEqual(
            SCORE_TOLERANCE,
          );
          const key = hypothesisKey(hypothesis.ids, endedWithEos(hypothesis, 3));
          // Sequences whose exact scores are this close may come in either order from the f32 search.
          const tied = all.filter((entry) => Math.abs(entry.score - expected.score) <= NEAR_TIE);
          expect(
            tied.map((entry) => hypothesisKey(entry.ids, entry.endedWithEos)),
            `sentence ${i} rank ${rank}`,
          ).toContain(key);
        });
      });
    });
  });
});

describe('results do not depend on the batch', () => {
  it('a sentence alone, with other sentences and in a larger batch gives the same hypotheses', async () => {
    const model = randomModel(config('lstm', 'additive', { num_layers: 2, bidirectional: true }), 81);
    const options: DecodeOptions = { beam: 5, nBest: 3, lengthPenalty: 0.6, attention: true };
    const sentences = [[4, 5, 6], [7], [8, 9, 10, 11, 12], [13, 14]];
    const decode = (batch: number[][]) =>
      withDecoder(model, batch, (decoder, encoding) => decoder.beamSearch(encoding, options));
    const together = await decode(sentences);
    expectMatchesCpu(model, sentences, options, together, stats);
    const alone = await Promise.all(sentences.map((sentence) => decode([sentence])));
    expect(alone.map((list) => list[0])).toEqual(together);
    const otherCompany = await decode([[15, 15, 15, 15, 15, 15], sentences[2], [5], sentences[0]]);
    expect([otherCompany[3], otherCompany[1]]).toEqual([together[0], together[2]]);
  });
});

describe('vocabulary slices', () => {
  it('rows ranked in several slices (some with fewer allowed tokens than K) give the CPU search', async () => {
    const model = randomModel(config('gru', 'dot'), 91);
    model.weights.get('generator.bias')![model.config.eos_id] += 1;
    for (const options of [
      { beam: 5, nBest: 3, lengthPenalty: 0.6, attention: true },
      { beam: 12, nBest: 1, minLength: 3, maxLength: 8 },
    ] satisfies DecodeOptions[]) {
      // V = 14 in slices of 5: [0..4] holds pad, unk, bos, EOS and one more token.
      const sliced = await withDecoder(model, sources, (decoder, encoding) => decoder.beamSearch(encoding, options), {
        beamSliceWidth: 5,
      });
      expectMatchesCpu(model, sources, options, sliced, stats);
      const whole = await withDecoder(model, sources, (decoder, encoding) => decoder.beamSearch(encoding, options));
      expect(sliced.map((list) => list.map((h) => h.ids))).toEqual(whole.map((list) => list.map((h) => h.ids)));
    }
  });
});

describe('early stop', () => {
  it('stops after the chunk in which the last sentence stopped, as the CPU search does', async () => {
    const model = randomModel(config('rnn_tanh', 'general'), 101);
    model.weights.get('generator.bias')![model.config.eos_id] += 2;
    const options: DecodeOptions = { beam: 5, nBest: 2, maxLength: 40 };
    const stepModel = new CpuStepModel(model);
    const cpuSteps = Math.max(
      ...sources.map(
        (source) => traceBeamSearch(stepModel, source, resolveDecodeOptions(options, source.length)).steps,
      ),
    );
    const chunks = Math.ceil(cpuSteps / BEAM_CHUNK_STEPS);
    // Meaningful only when the search stops well before maxLength.
    expect(chunks).toBeLessThan(40 / BEAM_CHUNK_STEPS);
    await withDecoder(model, sources, async (decoder, encoding) => {
      const before = { ...gpuCounters };
      const actual = await decoder.beamSearch(encoding, options);
      // The chunks, then the readout copy; a live-count readback per chunk, then the readout.
      expect(gpuCounters.submits - before.submits).toBe(chunks + 1);
      expect(gpuCounters.readbacks - before.readbacks).toBe(chunks + 1);
      expectMatchesCpu(model, sources, options, actual, stats);
    });
  });
});

describe('hypotheses that end with nothing allowed', () => {
  // Every token but pad and bos gets a logit of −∞ except those listed: nothing else is ever allowed.
  function restricted(allowed: number[]): RnnModel {
    const model = randomModel(config('lstm', 'dot', { tgt_vocab_size: 6 }), 111);
    const bias = model.weights.get('generator.bias')!;
    for (let id = 0; id < 6; id++) if (id !== 0 && id !== 2 && !allowed.includes(id)) bias[id] = -Infinity;
    return model;
  }

  it.each([
    { allowed: [3], minLength: 0, expected: [{ ids: [] }] },
    { allowed: [3], minLength: 1, expected: [{ ids: [], score: 0 }] },
    { allowed: [3, 4], minLength: 2, expected: undefined },
  ])('allowed $allowed, minLength $minLength', async ({ allowed, minLength, expected }) => {
    const model = restricted(allowed);
    const options: DecodeOptions = { beam: 3, nBest: 2, minLength, maxLength: 5, attention: true };
    const batch = [[4, 5], [6]];
    await withDecoder(model, batch, async (decoder, encoding) => {
      const actual = await decoder.beamSearch(encoding, options);
      expectMatchesCpu(model, batch, options, actual, stats);
      if (expected) actual.forEach((list) => expect(list).toMatchObject(expected));
    });
  });
});

describe('the gpu runner', () => {
  it('translates with beam search for beam > 1, the GPU encoder included', async () => {
    const model = randomModel(config('lstm', 'general', { num_layers: 2, bidirectional: true }), 131);
    const runner = await createGpuRunner(model, { device: gpu.device });
    try {
      const options: DecodeOptions = { beam: 3, nBest: 2, lengthPenalty: 0.6, attention: true };
      expectMatchesCpu(model, sources, options, await runner.translate(sources, options), stats);
      await expect(runner.translate(sources, { beam: 2, nBest: 3 })).rejects.toThrow(InputError);
    } finally {
      runner.dispose();
    }
  });
});

describe('buffers and errors', () => {
  it('reuses its buffers across calls of one shape and frees them all on dispose()', async () => {
    const model = randomModel(config('gru', 'additive'), 121);
    const before = liveBufferCount();
    let first: Hypothesis[][] = [];
    await withDecoder(model, sources, async (decoder, encoding) => {
      first = await decoder.beamSearch(encoding, { beam: 4, nBest: 2, attention: true });
      const afterFirst = liveBufferCount();
      expect(await decoder.beamSearch(encoding, { beam: 4, nBest: 2, attention: true })).toEqual(first);
      expect(liveBufferCount()).toBe(afterFirst);
      await expect(decoder.beamSearch(encoding, { beam: 2, nBest: 3 })).rejects.toThrow(InputError);
      await expect(decoder.beamSearch(encoding, { beam: 0 })).rejects.toThrow(InputError);
    });
    expect(liveBufferCount()).toBe(before);
  });
});
