import { type ModelConfig, encoderDirectionSize, gateCount } from './config.ts';

/** One tensor a model of a given config has (docs/model-format.md, "Tensor names and shapes"). */
export interface TensorSpec {
  name: string;
  shape: number[];
  /** Optional tensors (biases) default to zeros when absent. */
  optional: boolean;
}

/** Every tensor name and shape the config implies, in a stable order. */
export function expectedTensors(config: ModelConfig): TensorSpec[] {
  return [...tensorSpecs(config)];
}

/**
 * The same specs one at a time, so a reader can stop at the first missing tensor: the list of a
 * config that claims millions of layers would exhaust memory before any check.
 */
export function* tensorSpecs(config: ModelConfig): Generator<TensorSpec> {
  const spec = (name: string, shape: number[], optional = false): TensorSpec => ({ name, shape, optional });
  const G = gateCount(config.cell);
  const H = config.hidden_size;
  const E = config.embedding_dim;
  const Hd = encoderDirectionSize(config);
  const directions = config.bidirectional ? ['', '_reverse'] : [''];

  yield spec('encoder.embedding.weight', [config.src_vocab_size, E]);
  for (let k = 0; k < config.num_layers; k++) {
    const inputSize = k === 0 ? E : Hd * directions.length;
    for (const suffix of directions) {
      yield spec(`encoder.rnn.weight_ih_l${k}${suffix}`, [G * Hd, inputSize]);
      yield spec(`encoder.rnn.weight_hh_l${k}${suffix}`, [G * Hd, Hd]);
      yield spec(`encoder.rnn.bias_ih_l${k}${suffix}`, [G * Hd], true);
      yield spec(`encoder.rnn.bias_hh_l${k}${suffix}`, [G * Hd], true);
    }
  }

  yield spec('decoder.embedding.weight', [config.tgt_vocab_size, E]);
  for (let k = 0; k < config.num_layers; k++) {
    const inputSize = k === 0 ? E + (config.input_feeding ? H : 0) : H;
    yield spec(`decoder.rnn.weight_ih_l${k}`, [G * H, inputSize]);
    yield spec(`decoder.rnn.weight_hh_l${k}`, [G * H, H]);
    yield spec(`decoder.rnn.bias_ih_l${k}`, [G * H], true);
    yield spec(`decoder.rnn.bias_hh_l${k}`, [G * H], true);
  }

  if (config.attention === 'general') yield spec('attention.linear_in.weight', [H, H]);
  if (config.attention === 'additive') {
    yield spec('attention.linear_query.weight', [H, H]);
    yield spec('attention.linear_query.bias', [H]);
    yield spec('attention.linear_context.weight', [H, H]);
    yield spec('attention.v.weight', [1, H]);
  }
  if (config.attention !== 'none') {
    yield spec('attention.linear_out.weight', [H, 2 * H]);
    yield spec('attention.linear_out.bias', [H], true);
  }

  yield spec('generator.weight', [config.tgt_vocab_size, H]);
  yield spec('generator.bias', [config.tgt_vocab_size], true);
}
