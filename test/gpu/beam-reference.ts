/**
 * The CPU side of the GPU beam-search tests: the search of src/cpu/search/beam.ts restated with a
 * record of every decision whose outcome f32 rounding could flip (its margin), and a comparison
 * of GPU hypotheses with the CPU's that allows differences only where such a margin was tiny.
 *
 * Decisions that depend on exact values (the rest are counts and ids):
 *   - which candidates stay in the beam: the K-th and (K+1)-th candidate sums of a step;
 *   - which finished hypotheses make the N-best and in which order: any other finished score
 *     close to one in the final list;
 *   - the early stop: the best live bound against the N-th finished score.
 * When every margin exceeds NEAR_TIE the GPU must return exactly the CPU's hypotheses.
 */
import { expect } from 'vitest';
import type { DecodeOptions } from '../../src/model/decoding.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { beamSearch } from '../../src/cpu/search/beam.ts';
import {
  isAllowed,
  lengthPenaltyDivisor,
  maskLogProbs,
  type ResolvedDecodeOptions,
  resolveDecodeOptions,
} from '../../src/model/decoding.ts';
import type { StepModel } from '../../src/cpu/search/step-model.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { rescore } from '../helpers/exhaustive-search.ts';

/** Sums or scores closer than this may be ordered either way by the f32 GPU search. */
export const NEAR_TIE = 1e-4;
/** GPU hypothesis scores against the CPU's (sums of up to ~30 f32 log-probs). */
export const SCORE_TOLERANCE = 1e-3;
/** Attention weights α. */
const ALIGNMENT_TOLERANCE = 1e-4;

interface Node {
  token: number;
  parent: Node | null;
  attention?: number[];
}

interface Live<S> {
  state: S;
  previous: number;
  last: Node | null;
  sum: number;
}

interface Finished {
  id: number;
  last: Node | null;
  endedWithEos: boolean;
  score: number;
}

export interface BeamTrace {
  hypotheses: Hypothesis[];
  /** The smallest margin of any value-dependent decision (Infinity when there was none). */
  margin: number;
  /** Decoder steps the search ran before it stopped. */
  steps: number;
}

/** beam.ts's search, also returning the smallest decision margin. */
export function traceBeamSearch<S>(model: StepModel<S>, source: number[], options: ResolvedDecodeOptions): BeamTrace {
  const { beam, nBest, maxLength, lengthPenalty } = options;
  let margin = Infinity;
  const attempts: Finished[] = [];
  let finished: Finished[] = [];
  const insert = (entry: Finished) => {
    attempts.push(entry);
    let at = finished.length;
    while (at > 0 && finished[at - 1].score < entry.score) at--;
    if (at >= nBest) return;
    finished.splice(at, 0, entry);
    finished = finished.slice(0, nBest);
  };
  let live: Live<S>[] = [{ state: model.begin(source), previous: model.bosId, last: null, sum: 0 }];
  let steps = 0;
  for (let step = 0; live.length > 0; step++) {
    steps = step + 1;
    const candidates: { parent: number; token: number; logProb: number; sum: number }[] = [];
    const outputs = live.map((hypothesis, parent) => {
      const out = model.step(hypothesis.state, hypothesis.previous);
      const masked = maskLogProbs(out.logProbs, step, options, model);
      let any = false;
      masked.forEach((logProb, token) => {
        if (!isAllowed(logProb)) return;
        any = true;
        candidates.push({ parent, token, logProb, sum: hypothesis.sum + logProb });
      });
      if (!any) {
        const score = hypothesis.sum / lengthPenaltyDivisor(step, lengthPenalty);
        insert({ id: attempts.length, last: hypothesis.last, endedWithEos: false, score });
      }
      return out;
    });
    candidates.sort((a, b) => b.sum - a.sum || a.parent - b.parent || b.logProb - a.logProb || a.token - b.token);
    if (candidates.length > beam) margin = Math.min(margin, candidates[beam - 1].sum - candidates[beam].sum);
    const next: Live<S>[] = [];
    const generated = step + 1;
    for (const candidate of candidates.slice(0, beam)) {
      const out = outputs[candidate.parent];
      const attention = out.attention ? Array.from(out.attention) : undefined;
      const last: Node = { token: candidate.token, parent: live[candidate.parent].last, attention };
      const endedWithEos = candidate.token === model.eosId;
      if (endedWithEos || generated >= maxLength) {
        const score = candidate.sum / lengthPenaltyDivisor(generated, lengthPenalty);
        insert({ id: attempts.length, last, endedWithEos, score });
      } else {
        next.push({ state: out.state, previous: candidate.token, last, sum: candidate.sum });
      }
    }
    live = next;
    if (live.length > 0 && finished.length >= nBest) {
      const bound = live[0].sum > 0 ? Infinity : live[0].sum / lengthPenaltyDivisor(maxLength, lengthPenalty);
      const nth = finished[nBest - 1].score;
      if (Number.isFinite(bound)) margin = Math.min(margin, Math.abs(bound - nth));
      if (bound < nth) break;
    }
  }
  for (const entry of finished) {
    for (const other of attempts) {
      if (other.id !== entry.id) margin = Math.min(margin, Math.abs(other.score - entry.score));
    }
  }
  const hypotheses = finished.map((entry) => {
    const nodes: Node[] = [];
    for (let node = entry.last; node; node = node.parent) nodes.push(node);
    nodes.reverse();
    const tokens = entry.endedWithEos ? nodes.slice(0, -1) : nodes;
    const hypothesis: Hypothesis = { ids: tokens.map((node) => node.token), score: entry.score };
    if (options.attention && nodes.length > 0 && nodes.every((node) => node.attention)) {
      hypothesis.attention = nodes.map((node) => node.attention as number[]);
    }
    return hypothesis;
  });
  return { hypotheses, margin, steps };
}

/** How the comparisons went, over a whole test file. */
export interface ComparisonStats {
  sentences: number;
  /** Sentences whose CPU search had a decision within NEAR_TIE (compared loosely). */
  nearTies: number;
  /** Of those, how many GPU lists actually differed from the CPU's. */
  differing: number;
  worstScoreDifference: number;
}

export function newStats(): ComparisonStats {
  return { sentences: 0, nearTies: 0, differing: 0, worstScoreDifference: 0 };
}

function maxAbsDifference(actual: readonly number[], expected: readonly number[]): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  actual.forEach((value, i) => {
    const difference = Math.abs(value - expected[i]);
    worst = Number.isNaN(difference) ? Infinity : Math.max(worst, difference);
  });
  return worst;
}

function sameIds(a: readonly Hypothesis[], b: readonly Hypothesis[]): boolean {
  return a.length === b.length && a.every((hypothesis, rank) => hypothesis.ids.join(' ') === b[rank].ids.join(' '));
}

/**
 * GPU N-best lists against the CPU reference (the trace above, itself checked against beam.ts):
 * equal ids, scores within SCORE_TOLERANCE and α within ALIGNMENT_TOLERANCE; where the CPU search
 * had a near-tie, the GPU list may differ but must still be a valid N-best list: as many
 * hypotheses, distinct, best first, each one's score what the CPU gives that sequence.
 */
export function expectMatchesCpu(
  model: RnnModel,
  sources: number[][],
  options: DecodeOptions,
  actual: Hypothesis[][],
  stats: ComparisonStats,
): void {
  const stepModel = new CpuStepModel(model);
  expect(actual).toHaveLength(sources.length);
  sources.forEach((source, i) => {
    const resolved = resolveDecodeOptions(options, source.length);
    const trace = traceBeamSearch(stepModel, source, resolved);
    // The restatement is the driver's search, hypothesis for hypothesis.
    expect(trace.hypotheses).toEqual(beamSearch(stepModel, source, resolved));
    const expected = trace.hypotheses;
    const gpu = actual[i];
    const where = `sentence ${i} (K=${resolved.beam}, n-best ${resolved.nBest}, α=${resolved.lengthPenalty})`;
    stats.sentences++;
    expect(gpu, where).toHaveLength(expected.length);
    if (trace.margin < NEAR_TIE) {
      stats.nearTies++;
      if (!sameIds(gpu, expected)) stats.differing++;
      expectValidList(stepModel, source, resolved, gpu, where);
      return;
    }
    gpu.forEach((hypothesis, rank) => {
      expect(hypothesis.ids, `${where} rank ${rank}`).toEqual(expected[rank].ids);
      const difference = Math.abs(hypothesis.score - expected[rank].score);
      stats.worstScoreDifference = Math.max(stats.worstScoreDifference, difference);
      expect(difference, `${where} rank ${rank} score`).toBeLessThanOrEqual(SCORE_TOLERANCE);
      const rows = expected[rank].attention;
      if (!resolved.attention || model.config.attention === 'none' || !rows) {
        expect(hypothesis.attention, `${where} rank ${rank} attention`).toEqual(rows);
        return;
      }
      expect(hypothesis.attention, `${where} rank ${rank} attention`).toHaveLength(rows.length);
      hypothesis.attention!.forEach((row, s) => {
        expect(maxAbsDifference(row, rows[s]), `${where} rank ${rank} α step ${s}`).toBeLessThanOrEqual(
          ALIGNMENT_TOLERANCE,
        );
      });
    });
  });
}

/** A list the search could have returned had near-tied values been ordered the other way. */
function expectValidList<S>(
  model: StepModel<S>,
  source: number[],
  options: ResolvedDecodeOptions,
  list: Hypothesis[],
  where: string,
): void {
  const keys = new Set<string>();
  list.forEach((hypothesis, rank) => {
    if (rank > 0) expect(hypothesis.score, `${where}: best first`).toBeLessThanOrEqual(list[rank - 1].score + NEAR_TIE);
    // Whether it ended with EOS is not part of a Hypothesis: one of the two readings must fit.
    const withEos = rescore(model, source, hypothesis.ids, true, options);
    const withoutEos = rescore(model, source, hypothesis.ids, false, options);
    const difference = Math.min(Math.abs(hypothesis.score - withEos), Math.abs(hypothesis.score - withoutEos));
    expect(difference, `${where} rank ${rank}: score of its own sequence`).toBeLessThanOrEqual(SCORE_TOLERANCE);
    const key = `${hypothesis.ids.join(' ')}|${Math.abs(hypothesis.score - withEos) <= SCORE_TOLERANCE}`;
    expect(keys.has(key), `${where} rank ${rank}: a duplicate`).toBe(false);
    keys.add(key);
  });
}
