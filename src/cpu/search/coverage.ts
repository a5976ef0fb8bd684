import { coveragePenaltyTerm } from '../../model/coverage.ts';

/**
 * The GNMT coverage term (src/model/coverage.ts) of c_j = Σ_t α_tj over the hypothesis's attention
 * rows (EOS step included). It is ≤ 0 and enters only finished
 * hypotheses' scores. Rows are summed in step order, as the GPU does. 0 when β is 0.
 */
export function coverageTerm(rows: readonly ArrayLike<number>[], sourceLength: number, beta: number): number {
  if (beta === 0) return 0;
  const coverage = new Float64Array(sourceLength);
  for (const row of rows) for (let j = 0; j < sourceLength; j++) coverage[j] += row[j];
  return coveragePenaltyTerm(coverage, sourceLength, beta);
}
