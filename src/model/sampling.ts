import type { SamplingOptions } from './decoding.ts';

/**
 * Sampling's random numbers and draw (docs/decoding.md, "Sampling"): the definition both backends
 * follow, so the same seed gives the same tokens on the CPU and the GPU for any batching.
 */

/** PCG-RXS-M-XS output on one state: a 32-bit integer hash written with u32 arithmetic only. */
function hash(x: number): number {
  // Math.imul and `>>> 0` keep every product and sum mod 2^32, as WGSL's u32 arithmetic does.
  const state = (Math.imul(x >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/**
 * The uniform number of decoder step `step` of sentence `sentence` under `seed`, in [0, 1):
 * (hash(seed ^ hash(sentence ^ hash(step))) >> 8) / 2^24. 24 bits, so the value is exact in f32
 * and the GPU compares against the very same number. Keys are taken mod 2^32.
 */
export function randomUniform(seed: number, sentence: number, step: number): number {
  const key = hash((seed >>> 0) ^ hash((sentence >>> 0) ^ hash(step >>> 0)));
  return (key >>> 8) / 16777216;
}

/**
 * The token drawn with uniform `u` from the logits (docs/decoding.md): the allowed tokens ordered
 * by logit descending (ties: lower id), q = softmax(logit / T) over them, cut to the first topK
 * (topK 0: no cut), renormalised, cut to the shortest leading run of mass ≥ topP, renormalised;
 * the first token whose cumulative mass exceeds u. A token whose logit is −∞ or NaN counts as not
 * allowed (the model gives it no mass). −1 when nothing is allowed: the hypothesis ends there.
 */
export function drawToken(
  logits: Float64Array | Float32Array,
  allowed: (id: number) => boolean,
  sampling: Readonly<Required<SamplingOptions>>,
  u: number,
): number {
  const order: number[] = [];
  for (let id = 0; id < logits.length; id++) if (logits[id] > -Infinity && allowed(id)) order.push(id);
  if (order.length === 0) return -1;
  order.sort((a, b) => logits[b] - logits[a] || a - b);
  // softmax(logit / T) over the allowed tokens, shifted by the largest logit so exp cannot overflow.
  const top = logits[order[0]];
  const q = order.map((id) => Math.exp((logits[id] - top) / sampling.temperature));
  let kept = sampling.topK > 0 ? Math.min(sampling.topK, order.length) : order.length;
  let mass = sum(q, kept);
  if (sampling.topP < 1) {
    let cumulative = 0;
    for (let i = 0; i < kept; i++) {
      cumulative += q[i] / mass;
      if (cumulative >= sampling.topP) {
        kept = i + 1;
        break;
      }
    }
    mass = sum(q, kept);
  }
  let cumulative = 0;
  for (let i = 0; i < kept; i++) {
    cumulative += q[i] / mass;
    if (cumulative > u) return order[i];
  }
  // Rounding can leave the total mass a hair below u: the last kept token then takes the rest.
  return order[kept - 1];
}

function sum(values: number[], count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) total += values[i];
  return total;
}
