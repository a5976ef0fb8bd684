/**
 * Inputs and the reference check for the smoke kernel (y = a·x + b), shared by the Dawn test and
 * the Chromium page. No test-runner imports: the page bundles this file too.
 */
import { seededRandom } from '../../src/model/random-model.ts';

export const SMOKE_A = -1.75;
export const SMOKE_B = 0.5;

/** Values far from the bulk, to catch precision loss or a wrong element; all keep a·x + b finite in f32. */
const SMOKE_OUTLIERS = [1e30, -1e30, 3.4e37, -3.4e37, 1e-30, 1e-40, 0, -0, 65504, -123456.789];

/** n values uniform in [-10, 10] with the outliers spread over the array. */
export function smokeInput(n: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = random() * 20 - 10;
  SMOKE_OUTLIERS.forEach((value, k) => {
    if (n > 0) x[Math.floor(((k + 0.5) * n) / SMOKE_OUTLIERS.length)] = value;
  });
  return x;
}

/**
 * Tolerance: WGSL rounds f32 products and sums correctly, so the kernel's two roundings cost at
 * most 2^-24 each relative to |a·x| + |b|; 2^-22 leaves a factor of two. Subnormal inputs flushed
 * to zero stay inside it too (b is far larger than their product).
 */
const SMOKE_RELATIVE_TOLERANCE = 2 ** -22;

/** Descriptions of the elements that differ from the f64 reference, at most `limit` of them. */
export function smokeMismatches(
  x: ArrayLike<number>,
  a: number,
  b: number,
  y: ArrayLike<number>,
  limit = 10,
): string[] {
  const problems: string[] = [];
  if (y.length !== x.length) problems.push(`y has ${y.length} elements, x has ${x.length}`);
  for (let i = 0; i < Math.min(x.length, y.length) && problems.length < limit; i++) {
    const expected = a * x[i] + b;
    const allowed = SMOKE_RELATIVE_TOLERANCE * (Math.abs(a * x[i]) + Math.abs(b));
    if (!(Math.abs(y[i] - expected) <= allowed)) {
      problems.push(`y[${i}] = ${y[i]}, expected ${expected} ± ${allowed} (x = ${x[i]})`);
    }
  }
  return problems;
}
