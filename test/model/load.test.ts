import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttentionType, CellType } from '../../src/model/config.ts';
import { loadModelFromFiles } from '../../src/model/load.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { readSafetensors } from '../../src/model/safetensors.ts';
import { writeSafetensors } from '../../src/model/safetensors-write.ts';
import { makeVocab, modelFormatRejection, modelTensors, writeModelDir } from '../helpers/model-files.ts';

const cells: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];
const attentions: AttentionType[] = ['none', 'dot', 'general', 'additive'];

function expectSameWeights(loaded: Model, original: Model) {
  expect([...loaded.weights.keys()].sort()).toEqual([...original.weights.keys()].sort());
  for (const [name, data] of original.weights) expect(loaded.weights.get(name), name).toEqual(data);
}

describe('loadModelFromFiles', () => {
  let seed = 1;
  for (const cell of cells) {
    for (const bidirectional of [false, true]) {
      for (const attention of attentions) {
        const inputFeeding = attention !== 'none' && seed % 2 === 0;
        const layers = 1 + (seed % 2);
        const modelSeed = seed++;
        it(`round-trips ${cell}, ${bidirectional ? 'bidirectional' : 'unidirectional'}, attention ${attention}${inputFeeding ? ' + input feeding' : ''}, ${layers} layers`, () => {
          const config = defaultConfig({
            cell,
            bidirectional,
            attention,
            input_feeding: inputFeeding,
            num_layers: layers,
          });
          const model = randomModel(config, modelSeed);
          const vocab = makeVocab(config);
          const loaded = loadModelFromFiles({
            config: JSON.stringify(config),
            safetensors: writeSafetensors(modelTensors(model)),
            vocab: JSON.stringify(vocab),
          });
          expect(loaded.config).toEqual(config);
          expect(loaded.vocab).toEqual(vocab);
          expectSameWeights(loaded, model);
        });
      }
    }
  }

  it('accepts parsed objects and no vocabulary', () => {
    const config = defaultConfig({ attention: 'dot' });
    const model = randomModel(config, 9);
    const loaded = loadModelFromFiles({ config, safetensors: writeSafetensors(modelTensors(model)) });
    expect(loaded.vocab).toBeUndefined();
    expectSameWeights(loaded, model);
  });

  it('loads F16 and BF16 files as their rounded f32 values', () => {
    const config = defaultConfig({ cell: 'gru', bidirectional: true, attention: 'additive', input_feeding: true });
    const model = randomModel(config, 4);
    for (const dtype of ['F16', 'BF16'] as const) {
      const bytes = writeSafetensors(modelTensors(model, dtype));
      const loaded = loadModelFromFiles({ config, safetensors: bytes });
      const raw = readSafetensors(bytes);
      for (const [name, data] of model.weights) {
        const stored = raw.get(name)!.data;
        expect(loaded.weights.get(name)).toEqual(stored);
        // Rounding error bound: half an ulp, 2^-11 relative for F16 and 2^-8 for BF16.
        const bound = dtype === 'F16' ? 2 ** -11 : 2 ** -8;
        for (let i = 0; i < data.length; i++) {
          expect(Math.abs(stored[i] - data[i])).toBeLessThanOrEqual(Math.abs(data[i]) * bound + 2 ** -25);
        }
      }
    }
  });

  it('names the file of each problem', () => {
    const config = defaultConfig();
    const safetensors = writeSafetensors(modelTensors(randomModel(config)));
    expect(() => loadModelFromFiles({ config: { ...config, cell: 'foo' }, safetensors })).toThrow(
      'config.json: key "cell"',
    );
    expect(() => loadModelFromFiles({ config, safetensors: safetensors.subarray(0, 40) })).toThrow(
      /^model\.safetensors: /,
    );
    expect(() => loadModelFromFiles({ config, safetensors, vocab: { source: [], target: [] } })).toThrow(
      'vocab.json: key "source": has 0 tokens but config.json src_vocab_size is 20',
    );
    const other = defaultConfig({ hidden_size: 10 });
    expect(() => loadModelFromFiles({ config: other, safetensors })).toThrow(
      'model.safetensors: tensor "encoder.rnn.weight_ih_l0": expected shape [40, 8], found [48, 8]',
    );
  });
});

describe('loadModelDir', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'unroll-model-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('loads a directory written by writeModelDir, with and without a vocabulary', async () => {
    const config = defaultConfig({
      cell: 'lstm',
      bidirectional: true,
      attention: 'general',
      input_feeding: true,
      num_layers: 2,
    });
    const model = randomModel(config, 11);
    const dir = await writeModelDir(join(root, 'with-vocab'), model, makeVocab(config));
    const loaded = await loadModelDir(dir);
    expect(loaded.config).toEqual(config);
    expect(loaded.vocab).toEqual(makeVocab(config));
    expectSameWeights(loaded, model);

    const bare = await loadModelDir(await writeModelDir(join(root, 'bare'), model));
    expect(bare.vocab).toBeUndefined();
  });

  it('names a missing directory or file', async () => {
    const missing = join(root, 'nope');
    expect((await modelFormatRejection(loadModelDir(missing))).message).toBe(`model directory "${missing}": not found`);
    const file = join(root, 'plain-file');
    await writeFile(file, 'x');
    expect((await modelFormatRejection(loadModelDir(file))).message).toBe(`model directory "${file}": not a directory`);

    const model = randomModel(defaultConfig(), 2);
    const noConfig = await writeModelDir(join(root, 'no-config'), model);
    await unlink(join(noConfig, 'config.json'));
    expect((await modelFormatRejection(loadModelDir(noConfig))).message).toBe(
      `model directory "${noConfig}": config.json not found`,
    );
    const noWeights = await writeModelDir(join(root, 'no-weights'), model);
    await unlink(join(noWeights, 'model.safetensors'));
    expect((await modelFormatRejection(loadModelDir(noWeights))).message).toBe(
      `model directory "${noWeights}": model.safetensors not found`,
    );
  });

  it('names the file path in format errors', async () => {
    const config = defaultConfig();
    const dir = await writeModelDir(join(root, 'bad'), randomModel(config, 3));
    await writeFile(join(dir, 'config.json'), JSON.stringify({ ...config, attention: 'luong' }));
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'config.json')}: key "attention": expected one of none|dot|general|additive, found "luong"`,
    );
    await writeFile(join(dir, 'config.json'), JSON.stringify(config));
    await writeFile(join(dir, 'vocab.json'), new Uint8Array([0x7b, 0xfe, 0x7d]));
    expect((await modelFormatRejection(loadModelDir(dir))).message).toBe(
      `${join(dir, 'vocab.json')}: file is not valid UTF-8`,
    );
  });
});
