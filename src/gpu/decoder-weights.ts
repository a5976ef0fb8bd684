/**
 * The decoder's tensors on the GPU: decoder embedding, recurrent layers, attention and generator,
 * uploaded once per model and shared by every decode.
 *
 * Layouts differ from PyTorch's where a kernel reads faster from another one (transposed once
 * here, on the CPU):
 * - recurrent weights are stored transposed, W_ihᵀ [in × G·H] and W_hhᵀ [H × G·H], so the
 *   invocations of neighbouring units j read neighbouring addresses in the fused cell's GEMV;
 * - general attention keeps W_inᵀ, the B operand of keys = enc · W_in (C = A·Bᵀ);
 * - the two recurrent biases share one buffer [b_ih ; b_hh] (GRU needs them apart).
 * Everything else stays [out × in] row-major, the matmul kernel's B operand.
 */
import { gateCount, type RnnConfig } from '../model/config.ts';
import type { RnnModel } from '../model/model.ts';
import { weightsByRole } from '../model/weights-by-role.ts';
import { concatenate, transposeMatrix, uploadWeights } from './weight-upload.ts';

export interface DecoderLayerBuffers {
  /** W_ihᵀ [inputSize × G·H]. */
  inputWeightsT: GPUBuffer;
  /** W_hhᵀ [H × G·H]. */
  hiddenWeightsT: GPUBuffer;
  /** [b_ih ; b_hh], 2·G·H. */
  biases: GPUBuffer;
  inputSize: number;
}

export interface AttentionBuffers {
  /** general: W_inᵀ [H × H]. */
  linearInT?: GPUBuffer;
  /** additive: W_q [H × H], b_q [H], W_c [H × H], v [H]. */
  linearQuery?: GPUBuffer;
  linearQueryBias?: GPUBuffer;
  linearContext?: GPUBuffer;
  v?: GPUBuffer;
  /** W_out [H × 2H], b_out [H]. */
  linearOut: GPUBuffer;
  linearOutBias: GPUBuffer;
}

export interface DecoderWeightBuffers {
  readonly config: RnnConfig;
  /** Decoder embedding [V × E]. */
  readonly embedding: GPUBuffer;
  readonly layers: readonly DecoderLayerBuffers[];
  /** Absent when the model has no attention. */
  readonly attention?: AttentionBuffers;
  /** Generator W [V × H] and b [V]. */
  readonly generator: GPUBuffer;
  readonly generatorBias: GPUBuffer;
  /** Destroys every buffer; idempotent. */
  dispose(): void;
}

export function uploadDecoderWeights(device: GPUDevice, model: RnnModel): DecoderWeightBuffers {
  const weights = weightsByRole(model);
  const config = model.config;
  const H = config.hidden_size;
  const rows = gateCount(config.cell) * H;
  return uploadWeights(device, 'decoder', (upload) => {
    const layers = weights.decoderLayers.map((layer, k) => ({
      inputWeightsT: upload(`weight_ih_l${k}ᵀ`, transposeMatrix(layer.Wih, rows, layer.inputSize)),
      hiddenWeightsT: upload(`weight_hh_l${k}ᵀ`, transposeMatrix(layer.Whh, rows, H)),
      biases: upload(`biases_l${k}`, concatenate([layer.bih, layer.bhh])),
      inputSize: layer.inputSize,
    }));
    const source = weights.attention;
    const attention: AttentionBuffers | undefined = source && {
      linearInT: source.linearIn && upload('attention linear_inᵀ', transposeMatrix(source.linearIn, H, H)),
      linearQuery: source.linearQuery && upload('attention linear_query', source.linearQuery),
      linearQueryBias: source.linearQueryBias && upload('attention linear_query bias', source.linearQueryBias),
      linearContext: source.linearContext && upload('attention linear_context', source.linearContext),
      v: source.v && upload('attention v', source.v),
      linearOut: upload('attention linear_out', source.linearOut),
      linearOutBias: upload('attention linear_out bias', source.linearOutBias),
    };
    return {
      config,
      embedding: upload('embedding', weights.decoderEmbedding),
      layers,
      attention,
      generator: upload('generator', weights.generator),
      generatorBias: upload('generator bias', weights.generatorBias),
    };
  });
}
