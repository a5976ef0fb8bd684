/**
 * CPU twin of `beam_slices` (shaders/beam_search.wgsl): for every live row (slot k < live[b] of
 * sentence b) and vocabulary slice, the slice's softmax statistics and its K best allowed tokens
 * (beamSlices), and the overflow word of each sentence with a NaN or +∞ logit in a live row
 * (beamSlicesOverflow). Idle rows and finished sentences leave their words as they were.
 */
import {
  type BeamStageSpec,
  BeamWords,
  compareRankedTokens,
  copyWords,
  floatView,
  logitOverflows,
  LOWEST,
  NO_TOKEN,
  tokenAllowed,
} from './words.ts';

export interface BeamSlicesInput {
  /** [N × V]: the step's logits. */
  readonly logits: Float32Array;
  /** Read for the live counts only. */
  readonly beams: Uint32Array;
  /** The scratch buffer before the stage. */
  readonly scratch: Uint32Array;
  /** Tokens generated so far (the step index). */
  readonly t: number;
}

/**
 * The scratch buffer after the stage: per live row and slice, the max logit (LOWEST when none is
 * finite) and Σ exp(logit − max) accumulated in f64; then the slice's allowed tokens ranked by
 * logit, lower id first on ties, the first K of them as (logit bits, id) and (LOWEST bits,
 * NO_TOKEN) in the ranks past the last. A NaN logit is outside what the twin mirrors: WGSL leaves
 * the max of a NaN unspecified.
 */
export function beamSlices(spec: BeamStageSpec, input: BeamSlicesInput): Uint32Array<ArrayBuffer> {
  const { shape, rules } = spec;
  const words = new BeamWords(shape, spec.layout);
  const K = shape.beam;
  const scratch = copyWords(input.scratch);
  const scratchFloats = floatView(scratch);
  for (let row = 0; row < words.rows; row++) {
    if (row % K >= input.beams[words.live(Math.floor(row / K))]) continue;
    const base = row * shape.vocab;
    for (let slice = 0; slice < words.slices; slice++) {
      const begin = slice * shape.sliceWidth;
      const end = Math.min(begin + shape.sliceWidth, shape.vocab);
      const values = input.logits.subarray(base + begin, base + end);

      let maxLogit = LOWEST;
      for (const value of values) maxLogit = Math.max(maxLogit, value);
      let sumExp = 0;
      for (const value of values) sumExp += Math.exp(value - maxLogit);
      scratchFloats[words.sliceStats(row, slice)] = maxLogit;
      scratchFloats[words.sliceStats(row, slice) + 1] = sumExp;

      const ranked: { logit: number; token: number }[] = [];
      values.forEach((logit, offset) => {
        const token = begin + offset;
        if (tokenAllowed(rules, token, logit, input.t)) ranked.push({ logit, token });
      });
      ranked.sort(compareRankedTokens);
      for (let rank = 0; rank < K; rank++) {
        const at = words.candidate(row, slice, rank);
        const entry = ranked[rank];
        scratchFloats[at] = entry ? entry.logit : LOWEST;
        scratch[at + 1] = entry ? entry.token : NO_TOKEN;
      }
    }
  }
  return scratch;
}

/**
 * The beams buffer after the stage: the overflow word set to 1 for every sentence one of whose live
 * rows holds a NaN or +∞ logit, everything else as it was (a search without such logits leaves the
 * buffer word for word). Apart from beamSlices because only this part is defined for NaN logits.
 */
export function beamSlicesOverflow(
  spec: BeamStageSpec,
  input: Pick<BeamSlicesInput, 'logits' | 'beams'>,
): Uint32Array<ArrayBuffer> {
  const { shape } = spec;
  const words = new BeamWords(shape, spec.layout);
  const K = shape.beam;
  const beams = copyWords(input.beams);
  for (let row = 0; row < words.rows; row++) {
    const b = Math.floor(row / K);
    if (row % K >= input.beams[words.live(b)]) continue;
    if (input.logits.subarray(row * shape.vocab, (row + 1) * shape.vocab).some(logitOverflows))
      beams[words.overflow(b)] = 1;
  }
  return beams;
}
