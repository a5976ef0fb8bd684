// The public API on the cpu backend: model sources (files in memory, a base URL served over HTTP,
// a directory through the Node entry, a parsed Model), text and id inputs tokenised as the command
// line does, results equal to the runner underneath, batching, errors and dispose.
import { createServer, type Server } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { createBackend, InputError, loadModel, ModelFormatError, UnrollError, type Backend } from '../../src/index.ts';
import * as nodeEntry from '../../src/node.ts';
import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { writeSafetensors } from '../../src/model/safetensors-write.ts';
import { makeVocab, modelTensors, writeModelDir } from '../helpers/model-files.ts';
import { FINITE_SOURCE, OVERFLOWING_SOURCE, overflowingModel } from '../helpers/overflow-model.ts';
import { finiteHypotheses, finiteScore, markNothingAllowed } from '../../src/model/finite-results.ts';
import { detokenize } from '../../src/model/tokenizer/detokenize.ts';

const config = defaultConfig({ attention: 'general', input_feeding: true, num_layers: 2, bidirectional: true });
const model: Model = { ...randomModel(config, 3), vocab: makeVocab(config) };
const files = {
  config: JSON.stringify(config),
  safetensors: writeSafetensors(modelTensors(model)),
  vocab: JSON.stringify(model.vocab),
};
const reference = createCpuRunner(model);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

let backend: Backend;
let root: string;

beforeAll(async () => {
  backend = await createBackend({ kind: 'cpu' });
  root = await mkdtemp(join(tmpdir(), 'unroll-api-'));
});

afterAll(async () => {
  backend.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('createBackend({ kind: "cpu" }) with a model in memory', () => {
  it('translates a text: tokens in and out, as the runner gives them', async () => {
    const loaded = await backend.load(files);
    expect(loaded.backend).toBe('cpu');
    expect(loaded.config).toEqual(config);
    const result = await loaded.translate('w4 w5 nonsense w9', { beam: 3, nBest: 2, attention: true });
    expect(result.source).toEqual({ ids: [4, 5, 1, 9], tokens: ['w4', 'w5', '<unk>', 'w9'], unknown: ['nonsense'] });
    const [expected] = await reference.translate([[4, 5, 1, 9]], { beam: 3, nBest: 2, attention: true });
    expect(result.hypotheses).toHaveLength(2);
    result.hypotheses.forEach((hypothesis, i) => {
      const tokens = expected[i].ids.map((id) => model.vocab!.target[id]);
      expect(hypothesis).toEqual({
        ids: expected[i].ids,
        tokens,
        text: detokenize(tokens),
        score: expected[i].score,
        attention: expected[i].attention,
      });
      // One row of S weights per generated step, EOS included when it was generated.
      expect([hypothesis.ids.length, hypothesis.ids.length + 1]).toContain(hypothesis.attention!.length);
      for (const row of hypothesis.attention!) expect(row).toHaveLength(4);
    });
    loaded.dispose();
  });

  it('translates a list of texts and id lists in order, an empty entry with no hypotheses, across batches', async () => {
    const loaded = await backend.load(files, { batchSize: 2 });
    const inputs = ['w4 w6', [7, 8, 9], '   ', 'w10', [5], []];
    const results = await loaded.translate(inputs);
    expect(results).toHaveLength(6);
    const expected = await reference.translate([[4, 6], [7, 8, 9], [10], [5]]);
    const nonEmpty = [0, 1, 3, 4];
    nonEmpty.forEach((index, i) => expect(results[index].hypotheses[0].ids).toEqual(expected[i][0].ids));
    expect(results[2]).toEqual({ text: '', source: { ids: [], tokens: [], unknown: [] }, hypotheses: [] });
    expect(results[5].hypotheses).toEqual([]);
    expect(results[1].source).toEqual({ ids: [7, 8, 9], tokens: ['w7', 'w8', 'w9'], unknown: [] });
    loaded.dispose();
  });

  it('encodes and scores as the runner does', async () => {
    const loaded = await backend.load(files);
    const single = await loaded.encode('w4 w5 w6');
    expect(single).toEqual((await reference.encode([[4, 5, 6]]))[0]);
    const list = await loaded.encode([[4], 'w7 w8']);
    expect(list).toEqual(await reference.encode([[4], [7, 8]]));

    const score = await loaded.score('w4 w5', 't6 t7 t8');
    expect(score).toEqual((await reference.score([[4, 5]], [[6, 7, 8]]))[0]);
    expect(score.logprobs).toHaveLength(4);
    const scores = await loaded.score([[4], 'w9'], ['t5', [6, 7]]);
    expect(scores).toEqual(await reference.score([[4], [9]], [[5], [6, 7]]));
    loaded.dispose();
  });

  it('tokenizes either side as the inputs are', async () => {
    const loaded = await backend.load(files);
    expect(loaded.tokenize(' w6\tw4  zzz </s>')).toEqual([6, 4, 1, 3]);
    expect(loaded.tokenize('t5 w5', 'target')).toEqual([5, 1]);
    loaded.dispose();
  });
});

describe('errors', () => {
  it('refuses bad inputs, ids and options with InputErrors that say where', async () => {
    const loaded = await backend.load(files);
    const bad = await rejection(loaded.translate([[4], [5, 99]]));
    expect(bad).toBeInstanceOf(InputError);
    expect(bad.message).toBe('source 1: id 99 at position 1 is outside the vocabulary (size 20)');
    expect((await rejection(loaded.translate('w4', { beam: 0 }))).message).toBe(
      'decode option beam must be an integer >= 1 (got 0)',
    );
    expect((await rejection(loaded.translate('w4', { beam: 2, nBest: 3 }))).message).toBe(
      'decode option nBest (3) must not exceed beam (2)',
    );
    expect((await rejection(loaded.translate([4, 5] as never))).message).toBe(
      'source 0 must be a string or an array of ids, found number 4',
    );
    expect((await rejection(loaded.encode(['w4', '']))).message).toBe('source 1 is empty: there is nothing to encode');
    expect((await rejection(loaded.score(['w4'], ['t4', 't5']))).message).toBe(
      'score needs as many targets as sources, in the same form (a text each, or lists): got 1 source(s) and 2 target(s)',
    );
    loaded.dispose();
  });

  it('refuses options past their bounds before any work, naming the option and the bound', async () => {
    const loaded = await backend.load(files);
    const refused: [Record<string, unknown>, string][] = [
      [{ beam: 2 ** 31 }, 'decode option beam must be at most 64 (got 2147483648)'],
      [{ beam: 100000 }, 'decode option beam must be at most 64 (got 100000)'],
      [{ maxLength: 1e7 }, 'decode option maxLength must be at most 4096 (got 10000000)'],
      [{ minLength: 2 ** 53 }, 'decode option minLength must be an integer >= 0 (got 9007199254740992)'],
      [{ lengthPenalty: 1e308 }, 'decode option lengthPenalty must be at most 10 (got 1e+308)'],
      // The test model has 18 target tokens.
      [{ beam: 19 }, 'decode option beam (19) must not exceed the target vocabulary size tgt_vocab_size (18)'],
    ];
    for (const [options, message] of refused) {
      const error = await rejection(loaded.translate('the cat w4', options));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(message);
    }
    // The runner itself checks too, for callers below the API.
    await expect(reference.translate([[4]], { beam: 19 })).rejects.toThrow('tgt_vocab_size (18)');
    expect((await loaded.translate('w4', { beam: 18, maxLength: 2 })).hypotheses.length).toBe(1);
    loaded.dispose();
  });

  it('refuses a string inside an id list as a string, not as an id', async () => {
    const loaded = await backend.load(files);
    const error = await rejection(loaded.translate([['5']] as never));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe('source 0: ids must be numbers, found a string "5" at position 0');
    expect((await rejection(loaded.translate([[4, null]] as never))).message).toBe(
      'source 0: ids must be numbers, found null at position 1',
    );
    expect((await rejection(loaded.score([[4]], [[5, '6']] as never))).message).toBe(
      'target 0: ids must be numbers, found a string "6" at position 1',
    );
    loaded.dispose();
  });

  it('refuses text for a model without a vocabulary, but takes ids', async () => {
    const loaded = await backend.load({ config: files.config, safetensors: files.safetensors });
    expect(loaded.vocab).toBeUndefined();
    const error = await rejection(loaded.translate('w4 w5'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      'the model has no vocab.json or tokenizer.json: give sentences as token ids (number[][]) instead of text',
    );
    const [result] = await loaded.translate([[4, 5]]);
    expect(result.source).toEqual({ ids: [4, 5] });
    expect(result.hypotheses[0]).not.toHaveProperty('tokens');
    loaded.dispose();
  });

  it('reports malformed model files as ModelFormatErrors naming the file', async () => {
    const error = await rejection(backend.load({ ...files, config: '{"format": "seq2seq-rnn"' }));
    expect(error).toBeInstanceOf(ModelFormatError);
    expect(error.message).toMatch(/^config\.json: /);
    const truncated = await rejection(backend.load({ ...files, safetensors: files.safetensors.subarray(0, 100) }));
    expect(truncated).toBeInstanceOf(ModelFormatError);
    expect(truncated.message).toMatch(/^model\.safetensors: /);
  });

  it('refuses an unknown backend kind and a bad batch size', async () => {
    const kind = await rejection(createBackend({ kind: 'tpu' } as never));
    expect(kind).toBeInstanceOf(InputError);
    expect(kind.message).toBe('createBackend: kind must be "gpu" or "cpu", found "tpu"');
    expect((await rejection(backend.load(files, { batchSize: 0 }))).message).toBe(
      'load option batchSize must be an integer >= 1 (got 0)',
    );
  });

  it('points a directory path given to the browser entry at the Node entry', async () => {
    const error = await rejection(loadModel('models/en-es'));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(
      `model source "models/en-es": loading a model directory needs the Node entry (import { createBackend } from 'unroll/node')`,
    );
  });
});

describe('dispose', () => {
  it('makes later calls reject with kind "disposed", and a backend disposes its models', async () => {
    const own = await createBackend({ kind: 'cpu' });
    const first = await own.load(files);
    const second = await own.load(files);
    first.dispose();
    first.dispose(); // idempotent
    const afterModel = await rejection(first.translate('w4'));
    expect(afterModel).toBeInstanceOf(UnrollError);
    expect((afterModel as UnrollError).kind).toBe('disposed');
    expect(afterModel.message).toBe('model.translate() after model.dispose()');
    expect((await second.translate('w4')).hypotheses).toHaveLength(1);
    own.dispose();
    expect(((await rejection(second.encode('w4'))) as UnrollError).kind).toBe('disposed');
    const afterBackend = await rejection(own.load(files));
    expect((afterBackend as UnrollError).kind).toBe('disposed');
    expect(afterBackend.message).toBe('backend.load() after backend.dispose()');
  });
});

describe('model sources', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const dir = await writeModelDir(join(root, 'served'), model);
    await writeModelDir(join(root, 'served-bare'), { config, weights: model.weights });
    server = createServer((request, response) => {
      const path = join(root, decodeURIComponent(new URL(request.url!, 'http://x').pathname));
      readFile(path).then(
        (bytes) => response.writeHead(200).end(bytes),
        () => response.writeHead(404, 'Not Found').end(),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as { port: number };
    base = `http://127.0.0.1:${address.port}`;
    expect(dir).toBe(join(root, 'served'));
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches config.json, model.safetensors and vocab.json relative to a base URL', async () => {
    for (const source of [`${base}/served`, { url: `${base}/served/` }, new URL(`${base}/served`)]) {
      const loaded = await loadModel(source);
      expect(loaded.config).toEqual(config);
      expect(loaded.vocab).toEqual(model.vocab);
      expect(loaded.weights.get('generator.weight')).toEqual(model.weights.get('generator.weight'));
    }
    const bare = await loadModel({ url: `${base}/served-bare` });
    expect(bare.vocab).toBeUndefined();
  });

  it('names the URL of a file the server does not have', async () => {
    const error = await rejection(loadModel({ url: `${base}/missing/` }));
    expect(error).toBeInstanceOf(ModelFormatError);
    expect(error.message).toMatch(
      new RegExp(`^${base}/missing/(config\\.json|model\\.safetensors): cannot be fetched: HTTP 404 Not Found$`),
    );
  });

  it('loads a directory by path or file: URL through the Node entry', async () => {
    const dir = await writeModelDir(join(root, 'on-disk'), model);
    const nodeBackend = await nodeEntry.createBackend({ kind: 'cpu' });
    const loaded = await nodeBackend.load(dir);
    expect((await loaded.translate('w4 w5')).hypotheses[0].ids).toEqual(
      (await reference.translate([[4, 5]]))[0][0].ids,
    );
    const fromUrl = await nodeEntry.loadModel(pathToFileURL(dir));
    expect(fromUrl.vocab).toEqual(model.vocab);
    const missing = await rejection(nodeBackend.load(join(root, 'nowhere')));
    expect(missing).toBeInstanceOf(ModelFormatError);
    expect(missing.message).toBe(`model directory "${join(root, 'nowhere')}": not found`);
    nodeBackend.dispose();
  });

  it('runs one parsed Model on a backend as given', async () => {
    const parsed = await loadModel(files);
    const loaded = await backend.load(parsed);
    expect(loaded.vocab).toBe(parsed.vocab);
    expect((await loaded.translate('w4')).hypotheses[0].ids).toEqual((await reference.translate([[4]]))[0][0].ids);
    loaded.dispose();
  });
});

describe('results that overflow f32', () => {
  const refused = (i: number) =>
    `sentence ${i}: the model's values overflowed f32 for this sentence (a log-prob or score is NaN or infinite)`;

  it('reject the call with an InputError naming the sentence (translate greedy and beam, score)', async () => {
    const overflowing = await backend.load(overflowingModel());
    for (const options of [{}, { beam: 3, nBest: 3 }, { beam: 3, attention: true }]) {
      const error = await rejection(overflowing.translate([FINITE_SOURCE, [], OVERFLOWING_SOURCE], options));
      expect(error).toBeInstanceOf(InputError);
      expect(error.message).toBe(refused(2));
      const [finite] = await overflowing.translate([FINITE_SOURCE], options);
      expect(finite.hypotheses.length).toBeGreaterThan(0);
      for (const h of finite.hypotheses) expect(Number.isFinite(h.score)).toBe(true);
    }
    const error = await rejection(
      overflowing.score(
        [FINITE_SOURCE, OVERFLOWING_SOURCE],
        [
          [4, 5],
          [4, 5],
        ],
      ),
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toBe(refused(1));
    const [score] = await overflowing.score([FINITE_SOURCE], [[4, 5]]);
    expect(Number.isFinite(score.total)).toBe(true);
    overflowing.dispose();
  });

  it('are told apart from finite ones by the shared check', () => {
    const allowed = { config: defaultConfig(), minLength: 0 };
    expect(finiteHypotheses([{ ids: [4], score: -1, attention: [[1]] }], allowed)).toBe(true);
    for (const score of [NaN, Infinity, -Infinity]) expect(finiteHypotheses([{ ids: [], score }], allowed)).toBe(false);
    expect(finiteHypotheses([{ ids: [4], score: -1, attention: [[NaN]] }], allowed)).toBe(false);
    expect(finiteScore({ logprobs: [-1, -2], total: -3 })).toBe(true);
    expect(finiteScore({ logprobs: [NaN, -2], total: -3 })).toBe(false);
    expect(finiteScore({ logprobs: [-1, -2], total: -Infinity })).toBe(false);
    // Nothing allowed is a NaN step when the vocabulary had an allowed token, and legitimate when
    // pad, bos and (before minLength) eos are the whole vocabulary.
    const ended = { ids: [], score: 0 };
    markNothingAllowed(ended);
    expect(finiteHypotheses([ended], allowed)).toBe(false);
    const tiny = { tgt_vocab_size: 3, pad_id: 0, bos_id: 1, eos_id: 2 };
    expect(finiteHypotheses([ended], { config: tiny, minLength: 1 })).toBe(true);
    expect(finiteHypotheses([ended], { config: tiny, minLength: 0 })).toBe(false);
  });
});
