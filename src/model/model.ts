import { InputError } from '../errors.ts';
import type { ModelConfig, RnnConfig, TransformerConfig } from './config.ts';
import type { Tokenizer } from './tokenizer/types.ts';

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

/** A validated model of one format: what a backend loads. */
export interface ModelOf<Config extends ModelConfig> {
  config: Config;
  weights: WeightMap;
  /** Token strings by id: vocab.json's, or the tokenizer.json vocabularies. */
  vocab?: Vocabulary;
  /** The tokenizer.json tokenizer; without it, a `vocab` is tokenised word by word (src/model/tokenizer). */
  tokenizer?: Tokenizer;
}

export type RnnModel = ModelOf<RnnConfig>;
export type TransformerModel = ModelOf<TransformerConfig>;
/** A validated model of either format, told apart by config.format. */
export type Model = RnnModel | TransformerModel;

export function isTransformerModel(model: Model): model is TransformerModel {
  return model.config.format === 'seq2seq-transformer';
}

/** The model as a recurrent one, for code that only handles that format; throws otherwise. */
export function asRnnModel(model: Model, what: string): RnnModel {
  if (isTransformerModel(model))
    throw new InputError(`${what} needs a seq2seq-rnn model, found ${model.config.format}`);
  return model;
}
