import type { Hypothesis } from '../../model/results.ts';
import { isAllowed, type ResolvedDecodeOptions } from '../../model/decoding.ts';
import { drawToken, randomUniform } from '../../model/sampling.ts';
import type { StepModel } from './step-model.ts';
import { argmaxAllowed, decodeOnePath } from './greedy.ts';
import type { SentenceProgress } from './progress.ts';

/**
 * Sampling (beam 1, docs/decoding.md): each token drawn from the model's distribution cut by the
 * sampling options, with the random number keyed by (seed, sentence, step), so the result depends
 * on nothing but the sentence's key. Prefix steps are forced (no draw); the score is the model's
 * log-prob of the drawn tokens, as in greedy decoding. `options.sampling` must be present.
 */
export function sampleDecode<S>(
  model: StepModel<S>,
  source: number[],
  options: ResolvedDecodeOptions,
  onProgress?: SentenceProgress,
): Hypothesis {
  const sampling = options.sampling;
  if (!sampling) throw new Error('sampleDecode needs resolved sampling options');
  return decodeOnePath(
    model,
    source,
    options,
    (masked, logProbs, step) => {
      if (step < options.prefix.length) return argmaxAllowed(masked);
      // log-probs differ from the logits by a constant, which neither the order nor softmax sees.
      const u = randomUniform(sampling.seed, options.sentence, step);
      return drawToken(logProbs, (id) => isAllowed(masked[id]), sampling, u);
    },
    onProgress,
  );
}
