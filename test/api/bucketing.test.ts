// Length bucketing (bucketedBatches in src/model/decoding.ts, TranslateOptions.bucketWindow): batches of similar
// lengths, and results identical to unbucketed runs, in input order, on both backends, for greedy
// and beam search, prefixes, alignment, unknown replacement, sampling and translateStream; the
// option's validation.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchBucketing, bucketingTable } from '../../bench/bucketing.ts';
import { bucketedBatches } from '../../src/model/decoding.ts';
import { EngineModel } from '../../src/api/loaded-model.ts';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import {
  createBackend,
  InputError,
  type Backend,
  type LoadedModel,
  type TranslateEvent,
  type TranslateOptions,
} from '../../src/node.ts';

const LSTM_DIR = resolve(import.meta.dirname, '../../models/en-es');
const TRANSFORMER_DIR = resolve(import.meta.dirname, '../../models/en-es-transformer');

// Mixed lengths, empty inputs among them, and a batch size (2) well below the window.
const INPUTS = [
  'the dog sees the red cat and the boy is tall .',
  '',
  'the cat .',
  'the soup is cold .',
  'red .',
  '',
  'the very big houses are red .',
  'I see her .',
];
const PREFIXES = ['el', undefined, 'un', undefined, [], undefined, 'las', 'la'];
const BATCH_SIZE = 2;
const OFF: TranslateOptions = { bucketWindow: 0 };

describe('bucketedBatches', () => {
  it('sorts each window by length, stably, in whole batches', () => {
    const lengths = [5, 1, 3, 1, 9, 2, 2, 7];
    // Window 3 rounds up to 4 (two batches of 2): [5,1,3,1] then [9,2,2,7].
    expect(bucketedBatches(lengths, 2, 3)).toEqual([
      [1, 3],
      [2, 0],
      [5, 6],
      [7, 4],
    ]);
    expect(bucketedBatches(lengths, 3, 8)).toEqual([
      [1, 3, 5],
      [6, 2, 0],
      [7, 4],
    ]);
  });

  it('keeps the input order with a window of 0 or 1', () => {
    for (const window of [0, 1]) expect(bucketedBatches([3, 1, 2], 2, window)).toEqual([[0, 1], [2]]);
    expect(bucketedBatches([], 2, 256)).toEqual([]);
  });
});

describe('batches with bucketing', () => {
  it('hands the runner sentences of similar length, in length order within the window', async () => {
    const model = await loadModelDir(LSTM_DIR);
    const batches: number[][] = [];
    const runner = createCpuRunner(model);
    // The cpu runner, recording the source lengths of every batch it is handed.
    const recording = Object.create(runner) as Seq2SeqRunner;
    recording.translate = (sources, options, onProgress) => {
      batches.push(sources.map((ids) => ids.length));
      return runner.translate(sources, options, onProgress);
    };
    const loaded = new EngineModel(model, recording, BATCH_SIZE, () => undefined);
    try {
      const bucketed = await loaded.translate(INPUTS);
      const lengths = batches.flat();
      expect(lengths).toEqual([...lengths].sort((a, b) => a - b));
      expect(lengths).toHaveLength(6);
      batches.length = 0;
      expect(await loaded.translate(INPUTS, OFF)).toEqual(bucketed);
      expect(batches.flat()).toEqual(INPUTS.filter(Boolean).map((text) => loaded.tokenize(text).length));
    } finally {
      loaded.dispose();
    }
  });
});

/** The same call with bucketing off, with the default window and with a small one. */
async function expectSameWithAndWithout(model: LoadedModel, options: TranslateOptions): Promise<void> {
  const plain = await model.translate(INPUTS, { ...options, ...OFF });
  expect(plain.map((t) => t.source.ids.length)).toEqual(INPUTS.map((text) => model.tokenize(text).length));
  expect(await model.translate(INPUTS, options)).toEqual(plain);
  expect(await model.translate(INPUTS, { ...options, bucketWindow: 4 })).toEqual(plain);
}

const CASES: [string, TranslateOptions][] = [
  ['greedy', {}],
  ['beam 3, 2-best', { beam: 3, nBest: 2 }],
  ['prefix and alignment', { prefix: PREFIXES, alignment: true, beam: 3 }],
  ['replaceUnknowns and attention, greedy', { replaceUnknowns: true, attention: true }],
  ['sampling', { sampling: { seed: 7, temperature: 1.5, topK: 30 } }],
  [
    'sampling with sentenceOffset and a prefix',
    { sampling: { seed: 3, topP: 0.9 }, sentenceOffset: 5, prefix: PREFIXES },
  ],
];

describe.each(['cpu', 'gpu'] as const)('the %s backend', (kind) => {
  let backend: Backend;
  let lstm: LoadedModel;
  let transformer: LoadedModel;

  beforeAll(async () => {
    backend = await createBackend({ kind });
    lstm = await backend.load(LSTM_DIR, { batchSize: BATCH_SIZE });
    transformer = await backend.load(TRANSFORMER_DIR, { batchSize: BATCH_SIZE });
  });

  afterAll(() => backend?.dispose());

  it.each(CASES)('LSTM, %s: the same results with and without bucketing', async (_, options) => {
    await expectSameWithAndWithout(lstm, options);
  });

  it.each(CASES.slice(0, 3))('Transformer, %s: the same results with and without bucketing', async (_, options) => {
    await expectSameWithAndWithout(transformer, options);
  });

  it('samples the same draws with bucketing as batch by batch in input order', async () => {
    const options: TranslateOptions = { sampling: { seed: 11, temperature: 2 } };
    const one = await backend.load(LSTM_DIR, { batchSize: 1 });
    try {
      expect(await lstm.translate(INPUTS, options)).toEqual(await one.translate(INPUTS, { ...options, ...OFF }));
    } finally {
      one.dispose();
    }
  });

  it('streams one done event per input, in input order, with the results of translate', async () => {
    const options: TranslateOptions = { beam: 2 };
    const events: TranslateEvent[] = [];
    for await (const event of lstm.translateStream(INPUTS, options)) events.push(event);
    const done = events.filter((event) => event.done);
    expect(done.map((event) => event.index)).toEqual(INPUTS.map((_, i) => i));
    expect(done.map((event) => event.translation)).toEqual(await lstm.translate(INPUTS, { ...options, ...OFF }));
    // A progress event never follows its input's done event.
    events.forEach((event, k) => {
      if (!event.done) expect(done.findIndex((d) => d.index === event.index && events.indexOf(d) < k)).toBe(-1);
    });
  });
});

describe('option bucketWindow', () => {
  let backend: Backend;
  let model: LoadedModel;

  beforeAll(async () => {
    backend = await createBackend({ kind: 'cpu' });
    model = await backend.load(LSTM_DIR);
  });

  afterAll(() => backend?.dispose());

  it.each([-1, 1.5, 65537, Number.NaN, '8', null])('refuses %s with an InputError', async (value) => {
    const call = model.translate(['the cat .'], { bucketWindow: value as number });
    await expect(call).rejects.toThrow(InputError);
    await expect(call).rejects.toThrow(/option bucketWindow must be an integer in \[0, 65536\]/);
  });

  it('takes 0, 1 and 65536', async () => {
    for (const bucketWindow of [0, 1, 65536])
      await expect(model.translate('the cat .', { bucketWindow })).resolves.toBeDefined();
  });
});

describe('bench/bucketing.ts', () => {
  it('skips without test sentences, and prints its rows as a table', async () => {
    expect(await benchBucketing([LSTM_DIR], '/nonexistent/test.en')).toEqual({
      skipped: 'no test sentences at /nonexistent/test.en',
    });
    const row = { model: 'm', search: 'greedy', sentences: 10, seconds: 2, sentencesPerSecond: 5, identical: true };
    const table = bucketingTable([
      { ...row, bucketing: 'off' },
      { ...row, bucketing: 'on', seconds: 1, sentencesPerSecond: 10 },
    ]);
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toContain('| m     | greedy | on        | 10        | 1.0     | 10.0        | yes       |');
  });
});
