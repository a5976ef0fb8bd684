/**
 * Global attention twins (docs/model-format.md, step 3; OpenNMT-py conventions). Encoder outputs
 * (the "memory") are a flat [S×H] array of which the first `length` rows are real.
 */
import type { AttentionType } from '../model/config.ts';
import { tanh } from './activations.ts';
import { type Vec, matmulBias, softmax } from './kernels.ts';

export interface AttentionScoreWeights {
  /** general: W_in = attention.linear_in.weight [H×H]. */
  linearIn?: Vec;
  /** additive: W_q [H×H] and b_q [H]. */
  linearQuery?: Vec;
  linearQueryBias?: Vec;
  /** additive: W_c ē_j for every source row [S×H], from additiveKeys (computed once per sentence). */
  keys?: Vec;
  /** additive: v = attention.v.weight [1×H]. */
  v?: Vec;
}

/** additive: W_c ē_j for all S rows (W_c = attention.linear_context.weight, no bias). */
export function additiveKeys(linearContext: Vec, encoderOutputs: Vec, S: number, H: number): Float64Array {
  return matmulBias(encoderOutputs, linearContext, null, S, H, H);
}

function required(weight: Vec | undefined, name: string): Vec {
  if (!weight) throw new Error(`attention scores need ${name}`);
  return weight;
}

function dot(a: Vec, aOffset: number, b: Vec, bOffset: number, n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[aOffset + i] * b[bOffset + i];
  return sum;
}

/**
 * Scores s_j for the `length` real source positions, H = query.length:
 * dot s_j = h·ē_j; general s_j = (W_in h)·ē_j; additive s_j = v·tanh(W_q h + b_q + W_c ē_j).
 */
export function attentionScores(
  kind: Exclude<AttentionType, 'none'>,
  query: Vec,
  encoderOutputs: Vec,
  length: number,
  weights: AttentionScoreWeights,
): Float64Array {
  const H = query.length;
  const scores = new Float64Array(length);
  if (kind === 'dot' || kind === 'general') {
    const q = kind === 'general' ? matmulBias(query, required(weights.linearIn, 'linear_in'), null, 1, H, H) : query;
    for (let j = 0; j < length; j++) scores[j] = dot(q, 0, encoderOutputs, j * H, H);
    return scores;
  }
  const projectedQuery = matmulBias(
    query,
    required(weights.linearQuery, 'linear_query'),
    required(weights.linearQueryBias, 'linear_query bias'),
    1,
    H,
    H,
  );
  const keys = required(weights.keys, 'additive keys');
  const v = required(weights.v, 'v');
  for (let j = 0; j < length; j++) {
    let sum = 0;
    for (let i = 0; i < H; i++) sum += v[i] * tanh(projectedQuery[i] + keys[j * H + i]);
    scores[j] = sum;
  }
  return scores;
}

/**
 * softmax over the first `length` entries; later (padded) entries get exactly 0 and are never
 * read, so whatever they hold cannot leak.
 */
export function maskedSoftmax(scores: Vec, length: number): Float64Array {
  const real = new Float64Array(length);
  for (let j = 0; j < length; j++) real[j] = scores[j];
  const out = new Float64Array(scores.length);
  out.set(softmax(real));
  return out;
}

/** c = Σ_{j < length} α_j ē_j, H wide. */
export function attentionContext(alpha: Vec, encoderOutputs: Vec, length: number, H: number): Float64Array {
  const context = new Float64Array(H);
  for (let i = 0; i < H; i++) {
    let sum = 0;
    for (let j = 0; j < length; j++) sum += alpha[j] * encoderOutputs[j * H + i];
    context[i] = sum;
  }
  return context;
}

/** h̃ = tanh(W_out [c ; h] + b_out), W_out [H×2H], H = h.length. */
export function attentionalHidden(Wout: Vec, bout: Vec, context: Vec, h: Vec): Float64Array {
  const H = h.length;
  const concatenated = new Float64Array(2 * H);
  for (let i = 0; i < H; i++) {
    concatenated[i] = context[i];
    concatenated[H + i] = h[i];
  }
  const out = matmulBias(concatenated, Wout, bout, 1, H, 2 * H);
  for (let i = 0; i < H; i++) out[i] = tanh(out[i]);
  return out;
}
