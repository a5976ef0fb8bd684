import {
  type ModelConfig,
  type RnnConfig,
  type TransformerConfig,
  encoderDirectionSize,
  gateCount,
  isTransformerConfig,
} from './config.ts';

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
export function tensorSpecs(config: ModelConfig): Generator<TensorSpec> {
  return isTransformerConfig(config) ? transformerTensorSpecs(config) : rnnTensorSpecs(config);
}

const spec = (name: string, shape: number[], optional = false): TensorSpec => ({ name, shape, optional });

function* rnnTensorSpecs(config: RnnConfig): Generator<TensorSpec> {
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

/** Multi-head attention's projections, as torch.nn.MultiheadAttention names them. */
function* attentionSpecs(prefix: string, D: number): Generator<TensorSpec> {
  yield spec(`${prefix}.in_proj_weight`, [3 * D, D]);
  yield spec(`${prefix}.in_proj_bias`, [3 * D], true);
  yield spec(`${prefix}.out_proj.weight`, [D, D]);
  yield spec(`${prefix}.out_proj.bias`, [D], true);
}

function* feedForwardSpecs(prefix: string, D: number, F: number): Generator<TensorSpec> {
  yield spec(`${prefix}.linear1.weight`, [F, D]);
  yield spec(`${prefix}.linear1.bias`, [F], true);
  yield spec(`${prefix}.linear2.weight`, [D, F]);
  yield spec(`${prefix}.linear2.bias`, [D], true);
}

function* normSpecs(prefix: string, D: number, optional = false): Generator<TensorSpec> {
  yield spec(`${prefix}.weight`, [D], optional);
  yield spec(`${prefix}.bias`, [D], optional);
}

/**
 * torch.nn.Transformer's state_dict names (docs/model-format.md, "Transformer models"). The final
 * norms are optional as a pair: bindWeights drops them when the file has neither tensor.
 */
function* transformerTensorSpecs(config: TransformerConfig): Generator<TensorSpec> {
  const D = config.d_model;
  const F = config.ffn_dim;
  yield spec('encoder.embedding.weight', [config.src_vocab_size, D]);
  if (config.positions === 'learned') yield spec('encoder.positions.weight', [config.max_positions, D]);
  for (let i = 0; i < config.encoder_layers; i++) {
    const layer = `transformer.encoder.layers.${i}`;
    yield* attentionSpecs(`${layer}.self_attn`, D);
    yield* feedForwardSpecs(layer, D, F);
    yield* normSpecs(`${layer}.norm1`, D);
    yield* normSpecs(`${layer}.norm2`, D);
  }
  yield* normSpecs('transformer.encoder.norm', D, true);

  yield spec('decoder.embedding.weight', [config.tgt_vocab_size, D]);
  if (config.positions === 'learned') yield spec('decoder.positions.weight', [config.max_positions, D]);
  for (let i = 0; i < config.decoder_layers; i++) {
    const layer = `transformer.decoder.layers.${i}`;
    yield* attentionSpecs(`${layer}.self_attn`, D);
    yield* attentionSpecs(`${layer}.multihead_attn`, D);
    yield* feedForwardSpecs(layer, D, F);
    yield* normSpecs(`${layer}.norm1`, D);
    yield* normSpecs(`${layer}.norm2`, D);
    yield* normSpecs(`${layer}.norm3`, D);
  }
  yield* normSpecs('transformer.decoder.norm', D, true);

  yield spec('generator.weight', [config.tgt_vocab_size, D]);
  yield spec('generator.bias', [config.tgt_vocab_size], true);
}

/** Names of the optional final norms: present as a pair or not at all. */
export const FINAL_NORMS = ['transformer.encoder.norm', 'transformer.decoder.norm'] as const;
