/**
 * One decoder step (docs/model-format.md): embed the previous token (with input feeding, append
 * h̃_{t−1}), run the L layers one step, attend over the sentence's real positions, project
 * with the generator and take the (unmasked) log_softmax.
 *
 * The reference computes in f64, where values far past f32's range stay finite; the gpu computes
 * in f32, where they become ±Infinity and then NaN. So that both backends fail on the same
 * sentences, a step whose state, attention, output or log-probs leave f32's range gives NaN
 * log-probs, which the searches and scoring report as a non-finite result.
 */
import {
  type AttentionScoreWeights,
  additiveKeys,
  attentionContext,
  attentionScores,
  attentionalHidden,
  maskedSoftmax,
} from './attention.ts';
import { cellStep } from './cells.ts';
import type { EncodedSentence } from './encoder.ts';
import { embeddingGather, logSoftmax, matmulBias } from './kernels.ts';
import { type WeightsByRole, gateRows } from '../model/weights-by-role.ts';

/** What the decoder reads of its sentence at every step; fixed once the sentence is encoded. */
export interface DecoderMemory {
  /** S, the number of real source positions. */
  readonly length: number;
  /** Encoder outputs ē [S×H]. */
  readonly encoderOutputs: Float64Array;
  /** additive attention: W_c ē_j [S×H], computed once per sentence. */
  readonly additiveKeys?: Float64Array;
}

/** The recurrent state between steps. Never mutated: a step returns a new one. */
export interface DecoderState {
  /** h per layer, H wide. */
  readonly h: readonly Float64Array[];
  /** c per layer (LSTM only). */
  readonly c?: readonly Float64Array[];
  /** h̃_{t−1} for input feeding (zeros before the first step); absent without input feeding. */
  readonly feed?: Float64Array;
}

/** The largest finite f32. */
const F32_MAX = 3.4028234663852886e38;

/** Whether any value is NaN or would not fit in an f32 (overflow to ±Infinity there). */
function leavesF32Range(values: Float64Array): boolean {
  for (const v of values) if (!(Math.abs(v) <= F32_MAX)) return true;
  return false;
}

/**
 * The same for logits and log-probs, where −∞ is a value of its own (probability 0, e.g. a token a
 * bias rules out) that both backends treat alike: only NaN and values past +f32 max count.
 */
function overflowsUpward(values: Float64Array): boolean {
  for (const v of values) if (!(v <= F32_MAX)) return true;
  return false;
}

export interface DecoderStepResult {
  /** log_softmax(W_gen o_t + b_gen) over the whole target vocabulary; all NaN past f32's range. */
  logProbs: Float64Array;
  /** α over the S source positions (models with attention). */
  attention?: Float64Array;
  state: DecoderState;
}

export function decoderMemory(weights: WeightsByRole, encoded: EncodedSentence): DecoderMemory {
  const H = weights.hidden;
  const linearContext = weights.attention?.linearContext;
  return {
    length: encoded.length,
    encoderOutputs: encoded.outputs,
    additiveKeys: linearContext ? additiveKeys(linearContext, encoded.outputs, encoded.length, H) : undefined,
  };
}

/** Initial states = the encoder's final states; h̃_0 = 0. */
export function initialDecoderState(weights: WeightsByRole, encoded: EncodedSentence): DecoderState {
  return {
    h: encoded.h,
    c: encoded.c,
    feed: weights.config.input_feeding ? new Float64Array(weights.hidden) : undefined,
  };
}

/** x_t = E_tgt[y_{t−1}], followed by h̃_{t−1} with input feeding. */
function decoderInput(weights: WeightsByRole, state: DecoderState, previousToken: number): Float64Array {
  const embedded = embeddingGather(weights.decoderEmbedding, [previousToken], weights.embedding);
  if (!state.feed) return embedded;
  const input = new Float64Array(embedded.length + state.feed.length);
  input.set(embedded);
  input.set(state.feed, embedded.length);
  return input;
}

export function decoderStep(
  weights: WeightsByRole,
  memory: DecoderMemory,
  state: DecoderState,
  previousToken: number,
): DecoderStepResult {
  const H = weights.hidden;
  let input = decoderInput(weights, state, previousToken);
  const watched: Float64Array[] = [memory.encoderOutputs, input];
  const h: Float64Array[] = [];
  const c: Float64Array[] = [];
  weights.decoderLayers.forEach((layer, k) => {
    const projection = matmulBias(input, layer.Wih, layer.bih, 1, gateRows(weights, layer), layer.inputSize);
    const next = cellStep(weights.cell, projection, state.h[k], state.c?.[k], layer.Whh, layer.bhh, H);
    watched.push(state.h[k], projection, next.h);
    if (state.c) watched.push(state.c[k]);
    if (next.c) watched.push(next.c);
    h.push(next.h);
    if (next.c) c.push(next.c);
    input = next.h;
  });
  const top = input;

  let output = top;
  let alpha: Float64Array | undefined;
  const attention = weights.attention;
  const kind = weights.config.attention;
  if (attention && kind !== 'none') {
    const scoreWeights: AttentionScoreWeights = {
      linearIn: attention.linearIn,
      linearQuery: attention.linearQuery,
      linearQueryBias: attention.linearQueryBias,
      keys: memory.additiveKeys,
      v: attention.v,
    };
    const scores = attentionScores(kind, top, memory.encoderOutputs, memory.length, scoreWeights);
    alpha = maskedSoftmax(scores, memory.length);
    const context = attentionContext(alpha, memory.encoderOutputs, memory.length, H);
    output = attentionalHidden(attention.linearOut, attention.linearOutBias, context, top);
    watched.push(scores, context, output);
  }

  const V = weights.config.tgt_vocab_size;
  const logits = matmulBias(output, weights.generator, weights.generatorBias, 1, V, H);
  const logProbs = logSoftmax(logits);
  const overflowed = watched.some(leavesF32Range) || overflowsUpward(logits) || overflowsUpward(logProbs);
  return {
    logProbs: overflowed ? logProbs.fill(NaN) : logProbs,
    attention: alpha,
    state: {
      h,
      c: weights.cell === 'lstm' ? c : undefined,
      feed: weights.config.input_feeding ? output : undefined,
    },
  };
}
