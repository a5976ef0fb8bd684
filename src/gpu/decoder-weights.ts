/**
 * The decoder's tensors on the GPU: decoder embedding, recurrent layers, attention and generator,
 * uploaded once per model and shared by every decode.
 *
 * Layouts differ from PyTorch's where a kernel reads faster from another one (transposed once
 * here, on the CPU):
 * - general attention keeps W_inᵀ, the B operand of keys = enc · W_in (C = A·Bᵀ);
 * - the two recurrent biases share one buffer [b_ih ; b_hh] (GRU needs them apart).
 * Everything else stays [out × in] row-major, the matmul kernel's B operand.
 */
import type { RnnConfig } from '../model/config.ts';
import type { RnnModel } from '../model/model.ts';
import { weightsByRole } from '../model/weights-by-role.ts';
import { concatenate, transposeMatrix, uploadWeights } from './weight-upload.ts';

export interface DecoderLayerBuffers {
  /** W_ih [G·H × inputSize]. */
  inputWeights: GPUBuffer;
  /** W_hh [G·H × H]. */
  hiddenWeights: GPUBuffer;
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
  return uploadWeights(device, 'decoder', (upload) => {
    const layers = weights.decoderLayers.map((layer, k) => ({
      inputWeights: upload(`weight_ih_l${k}`, layer.Wih),
      hiddenWeights: upload(`weight_hh_l${k}`, layer.Whh),
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
