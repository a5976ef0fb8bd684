// The decoding options of docs/decoding.md (prefix, noRepeatNgram, coveragePenalty, alignment,
// progress) on the gpu backend against the CPU reference, end to end through the runners, for
// both model families: ids and alignments exact, scores within 1e-4 + 1e-4·|cpu| (f32 sums on the
// device, f64 on the host), and the readbacks of a call the same with and without every option.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import type { Seq2SeqRunner, TranslateProgress } from '../../src/engine/runner.ts';
import { checkDecodeOptionsForModel, type DecodeOptions } from '../../src/model/decoding.ts';
import { batchOverLimits } from '../../src/engine/batch-limits.ts';
import type { Model } from '../../src/model/model.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import {
  defaultConfig,
  defaultTransformerConfig,
  randomModel,
  randomTransformerModel,
  seededRandom,
} from '../../src/model/random-model.ts';
import { gpuCounters } from '../../src/gpu/debug.ts';
import { type GpuContext, acquireGpu } from '../../src/gpu/device.ts';

const ABS = 1e-4;
const REL = 1e-4;

let gpu: GpuContext;
beforeAll(async () => {
  gpu = await acquireGpu();
});
afterAll(() => gpu?.destroy());

const MODELS: { label: string; model: Model }[] = [
  {
    label: 'lstm general input feeding',
    model: randomModel(defaultConfig({ cell: 'lstm', attention: 'general', input_feeding: true }), 5, 1.5),
  },
  { label: 'gru additive', model: randomModel(defaultConfig({ cell: 'gru', attention: 'additive' }), 6, 1.5) },
  { label: 'rnn_tanh dot', model: randomModel(defaultConfig({ cell: 'rnn_tanh', attention: 'dot' }), 7, 1.5) },
  { label: 'transformer post-norm', model: randomTransformerModel(defaultTransformerConfig(), 8) },
  {
    label: 'transformer pre-norm',
    model: randomTransformerModel(defaultTransformerConfig({ norm_first: true }), 9),
  },
];

function sentences(vocab: number, lengths: readonly number[], seed: number): number[][] {
  const rand = seededRandom(seed);
  return lengths.map((length) => Array.from({ length }, () => 4 + Math.floor(rand() * (vocab - 4))));
}

function expectSame(cpu: Hypothesis[][], gpu: Hypothesis[][], what: string): void {
  expect(gpu.length, what).toBe(cpu.length);
  cpu.forEach((list, s) => {
    expect(gpu[s].length, `${what} sentence ${s}`).toBe(list.length);
    list.forEach((hypothesis, i) => {
      const other = gpu[s][i];
      const where = `${what} sentence ${s} #${i}`;
      expect(other.ids, `${where} ids`).toEqual(hypothesis.ids);
      const bound = ABS + REL * Math.abs(hypothesis.score);
      expect(
        Math.abs(other.score - hypothesis.score),
        `${where} score ${other.score} vs ${hypothesis.score}`,
      ).toBeLessThanOrEqual(bound);
      expect(other.alignment, `${where} alignment`).toEqual(hypothesis.alignment);
      expect(other.attention === undefined, `${where} attention`).toBe(hypothesis.attention === undefined);
    });
  });
}

describe.each(MODELS)('$label', ({ model }) => {
  const config = model.config;
  const sources = sentences(config.src_vocab_size, [5, 2, 4], 11);
  const V = config.tgt_vocab_size;
  const prefix = [[5, 6], [], [7, 8, 7]].map((ids) => ids.map((id) => 4 + (id % (V - 4))));
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

  const cases: [string, DecodeOptions][] = [
    ['prefix', { prefix }],
    ['noRepeatNgram 1', { noRepeatNgram: 1 }],
    ['noRepeatNgram 2', { noRepeatNgram: 2, maxLength: 12 }],
    ['noRepeatNgram 3 with prefix', { noRepeatNgram: 3, prefix, maxLength: 14 }],
    // Coverage only costs where Σ_t α_tj < 1: short outputs (maxLength 3 < S = 5 for sentence 0).
    ['coveragePenalty', { coveragePenalty: 0.7, maxLength: 3 }],
    ['coveragePenalty, longer', { coveragePenalty: 0.7 }],
    ['alignment', { alignment: true }],
    [
      'alignment, attention, coverage',
      { alignment: true, attention: true, coveragePenalty: 0.3, lengthPenalty: 0.6, maxLength: 4 },
    ],
  ];
  for (const beam of [1, 3]) {
    it.each(cases)(`beam ${beam}: %s`, async (_, options) => {
      const all: DecodeOptions = { ...options, beam, nBest: beam === 1 ? 1 : 2 };
      const expected = await cpu.translate(sources, all);
      const got = await runner.translate(sources, all);
      expectSame(expected, got, `beam ${beam}`);
      // The options did something (so the comparison is not of two searches that ignore them).
      got.forEach((list, s) =>
        list.forEach(({ ids, alignment }) => {
          const forced = options.prefix?.[s] ?? [];
          if (ids.length >= forced.length) expect(ids.slice(0, forced.length)).toEqual(forced);
          if (options.noRepeatNgram === 1) expect(new Set(ids).size).toBe(ids.length);
          if (options.alignment) expect(alignment?.length).toBe(ids.length);
        }),
      );
      if (options.coveragePenalty && options.maxLength) {
        const without = await runner.translate(sources, { ...all, coveragePenalty: 0 });
        expect(got[0][0].score).not.toBe(without[0][0].score);
      }
    });
  }

  const samplings: [string, DecodeOptions][] = [
    ['seed 1', { sampling: { seed: 1 } }],
    ['seed 7, temperature 0.7, topK 5', { sampling: { seed: 7, temperature: 0.7, topK: 5 } }],
    ['seed 42, topP 0.8, temperature 1.5', { sampling: { seed: 42, topP: 0.8, temperature: 1.5 } }],
    ['seed 3 with prefix and noRepeatNgram 2', { sampling: { seed: 3 }, prefix, noRepeatNgram: 2 }],
    ['seed 5 with coverage and alignment', { sampling: { seed: 5 }, coveragePenalty: 0.4, alignment: true }],
  ];
  it.each(samplings)('sampling %s: the CPU draws, in batches of 3 and of 1', async (_, options) => {
    const expected = await cpu.translate(sources, options);
    expectSame(expected, await runner.translate(sources, options), 'batch of 3');
    if (!options.prefix) {
      const best = await runner.translate(sources, { ...options, sampling: undefined });
      const drawnIds = expected.map((list) => list[0].ids);
      const sampledSomething = drawnIds.some((ids, i) => ids.join() !== best[i][0].ids.join());
      expect(sampledSomething || drawnIds.every((ids) => ids.length === 0)).toBe(true);
    }
    // Sentence i alone, with its key and prefix: the draws do not depend on batching.
    for (let i = 0; i < sources.length; i++) {
      const alone: DecodeOptions = {
        ...options,
        sentenceOffset: i,
        prefix: options.prefix && [options.prefix[i]],
      };
      expectSame([expected[i]], await runner.translate([sources[i]], alone), `sentence ${i} alone`);
    }
  });

  it('refuses a prefix longer than maxLength before any GPU work, naming the sentence', async () => {
    await expect(runner.translate(sources, { prefix, maxLength: 2 })).rejects.toThrow(
      'prefix of sentence 2 has 3 tokens, more than maxLength 2',
    );
  });

  for (const beam of [1, 3]) {
    it(`beam ${beam}: progress grows the ids at the same readbacks as without options`, async () => {
      // Long enough for several chunks of 8 steps.
      const base: DecodeOptions = { beam, maxLength: 20, minLength: 18 };
      const readbacks = async (options: DecodeOptions, onProgress?: (p: readonly TranslateProgress[]) => void) => {
        const before = gpuCounters.readbacks;
        const result = await runner.translate(sources, options, onProgress);
        return { result, readbacks: gpuCounters.readbacks - before };
      };
      const plain = await readbacks(base);
      const reports: TranslateProgress[][] = [];
      const prefixed: TranslateProgress[] = [];
      const withAll = await readbacks(
        {
          ...base,
          prefix,
          noRepeatNgram: 2,
          coveragePenalty: 0.5,
          alignment: true,
          attention: true,
          ...(beam === 1 ? { sampling: { seed: 11, topK: 4 } } : {}),
        },
        (progress) => prefixed.push(...progress),
      );
      // Every report of the call with a prefix starts with it.
      expect(prefixed.length).toBeGreaterThan(0);
      for (const { sentence, ids } of prefixed) expect(ids.slice(0, prefix[sentence].length)).toEqual(prefix[sentence]);
      const reported = await readbacks(base, (progress) => reports.push([...progress]));
      // ceil(20 / 8) chunks: a readback after each but the last (beam) or after each (greedy flags
      // and the final readout), whatever the options.
      expect(plain.readbacks).toBe(3);
      expect(withAll.readbacks).toBe(plain.readbacks);
      expect(reported.readbacks).toBe(plain.readbacks);
      expect(reported.result).toEqual(plain.result);
      expect(reports.length).toBeGreaterThan(0);
      const seen = new Map<number, number[]>();
      for (const report of reports) {
        for (const { sentence, ids } of report) {
          expect(sentence).toBeGreaterThanOrEqual(0);
          expect(sentence).toBeLessThan(sources.length);
          expect(ids.length % 8, 'ids per chunk').toBe(0);
          seen.set(sentence, ids);
        }
      }
      // The last report of each sentence is a prefix of its final best hypothesis (greedy: same path).
      if (beam === 1) {
        for (const [sentence, ids] of seen) {
          expect(plain.result[sentence][0].ids.slice(0, ids.length)).toEqual(ids);
        }
      }
    });
  }
});

describe('a call split into batches', () => {
  const model = MODELS[0].model;
  if (model.config.format !== 'seq2seq-rnn') throw new Error('an RNN model expected');
  const config = model.config;
  const sources = sentences(config.src_vocab_size, [5, 2, 4, 3], 21);
  const prefix = [[6], [], [7, 8], [9]];
  const options: DecodeOptions = { prefix, noRepeatNgram: 2, sampling: { seed: 9, topP: 0.9 }, alignment: true };

  it('keeps each sentence its prefix, random key and progress index', async () => {
    // The smallest binding size a single sentence needs: the whole call then splits down to ones.
    const work = { kind: 'decode', options: checkDecodeOptionsForModel(options, config) } as const;
    let limit = 4;
    const fits = (size: number) =>
      sources.every(
        (source) =>
          batchOverLimits(config, [source], work, { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: size }) ===
          undefined,
      );
    while (!fits(limit)) limit *= 2;
    expect(
      batchOverLimits(config, sources, work, { maxBufferSize: 1 << 30, maxStorageBufferBindingSize: limit }),
    ).toBeDefined();
    const cpu = createCpuRunner(model);
    const split = await createGpuRunner(model, {
      device: gpu.device,
      bufferLimits: { maxStorageBufferBindingSize: limit },
    });
    try {
      const sentencesSeen = new Set<number>();
      const expected = await cpu.translate(sources, { ...options, maxLength: 20, minLength: 12 });
      const got = await split.translate(sources, { ...options, maxLength: 20, minLength: 12 }, (progress) => {
        for (const { sentence, ids } of progress) {
          sentencesSeen.add(sentence);
          expect(ids.slice(0, prefix[sentence].length)).toEqual(prefix[sentence]);
        }
      });
      expectSame(expected, got, 'split');
      expect([...sentencesSeen].sort()).toEqual([0, 1, 2, 3]);
    } finally {
      split.dispose();
      cpu.dispose();
    }
  });
});
