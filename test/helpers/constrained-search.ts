import type { StepModel } from '../../src/cpu/search/step-model.ts';
import type { ScoredSequence, ScoringOptions } from './exhaustive-search.ts';

/**
 * An exhaustive search under the second set of decode options (docs/decoding.md), written from the
 * spec without the drivers' helpers: every sequence that starts with the prefix, repeats no n-gram
 * ending after the prefix (EOS exempt), and ends with EOS or at maxLength (or where nothing is
 * allowed), scored sum / lp(n) + β·Σ_j log(max(min(c_j, 1), 1e-6)). Best first.
 */
export interface ConstrainedOptions extends ScoringOptions {
  prefix: readonly number[];
  noRepeatNgram: number;
  coveragePenalty: number;
}

export interface ConstrainedSequence extends ScoredSequence {
  /** The attention rows of its steps (EOS included), empty for a model without attention. */
  rows: Float64Array[];
}

/** Whether the n-gram ending at the last token of `ids` already ended at an earlier position. */
export function repeatsNgram(ids: readonly number[], n: number): boolean {
  const end = ids.length;
  if (n <= 0 || end < n) return false;
  const last = ids.slice(end - n).join(',');
  for (let stop = n; stop < end; stop++) if (ids.slice(stop - n, stop).join(',') === last) return true;
  return false;
}

export function coverageOf(rows: readonly ArrayLike<number>[], sourceLength: number, beta: number): number {
  if (beta === 0) return 0;
  let total = 0;
  for (let j = 0; j < sourceLength; j++) {
    let c = 0;
    for (const row of rows) c += row[j];
    total += Math.log(Math.max(Math.min(c, 1), 1e-6));
  }
  return beta * total;
}

export function constrainedExhaustiveSearch<S>(
  model: StepModel<S>,
  source: number[],
  options: ConstrainedOptions,
): ConstrainedSequence[] {
  const all: ConstrainedSequence[] = [];
  const score = (sum: number, n: number, rows: Float64Array[]) =>
    sum / Math.pow((5 + n) / 6, options.lengthPenalty) + coverageOf(rows, source.length, options.coveragePenalty);
  const logProbOf = (logProbs: Float64Array, ids: number[], token: number): number => {
    if (token === model.padId || token === model.bosId) return -Infinity;
    if (token === model.eosId && ids.length < options.minLength) return -Infinity;
    const t = ids.length;
    if (t < options.prefix.length) return token === options.prefix[t] ? logProbs[token] : -Infinity;
    if (token !== model.eosId && repeatsNgram([...ids, token], options.noRepeatNgram)) return -Infinity;
    return logProbs[token];
  };
  const visit = (state: S, previous: number, ids: number[], sum: number, rows: Float64Array[]): void => {
    const out = model.step(state, previous);
    const withRow = out.attention ? [...rows, out.attention] : rows;
    let extended = false;
    for (let token = 0; token < model.vocabSize; token++) {
      const logProb = logProbOf(out.logProbs, ids, token);
      if (!(logProb > -Infinity)) continue;
      extended = true;
      const total = sum + logProb;
      const n = ids.length + 1;
      if (token === model.eosId) {
        all.push({ ids, endedWithEos: true, score: score(total, n, withRow), rows: withRow });
      } else if (n === options.maxLength) {
        all.push({ ids: [...ids, token], endedWithEos: false, score: score(total, n, withRow), rows: withRow });
      } else {
        visit(out.state, token, [...ids, token], total, withRow);
      }
    }
    if (!extended) all.push({ ids, endedWithEos: false, score: score(sum, ids.length, rows), rows });
  };
  visit(model.begin(source), model.bosId, [], 0, []);
  return all.sort((a, b) => b.score - a.score);
}
