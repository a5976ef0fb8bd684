import type { ModelConfig } from './config.ts';
import type { Model } from './model.ts';
import { expectedTensors } from './tensor-spec.ts';

/** mulberry32: a small seeded PRNG so random models and test inputs are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function defaultConfig(overrides: Partial<ModelConfig> = {}): ModelConfig {
  return {
    format: 'seq2seq-rnn',
    version: 1,
    cell: 'lstm',
    src_vocab_size: 20,
    tgt_vocab_size: 18,
    embedding_dim: 8,
    hidden_size: 12,
    num_layers: 1,
    bidirectional: false,
    attention: 'none',
    input_feeding: false,
    pad_id: 0,
    unk_id: 1,
    bos_id: 2,
    eos_id: 3,
    ...overrides,
  };
}

/**
 * A model with uniform random weights in [-scale, scale] (PyTorch's RNN init uses 1/sqrt(H)).
 * Every optional bias is present and random too, so tests exercise them.
 */
export function randomModel(config: ModelConfig, seed = 1, scale = 0.5): Model {
  const rand = seededRandom(seed);
  const weights = new Map<string, Float32Array>();
  for (const spec of expectedTensors(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = (rand() * 2 - 1) * scale;
    weights.set(spec.name, data);
  }
  return { config, weights };
}
