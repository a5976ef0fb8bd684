/** Which recorded CPU path the step-through and the tree follow for the chosen n-best entry, and its frames. */
import type { TracedHypothesis } from '../trace/decode-trace.ts';
import { decoderFrameIndex } from '../trace/frames.ts';
import type { TranslationRun } from './translate-run.ts';

export interface FollowedPath {
  traced: TracedHypothesis;
  /** False when the shown (GPU) hypothesis has no CPU twin and the CPU's entry of the same rank is followed. */
  exact: boolean;
}

export function followedPath(run: TranslationRun, selected: number): FollowedPath | undefined {
  const shown = run.shown.hypotheses[selected];
  if (shown?.traced) return { traced: shown.traced, exact: true };
  const fallback = run.decode.hypotheses[selected] ?? run.decode.hypotheses[0];
  return fallback ? { traced: fallback, exact: false } : undefined;
}

/**
 * The step-through's first decoder frame. Before it: one frame per recurrent cell step
 * (trace/frames.ts), or one per Transformer encoder layer, which reads every position at once.
 */
export function decoderStartFrame(run: TranslationRun): number {
  return run.detail.family === 'rnn' ? decoderFrameIndex(run.detail.encoder, 0) : run.detail.encoderLayers;
}

/** The step-through's last frame for an n-best entry: the whole unrolling drawn. */
export function lastFrame(run: TranslationRun, selected: number): number {
  const steps = followedPath(run, selected)?.traced.path.length ?? 0;
  return decoderStartFrame(run) + steps - 1;
}
