/**
 * The committed subword Transformer (models/en-es-subword): a tokenizer.json model that translates
 * text on both backends and copies names it never saw in training through its word pieces.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, type LoadedModel, createBackend } from '../../src/node.ts';

const MODEL_DIR = 'models/en-es-subword';

async function lines(file: string, count: number): Promise<string[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .slice(0, count);
}

describe.each(['cpu', 'gpu'] as const)('models/en-es-subword on the %s backend', (kind) => {
  let backend: Backend;
  let model: LoadedModel;
  beforeAll(async () => {
    backend = await createBackend({ kind });
    model = await backend.load(MODEL_DIR);
  });
  afterAll(() => backend?.dispose());

  it('is a Transformer with a shared tokenizer.json and no vocab.json', () => {
    expect(model.config.format).toBe('seq2seq-transformer');
    expect(model.config.src_vocab_size).toBe(model.config.tgt_vocab_size);
  });

  it("gives PyTorch's teacher-forced log-probs (within 1e-4) and greedy translations, pieces and ids alike", async () => {
    const fixture = JSON.parse(await readFile('test/fixtures/en-es-subword/forced.json', 'utf8')) as {
      sentences: { source_text: string; source: number[]; target: number[]; logprobs: number[]; greedy: number[] }[];
    };
    const sources = fixture.sentences.map((s) => s.source);
    // The text goes through tokenizer.json to the ids PyTorch was given.
    const encoded = await model.translate(fixture.sentences.map((s) => s.source_text));
    expect(encoded.map((t) => t.source.ids)).toEqual(sources);
    expect(encoded.map((t) => t.hypotheses[0].ids)).toEqual(fixture.sentences.map((s) => s.greedy));
    const scores = await model.score(
      sources,
      fixture.sentences.map((s) => s.target),
    );
    // PyTorch computed in f64 from the F16 weights; the gpu backend computes in f32 (the cpu in f64).
    scores.forEach((score, i) =>
      score.logprobs.forEach((lp, t) => expect(Math.abs(lp - fixture.sentences[i].logprobs[t])).toBeLessThan(1e-4)),
    );
  });

  it('copies a name it never saw in training', async () => {
    const translation = await model.translate('Zorbak eats the green apple .');
    expect(translation.source.unknown).toEqual([]);
    expect(translation.hypotheses[0].text).toBe('Zorbak come la manzana verde .');
  });

  it('translates held-out names: the name comes out unchanged in most sentences of the first 20', async () => {
    const sources = await lines('data/en-es-names/test.en', 20);
    const references = await lines('data/en-es-names/test.es', 20);
    const names = (await lines('data/en-es-names/held-out-names.txt', 100_000)).filter((name) => name.length > 0);
    const translations = await model.translate(sources);
    let withName = 0;
    let copied = 0;
    translations.forEach((translation, i) => {
      const expected = names.filter((name) => references[i].split(' ').includes(name));
      if (expected.length === 0) return;
      withName++;
      const words = (translation.hypotheses[0]?.text ?? '').split(' ');
      if (expected.every((name) => words.includes(name))) copied++;
    });
    expect(withName).toBeGreaterThan(10);
    expect(copied / withName).toBeGreaterThanOrEqual(SUBWORD_NAME_COPY_RATE);
  });
});

/** Measured on the first 20 held-out-name sentences (models/en-es-subword/README.md), with a margin. */
const SUBWORD_NAME_COPY_RATE = 0.5;
