/**
 * The model's tensors looked up once by role, so the encoder and decoder read like the
 * math instead of like string keys.
 */
import { ModelFormatError } from '../errors.ts';
import { type CellType, type RnnConfig, encoderDirectionSize, gateCount } from './config.ts';
import type { RnnModel } from './model.ts';

/** One direction of one recurrent layer. */
export interface RecurrentWeights {
  /** [G·units × inputSize] */
  Wih: Float32Array;
  /** [G·units × units] */
  Whh: Float32Array;
  /** [G·units] */
  bih: Float32Array;
  bhh: Float32Array;
  inputSize: number;
  units: number;
}

export interface AttentionWeights {
  linearIn?: Float32Array;
  linearQuery?: Float32Array;
  linearQueryBias?: Float32Array;
  linearContext?: Float32Array;
  v?: Float32Array;
  /** [H × 2H] */
  linearOut: Float32Array;
  linearOutBias: Float32Array;
}

export interface WeightsByRole {
  config: RnnConfig;
  cell: CellType;
  /** H: decoder width and encoder output width. */
  hidden: number;
  embedding: number;
  encoderEmbedding: Float32Array;
  /** [layer][direction]: direction 0 forward, 1 backward (bidirectional only). */
  encoderLayers: RecurrentWeights[][];
  decoderEmbedding: Float32Array;
  decoderLayers: RecurrentWeights[];
  /** Absent when config.attention is "none". */
  attention?: AttentionWeights;
  generator: Float32Array;
  generatorBias: Float32Array;
}

function lookup(model: RnnModel, name: string): Float32Array {
  const tensor = model.weights.get(name);
  if (!tensor) throw new ModelFormatError('model.safetensors', 'missing tensor', { tensor: name });
  return tensor;
}

function recurrent(
  model: RnnModel,
  prefix: string,
  k: number,
  suffix: string,
  inputSize: number,
  units: number,
): RecurrentWeights {
  return {
    Wih: lookup(model, `${prefix}.weight_ih_l${k}${suffix}`),
    Whh: lookup(model, `${prefix}.weight_hh_l${k}${suffix}`),
    bih: lookup(model, `${prefix}.bias_ih_l${k}${suffix}`),
    bhh: lookup(model, `${prefix}.bias_hh_l${k}${suffix}`),
    inputSize,
    units,
  };
}

function attentionWeights(model: RnnModel): AttentionWeights | undefined {
  const kind = model.config.attention;
  if (kind === 'none') return undefined;
  return {
    linearIn: kind === 'general' ? lookup(model, 'attention.linear_in.weight') : undefined,
    linearQuery: kind === 'additive' ? lookup(model, 'attention.linear_query.weight') : undefined,
    linearQueryBias: kind === 'additive' ? lookup(model, 'attention.linear_query.bias') : undefined,
    linearContext: kind === 'additive' ? lookup(model, 'attention.linear_context.weight') : undefined,
    v: kind === 'additive' ? lookup(model, 'attention.v.weight') : undefined,
    linearOut: lookup(model, 'attention.linear_out.weight'),
    linearOutBias: lookup(model, 'attention.linear_out.bias'),
  };
}

/** Every tensor by role; throws ModelFormatError naming a missing tensor. */
export function weightsByRole(model: RnnModel): WeightsByRole {
  const config = model.config;
  const H = config.hidden_size;
  const E = config.embedding_dim;
  const Hd = encoderDirectionSize(config);
  const directions = config.bidirectional ? ['', '_reverse'] : [''];
  const encoderLayers: RecurrentWeights[][] = [];
  const decoderLayers: RecurrentWeights[] = [];
  for (let k = 0; k < config.num_layers; k++) {
    const encoderInput = k === 0 ? E : Hd * directions.length;
    encoderLayers.push(directions.map((suffix) => recurrent(model, 'encoder.rnn', k, suffix, encoderInput, Hd)));
    const decoderInput = k === 0 ? E + (config.input_feeding ? H : 0) : H;
    decoderLayers.push(recurrent(model, 'decoder.rnn', k, '', decoderInput, H));
  }
  return {
    config,
    cell: config.cell,
    hidden: H,
    embedding: E,
    encoderEmbedding: lookup(model, 'encoder.embedding.weight'),
    encoderLayers,
    decoderEmbedding: lookup(model, 'decoder.embedding.weight'),
    decoderLayers,
    attention: attentionWeights(model),
    generator: lookup(model, 'generator.weight'),
    generatorBias: lookup(model, 'generator.bias'),
  };
}

/** Rows of a recurrent layer's gate block: G·units. */
export function gateRows(weights: WeightsByRole, layer: RecurrentWeights): number {
  return gateCount(weights.cell) * layer.units;
}
