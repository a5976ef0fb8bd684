import {
  checkDecodeOptions,
  checkPrefixCount,
  resolveDecodeOptions,
  type DecodeOptions,
  type ResolvedDecodeOptions,
} from '../../model/decoding.ts';
import { InputError } from '../../errors.ts';
import type { Hypothesis } from '../../model/results.ts';
import { beamSearch } from './beam.ts';
import { greedyDecode } from './greedy.ts';
import type { SearchProgressListener } from './progress.ts';
import { sampleDecode } from './sampling.ts';
import type { StepModel } from './step-model.ts';

/**
 * Greedy, sampling and beam search over any StepModel (docs/decoding.md): the N-best hypotheses
 * of every source, best first. Beam 1 is greedy decoding, or sampling when asked for. Each
 * sentence is decoded on its own (its prefix and random-number key come with its index), so a
 * result never depends on the rest of the batch. Bad options, a prefix list of the wrong length or
 * a prefix longer than its sentence's maxLength throw InputError before any decoding; an empty
 * source gets no hypotheses. `onProgress` receives each sentence's best ids so far while it decodes.
 */
export function translateWithSearch<S>(
  model: StepModel<S>,
  sources: number[][],
  options?: DecodeOptions,
  onProgress?: SearchProgressListener,
): Hypothesis[][] {
  const checked = checkDecodeOptions(options);
  checkPrefixCount(checked, sources.length);
  const resolved = sources.map((source, i) => (source.length === 0 ? undefined : resolvedFor(checked, source, i)));
  return sources.map((source, i) => {
    const sentence = resolved[i];
    if (sentence === undefined) return [];
    const progress = onProgress && ((ids: number[]) => onProgress([{ sentence: i, ids }]));
    if (sentence.beam > 1) return beamSearch(model, source, sentence, progress);
    return [(sentence.sampling ? sampleDecode : greedyDecode)(model, source, sentence, progress)];
  });
}

/** Sentence i's options; its forced tokens must fit in its maxLength. */
function resolvedFor(options: DecodeOptions, source: number[], i: number): ResolvedDecodeOptions {
  const resolved = resolveDecodeOptions(options, source.length, i);
  if (resolved.prefix.length > resolved.maxLength) {
    throw new InputError(
      `prefix of sentence ${i} has ${resolved.prefix.length} tokens, more than maxLength ${resolved.maxLength}`,
    );
  }
  return resolved;
}
