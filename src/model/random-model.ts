import type { RnnConfig, TransformerConfig } from './config.ts';
import type { RnnModel, TransformerModel } from './model.ts';
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

export function defaultConfig(overrides: Partial<RnnConfig> = {}): RnnConfig {
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
export function randomModel(config: RnnConfig, seed = 1, scale = 0.5): RnnModel {
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

/** A small Transformer for tests: every dimension tiny, post-norm, relu, sinusoidal positions. */
export function defaultTransformerConfig(overrides: Partial<TransformerConfig> = {}): TransformerConfig {
  return {
    format: 'seq2seq-transformer',
    version: 1,
    src_vocab_size: 13,
    tgt_vocab_size: 11,
    d_model: 8,
    num_heads: 2,
    ffn_dim: 16,
    encoder_layers: 1,
    decoder_layers: 1,
    norm_first: false,
    activation: 'relu',
    positions: 'sinusoidal',
    max_positions: 32,
    scale_embeddings: true,
    layer_norm_eps: 1e-5,
    pad_id: 0,
    unk_id: 1,
    bos_id: 2,
    eos_id: 3,
    ...overrides,
  };
}

export interface RandomTransformerOptions {
  /** false: every optional bias is zeros, as bindWeights fills a file without them (default true). */
  biases?: boolean;
  /** false: no transformer.encoder.norm / transformer.decoder.norm (default true). */
  finalNorms?: boolean;
}

const FINAL_NORM_PREFIXES = ['transformer.encoder.norm.', 'transformer.decoder.norm.'];

/**
 * A Transformer with uniform random weights in [-scale, scale], except LayerNorm γ in
 * 1 ± scale/2 and β in ±scale/4 so the norms neither vanish nor dominate.
 */
export function randomTransformerModel(
  config: TransformerConfig,
  seed = 1,
  scale = 0.5,
  options: RandomTransformerOptions = {},
): TransformerModel {
  const biases = options.biases ?? true;
  const finalNorms = options.finalNorms ?? true;
  const rand = seededRandom(seed);
  const weights = new Map<string, Float32Array>();
  for (const spec of expectedTensors(config)) {
    if (!finalNorms && FINAL_NORM_PREFIXES.some((prefix) => spec.name.startsWith(prefix))) continue;
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const isNorm = /\.norm\d*\.(weight|bias)$/.test(spec.name);
    if (isNorm && spec.name.endsWith('.weight')) {
      for (let i = 0; i < size; i++) data[i] = 1 + (rand() * 2 - 1) * (scale / 2);
    } else if (isNorm) {
      for (let i = 0; i < size; i++) data[i] = (rand() * 2 - 1) * (scale / 4);
    } else if (!spec.optional || biases) {
      for (let i = 0; i < size; i++) data[i] = (rand() * 2 - 1) * scale;
    }
    weights.set(spec.name, data);
  }
  return { config, weights };
}
