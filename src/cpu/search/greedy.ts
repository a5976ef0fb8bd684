import type { Hypothesis } from '../../model/results.ts';
import { isAllowed, lengthPenaltyDivisor, maskLogProbs, type ResolvedDecodeOptions } from '../../model/decoding.ts';
import { type StepModel, overflowed } from './step-model.ts';

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
 * Greedy decoding: at every step the most likely allowed token. Stops after EOS or after
 * maxLength tokens (then without EOS). The score sums the chosen log-probs in generation order
 * (EOS included) and divides by the length penalty; beam search with K = 1 reproduces it exactly.
 * Attention, when asked for and given by the model, has one row per generated token, EOS included.
 * Log-probs that overflowed end the search with a NaN score (the caller reports the sentence).
 */
export function greedyDecode<S>(model: StepModel<S>, source: number[], options: ResolvedDecodeOptions): Hypothesis {
  let state = model.begin(source);
  let previous = model.bosId;
  const ids: number[] = [];
  const attention: number[][] = [];
  let attentionComplete = true;
  let logProbSum = 0;
  let generated = 0;
  while (generated < options.maxLength) {
    const out = model.step(state, previous);
    if (overflowed(out.logProbs)) return { ids, score: NaN };
    const masked = maskLogProbs(out.logProbs, generated, options, model);
    const token = argmaxAllowed(masked);
    if (token < 0) break;
    logProbSum += masked[token];
    generated++;
    if (options.attention) {
      if (out.attention) attention.push(Array.from(out.attention));
      else attentionComplete = false;
    }
    if (token === model.eosId) break;
    ids.push(token);
    state = out.state;
    previous = token;
  }
  const hypothesis: Hypothesis = { ids, score: logProbSum / lengthPenaltyDivisor(generated, options.lengthPenalty) };
  if (options.attention && attentionComplete && generated > 0) hypothesis.attention = attention;
  return hypothesis;
}
