/**
 * A Transformer's tensors looked up once by role (docs/model-format.md, "Transformer models"), so
 * the CPU reference and the GPU upload read like the math instead of like state_dict keys.
 * Matrices are row-major in PyTorch layout ([out × in]); absent optional biases are zeros.
 */
import { ModelFormatError } from '../errors.ts';
import type { TransformerConfig } from './config.ts';
import type { TransformerModel } from './model.ts';

export interface LinearWeights {
  /** [out × in] */
  weight: Float32Array;
  /** [out] */
  bias: Float32Array;
  out: number;
  in: number;
}

export interface NormWeights {
  /** γ [D] */
  weight: Float32Array;
  /** β [D] */
  bias: Float32Array;
}

export interface AttentionBlockWeights {
  /** in_proj: [3D × D], rows q then k then v; bias [3D]. */
  inProj: LinearWeights;
  outProj: LinearWeights;
}

export interface EncoderLayerWeights {
  selfAttention: AttentionBlockWeights;
  linear1: LinearWeights;
  linear2: LinearWeights;
  /** Around self-attention. */
  norm1: NormWeights;
  /** Around the feed-forward block. */
  norm2: NormWeights;
}

export interface DecoderLayerWeights {
  selfAttention: AttentionBlockWeights;
  /** `multihead_attn`: queries from the decoder, keys and values from the encoder memory. */
  crossAttention: AttentionBlockWeights;
  linear1: LinearWeights;
  linear2: LinearWeights;
  norm1: NormWeights;
  norm2: NormWeights;
  norm3: NormWeights;
}

export interface TransformerWeights {
  config: TransformerConfig;
  /** D */
  dModel: number;
  heads: number;
  /** D / heads */
  headDim: number;
  ffnDim: number;
  /** [V_src × D] */
  encoderEmbedding: Float32Array;
  /** [max_positions × D] (learned positions only). */
  encoderPositions?: Float32Array;
  encoderLayers: EncoderLayerWeights[];
  encoderNorm?: NormWeights;
  /** [V_tgt × D] */
  decoderEmbedding: Float32Array;
  decoderPositions?: Float32Array;
  decoderLayers: DecoderLayerWeights[];
  decoderNorm?: NormWeights;
  generator: LinearWeights;
}

function lookup(model: TransformerModel, name: string): Float32Array {
  const tensor = model.weights.get(name);
  if (!tensor) throw new ModelFormatError('model.safetensors', 'missing tensor', { tensor: name });
  return tensor;
}

function linear(
  model: TransformerModel,
  prefix: string,
  out: number,
  inputs: number,
  weightName = 'weight',
  biasName = 'bias',
): LinearWeights {
  return {
    weight: lookup(model, `${prefix}.${weightName}`),
    bias: lookup(model, `${prefix}.${biasName}`),
    out,
    in: inputs,
  };
}

function norm(model: TransformerModel, prefix: string): NormWeights {
  return { weight: lookup(model, `${prefix}.weight`), bias: lookup(model, `${prefix}.bias`) };
}

function optionalNorm(model: TransformerModel, prefix: string): NormWeights | undefined {
  return model.weights.has(`${prefix}.weight`) ? norm(model, prefix) : undefined;
}

function attention(model: TransformerModel, prefix: string, D: number): AttentionBlockWeights {
  return {
    inProj: linear(model, prefix, 3 * D, D, 'in_proj_weight', 'in_proj_bias'),
    outProj: linear(model, `${prefix}.out_proj`, D, D),
  };
}

/** Every tensor by role; throws ModelFormatError naming a missing tensor. */
export function transformerWeights(model: TransformerModel): TransformerWeights {
  const config = model.config;
  const D = config.d_model;
  const F = config.ffn_dim;
  const learned = config.positions === 'learned';
  const encoderLayers: EncoderLayerWeights[] = [];
  for (let i = 0; i < config.encoder_layers; i++) {
    const layer = `transformer.encoder.layers.${i}`;
    encoderLayers.push({
      selfAttention: attention(model, `${layer}.self_attn`, D),
      linear1: linear(model, `${layer}.linear1`, F, D),
      linear2: linear(model, `${layer}.linear2`, D, F),
      norm1: norm(model, `${layer}.norm1`),
      norm2: norm(model, `${layer}.norm2`),
    });
  }
  const decoderLayers: DecoderLayerWeights[] = [];
  for (let i = 0; i < config.decoder_layers; i++) {
    const layer = `transformer.decoder.layers.${i}`;
    decoderLayers.push({
      selfAttention: attention(model, `${layer}.self_attn`, D),
      crossAttention: attention(model, `${layer}.multihead_attn`, D),
      linear1: linear(model, `${layer}.linear1`, F, D),
      linear2: linear(model, `${layer}.linear2`, D, F),
      norm1: norm(model, `${layer}.norm1`),
      norm2: norm(model, `${layer}.norm2`),
      norm3: norm(model, `${layer}.norm3`),
    });
  }
  return {
    config,
    dModel: D,
    heads: config.num_heads,
    headDim: D / config.num_heads,
    ffnDim: F,
    encoderEmbedding: lookup(model, 'encoder.embedding.weight'),
    encoderPositions: learned ? lookup(model, 'encoder.positions.weight') : undefined,
    encoderLayers,
    encoderNorm: optionalNorm(model, 'transformer.encoder.norm'),
    decoderEmbedding: lookup(model, 'decoder.embedding.weight'),
    decoderPositions: learned ? lookup(model, 'decoder.positions.weight') : undefined,
    decoderLayers,
    decoderNorm: optionalNorm(model, 'transformer.decoder.norm'),
    generator: linear(model, 'generator', config.tgt_vocab_size, D),
  };
}
