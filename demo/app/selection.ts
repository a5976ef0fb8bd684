/** Which recorded CPU path the step-through and the tree follow for the chosen n-best entry. */
import type { TracedHypothesis } from '../trace/decode-trace.ts';
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

/** The step-through's last frame for an n-best entry: the whole unrolling drawn. */
export function lastFrame(run: TranslationRun, selected: number): number {
  const steps = followedPath(run, selected)?.traced.path.length ?? 0;
  return run.encoder.layers * run.encoder.directions * run.encoder.length + steps - 1;
}
