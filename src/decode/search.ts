import type { DecodeOptions, Hypothesis } from '../backend.ts';
import type { StepModel } from './step-model.ts';

/** Greedy and beam search over any StepModel (CONTRACT.md §3). */
export function translateWithSearch<S>(model: StepModel<S>, sources: number[][], options?: DecodeOptions): Hypothesis[][] {
  throw new Error('not implemented');
}
