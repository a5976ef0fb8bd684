/**
 * The pieces every Transformer layer is built from: the q/k/v and output projections of
 * multi-head attention, the feed-forward block, and the residual wrapping of a sublayer as
 * norm_first says. Each is a few `ops.ts` calls, so the GPU path can mirror them call for call.
 */
import { type Floats, linear, residualNorm } from './ops.ts';
import type { AttentionBlockWeights, LinearWeights, NormWeights } from '../../model/transformer-weights.ts';
import type { TransformerConfig } from '../../model/config.ts';

/** Which third of in_proj: rows [0, D) project queries, [D, 2D) keys, [2D, 3D) values. */
export type Projection = 'query' | 'key' | 'value';
const PART: Record<Projection, number> = { query: 0, key: 1, value: 2 };

/** x [rows × D] through one third of in_proj (views into the packed weight, no copy). */
export function project(
  block: AttentionBlockWeights,
  which: Projection,
  x: Floats,
  rows: number,
  D: number,
): Float64Array {
  const part = PART[which];
  const weight = block.inProj.weight.subarray(part * D * D, (part + 1) * D * D);
  const bias = block.inProj.bias.subarray(part * D, (part + 1) * D);
  return linear(x, rows, weight, bias, D, D);
}

export function applyLinear(
  layer: LinearWeights,
  x: Floats,
  rows: number,
  activation: 'none' | 'relu' | 'gelu' = 'none',
) {
  return linear(x, rows, layer.weight, layer.bias, layer.out, layer.in, activation);
}

/** FF(x) = linear2(act(linear1(x))); `hidden` is returned too so callers can watch its range. */
export function feedForward(
  config: TransformerConfig,
  linear1: LinearWeights,
  linear2: LinearWeights,
  x: Floats,
  rows: number,
): { hidden: Float64Array; out: Float64Array } {
  const hidden = applyLinear(linear1, x, rows, config.activation);
  return { hidden, out: applyLinear(linear2, hidden, rows) };
}

/**
 * One sublayer f with its residual connection and norm:
 * post-norm x' = norm(x + f(x)); pre-norm x' = x + f(norm(x)).
 */
export function sublayer(
  config: TransformerConfig,
  norm: NormWeights,
  x: Float64Array,
  rows: number,
  f: (input: Float64Array) => Float64Array,
): Float64Array {
  const D = config.d_model;
  const eps = config.layer_norm_eps;
  if (config.norm_first) {
    const input = residualNorm(x, undefined, rows, D, norm.weight, norm.bias, eps).normed;
    return add(x, f(input));
  }
  return residualNorm(x, f(x), rows, D, norm.weight, norm.bias, eps).normed;
}

/** The stack's final norm (encoder.norm / decoder.norm) when the model has one. */
export function finalNorm(config: TransformerConfig, norm: NormWeights | undefined, x: Float64Array, rows: number) {
  if (!norm) return x;
  return residualNorm(x, undefined, rows, config.d_model, norm.weight, norm.bias, config.layer_norm_eps).normed;
}

function add(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** The largest finite f32. */
const F32_MAX = 3.4028234663852886e38;

/**
 * Whether any value is NaN or would overflow an f32. The reference computes in f64 and the GPU in
 * f32; a step that leaves f32's range gives NaN log-probs so both backends fail on the same
 * sentences (as the RNN reference does).
 */
export function leavesF32Range(values: Float64Array): boolean {
  for (const v of values) if (!(Math.abs(v) <= F32_MAX)) return true;
  return false;
}

/** The same for logits and log-probs, where −∞ is a legitimate value (probability 0). */
export function overflowsUpward(values: Float64Array): boolean {
  for (const v of values) if (!(v <= F32_MAX)) return true;
  return false;
}
