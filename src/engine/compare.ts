import type { Seq2SeqRunner } from './runner.ts';
import type { Hypothesis } from '../model/results.ts';

/**
 * How far the gpu backend may stray from the f64 CPU reference (docs/cli.md, `compare`): a value
 * passes when |gpu − cpu| ≤ absolute + relative·|cpu|, with the absolute part per kind (encoder
 * outputs and states, per-step log-probs). The relative part matters for large values: an LSTM cell
 * state of 800 after 1000 steps is stored with an f32 step of 6e-5, and rounding accumulates.
 */
export const COMPARE_TOLERANCE = { states: 1e-4, logProbs: 1e-3, relative: 2e-5 } as const;

export interface SentenceComparison {
  /** Largest |cpu − gpu| over encoder outputs, final h and final c (0 without c). */
  maxAbsDiff: { outputs: number; h: number; c: number; logprobs: number };
  /** Largest |cpu − gpu| ÷ (absolute + relative·|cpu|) over every value: at most 1 within tolerance. */
  toleranceUsed: number;
  /** Greedy ids of both backends agree. */
  greedyAgree: boolean;
  /** Where they disagree, the CPU's top-2 log-prob margin at the first differing step is below the tolerance. */
  nearTie: boolean;
  withinTolerance: boolean;
  /**
   * The CPU reference's own values stayed within f32 (finite greedy score, no NaN or +∞ log-prob):
   * otherwise the model overflowed for this sentence and there is nothing to compare against.
   */
  referenceFinite: boolean;
}

/** NaN or +∞ anywhere in the rows: the reference flags a step that left f32's range this way. */
function overflowedRows(rows: ArrayLike<number>[]): boolean {
  return rows.some((row) => Array.prototype.some.call(row, (v: number) => v !== v || v === Infinity));
}

/** The largest |a − b| ÷ (absolute + relative·|a|), a being the CPU's values. */
function maxScaledDiffRows(a: ArrayLike<number>[], b: ArrayLike<number>[], absolute: number): number {
  let worst = 0;
  if (a.length !== b.length) return Infinity;
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) return Infinity;
    for (let i = 0; i < a[r].length; i++) {
      const scaled = Math.abs(a[r][i] - b[r][i]) / (absolute + COMPARE_TOLERANCE.relative * Math.abs(a[r][i]));
      worst = Number.isNaN(scaled) ? Infinity : Math.max(worst, scaled);
    }
  }
  return worst;
}

function maxAbsDiffRows(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let worst = 0;
  if (a.length !== b.length) return Infinity;
  for (let r = 0; r < a.length; r++) {
    if (a[r].length !== b[r].length) return Infinity;
    for (let i = 0; i < a[r].length; i++) {
      const d = Math.abs(a[r][i] - b[r][i]);
      // NaN on either side is the worst possible difference.
      worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
    }
  }
  return worst;
}

/**
 * Runs both backends on the same sources: encoder results, greedy ids, and the per-step
 * log-probs of both along the CPU's greedy path (teacher forcing).
 */
export async function compareBackends(
  cpu: Seq2SeqRunner,
  gpu: Seq2SeqRunner,
  sources: number[][],
  eosId: number,
): Promise<SentenceComparison[]> {
  const [cpuEnc, gpuEnc] = [await cpu.encode(sources), await gpu.encode(sources)];
  const cpuBest: (Hypothesis | undefined)[] = (await cpu.translate(sources)).map((n) => n[0]);
  const cpuGreedy = cpuBest.map((best) => best?.ids ?? []);
  const gpuGreedy = (await gpu.translate(sources)).map((n) => n[0]?.ids ?? []);
  const cpuSteps = await cpu.forcedLogProbs(sources, cpuGreedy);
  const gpuSteps = await gpu.forcedLogProbs(sources, cpuGreedy);
  return sources.map((_, i) => {
    const maxAbsDiff = {
      outputs: maxAbsDiffRows(cpuEnc[i].outputs, gpuEnc[i].outputs),
      h: maxAbsDiffRows(cpuEnc[i].h ?? [], gpuEnc[i].h ?? []),
      c: cpuEnc[i].c || gpuEnc[i].c ? maxAbsDiffRows(cpuEnc[i].c ?? [], gpuEnc[i].c ?? []) : 0,
      logprobs: maxAbsDiffRows(cpuSteps[i], gpuSteps[i]),
    };
    const greedyAgree = sameIds(cpuGreedy[i], gpuGreedy[i]);
    const nearTie = !greedyAgree && isNearTie(cpuGreedy[i], gpuGreedy[i], cpuSteps[i], eosId);
    const { states, logProbs } = COMPARE_TOLERANCE;
    const toleranceUsed = Math.max(
      maxScaledDiffRows(cpuEnc[i].outputs, gpuEnc[i].outputs, states),
      maxScaledDiffRows(cpuEnc[i].h ?? [], gpuEnc[i].h ?? [], states),
      cpuEnc[i].c || gpuEnc[i].c ? maxScaledDiffRows(cpuEnc[i].c ?? [], gpuEnc[i].c ?? [], states) : 0,
      maxScaledDiffRows(cpuSteps[i], gpuSteps[i], logProbs),
    );
    const withinTolerance = toleranceUsed <= 1 && (greedyAgree || nearTie);
    const referenceFinite = Number.isFinite(cpuBest[i]?.score ?? 0) && !overflowedRows(cpuSteps[i]);
    return { maxAbsDiff, toleranceUsed, greedyAgree, nearTie, withinTolerance, referenceFinite };
  });
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/** At the first step where the two greedy paths part, were the two chosen tokens within tolerance on the CPU? */
function isNearTie(cpuIds: number[], gpuIds: number[], cpuSteps: Float32Array[], eosId: number): boolean {
  let t = 0;
  while (t < cpuIds.length && t < gpuIds.length && cpuIds[t] === gpuIds[t]) t++;
  const row = cpuSteps[t];
  if (!row) return false;
  // A path that ended where the other goes on chose EOS there: compare against the EOS log-prob.
  const cpuChoice = cpuIds[t] ?? eosId;
  const gpuChoice = gpuIds[t] ?? eosId;
  return Math.abs(row[cpuChoice] - row[gpuChoice]) <= 2 * COMPARE_TOLERANCE.logProbs;
}
