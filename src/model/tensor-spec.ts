import { type ModelConfig, encoderDirectionSize, gateCount } from './config.ts';

/** One tensor a model of a given config has (CONTRACT.md §1, "Tensor names and shapes"). */
export interface TensorSpec {
  name: string;
  shape: number[];
  /** Optional tensors (biases) default to zeros when absent. */
  optional: boolean;
}

/** Every tensor name and shape the config implies, in a stable order. */
export function expectedTensors(config: ModelConfig): TensorSpec[] {
  const specs: TensorSpec[] = [];
  const add = (name: string, shape: number[], optional = false) => specs.push({ name, shape, optional });
  const G = gateCount(config.cell);
  const H = config.hidden_size;
  const E = config.embedding_dim;
  const Hd = encoderDirectionSize(config);
  const directions = config.bidirectional ? ['', '_reverse'] : [''];

  add('encoder.embedding.weight', [config.src_vocab_size, E]);
  for (let k = 0; k < config.num_layers; k++) {
    const inputSize = k === 0 ? E : Hd * directions.length;
    for (const suffix of directions) {
      add(`encoder.rnn.weight_ih_l${k}${suffix}`, [G * Hd, inputSize]);
      add(`encoder.rnn.weight_hh_l${k}${suffix}`, [G * Hd, Hd]);
      add(`encoder.rnn.bias_ih_l${k}${suffix}`, [G * Hd], true);
      add(`encoder.rnn.bias_hh_l${k}${suffix}`, [G * Hd], true);
    }
  }

  add('decoder.embedding.weight', [config.tgt_vocab_size, E]);
  for (let k = 0; k < config.num_layers; k++) {
    const inputSize = k === 0 ? E + (config.input_feeding ? H : 0) : H;
    add(`decoder.rnn.weight_ih_l${k}`, [G * H, inputSize]);
    add(`decoder.rnn.weight_hh_l${k}`, [G * H, H]);
    add(`decoder.rnn.bias_ih_l${k}`, [G * H], true);
    add(`decoder.rnn.bias_hh_l${k}`, [G * H], true);
  }

  if (config.attention === 'general') add('attention.linear_in.weight', [H, H]);
  if (config.attention === 'additive') {
    add('attention.linear_query.weight', [H, H]);
    add('attention.linear_query.bias', [H]);
    add('attention.linear_context.weight', [H, H]);
    add('attention.v.weight', [1, H]);
  }
  if (config.attention !== 'none') {
    add('attention.linear_out.weight', [H, 2 * H]);
    add('attention.linear_out.bias', [H], true);
  }

  add('generator.weight', [config.tgt_vocab_size, H]);
  add('generator.bias', [config.tgt_vocab_size], true);
  return specs;
}
