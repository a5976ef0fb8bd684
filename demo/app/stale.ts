/**
 * Whether the translation shown still answers what the form asks: a changed sentence or decoding
 * option makes it stale, and the page says which, rather than showing an old result as current.
 */
import type { RunOptions } from './translate-run.ts';

/** The options as they act on decoding: sampling draws one hypothesis, absent and off are the same. */
function effective(options: RunOptions): Record<string, unknown> {
  const sampling = options.sampling;
  return {
    beam: sampling ? 1 : options.beam,
    nBest: sampling ? 1 : Math.min(options.nBest, options.beam),
    prefix: (options.prefix ?? '').trim().split(/\s+/u).join(' '),
    noRepeatNgram: options.noRepeatNgram ?? 0,
    coveragePenalty: options.coveragePenalty ?? 0,
    replaceUnknowns: options.replaceUnknowns ?? false,
    sampling: sampling
      ? JSON.stringify([sampling.topK ?? 0, sampling.topP ?? 1, sampling.temperature ?? 1, sampling.seed ?? 0])
      : 'off',
  };
}

const NAMES: Record<string, string> = {
  beam: 'beam width',
  nBest: 'n-best',
  prefix: 'prefix',
  noRepeatNgram: 'n-gram blocking',
  coveragePenalty: 'coverage penalty',
  replaceUnknowns: 'unknown-word replacement',
  sampling: 'sampling',
};

/** What changed since `shown` was translated, in words ([] when it is current). */
export function staleReasons(
  shown: { text: string; options: RunOptions },
  text: string,
  options: RunOptions,
): string[] {
  const reasons: string[] = [];
  const words = (value: string) => value.trim().split(/\s+/u).join(' ');
  if (words(shown.text) !== words(text)) reasons.push('the sentence');
  const before = effective(shown.options);
  const now = effective(options);
  for (const key of Object.keys(now)) if (before[key] !== now[key]) reasons.push(NAMES[key]);
  return reasons;
}
