/**
 * What a greedy decode reads back, and the hypotheses made of it; needs no GPU.
 *
 * At its end, in ONE readback: the token history, the per-row scores, when kept the α rows of every
 * step (attention or alignment asked) and, with a coverage penalty, each row's coverage, copied one
 * after the other into a readout buffer. Per chunk of steps, in ONE readback too: the finished
 * flags and, when progress is reported, the chunk's history rows (greedyChunkOffsets).
 *
 * The greedy choice (src/gpu/kernels/log-softmax.ts) writes pad_id into the history once a row
 * has ended, and pad is never chosen, so a row's tokens are the history entries before its first
 * pad_id (EOS included when it was generated).
 */
import type { Hypothesis } from '../model/results.ts';
import { lengthPenaltyDivisor } from '../model/decoding.ts';
import { coveragePenaltyTerm } from '../model/coverage.ts';
import { alignmentOf } from '../model/alignment.ts';
import type { TranslateProgress } from './runner.ts';

export interface GreedyReadoutLayout {
  /** Rows N. */
  rows: number;
  /** Steps recorded. */
  steps: number;
  /** T, the alignment row width. */
  maxLength: number;
  /** Whether the α rows of every step are part of the readout. */
  alignments: boolean;
  /** Whether each row's coverage [N × T] is part of the readout. */
  coverage?: boolean;
}

/**
 * Byte offsets and sizes of the parts: history u32 [(steps+1) × N], score f32 [N], alignments f32
 * [steps × N × T], then (greedyCoverageOffsets) coverage f32 [N × T]; `total` counts them all.
 */
export function greedyReadoutOffsets(layout: GreedyReadoutLayout) {
  const { rows, steps, maxLength } = layout;
  const historyBytes = (steps + 1) * rows * 4;
  const scoreBytes = rows * 4;
  const alignmentBytes = layout.alignments ? steps * rows * maxLength * 4 : 0;
  const coverage = greedyCoverageOffsets(layout);
  return {
    history: 0,
    historyBytes,
    score: historyBytes,
    scoreBytes,
    alignments: historyBytes + scoreBytes,
    alignmentBytes,
    total: coverage.coverage + coverage.coverageBytes,
  };
}

/** Where the coverage lies in the readout: after the alignments (no bytes without coverage). */
export function greedyCoverageOffsets(layout: GreedyReadoutLayout) {
  const { rows, steps, maxLength } = layout;
  const alignmentBytes = layout.alignments ? steps * rows * maxLength * 4 : 0;
  return {
    coverage: (steps + 2) * rows * 4 + alignmentBytes,
    coverageBytes: layout.coverage ? rows * maxLength * 4 : 0,
  };
}

export interface GreedyReadoutOptions {
  padId: number;
  eosId: number;
  lengthPenalty: number;
  /** Return α rows (the model has attention and the caller asked). */
  attention: boolean;
  /** Return the alignment (needs the α rows in the readout). */
  alignment?: boolean;
  /** β of the coverage penalty (needs the coverage in the readout); 0: none. */
  coveragePenalty?: number;
  /** S of each row's sentence: the width of its α rows. */
  sourceLengths: readonly number[];
}

/**
 * One hypothesis per row: the generated ids without EOS, the summed log-probs divided by the
 * length penalty of the generated count (EOS included) plus the coverage term, α of every
 * generated step and the alignment, as asked.
 */
export function parseGreedyReadout(
  bytes: ArrayBuffer,
  layout: GreedyReadoutLayout,
  options: GreedyReadoutOptions,
): Hypothesis[] {
  const offsets = greedyReadoutOffsets(layout);
  const N = layout.rows;
  const T = layout.maxLength;
  const history = new Uint32Array(bytes, offsets.history, offsets.historyBytes / 4);
  const scores = new Float32Array(bytes, offsets.score, N);
  const alignments = layout.alignments
    ? new Float32Array(bytes, offsets.alignments, offsets.alignmentBytes / 4)
    : undefined;
  const coverageAt = greedyCoverageOffsets(layout);
  const coverage = layout.coverage
    ? new Float32Array(bytes, coverageAt.coverage, coverageAt.coverageBytes / 4)
    : undefined;
  const beta = options.coveragePenalty ?? 0;
  return Array.from({ length: N }, (_, n) => {
    const tokens = rowTokens(history, N, n, layout.steps, options.padId, options.eosId);
    const generated = tokens.length;
    const ids = generated > 0 && tokens[generated - 1] === options.eosId ? tokens.slice(0, -1) : tokens;
    const S = options.sourceLengths[n];
    let score = scores[n] / lengthPenaltyDivisor(generated, options.lengthPenalty);
    if (beta > 0 && coverage) score += coveragePenaltyTerm(coverage.subarray(n * T, n * T + S), S, beta);
    const hypothesis: Hypothesis = { ids, score };
    if (alignments) {
      const rows = Array.from({ length: generated }, (_, s) => {
        const start = (s * N + n) * T;
        return Array.from(alignments.subarray(start, start + S));
      });
      if (options.attention && generated > 0) hypothesis.attention = rows;
      if (options.alignment) hypothesis.alignment = alignmentOf(rows, ids.length);
    }
    return hypothesis;
  });
}

/** Row n's tokens in history rows 1..steps of N words each, up to its first pad or its EOS. */
function rowTokens(history: Uint32Array, N: number, n: number, steps: number, padId: number, eosId: number): number[] {
  const tokens: number[] = [];
  for (let s = 0; s < steps; s++) {
    const token = history[(s + 1) * N + n];
    if (token === padId) break;
    tokens.push(token);
    if (token === eosId) break;
  }
  return tokens;
}

/**
 * Byte offsets of one chunk's readback: the finished flags u32 [N] and, with progress, the history
 * rows the chunk's steps first..end−1 wrote (rows first+1..end, u32 [(end − first) × N]).
 */
export function greedyChunkOffsets(rows: number, chunkSteps: number, progress: boolean) {
  const flagsBytes = rows * 4;
  const historyBytes = progress ? chunkSteps * rows * 4 : 0;
  return { flags: 0, flagsBytes, history: flagsBytes, historyBytes, total: flagsBytes + historyBytes };
}

/** The host's copy of every row's tokens so far, built from the chunks' readbacks, for progress. */
export class GreedyProgress {
  private readonly tokens: number[][];
  private readonly ended: boolean[];

  constructor(
    private readonly rows: number,
    private readonly padId: number,
    private readonly eosId: number,
  ) {
    this.tokens = Array.from({ length: rows }, () => []);
    this.ended = new Array<boolean>(rows).fill(false);
  }

  /**
   * Adds a chunk's history rows ([steps × N], steps in order) and returns the rows still decoding
   * (finished flag 0) with their ids so far.
   */
  add(history: Uint32Array, finished: Uint32Array): TranslateProgress[] {
    const N = this.rows;
    for (let s = 0; s < history.length / N; s++) {
      for (let n = 0; n < N; n++) {
        const token = history[s * N + n];
        if (this.ended[n] || token === this.padId) {
          this.ended[n] = true;
          continue;
        }
        this.tokens[n].push(token);
        if (token === this.eosId) this.ended[n] = true;
      }
    }
    const progress: TranslateProgress[] = [];
    for (let n = 0; n < N; n++) if (finished[n] === 0) progress.push({ sentence: n, ids: [...this.tokens[n]] });
    return progress;
  }
}
