import type { Hypothesis } from '../../model/results.ts';
import { isAllowed, type ResolvedDecodeOptions } from '../../model/decoding.ts';
import { type StepModel, overflowed } from './step-model.ts';
import { allowedLogProbs } from './constraints.ts';
import { finalScore, needsAttention, toHypothesis } from './finish.ts';
import { PROGRESS_CHUNK, type SentenceProgress } from './progress.ts';

/**
 * The index of the largest allowed value, the lowest index on ties; −1 when nothing is allowed
 * (every token masked), in which case the hypothesis ends there without EOS.
 */
export function argmaxAllowed(values: Float64Array): number {
  let best = -1;
  for (let id = 0; id < values.length; id++) {
    if (isAllowed(values[id]) && (best < 0 || values[id] > values[best])) best = id;
  }
  return best;
}

/**
 * Picks the token of step `step` from the allowed log-probs (`masked`) and the model's own
 * (`logProbs`); −1 ends the hypothesis without EOS.
 */
export type TokenChoice = (masked: Float64Array, logProbs: Float64Array, step: number) => number;

/**
 * One hypothesis, one token per step (greedy decoding and sampling). Stops after EOS or after
 * maxLength tokens (then without EOS). The score sums the chosen tokens' allowed log-probs in
 * generation order (EOS included), divides by the length penalty and adds the coverage term;
 * the choice itself never looks at coverage. Attention, when asked for and given by the model,
 * has one row per generated token, EOS included. Log-probs that overflowed end the search with a
 * NaN score (the caller reports the sentence).
 */
export function decodeOnePath<S>(
  model: StepModel<S>,
  source: number[],
  options: ResolvedDecodeOptions,
  choose: TokenChoice,
  onProgress?: SentenceProgress,
): Hypothesis {
  let state = model.begin(source);
  let previous = model.bosId;
  const ids: number[] = [];
  const keepRows = needsAttention(options);
  let rows: number[][] | undefined = keepRows ? [] : undefined;
  let logProbSum = 0;
  let generated = 0;
  let reported = -1;
  while (generated < options.maxLength) {
    const out = model.step(state, previous);
    if (overflowed(out.logProbs)) return { ids, score: NaN };
    const masked = allowedLogProbs(out.logProbs, ids, options, model);
    const token = choose(masked, out.logProbs, generated);
    if (token < 0) break;
    logProbSum += masked[token];
    generated++;
    if (rows) {
      if (out.attention) rows.push(Array.from(out.attention));
      else rows = undefined;
    }
    if (token === model.eosId) break;
    ids.push(token);
    state = out.state;
    previous = token;
    if (onProgress && generated % PROGRESS_CHUNK === 0 && generated < options.maxLength) {
      onProgress([...ids]);
      reported = generated;
    }
  }
  if (onProgress && reported !== generated) onProgress([...ids]);
  const score = finalScore(logProbSum, generated, rows ?? [], source.length, options);
  return toHypothesis(ids, score, rows, options);
}

/**
 * Greedy decoding: at every step the most likely allowed token (see decodeOnePath). Beam search
 * with K = 1 reproduces it exactly.
 */
export function greedyDecode<S>(
  model: StepModel<S>,
  source: number[],
  options: ResolvedDecodeOptions,
  onProgress?: SentenceProgress,
): Hypothesis {
  return decodeOnePath(model, source, options, (masked) => argmaxAllowed(masked), onProgress);
}
