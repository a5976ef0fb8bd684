/**
 * The committed English→Spanish model: it loads, it is the network the training graph
 * computes (so the PyTorch-layout export is right), and it translates the test split.
 */
import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { createRunner } from '../../src/cli/runners.ts';
import { type RnnModel, asRnnModel } from '../../src/model/model.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import { encodeTokens } from '../../src/model/vocab.ts';
import { evaluateRunner } from '../../tools/eval/evaluate-runner.ts';
import { type ParallelTokens, packBatch, readSplit, batchTensors, disposeBatch } from '../../tools/train/data.ts';
import { forcedLogProbs } from '../../tools/train/network.ts';
import { disposeParameters, parametersFromModel } from '../../tools/train/parameters.ts';
import { initTf } from '../../tools/train/tf.ts';

const MODEL_DIR = 'models/en-es';
let model: RnnModel;
let test: ParallelTokens;

beforeAll(async () => {
  model = asRnnModel(await loadModelDir(MODEL_DIR), 'the en-es model test');
  test = await readSplit('data/en-es', 'test');
});

describe('models/en-es', () => {
  it('is a small bidirectional LSTM with general attention and input feeding, with its vocabulary', async () => {
    expect(model.config).toMatchObject({
      cell: 'lstm',
      num_layers: 1,
      bidirectional: true,
      attention: 'general',
      input_feeding: true,
    });
    expect(model.vocab!.source.slice(0, 4)).toEqual(['<pad>', '<unk>', '<s>', '</s>']);
    expect(model.vocab!.target).toContain('NYU');
    const bytes = (await stat(`${MODEL_DIR}/model.safetensors`)).size;
    expect(bytes).toBeLessThan(5 * 1024 * 1024);
  });

  it('gives the teacher-forced log-probs of the training graph (TensorFlow.js) within 1e-4', async () => {
    await initTf('wasm');
    const parameters = parametersFromModel(model);
    const runner = await createRunner('cpu', model, () => {});
    const vocab = model.vocab!;
    let worst = 0;
    for (let i = 0; i < 5; i++) {
      const source = encodeTokens(test.source[i].join(' '), vocab.source, model.config.unk_id);
      const target = encodeTokens(test.target[i].join(' '), vocab.target, model.config.unk_id);
      const batch = batchTensors(packBatch([{ source, target }]));
      const training = forcedLogProbs(parameters, model.config, batch);
      const trainingRows = training.arraySync();
      training.dispose();
      disposeBatch(batch);
      const [reference] = await runner.forcedLogProbs([source], [target]);
      expect(reference.length).toBe(target.length + 1);
      reference.forEach((row, t) =>
        row.forEach((value, k) => (worst = Math.max(worst, Math.abs(value - trainingRows[t][k])))),
      );
    }
    expect(worst).toBeLessThan(1e-4);
    runner.dispose();
    disposeParameters(parameters);
  });
});

describe.each(['cpu', 'gpu'] as const)('evaluation on the first 50 test sentences, %s backend', (backend) => {
  let runner: Seq2SeqRunner;
  beforeAll(async () => {
    runner = await createRunner(backend, model, () => {});
  });
  afterAll(() => runner?.dispose());

  for (const beam of [1, 5]) {
    it(`${beam === 1 ? 'greedy' : `beam ${beam}`}: exact match ≥ 95%`, async () => {
      const result = await evaluateRunner(
        runner,
        model.vocab!,
        model.config.unk_id,
        test.source.slice(0, 50),
        test.target.slice(0, 50),
        {
          beam,
        },
      );
      expect(result.sentences).toBe(50);
      expect(result.exactMatch).toBeGreaterThanOrEqual(95);
      expect(result.bleu.score).toBeGreaterThan(80);
    });
  }
});
