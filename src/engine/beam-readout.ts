/**
 * What a GPU beam search reads back at its end, in ONE readback, and the hypotheses rebuilt from
 * it on the CPU: the token history, the finished lists and parent pointers (one contiguous range
 * of the search's `beams` buffer, src/gpu/kernels/beam-layout.ts), each sentence's overflow word
 * and, when asked, the alignments. Needs no GPU.
 *
 * A finished entry names the step t it ended at, the slot its prefix was in before that step and
 * its last token (none when the hypothesis ended with nothing allowed). The prefix is rebuilt by
 * following parent pointers back from that slot: after step s, slot j's last token is
 * history[s + 1][j], it came from slot parents[s][j], and its α is the alignment row of that
 * parent at step s (the row that computed the step).
 */
import type { Hypothesis } from '../model/results.ts';
import { beamStateLayout, FINISHED_ENTRY_WORDS, NO_TOKEN } from '../gpu/kernels/beam-layout.ts';
import { lengthPenaltyDivisor } from '../model/decoding.ts';
import { markNothingAllowed } from '../model/finite-results.ts';
import { alignmentOf } from '../model/alignment.ts';
import type { TranslateProgress } from './runner.ts';

export interface BeamReadoutLayout {
  /** B. */
  sentences: number;
  /** K. */
  beam: number;
  nBest: number;
  /** Steps the `beams` buffer was laid out for (its parents region). */
  capacity: number;
  /** Steps recorded. */
  steps: number;
  /** T, the alignment row width. */
  maxLength: number;
  /** Whether the alignments are part of the readout. */
  alignments: boolean;
  /** Whether the finished entries' coverage terms are part of the readout (beamPenaltyOffsets). */
  coverage?: boolean;
}

/**
 * Byte offsets of one chunk's readback: the live counts u32 [B] and, with progress, the history
 * rows of the chunk's steps first..end−1 (rows first+1..end) and their parents, u32 [steps × N] each.
 */
export function beamChunkOffsets(sentences: number, rows: number, chunkSteps: number, progress: boolean) {
  const liveBytes = sentences * 4;
  const rowBytes = progress ? chunkSteps * rows * 4 : 0;
  return {
    live: 0,
    liveBytes,
    history: liveBytes,
    parents: liveBytes + rowBytes,
    rowBytes,
    total: liveBytes + 2 * rowBytes,
  };
}

/**
 * The host's copy of every step's tokens and parent pointers, from the chunks' readbacks, for
 * progress: the best live hypothesis of a sentence is in its slot 0 (slots are taken in the order
 * of their sums), rebuilt by following parents back as parseBeamReadout does.
 */
export class BeamProgress {
  private readonly history: Uint32Array[] = [];
  private readonly parents: Uint32Array[] = [];

  constructor(
    private readonly sentences: number,
    private readonly beam: number,
  ) {}

  /** Adds a chunk's rows ([steps × N] each) and returns the live sentences' best ids so far. */
  add(history: Uint32Array, parents: Uint32Array, live: Uint32Array): TranslateProgress[] {
    const N = this.sentences * this.beam;
    for (let s = 0; s < history.length / N; s++) {
      this.history.push(history.slice(s * N, (s + 1) * N));
      this.parents.push(parents.slice(s * N, (s + 1) * N));
    }
    const progress: TranslateProgress[] = [];
    for (let b = 0; b < this.sentences; b++) {
      if (live[b] === 0) continue;
      const ids: number[] = [];
      let slot = 0;
      for (let s = this.history.length - 1; s >= 0; s--) {
        const row = b * this.beam + slot;
        ids.push(this.history[s][row]);
        slot = this.parents[s][row];
      }
      progress.push({ sentence: b, ids: ids.reverse() });
    }
    return progress;
  }
}

/**
 * Byte offsets of the parts: history u32 [(steps+1) × N]; then `beams` words from the finished
 * counts up to the parents of the last recorded step (finished counts [B], entries
 * [B × nBest × 5], parents [steps × N]); then alignments f32 [steps × N × T]; then, with coverage,
 * the entries' coverage terms f32 [B × nBest] (beamPenaltyOffsets); then the overflow words u32 [B]
 * (beamOverflowOffsets).
 */
export function beamReadoutOffsets(layout: BeamReadoutLayout) {
  const N = layout.sentences * layout.beam;
  const state = beamStateLayout({
    sentences: layout.sentences,
    beam: layout.beam,
    vocab: 1,
    sliceWidth: 1,
    nBest: layout.nBest,
    steps: layout.capacity,
  });
  const historyBytes = (layout.steps + 1) * N * 4;
  const searchWords = state.parents + layout.steps * N - state.finishedCount;
  const alignmentBytes = layout.alignments ? layout.steps * N * layout.maxLength * 4 : 0;
  const overflow = beamOverflowOffsets(layout);
  return {
    history: 0,
    historyBytes,
    /** Where the copied range starts in the `beams` buffer. */
    searchSource: state.finishedCount * 4,
    search: historyBytes,
    searchBytes: searchWords * 4,
    alignments: historyBytes + searchWords * 4,
    alignmentBytes,
    total: overflow.overflow + overflow.overflowBytes,
  };
}

/** Where the coverage terms f32 [B × nBest] lie in the readout: last (no bytes without coverage). */
export function beamPenaltyOffsets(layout: BeamReadoutLayout) {
  const N = layout.sentences * layout.beam;
  const searchWords = FINISHED_ENTRY_WORDS * layout.sentences * layout.nBest + layout.sentences + layout.steps * N;
  const alignmentBytes = layout.alignments ? layout.steps * N * layout.maxLength * 4 : 0;
  return {
    penalties: (layout.steps + 1) * N * 4 + searchWords * 4 + alignmentBytes,
    penaltiesBytes: layout.coverage ? layout.sentences * layout.nBest * 4 : 0,
  };
}

/** Where the sentences' overflow words u32 [B] lie in the readout: after the coverage terms. */
export function beamOverflowOffsets(layout: BeamReadoutLayout) {
  const penalties = beamPenaltyOffsets(layout);
  return { overflow: penalties.penalties + penalties.penaltiesBytes, overflowBytes: layout.sentences * 4 };
}

export interface BeamReadoutOptions {
  eosId: number;
  lengthPenalty: number;
  /** Return α rows (the model has attention and the caller asked). */
  attention: boolean;
  /** Return the alignment (needs the α rows in the readout). */
  alignment?: boolean;
  /** S of each sentence: the width of its α rows. */
  sourceLengths: readonly number[];
}

/** Each sentence's finished list, best first, as hypotheses (ids without EOS, score, α). */
export function parseBeamReadout(
  bytes: ArrayBuffer,
  layout: BeamReadoutLayout,
  options: BeamReadoutOptions,
): Hypothesis[][] {
  const offsets = beamReadoutOffsets(layout);
  const B = layout.sentences;
  const K = layout.beam;
  const N = B * K;
  const T = layout.maxLength;
  const history = new Uint32Array(bytes, offsets.history, offsets.historyBytes / 4);
  const words = new Uint32Array(bytes, offsets.search, offsets.searchBytes / 4);
  const floats = new Float32Array(bytes, offsets.search, offsets.searchBytes / 4);
  const alignments = layout.alignments
    ? new Float32Array(bytes, offsets.alignments, offsets.alignmentBytes / 4)
    : undefined;
  // Word positions inside the copied range (it starts at the finished counts).
  const entriesAt = B;
  const parentsAt = B + B * layout.nBest * FINISHED_ENTRY_WORDS;
  const penaltyAt = beamPenaltyOffsets(layout);
  const penalties = layout.coverage
    ? new Float32Array(bytes, penaltyAt.penalties, penaltyAt.penaltiesBytes / 4)
    : undefined;
  const overflowAt = beamOverflowOffsets(layout);
  const overflow = new Uint32Array(bytes, overflowAt.overflow, overflowAt.overflowBytes / 4);
  return Array.from({ length: B }, (_, b) => {
    const count = words[b];
    const hypotheses = Array.from({ length: count }, (_, i) => {
      const entry = entriesAt + (b * layout.nBest + i) * FINISHED_ENTRY_WORDS;
      const sum = floats[entry + 1];
      const endStep = words[entry + 2];
      const token = words[entry + 4];
      // Tokens from the last back to the first, each with the row that computed it.
      const tokens: number[] = [];
      const rows: number[] = [];
      let slot = words[entry + 3];
      if (token !== NO_TOKEN) {
        tokens.push(token);
        rows.push(b * K + slot);
      }
      for (let s = endStep - 1; s >= 0; s--) {
        const row = b * K + slot;
        const parent = words[parentsAt + s * N + row];
        tokens.push(history[(s + 1) * N + row]);
        rows.push(b * K + parent);
        slot = parent;
      }
      tokens.reverse();
      rows.reverse();
      const generated = tokens.length;
      const ids = token === options.eosId ? tokens.slice(0, -1) : tokens;
      // The coverage term was computed on the device, where it ordered the list.
      const penalty = penalties ? penalties[b * layout.nBest + i] : 0;
      const score = sum / lengthPenaltyDivisor(generated, options.lengthPenalty) + penalty;
      const hypothesis: Hypothesis = { ids, score };
      if (alignments) {
        const S = options.sourceLengths[b];
        const attention = rows.map((row, s) =>
          Array.from(alignments.subarray((s * N + row) * T, (s * N + row) * T + S)),
        );
        if (options.attention && generated > 0) hypothesis.attention = attention;
        if (options.alignment) hypothesis.alignment = alignmentOf(attention, ids.length);
      }
      // NaN log-probs end a hypothesis this way too; the results check tells the cases apart.
      if (token === NO_TOKEN) markNothingAllowed(hypothesis);
      return hypothesis;
    });
    // A live row had a NaN or +∞ logit: the cpu reference ends such a sentence with one hypothesis
    // scored NaN, which the results check refuses, even when the row's hypothesis would not have
    // reached the n-best (the shader only made its tokens "not allowed"). The same here.
    if (overflow[b] !== 0) return [{ ids: hypotheses[0]?.ids ?? [], score: NaN }];
    return hypotheses;
  });
}
