/**
 * The error function to ~1e-15 relative, for gelu's erf form. Short polynomial fits (e.g.
 * Abramowitz-Stegun 7.1.26, error 1.5e-7) would hide real kernel bugs behind their own error.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
/**
 * Below this the series is used (erfc = 1 − erf keeps ~1e-15 relative there, erfc ≥ 0.03); from
 * it on the continued fraction, whose 120 terms reach full precision for x ≥ 1.5.
 */
const SERIES_LIMIT = 1.5;

/**
 * erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3·…·(2n+1)), x ≥ 0: every term is positive, so
 * nothing cancels and each addition loses at most an ulp.
 */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 500; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term <= sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

/**
 * erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), x ≥ SERIES_LIMIT, evaluated
 * from the tail backwards (stable: every partial denominator is positive).
 */
function erfcContinuedFraction(x: number): number {
  let f = x;
  for (let n = 120; n >= 1; n--) f = x + n / 2 / f;
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/** erfc(x) for x ≥ 0, accurate relative to itself (no 1 − erf cancellation in the tail). */
function erfcPositive(x: number): number {
  return x < SERIES_LIMIT ? 1 - erfSeries(x) : erfcContinuedFraction(x);
}

export function erf(x: number): number {
  if (x !== x) return NaN;
  const a = Math.abs(x);
  const value = a < SERIES_LIMIT ? erfSeries(a) : 1 - erfcContinuedFraction(a);
  return x < 0 ? -value : value;
}

export function erfc(x: number): number {
  if (x !== x) return NaN;
  return x >= 0 ? erfcPositive(x) : 2 - erfcPositive(-x);
}

/**
 * gelu(x) = 0.5·x·(1 + erf(x/√2)) = 0.5·x·erfc(−x/√2): the erfc form keeps full relative
 * accuracy for negative x, where 1 + erf would cancel.
 */
export function gelu(x: number): number {
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return 0;
  return 0.5 * x * erfc(-x * Math.SQRT1_2);
}
