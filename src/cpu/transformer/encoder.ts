/**
 * The Transformer encoder (docs/model-format.md, "Transformer models"): embeddings plus positions
 * from 0, L layers of self-attention and feed-forward, then encoder.norm when present. Each
 * sentence is encoded alone, so a sentence in a batch gives exactly what it gives alone and no
 * key mask is needed: every key is one of the sentence's real positions.
 */
import type { TransformerWeights } from '../../model/transformer-weights.ts';
import { feedForward, finalNorm, leavesF32Range, project, applyLinear, sublayer } from './blocks.ts';
import { type Embeddings, embedSource } from './embedding.ts';
import { attention } from './ops.ts';

export interface TransformerEncoded {
  /** S */
  readonly length: number;
  /** The memory the decoder attends to, [S × D] (after encoder.norm when present). */
  readonly outputs: Float64Array;
  /** Per layer, self-attention α as [heads × S × S]. */
  readonly selfAttention: readonly Float64Array[];
  /** Whether a value left f32's range on the way (the GPU would have overflowed). */
  readonly overflowed: boolean;
}

const everyKey = (): boolean => true;

export function encodeTransformerSentence(
  weights: TransformerWeights,
  tables: Embeddings,
  source: readonly number[],
): TransformerEncoded {
  const config = weights.config;
  const D = weights.dModel;
  const S = source.length;
  let x = embedSource(weights, tables, source);
  const watched: Float64Array[] = [x];
  const selfAttention: Float64Array[] = [];
  for (const layer of weights.encoderLayers) {
    const block = layer.selfAttention;
    x = sublayer(config, layer.norm1, x, S, (input) => {
      const q = project(block, 'query', input, S, D);
      const k = project(block, 'key', input, S, D);
      const v = project(block, 'value', input, S, D);
      const attended = attention(q, S, k, v, S, D, weights.heads, everyKey);
      selfAttention.push(attended.weights);
      const out = applyLinear(block.outProj, attended.out, S);
      watched.push(q, k, v, out);
      return out;
    });
    watched.push(x);
    x = sublayer(config, layer.norm2, x, S, (input) => {
      const ff = feedForward(config, layer.linear1, layer.linear2, input, S);
      watched.push(ff.hidden, ff.out);
      return ff.out;
    });
    watched.push(x);
  }
  const outputs = finalNorm(config, weights.encoderNorm, x, S);
  watched.push(outputs);
  return { length: S, outputs, selfAttention, overflowed: watched.some(leavesF32Range) };
}
