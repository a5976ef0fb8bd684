import type { ModelConfig } from './config.ts';

/** Token strings by id, as in vocab.json: `source[i]` is the source token of id i. */
export interface Vocabulary {
  source: string[];
  target: string[];
}

/**
 * Weights by PyTorch state_dict name, converted to f32, row-major in PyTorch layout.
 * Holds every tensor of expectedTensors(config); absent optional biases are zero-filled.
 */
export type WeightMap = ReadonlyMap<string, Float32Array>;

/** A validated model: what a backend loads. */
export interface Model {
  config: ModelConfig;
  weights: WeightMap;
  vocab?: Vocabulary;
}
