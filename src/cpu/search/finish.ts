import { alignmentOf } from '../../model/alignment.ts';
import { lengthPenaltyDivisor, type ResolvedDecodeOptions } from '../../model/decoding.ts';
import type { Hypothesis } from '../../model/results.ts';
import { coverageTerm } from './coverage.ts';

/** Whether the drivers must keep each step's attention row: to return it, to align, or for coverage. */
export function needsAttention(options: ResolvedDecodeOptions): boolean {
  return options.attention || options.alignment || options.coveragePenalty > 0;
}

/**
 * A finished hypothesis's final score: log-prob sum / lp(n) plus the coverage term over the rows
 * the model gave (a model without attention gives none: every position then counts as uncovered,
 * but the checks refuse coverage for such models).
 */
export function finalScore(
  logProbSum: number,
  generated: number,
  rows: readonly ArrayLike<number>[],
  sourceLength: number,
  options: ResolvedDecodeOptions,
): number {
  const score = logProbSum / lengthPenaltyDivisor(generated, options.lengthPenalty);
  return options.coveragePenalty > 0 ? score + coverageTerm(rows, sourceLength, options.coveragePenalty) : score;
}

/**
 * The hypothesis a driver returns. `rows` holds a row per generated step (EOS included) or is
 * undefined when the model gave attention at some step only partly or not at all: attention and
 * alignment are then left out. Attention is returned only when asked and at least one step ran.
 */
export function toHypothesis(
  ids: number[],
  score: number,
  rows: number[][] | undefined,
  options: ResolvedDecodeOptions,
): Hypothesis {
  const hypothesis: Hypothesis = { ids, score };
  if (rows !== undefined && options.attention && rows.length > 0) hypothesis.attention = rows;
  if (rows !== undefined && options.alignment) hypothesis.alignment = alignmentOf(rows, ids.length);
  return hypothesis;
}
