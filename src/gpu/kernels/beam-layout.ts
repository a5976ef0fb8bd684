/**
 * Where the GPU beam search (shaders/beam_search.wgsl) keeps its words: the buffers' layouts in
 * u32 words, shared by the kernels' plans and the final readout. Pure: no GPU needed.
 *
 * beams (u32, one per call shape; f32 values stored as their bits):
 *   live           [B]                 live hypotheses of each sentence, in slots 0..live−1; 0 once done
 *   finishedCount  [B]                 entries in each sentence's finished list (≤ nBest)
 *   finished       [B × nBest × 5]     best first: penalised score, log-prob sum, step, slot, token
 *   parents        [steps × N]         step t: the slot (within its sentence) each new slot came from
 *   scores         [2 × N]             log-prob sum of each slot, ping-ponged by the step's parity
 *   overflow       [B]                 1 once a live row of the sentence had a NaN or +∞ logit (0 before
 *                                      step 0): the cpu reference refuses such a sentence (its NaN
 *                                      log-probs), while here a NaN only makes tokens "not allowed"
 *
 * scratch (u32, rewritten every step):
 *   candidates     [N × S × K × 2]     per row and vocabulary slice, the K best (logit bits, token)
 *   sliceStats     [N × S × 2]         per row and slice: max logit and Σ exp(logit − max) (bits)
 *   rowNormaliser  [N]                 log Σ exp(logits) of each live row (bits)
 *   rowHasToken    [N]                 1 when a live row has an allowed token
 *
 * penalties (f32 [B × nBest], coverage only): the coverage term of each finished entry, part of its
 * penalised score and moved with it; apart from `beams`, so a search without coverage keeps the
 * layout above word for word.
 *
 * table (u32, written once per call):
 *   maxLengths     [B]                 tokens a hypothesis of each sentence may generate
 *   divisors       [steps + 1]         length-penalty divisor ((5 + n) / 6)^α of n tokens (f32 bits)
 *   sourceLengths  [B]                 S of each sentence: the coverage term sums over j < S
 */

/** Marks "no token" in candidates and finished entries (a hypothesis that ended with nothing allowed). */
export const NO_TOKEN = 0xffffffff;

/** Words of one finished entry: penalised score (f32), log-prob sum (f32), step, slot, token. */
export const FINISHED_ENTRY_WORDS = 5;

/** Vocabulary entries one stage-1 workgroup ranks when no other width is asked for. */
export const DEFAULT_SLICE_WIDTH = 1024;

export interface BeamShape {
  /** B. */
  sentences: number;
  /** K. */
  beam: number;
  /** V. */
  vocab: number;
  /** Vocabulary entries per stage-1 workgroup. */
  sliceWidth: number;
  nBest: number;
  /** Decoder steps the buffers can hold. */
  steps: number;
}

export function sliceCount(vocab: number, sliceWidth: number): number {
  return Math.ceil(vocab / sliceWidth);
}

export interface BeamStateLayout {
  live: number;
  finishedCount: number;
  finished: number;
  parents: number;
  scores: number;
  overflow: number;
  words: number;
}

export function beamStateLayout(shape: BeamShape): BeamStateLayout {
  const B = shape.sentences;
  const N = B * shape.beam;
  const finished = 2 * B;
  const parents = finished + B * shape.nBest * FINISHED_ENTRY_WORDS;
  const scores = parents + shape.steps * N;
  // Last, so that the regions before it keep their offsets.
  const overflow = scores + 2 * N;
  return { live: 0, finishedCount: B, finished, parents, scores, overflow, words: overflow + B };
}

export interface BeamScratchLayout {
  candidates: number;
  sliceStats: number;
  rowNormaliser: number;
  rowHasToken: number;
  words: number;
}

export function beamScratchLayout(shape: BeamShape): BeamScratchLayout {
  const N = shape.sentences * shape.beam;
  const S = sliceCount(shape.vocab, shape.sliceWidth);
  const sliceStats = N * S * shape.beam * 2;
  const rowNormaliser = sliceStats + N * S * 2;
  const rowHasToken = rowNormaliser + N;
  return { candidates: 0, sliceStats, rowNormaliser, rowHasToken, words: rowHasToken + N };
}

export interface BeamTableLayout {
  maxLengths: number;
  divisors: number;
  sourceLengths: number;
  words: number;
}

export function beamTableLayout(shape: BeamShape): BeamTableLayout {
  const sourceLengths = shape.sentences + shape.steps + 1;
  return { maxLengths: 0, divisors: shape.sentences, sourceLengths, words: sourceLengths + shape.sentences };
}
