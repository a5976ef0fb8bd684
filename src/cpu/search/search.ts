import type { DecodeOptions } from '../../model/decoding.ts';
import type { Hypothesis } from '../../model/results.ts';
import { beamSearch } from './beam.ts';
import { greedyDecode } from './greedy.ts';
import { resolveDecodeOptions, checkDecodeOptions } from '../../model/decoding.ts';
import type { StepModel } from './step-model.ts';

/**
 * Greedy and beam search over any StepModel (docs/decoding.md): the N-best hypotheses of every
 * source, best first. Beam 1 is greedy decoding. Each sentence is decoded on its own, so a
 * result never depends on the rest of the batch. Bad options throw InputError before any
 * decoding; an empty source gets no hypotheses.
 */
export function translateWithSearch<S>(
  model: StepModel<S>,
  sources: number[][],
  options?: DecodeOptions,
): Hypothesis[][] {
  const checked = checkDecodeOptions(options);
  return sources.map((source) => {
    if (source.length === 0) return [];
    const resolved = resolveDecodeOptions(checked, source.length);
    return resolved.beam === 1 ? [greedyDecode(model, source, resolved)] : beamSearch(model, source, resolved);
  });
}
