import { seededRandom } from '../../src/model/random-model.ts';

const OUTLIERS = [50, -50, 100, -100];

/**
 * `size` uniform values in [−1, 1] with the outliers ±50 and ±100 planted at seeded random
 * positions (each outlier once per 16 values or so, at least once each when size ≥ 4).
 */
export function withOutliers(size: number, seed: number): Float64Array {
  const rand = seededRandom(seed);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = rand() * 2 - 1;
  const plants = Math.max(OUTLIERS.length, Math.floor(size / 16));
  for (let p = 0; p < plants && p < size; p++) data[Math.floor(rand() * size)] = OUTLIERS[p % OUTLIERS.length];
  return data;
}

/** Uniform values in [−scale, scale], no outliers. */
export function uniform(size: number, seed: number, scale = 1): Float64Array {
  const rand = seededRandom(seed);
  return Float64Array.from({ length: size }, () => (rand() * 2 - 1) * scale);
}

/** |actual − expected| ≤ tol · max(1, |expected|) for every element, with its index on failure. */
export function maxScaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(error <= worst)) worst = Number.isNaN(error) ? Infinity : error;
  }
  return worst;
}
