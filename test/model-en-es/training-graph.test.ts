import { beforeAll, describe, expect, it } from 'vitest';
import type { RnnConfig } from '../../src/model/config.ts';
import { defaultConfig, seededRandom } from '../../src/model/random-model.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';
import { Rng } from '../../tools/corpus/rng.ts';
import { lossAndGradients } from '../../tools/train/backprop.ts';
import {
  type IdPair,
  batchTensors,
  buildVocabulary,
  disposeBatch,
  makeBatches,
  packBatch,
} from '../../tools/train/data.ts';
import { batchLoss } from '../../tools/train/network.ts';
import { disposeParameters, initParameters } from '../../tools/train/parameters.ts';
import { trainStep } from '../../tools/train/step.ts';
import { initTf, tf } from '../../tools/train/tf.ts';

beforeAll(async () => {
  await initTf('wasm');
});

function tinyConfig(overrides: Partial<RnnConfig>): RnnConfig {
  return defaultConfig({
    src_vocab_size: 20,
    tgt_vocab_size: 18,
    embedding_dim: 6,
    hidden_size: 8,
    attention: 'general',
    input_feeding: true,
    ...overrides,
  });
}

/** Pairs with one source length (as batches require), targets of different lengths, and repeated ids. */
function tinyPairs(seed: number, count: number, sourceLength = 4): IdPair[] {
  const random = seededRandom(seed);
  const id = (vocab: number) => 4 + Math.floor(random() * (vocab - 4));
  return Array.from({ length: count }, (_, i) => ({
    source: Array.from({ length: sourceLength }, (_, t) => (t === 2 ? 5 : id(20))),
    target: Array.from({ length: 1 + (i % 4) }, () => id(18)),
  }));
}

describe('backpropagation by hand', () => {
  const variants: Partial<RnnConfig>[] = [
    { bidirectional: true, attention: 'general', input_feeding: true },
    { bidirectional: false, attention: 'general', input_feeding: false },
    { bidirectional: true, attention: 'dot', input_feeding: false },
    { bidirectional: false, attention: 'dot', input_feeding: true },
  ];
  for (const variant of variants) {
    it(`equals the gradients tfjs derives from the reference graph (${JSON.stringify(variant)})`, () => {
      const config = tinyConfig(variant);
      const parameters = initParameters(config, 3, 0.5);
      const batch = batchTensors(packBatch(tinyPairs(9, 5)));
      const variables = [...parameters.values()];
      const reference = tf.variableGrads(() => batchLoss(parameters, config, batch), variables);
      const mine = lossAndGradients(parameters, config, batch);
      expect(mine.loss.dataSync()[0]).toBeCloseTo(reference.value.dataSync()[0], 5);
      expect(Object.keys(mine.grads).sort()).toEqual(variables.map((v) => v.name).sort());
      for (const variable of variables) {
        const expected = reference.grads[variable.name].dataSync();
        const actual = mine.grads[variable.name].dataSync();
        const scale = Math.max(...Array.from(expected, Math.abs));
        expect(scale, variable.name).toBeGreaterThan(0);
        // f32 sums in a different order: relative error ~1e-7 of the largest entry.
        const worst = Math.max(...Array.from(actual, (v, i) => Math.abs(v - expected[i])));
        expect(worst / scale, variable.name).toBeLessThan(1e-5);
      }
      tf.dispose([reference.value, mine.loss, ...Object.values(reference.grads), ...Object.values(mine.grads)]);
      disposeBatch(batch);
      disposeParameters(parameters);
    });
  }

  it('has the right loss: the mean over real target tokens of −log p', () => {
    const config = tinyConfig({ bidirectional: true });
    const parameters = initParameters(config, 4, 0.5);
    const pairs = tinyPairs(10, 3);
    const host = packBatch(pairs);
    const batch = batchTensors(host);
    const logProbs = tf.tidy(() => batchLoss(parameters, config, batch));
    // Per sentence alone (no padding at all), summed by hand.
    let total = 0;
    for (const pair of pairs) {
      const single = batchTensors(packBatch([pair]));
      total += tf.tidy(() => batchLoss(parameters, config, single)).dataSync()[0] * (pair.target.length + 1);
      disposeBatch(single);
    }
    expect(logProbs.dataSync()[0]).toBeCloseTo(total / host.tokens, 5);
    const mine = lossAndGradients(parameters, config, batch);
    expect(mine.loss.dataSync()[0]).toBeCloseTo(total / host.tokens, 5);
    disposeBatch(batch);
    disposeParameters(parameters);
  });
});

describe('training data', () => {
  it('orders a vocabulary: specials, then by falling frequency, ties by code point', () => {
    expect(
      buildVocabulary([
        ['b', 'a', 'c', 'a'],
        ['c', 'd', 'a'],
      ]),
    ).toEqual(['<pad>', '<unk>', '<s>', '</s>', 'a', 'c', 'b', 'd']);
  });

  it('packs a batch time-major with BOS inputs, EOS outputs and a mask', () => {
    const batch = packBatch([
      { source: [7, 8], target: [10] },
      { source: [9, 6], target: [11, 12] },
    ]);
    expect(batch).toMatchObject({ size: 2, sourceLength: 2, targetLength: 3, tokens: 5 });
    expect(Array.from(batch.source)).toEqual([7, 9, 8, 6]);
    expect(Array.from(batch.targetIn)).toEqual([2, 2, 10, 11, 0, 12]);
    expect(Array.from(batch.targetOut)).toEqual([10, 11, 3, 12, 0, 3]);
    expect(Array.from(batch.mask)).toEqual([1, 1, 1, 1, 0, 1]);
    expect(() =>
      packBatch([
        { source: [1], target: [] },
        { source: [1, 2], target: [] },
      ]),
    ).toThrow(/one source length/);
  });

  it('batches every pair exactly once, each batch of one source length', () => {
    const pairs = [...tinyPairs(1, 30, 3), ...tinyPairs(2, 17, 5), ...tinyPairs(3, 9, 2)];
    const batches = makeBatches(pairs, 8, new Rng(1));
    expect(batches.reduce((n, b) => n + b.size, 0)).toBe(pairs.length);
    expect(batches.every((b) => b.size <= 8)).toBe(true);
    expect(batches.length).toBe(4 + 3 + 2);
    const lengths = batches.map((b) => b.sourceLength);
    expect(new Set(lengths)).toEqual(new Set([2, 3, 5]));
  });

  it('initialises every tensor of the contract, forget-gate biases at 1', () => {
    const config = tinyConfig({ bidirectional: true });
    const parameters = initParameters(config, 1);
    expect([...parameters.keys()]).toEqual(expectedTensors(config).map((s) => s.name));
    for (const spec of expectedTensors(config)) expect(parameters.get(spec.name)!.shape).toEqual(spec.shape);
    const bias = Array.from(parameters.get('encoder.rnn.bias_ih_l0_reverse')!.dataSync());
    const quarter = bias.length / 4;
    expect(bias.map((v, i) => (i >= quarter && i < 2 * quarter ? v === 1 : v === 0)).every(Boolean)).toBe(true);
    expect(Array.from(parameters.get('decoder.rnn.bias_hh_l0')!.dataSync()).every((v) => v === 0)).toBe(true);
    disposeParameters(parameters);
  });
});

describe('training', () => {
  /** A few Adam steps from a seed; returns the loss of each step and a checksum of the weights. */
  function shortRun(seed: number): { losses: number[]; weights: number[] } {
    const config = tinyConfig({ bidirectional: true, embedding_dim: 8, hidden_size: 16 });
    const parameters = initParameters(config, seed, 0.3);
    const optimizer = tf.train.adam(0.02);
    // A learnable task: the target copies the source through a fixed mapping of ids.
    const pairs = [...tinyPairs(5, 24, 4), ...tinyPairs(6, 24, 3)].map(({ source }) => ({
      source,
      target: source.map((id) => 4 + (id % 14)),
    }));
    const batches = makeBatches(pairs, 8, new Rng(seed));
    const losses: number[] = [];
    for (let epoch = 0; epoch < 10; epoch++)
      for (const batch of batches) losses.push(trainStep(parameters, config, optimizer, batch, 5));
    const weights = [...parameters.values()].map((v) => tf.sum(v).dataSync()[0]);
    optimizer.dispose();
    disposeParameters(parameters);
    return { losses, weights };
  }

  it('lowers the loss and is deterministic for its seed', () => {
    const first = shortRun(21);
    const second = shortRun(21);
    expect(second).toEqual(first);
    const epochLoss = (epoch: number) => first.losses.slice(epoch * 6, epoch * 6 + 6).reduce((a, b) => a + b, 0);
    expect(epochLoss(9)).toBeLessThan(epochLoss(0) * 0.5);
    expect(shortRun(22).weights).not.toEqual(first.weights);
  });
});
