/**
 * What a greedy decode reads back at its end, in ONE readback: the token history, the per-row
 * scores and, when asked, the alignments, copied one after the other into a readout buffer.
 * This module fixes that layout and turns the words into hypotheses; it needs no GPU.
 *
 * The greedy choice (src/gpu/kernels/log-softmax.ts) writes pad_id into the history once a row
 * has ended, and pad is never chosen, so a row's tokens are the history entries before its first
 * pad_id (EOS included when it was generated).
 */
import type { Hypothesis } from '../model/results.ts';
import { lengthPenaltyDivisor } from '../model/decoding.ts';

export interface GreedyReadoutLayout {
  /** Rows N. */
  rows: number;
  /** Steps recorded. */
  steps: number;
  /** T, the alignment row width. */
  maxLength: number;
  /** Whether the alignments are part of the readout. */
  alignments: boolean;
}

/** Byte offsets and sizes of the three parts: history u32 [(steps+1) × N], score f32 [N], alignments f32 [steps × N × T]. */
export function greedyReadoutOffsets(layout: GreedyReadoutLayout) {
  const { rows, steps, maxLength } = layout;
  const historyBytes = (steps + 1) * rows * 4;
  const scoreBytes = rows * 4;
  const alignmentBytes = layout.alignments ? steps * rows * maxLength * 4 : 0;
  return {
    history: 0,
    historyBytes,
    score: historyBytes,
    scoreBytes,
    alignments: historyBytes + scoreBytes,
    alignmentBytes,
    total: historyBytes + scoreBytes + alignmentBytes,
  };
}

export interface GreedyReadoutOptions {
  padId: number;
  eosId: number;
  lengthPenalty: number;
  /** Return α rows (the model has attention and the caller asked). */
  attention: boolean;
  /** S of each row's sentence: the width of its α rows. */
  sourceLengths: readonly number[];
}

/**
 * One hypothesis per row: the generated ids without EOS, the summed log-probs divided by the
 * length penalty of the generated count (EOS included), and α of every generated step.
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
  return Array.from({ length: N }, (_, n) => {
    const tokens: number[] = [];
    for (let s = 0; s < layout.steps; s++) {
      const token = history[(s + 1) * N + n];
      if (token === options.padId) break;
      tokens.push(token);
      if (token === options.eosId) break;
    }
    const generated = tokens.length;
    const ids = generated > 0 && tokens[generated - 1] === options.eosId ? tokens.slice(0, -1) : tokens;
    const hypothesis: Hypothesis = { ids, score: scores[n] / lengthPenaltyDivisor(generated, options.lengthPenalty) };
    if (options.attention && alignments && generated > 0) {
      const S = options.sourceLengths[n];
      hypothesis.attention = Array.from({ length: generated }, (_, s) => {
        const start = (s * N + n) * T;
        return Array.from(alignments.subarray(start, start + S));
      });
    }
    return hypothesis;
  });
}
