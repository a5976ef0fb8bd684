/**
 * Pointwise activations shared by the CPU kernels. Inputs are clamped where the f32 result is
 * already exact (σ(±30) and tanh(±20) round to 0/1 and ±1 in f32), so the GPU twins can use
 * the same clamps and a huge pre-activation (|x| > 90, where exp overflows in f32) never
 * turns into NaN.
 */
export const SIGMOID_CLAMP = 30;
const TANH_CLAMP = 20;

function clamp(x: number, limit: number): number {
  return x > limit ? limit : x < -limit ? -limit : x;
}

/** Logistic sigmoid, written so exp never overflows. */
export function sigmoid(x: number): number {
  const v = clamp(x, SIGMOID_CLAMP);
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

export function tanh(x: number): number {
  return Math.tanh(clamp(x, TANH_CLAMP));
}

export function relu(x: number): number {
  return x > 0 ? x : 0;
}
