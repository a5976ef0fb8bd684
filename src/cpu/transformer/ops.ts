/**
 * The Transformer's kernel twins: one function per GPU kernel, same arguments, plain loops with
 * f64 accumulation. Matrices are row-major flat arrays; inputs may be f32 (weights) or f64
 * (activations); outputs are always f64. No function writes into its inputs.
 */
import { gelu } from './erf.ts';

export type Floats = Float32Array | Float64Array;
export type Activation = 'none' | 'relu' | 'gelu';

function activate(v: number, activation: Activation): number {
  if (activation === 'relu') return v > 0 ? v : 0;
  if (activation === 'gelu') return gelu(v);
  return v;
}

/**
 * y = act(x·Wᵀ + b): x [rows × inputs], W [out × inputs] (PyTorch layout), b [out] or none.
 * Returns [rows × out].
 */
export function linear(
  x: Floats,
  rows: number,
  weight: Floats,
  bias: Floats | undefined,
  out: number,
  inputs: number,
  activation: Activation = 'none',
): Float64Array {
  const y = new Float64Array(rows * out);
  for (let r = 0; r < rows; r++) {
    const xRow = r * inputs;
    for (let o = 0; o < out; o++) {
      const wRow = o * inputs;
      let sum = 0;
      for (let i = 0; i < inputs; i++) sum += x[xRow + i] * weight[wRow + i];
      if (bias) sum += bias[o];
      y[r * out + o] = activate(sum, activation);
    }
  }
  return y;
}

/**
 * sum = a + b (a alone when b is undefined); normed = LayerNorm(sum)·γ + β per row of `width`,
 * biased variance as torch. Two passes (mean, then Σ(x − mean)²) so large inputs do not lose the
 * variance to cancellation the way E[x²] − E[x]² would.
 */
export function residualNorm(
  a: Floats,
  b: Floats | undefined,
  rows: number,
  width: number,
  gamma: Floats,
  beta: Floats,
  eps: number,
): { sum: Float64Array; normed: Float64Array } {
  const sum = new Float64Array(rows * width);
  const normed = new Float64Array(rows * width);
  for (let r = 0; r < rows; r++) {
    const row = r * width;
    let total = 0;
    for (let i = 0; i < width; i++) {
      const v = b ? a[row + i] + b[row + i] : a[row + i];
      sum[row + i] = v;
      total += v;
    }
    const mean = total / width;
    let squares = 0;
    for (let i = 0; i < width; i++) {
      const d = sum[row + i] - mean;
      squares += d * d;
    }
    const inverseDeviation = 1 / Math.sqrt(squares / width + eps);
    for (let i = 0; i < width; i++) normed[row + i] = (sum[row + i] - mean) * inverseDeviation * gamma[i] + beta[i];
  }
  return { sum, normed };
}

/**
 * Row i = E[ids[i]]·scale + P[firstPosition + i]: token embeddings from `table` [V × width] plus
 * positions from `positions` [max_positions × width] (learned weights or sinusoidalTable).
 * Callers check ids and positions first; out-of-range rows throw a RangeError here.
 */
export function embedPositions(
  ids: readonly number[],
  firstPosition: number,
  table: Floats,
  width: number,
  scale: number,
  positions: Floats,
): Float64Array {
  if ((firstPosition + ids.length) * width > positions.length)
    throw new RangeError(`position ${firstPosition + ids.length - 1} is past the position table`);
  const out = new Float64Array(ids.length * width);
  for (let i = 0; i < ids.length; i++) {
    const token = ids[i] * width;
    if (!(token >= 0 && token + width <= table.length)) throw new RangeError(`token id ${ids[i]} is past the table`);
    const position = (firstPosition + i) * width;
    for (let d = 0; d < width; d++) out[i * width + d] = table[token + d] * scale + positions[position + d];
  }
  return out;
}

/**
 * P[p, 2i] = sin(p / 10000^(2i/D)), P[p, 2i+1] = cos(p / 10000^(2i/D)); for odd D the last
 * column is a sine without its cosine. Returns [maxPositions × width].
 */
export function sinusoidalTable(maxPositions: number, width: number): Float64Array {
  const table = new Float64Array(maxPositions * width);
  for (let p = 0; p < maxPositions; p++) {
    for (let i = 0; 2 * i < width; i++) {
      const angle = p / Math.pow(10000, (2 * i) / width);
      table[p * width + 2 * i] = Math.sin(angle);
      if (2 * i + 1 < width) table[p * width + 2 * i + 1] = Math.cos(angle);
    }
  }
  return table;
}

/**
 * Scaled dot-product attention of already projected q [queryRows × width] over k, v
 * [keyRows × width], split into `heads` heads of dh = width/heads columns: per head,
 * α = softmax over the allowed keys of q·k/√dh (max subtracted; a row with no allowed key gives
 * α = 0 and a zero output), out = Σ α v, heads concatenated into [queryRows × width].
 * `weights` is α as [heads × queryRows × keyRows], 0 where a key is not allowed.
 */
export function attention(
  q: Floats,
  queryRows: number,
  k: Floats,
  v: Floats,
  keyRows: number,
  width: number,
  heads: number,
  allowed: (queryRow: number, key: number) => boolean,
): { out: Float64Array; weights: Float64Array } {
  const dh = width / heads;
  const scale = 1 / Math.sqrt(dh);
  const out = new Float64Array(queryRows * width);
  const weights = new Float64Array(heads * queryRows * keyRows);
  for (let h = 0; h < heads; h++) {
    const column = h * dh;
    for (let r = 0; r < queryRows; r++) {
      const alpha = weights.subarray((h * queryRows + r) * keyRows, (h * queryRows + r + 1) * keyRows);
      const query = r * width + column;
      let max = -Infinity;
      let any = false;
      for (let j = 0; j < keyRows; j++) {
        if (!allowed(r, j)) continue;
        const key = j * width + column;
        let dot = 0;
        for (let d = 0; d < dh; d++) dot += q[query + d] * k[key + d];
        alpha[j] = dot * scale;
        if (!any || alpha[j] > max) max = alpha[j];
        any = true;
      }
      if (!any) continue;
      let total = 0;
      for (let j = 0; j < keyRows; j++) {
        if (!allowed(r, j)) continue;
        alpha[j] = Math.exp(alpha[j] - max);
        total += alpha[j];
      }
      for (let j = 0; j < keyRows; j++) alpha[j] /= total;
      // Keys with α = 0 (not allowed) are skipped, so whatever their v rows hold cannot leak.
      for (let d = 0; d < dh; d++) {
        let sum = 0;
        for (let j = 0; j < keyRows; j++) if (alpha[j] !== 0) sum += alpha[j] * v[j * width + column + d];
        out[r * width + column + d] = sum;
      }
    }
  }
  return { out, weights };
}
