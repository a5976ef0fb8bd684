import { maskLogProbs, type ResolvedDecodeOptions, type SpecialTargetIds } from '../../model/decoding.ts';
import { blockedNextTokens } from '../../model/ngram.ts';

/**
 * The log-probs a hypothesis may choose from at step `tokens.length` (docs/decoding.md): pad and
 * bos masked, EOS masked before minLength; during the prefix only the forced token keeps its
 * log-prob (no renormalisation); after it, n-gram blocking. Forced tokens and EOS are never
 * blocked. `tokens` are the hypothesis's ids so far (prefix included). Returns a new array.
 */
export function allowedLogProbs(
  logProbs: Float64Array,
  tokens: readonly number[],
  options: Pick<ResolvedDecodeOptions, 'minLength' | 'prefix' | 'noRepeatNgram'>,
  ids: SpecialTargetIds,
): Float64Array {
  const step = tokens.length;
  const masked = maskLogProbs(logProbs, step, options, ids);
  if (step < options.prefix.length) {
    const forced = options.prefix[step];
    const kept = masked[forced];
    masked.fill(-Infinity);
    // An id outside the vocabulary (an unchecked caller) stays impossible: the hypothesis ends.
    if (forced >= 0 && forced < masked.length) masked[forced] = kept;
    return masked;
  }
  for (const token of blockedNextTokens(tokens, options.noRepeatNgram)) {
    if (token !== ids.eosId) masked[token] = -Infinity;
  }
  return masked;
}
