import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { MAX_ABS_WEIGHT } from '../../src/model/weights.ts';
import { makeVocab } from './model-files.ts';

/**
 * An `rnn_relu` model whose weights are all within ±MAX_ABS_WEIGHT yet overflow f32 on long
 * sources: every encoder unit starts at 4 and grows 4·10^4-fold per source token (W_hh all 10^4,
 * so past 3.4e38 from the 10th token on), and the decoder reads the encoder's final state through
 * small positive weights. Sources of up to 8 tokens decode to finite results.
 */
export function overflowingModel(): Model {
  const config = defaultConfig({ cell: 'rnn_relu', embedding_dim: 4, hidden_size: 4 });
  const model = randomModel(config, 11);
  const fill = (name: string, value: number) => model.weights.get(name)!.fill(value);
  fill('encoder.embedding.weight', 1);
  fill('encoder.rnn.weight_ih_l0', 1);
  fill('encoder.rnn.weight_hh_l0', MAX_ABS_WEIGHT);
  fill('encoder.rnn.bias_ih_l0', 0);
  fill('encoder.rnn.bias_hh_l0', 0);
  fill('decoder.rnn.weight_hh_l0', 1e-30);
  return { ...model, vocab: makeVocab(config) };
}

/** Source lengths that stay finite and that overflow with overflowingModel(). */
export const FINITE_SOURCE = [4, 5, 6];
export const OVERFLOWING_SOURCE = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
