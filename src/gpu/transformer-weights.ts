/**
 * A Transformer's tensors on the GPU, uploaded once per model and shared by every call. Matrices
 * stay in PyTorch layout [out × in], the matmul kernel's B operand, so nothing is transposed; the
 * packed in_proj [3D × D] stays one buffer and its q or k/v rows are addressed by offset.
 *
 * src/gpu may not import the CPU reference, so the sinusoidal table comes from the caller
 * (the engine computes it with the reference's own sinusoidalTable, so both backends add the same P).
 */
import type { TransformerConfig } from '../model/config.ts';
import type { TransformerModel } from '../model/model.ts';
import { type LinearWeights, type NormWeights, transformerWeights } from '../model/transformer-weights.ts';
import { uploadWeights } from './weight-upload.ts';

export interface LinearBuffers {
  /** [out × in] */
  weight: GPUBuffer;
  /** [out] (zeros when the file has none) */
  bias: GPUBuffer;
}

export interface NormBuffers {
  gamma: GPUBuffer;
  beta: GPUBuffer;
}

export interface TransformerEncoderLayerBuffers {
  /** [3D × D]: q, k, v rows. */
  inProj: LinearBuffers;
  outProj: LinearBuffers;
  linear1: LinearBuffers;
  linear2: LinearBuffers;
  norm1: NormBuffers;
  norm2: NormBuffers;
}

export interface TransformerDecoderLayerBuffers {
  selfInProj: LinearBuffers;
  selfOutProj: LinearBuffers;
  /** multihead_attn in_proj [3D × D]: q rows for the decoder, k/v rows (offset D·D) for the memory. */
  crossInProj: LinearBuffers;
  crossOutProj: LinearBuffers;
  linear1: LinearBuffers;
  linear2: LinearBuffers;
  norm1: NormBuffers;
  norm2: NormBuffers;
  norm3: NormBuffers;
}

export interface TransformerWeightBuffers {
  readonly config: TransformerConfig;
  /** [V_src × D] */
  readonly encoderEmbedding: GPUBuffer;
  /** [max_positions × D]: learned, or the sinusoidal table (one buffer shared with the decoder). */
  readonly encoderPositions: GPUBuffer;
  readonly encoderLayers: readonly TransformerEncoderLayerBuffers[];
  readonly encoderNorm?: NormBuffers;
  /** [V_tgt × D] */
  readonly decoderEmbedding: GPUBuffer;
  readonly decoderPositions: GPUBuffer;
  readonly decoderLayers: readonly TransformerDecoderLayerBuffers[];
  readonly decoderNorm?: NormBuffers;
  /** [V_tgt × D], [V_tgt] */
  readonly generator: LinearBuffers;
  /** Destroys every buffer; idempotent. */
  dispose(): void;
}

/**
 * Uploads every tensor. `sinusoidal` is the [max_positions × D] table as f32, needed only for
 * sinusoidal positions.
 */
export function uploadTransformerWeights(
  device: GPUDevice,
  model: TransformerModel,
  sinusoidal?: Float32Array,
): TransformerWeightBuffers {
  const w = transformerWeights(model);
  return uploadWeights(device, 'transformer', (upload) => {
    const linear = (name: string, weights: LinearWeights): LinearBuffers => ({
      weight: upload(`${name}.weight`, weights.weight),
      bias: upload(`${name}.bias`, weights.bias),
    });
    const norm = (name: string, weights: NormWeights): NormBuffers => ({
      gamma: upload(`${name}.weight`, weights.weight),
      beta: upload(`${name}.bias`, weights.bias),
    });
    const positions = (name: string, learned: Float32Array | undefined): GPUBuffer => {
      if (learned) return upload(name, learned);
      if (!sinusoidal) throw new Error('uploadTransformerWeights: sinusoidal positions need their table');
      return upload('sinusoidal positions', sinusoidal);
    };
    const encoderPositions = positions('encoder.positions.weight', w.encoderPositions);
    const decoderPositions = w.decoderPositions
      ? positions('decoder.positions.weight', w.decoderPositions)
      : encoderPositions;
    const encoderLayers = w.encoderLayers.map((layer, i) => {
      const name = `encoder.layers.${i}`;
      return {
        inProj: linear(`${name}.self_attn.in_proj`, layer.selfAttention.inProj),
        outProj: linear(`${name}.self_attn.out_proj`, layer.selfAttention.outProj),
        linear1: linear(`${name}.linear1`, layer.linear1),
        linear2: linear(`${name}.linear2`, layer.linear2),
        norm1: norm(`${name}.norm1`, layer.norm1),
        norm2: norm(`${name}.norm2`, layer.norm2),
      };
    });
    const decoderLayers = w.decoderLayers.map((layer, i) => {
      const name = `decoder.layers.${i}`;
      return {
        selfInProj: linear(`${name}.self_attn.in_proj`, layer.selfAttention.inProj),
        selfOutProj: linear(`${name}.self_attn.out_proj`, layer.selfAttention.outProj),
        crossInProj: linear(`${name}.multihead_attn.in_proj`, layer.crossAttention.inProj),
        crossOutProj: linear(`${name}.multihead_attn.out_proj`, layer.crossAttention.outProj),
        linear1: linear(`${name}.linear1`, layer.linear1),
        linear2: linear(`${name}.linear2`, layer.linear2),
        norm1: norm(`${name}.norm1`, layer.norm1),
        norm2: norm(`${name}.norm2`, layer.norm2),
        norm3: norm(`${name}.norm3`, layer.norm3),
      };
    });
    return {
      config: model.config,
      encoderEmbedding: upload('encoder.embedding.weight', w.encoderEmbedding),
      encoderPositions,
      encoderLayers,
      encoderNorm: w.encoderNorm && norm('encoder.norm', w.encoderNorm),
      decoderEmbedding: upload('decoder.embedding.weight', w.decoderEmbedding),
      decoderPositions,
      decoderLayers,
      decoderNorm: w.decoderNorm && norm('decoder.norm', w.decoderNorm),
      generator: linear('generator', w.generator),
    };
  });
}
