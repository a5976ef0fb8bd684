/**
 * Dense kernel twins: plain loops with explicit shapes, f64 accumulation, arguments in the
 * order the GPU kernels take them. Matrices are row-major flat arrays.
 */

/** A read-only vector or flat matrix: weights come as Float32Array, activations as Float64Array. */
export type Vec = ArrayLike<number>;

/**
 * out[m, n] = Σ_k A[m, k] · B[n, k] + bias[n]: A is [M×K], B is [N×K] (a PyTorch weight, so
 * this is A·Bᵀ), bias is [N] or null. Returns [M×N].
 */
export function matmulBias(A: Vec, B: Vec, bias: Vec | null, M: number, N: number, K: number): Float64Array {
  const out = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    const aRow = m * K;
    for (let n = 0; n < N; n++) {
      const bRow = n * K;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += A[aRow + k] * B[bRow + k];
      out[m * N + n] = bias ? sum + bias[n] : sum;
    }
  }
  return out;
}

/** Rows `ids` of an embedding table [V×E]: returns [ids.length × E]. */
export function embeddingGather(table: Vec, ids: readonly number[], E: number): Float64Array {
  const out = new Float64Array(ids.length * E);
  for (let i = 0; i < ids.length; i++) {
    const row = ids[i] * E;
    for (let e = 0; e < E; e++) out[i * E + e] = table[row + e];
  }
  return out;
}

function maxOf(row: Vec): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) if (row[i] > max) max = row[i];
  return max;
}

/** log_softmax of a row; subtracts the max first so large logits do not overflow. */
export function logSoftmax(row: Vec): Float64Array {
  const max = maxOf(row);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  const logNormaliser = max + Math.log(sum);
  const out = new Float64Array(row.length);
  for (let i = 0; i < row.length; i++) out[i] = row[i] - logNormaliser;
  return out;
}

/** softmax of a row; subtracts the max first so large scores do not overflow. */
export function softmax(row: Vec): Float64Array {
  const max = maxOf(row);
  const out = new Float64Array(row.length);
  let sum = 0;
  for (let i = 0; i < row.length; i++) {
    out[i] = Math.exp(row[i] - max);
    sum += out[i];
  }
  for (let i = 0; i < row.length; i++) out[i] /= sum;
  return out;
}
