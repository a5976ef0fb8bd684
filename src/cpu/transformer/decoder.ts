/**
 * One Transformer decoder step (docs/model-format.md, "Transformer models"): the input token at
 * position t (0 holds BOS), L layers of causal self-attention over a key/value cache,
 * cross-attention over the memory, feed-forward, then decoder.norm when present, the generator
 * and log_softmax.
 *
 * Causality needs no mask: the cache holds exactly the positions 0..t, so a step attends to the
 * past and itself. States are immutable values: a step appends one k and one v row per layer to
 * new arrays that share the old rows, never recomputes or writes into the past, so beams can
 * fork a state freely.
 */
import type { TransformerWeights } from '../../model/transformer-weights.ts';
import { logSoftmax } from '../kernels.ts';
import { applyLinear, feedForward, finalNorm, leavesF32Range, overflowsUpward, project, sublayer } from './blocks.ts';
import { type Embeddings, embedTarget } from './embedding.ts';
import type { TransformerEncoded } from './encoder.ts';
import { attention } from './ops.ts';

/** What a sentence's decoder reads at every step; built once per sentence in `begin`. */
export interface TransformerMemory {
  /** S */
  readonly length: number;
  /** Per decoder layer, the memory projected by multihead_attn's key and value rows, [S × D]. */
  readonly crossKeys: readonly Float64Array[];
  readonly crossValues: readonly Float64Array[];
  /** The encoder (or this projection) left f32's range: every step gives NaN log-probs. */
  readonly overflowed: boolean;
}

/** One decoder layer's self-attention cache: rows 0..t of its k and v, D wide each. */
export interface LayerCache {
  readonly keys: readonly Float64Array[];
  readonly values: readonly Float64Array[];
}

export interface TransformerDecoderState {
  /** Shared by reference by every state of the sentence. */
  readonly memory: TransformerMemory;
  /** The position the next input token takes: the number of tokens fed so far. */
  readonly position: number;
  /** Per decoder layer. */
  readonly cache: readonly LayerCache[];
}

export interface TransformerStepResult {
  /** log_softmax over the whole target vocabulary; all NaN when a value left f32's range. */
  logProbs: Float64Array;
  /** Per layer, self-attention α over the cache as [heads × (position + 1)]. */
  selfAttention: Float64Array[];
  /** Per layer, cross-attention α as [heads × S]. */
  crossAttention: Float64Array[];
  state: TransformerDecoderState;
}

export function transformerMemory(weights: TransformerWeights, encoded: TransformerEncoded): TransformerMemory {
  const D = weights.dModel;
  const S = encoded.length;
  const crossKeys = weights.decoderLayers.map((layer) => project(layer.crossAttention, 'key', encoded.outputs, S, D));
  const crossValues = weights.decoderLayers.map((layer) =>
    project(layer.crossAttention, 'value', encoded.outputs, S, D),
  );
  const overflowed = encoded.overflowed || crossKeys.some(leavesF32Range) || crossValues.some(leavesF32Range);
  return { length: S, crossKeys, crossValues, overflowed };
}

export function initialTransformerState(
  weights: TransformerWeights,
  memory: TransformerMemory,
): TransformerDecoderState {
  return { memory, position: 0, cache: weights.decoderLayers.map(() => ({ keys: [], values: [] })) };
}

/** Rows stacked into one flat [rows × D] matrix for the attention twin. */
function stack(rows: readonly Float64Array[], D: number): Float64Array {
  const flat = new Float64Array(rows.length * D);
  rows.forEach((row, i) => flat.set(row, i * D));
  return flat;
}

const everyKey = (): boolean => true;

/** Feeds `token` at state.position; throws InputError at position max_positions (embedTarget). */
export function transformerDecoderStep(
  weights: TransformerWeights,
  tables: Embeddings,
  state: TransformerDecoderState,
  token: number,
): TransformerStepResult {
  const config = weights.config;
  const D = weights.dModel;
  const memory = state.memory;
  let x = embedTarget(weights, tables, token, state.position);
  const watched: Float64Array[] = [x];
  const cache: LayerCache[] = [];
  const selfAttention: Float64Array[] = [];
  const crossAttention: Float64Array[] = [];
  weights.decoderLayers.forEach((layer, l) => {
    const self = layer.selfAttention;
    x = sublayer(config, layer.norm1, x, 1, (input) => {
      const q = project(self, 'query', input, 1, D);
      const k = project(self, 'key', input, 1, D);
      const v = project(self, 'value', input, 1, D);
      const keys = [...state.cache[l].keys, k];
      const values = [...state.cache[l].values, v];
      cache.push({ keys, values });
      const attended = attention(q, 1, stack(keys, D), stack(values, D), keys.length, D, weights.heads, everyKey);
      selfAttention.push(attended.weights);
      const out = applyLinear(self.outProj, attended.out, 1);
      watched.push(q, k, v, out);
      return out;
    });
    watched.push(x);
    const cross = layer.crossAttention;
    x = sublayer(config, layer.norm2, x, 1, (input) => {
      const q = project(cross, 'query', input, 1, D);
      const keys = memory.crossKeys[l];
      const values = memory.crossValues[l];
      const attended = attention(q, 1, keys, values, memory.length, D, weights.heads, everyKey);
      crossAttention.push(attended.weights);
      const out = applyLinear(cross.outProj, attended.out, 1);
      watched.push(q, out);
      return out;
    });
    watched.push(x);
    x = sublayer(config, layer.norm3, x, 1, (input) => {
      const ff = feedForward(config, layer.linear1, layer.linear2, input, 1);
      watched.push(ff.hidden, ff.out);
      return ff.out;
    });
    watched.push(x);
  });
  const top = finalNorm(config, weights.decoderNorm, x, 1);
  watched.push(top);
  const logits = applyLinear(weights.generator, top, 1);
  const logProbs = logSoftmax(logits);
  const overflowed =
    memory.overflowed || watched.some(leavesF32Range) || overflowsUpward(logits) || overflowsUpward(logProbs);
  return {
    logProbs: overflowed ? logProbs.fill(NaN) : logProbs,
    selfAttention,
    crossAttention,
    state: { memory, position: state.position + 1, cache },
  };
}

/** α averaged over heads, [S]: what `StepOutput.attention` and `translate --attention` report. */
export function headAverage(weights: Float64Array, heads: number): Float64Array {
  const S = weights.length / heads;
  const out = new Float64Array(S);
  for (let h = 0; h < heads; h++) for (let j = 0; j < S; j++) out[j] += weights[h * S + j];
  for (let j = 0; j < S; j++) out[j] /= heads;
  return out;
}
