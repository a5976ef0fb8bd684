/**
 * The same input on both backends: whether their outputs agree, how far their numbers are apart
 * (encoder states, final states, per-step log-probs along the greedy path, as `unroll compare`
 * measures them) and how long each took.
 */
import { COMPARE_TOLERANCE, compareBackends, type SentenceComparison } from '../../src/engine/compare.ts';
import type { Backends } from './backends.ts';
import type { TranslationRun } from './translate-run.ts';

export interface ComparisonResult {
  /** The n-best lists have the same ids on both backends (null: the GPU did not decode this search). */
  nBestAgree: boolean | null;
  /** Largest |score gpu − score cpu| over the n-best entries. */
  scoreDiff: number;
  /** Largest |α gpu − α cpu| over the n-best entries. */
  attentionDiff: number;
  /** Encoder, state and log-prob differences along the greedy path, and greedy agreement. */
  numbers: SentenceComparison;
  /** Everything the page calls agreement: outputs equal and numbers within tolerance. */
  agree: boolean;
  tolerance: typeof COMPARE_TOLERANCE;
  /** The model has final encoder states to compare (recurrent); a Transformer has only its outputs. */
  hasStates: boolean;
}

function maxDiff(a: ArrayLike<number>[] | undefined, b: ArrayLike<number>[] | undefined): number {
  if (!a || !b) return 0;
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  a.forEach((row, r) => {
    for (let i = 0; i < row.length; i++) {
      const d = Math.abs(row[i] - b[r][i]);
      worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
    }
  });
  return worst;
}

export async function compareRun(
  backends: Backends,
  run: TranslationRun,
): Promise<ComparisonResult | { unavailable: string }> {
  if (!backends.gpu) return { unavailable: backends.gpuUnavailable ?? 'no GPU backend' };
  const numbers = (await compareBackends(backends.cpu, backends.gpu.runner, [run.sourceIds], backends.tracer.eosId))[0];
  const gpu = run.gpu?.hypotheses;
  const cpu = run.cpu.hypotheses;
  let nBestAgree: boolean | null = null;
  let scoreDiff = 0;
  let attentionDiff = 0;
  if (gpu) {
    nBestAgree =
      gpu.length === cpu.length &&
      gpu.every((h, i) => h.ids.length === cpu[i].ids.length && h.ids.every((id, j) => id === cpu[i].ids[j]));
    if (nBestAgree) {
      gpu.forEach((h, i) => {
        scoreDiff = Math.max(scoreDiff, Math.abs(h.score - cpu[i].score));
        attentionDiff = Math.max(attentionDiff, maxDiff(h.attention, cpu[i].attention));
      });
    }
  }
  const agree = (nBestAgree ?? numbers.greedyAgree) && numbers.withinTolerance;
  const hasStates = run.detail.family === 'rnn';
  return { nBestAgree, scoreDiff, attentionDiff, numbers, agree, tolerance: COMPARE_TOLERANCE, hasStates };
}
