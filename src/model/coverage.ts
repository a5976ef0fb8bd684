import { COVERAGE_FLOOR } from './decoding.ts';

/**
 * The GNMT coverage term β·Σ_{j<S} log(max(min(c_j, 1), COVERAGE_FLOOR)) of a coverage vector
 * c_j = Σ_t α_tj (docs/decoding.md). It is ≤ 0; 0 when β is 0. Shared by the CPU reference and the
 * gpu backend's readout, so both add the same term to the same coverage.
 */
export function coveragePenaltyTerm(coverage: ArrayLike<number>, sourceLength: number, beta: number): number {
  if (beta === 0) return 0;
  let total = 0;
  for (let j = 0; j < sourceLength; j++) total += Math.log(Math.max(Math.min(coverage[j], 1), COVERAGE_FLOOR));
  return beta * total;
}
