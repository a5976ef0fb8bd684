// A model with a tokenizer.json translates text end to end on the gpu backend, with the tokens,
// text and ids the cpu backend gives (scores within the GPU compare tolerances).
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBackend, type Backend } from '../../src/node.ts';
import {
  defaultConfig,
  randomModel,
  defaultTransformerConfig,
  randomTransformerModel,
} from '../../src/model/random-model.ts';
import { writeModelDir } from '../helpers/model-files.ts';

const BPE = resolve(import.meta.dirname, '../fixtures/tokenizers/bpe.tokenizer.json');
/** The BPE fixture's vocabulary size. */
const BPE_SIZE = 40;
const SIZES = { src_vocab_size: BPE_SIZE, tgt_vocab_size: BPE_SIZE };

let gpu: Backend;
let cpu: Backend;
let dir: string;

beforeAll(async () => {
  gpu = await createBackend({ kind: 'gpu' });
  cpu = await createBackend({ kind: 'cpu' });
  dir = await mkdtemp(join(tmpdir(), 'unroll-tokenizer-gpu-'));
});

afterAll(async () => {
  gpu?.dispose();
  cpu?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const models = {
  rnn: () => randomModel(defaultConfig({ ...SIZES, attention: 'general', input_feeding: true }), 5),
  transformer: () => randomTransformerModel(defaultTransformerConfig(SIZES), 6),
};

for (const [family, make] of Object.entries(models)) {
  it(`translates text with a tokenizer.json on the gpu backend as on the cpu backend (${family})`, async () => {
    const modelDir = await writeModelDir(join(dir, family), make());
    await copyFile(BPE, join(modelDir, 'tokenizer.json'));
    const onGpu = await gpu.load(modelDir);
    const onCpu = await cpu.load(modelDir);
    try {
      const inputs = ['the red cat.', 'el gato rojo', 'The Zorbak cat'];
      const fromGpu = await onGpu.translate(inputs, { beam: 2, maxLength: 8 });
      const fromCpu = await onCpu.translate(inputs, { beam: 2, maxLength: 8 });
      expect(fromGpu[0].source.tokens).toEqual(['▁the', '▁red', '▁cat', '.']);
      expect(fromGpu[2].source.unknown).toEqual(['The', 'Zorbak']);
      fromGpu.forEach((translation, i) => {
        expect(translation.source).toEqual(fromCpu[i].source);
        expect(translation.text).toBe(fromCpu[i].text);
        translation.hypotheses.forEach((hypothesis, k) => {
          const reference = fromCpu[i].hypotheses[k];
          expect({ ids: hypothesis.ids, tokens: hypothesis.tokens, text: hypothesis.text }).toEqual({
            ids: reference.ids,
            tokens: reference.tokens,
            text: reference.text,
          });
          expect(Math.abs(hypothesis.score - reference.score)).toBeLessThanOrEqual(
            1e-4 + 1e-3 * Math.abs(reference.score),
          );
        });
      });
    } finally {
      onGpu.dispose();
      onCpu.dispose();
    }
  });
}
