/**
 * CPU twin of `beam_select` (shaders/beam_search.wgsl): one sentence at a time, the merge of the
 * slices' candidates into the next beam, the finished list and the early stop, as
 * src/cpu/search/beam.ts does one step of its search.
 *
 * Sums are taken in f64. Values the shader compares after storing them (finished scores, the
 * early-stop bound) are rounded to f32 first, so an equal score still compares equal to one
 * already in the list; a log-prob is rounded before the "allowed" test, which for f32 rejects
 * only −∞ and NaN.
 */
import { compareCandidates, type OrderedCandidate } from '../search/beam.ts';
import {
  type BeamStageSpec,
  BeamWords,
  copyWords,
  FINISHED_ENTRY_WORDS,
  floatView,
  LOWEST,
  NO_TOKEN,
} from './words.ts';

export interface BeamSelectInput {
  readonly beams: Uint32Array;
  /** Candidates and slice statistics from beam_slices. */
  readonly scratch: Uint32Array;
  /** Max lengths and length-penalty divisors. */
  readonly table: Uint32Array;
  /** The token history [(steps + 1) × N]. */
  readonly history: Uint32Array;
  /** Tokens generated so far (the step index); its parity selects the scores read. */
  readonly t: number;
}

/** The three buffers the stage writes, after it. */
export interface BeamSelectOutput {
  /** Live counts, finished lists, parents of step t, scores of the other parity. */
  beams: Uint32Array<ArrayBuffer>;
  /** Each live row's log-normaliser and whether it has an allowed token. */
  scratch: Uint32Array<ArrayBuffer>;
  /** Row t + 1: the new slots' tokens, pad in idle slots. */
  history: Uint32Array<ArrayBuffer>;
}

/** Whether a log-prob (held as f32 by the shader) may be chosen. */
function allowedLogProb(logProb: number): boolean {
  return Math.fround(logProb) >= LOWEST;
}

export function beamSelect(spec: BeamStageSpec, input: BeamSelectInput): BeamSelectOutput {
  const { shape, rules } = spec;
  const words = new BeamWords(shape, spec.layout);
  const K = shape.beam;
  const N = words.rows;
  const { t } = input;
  const parity = t % 2;
  const beams = copyWords(input.beams);
  const scratch = copyWords(input.scratch);
  const history = copyWords(input.history);
  const beamFloats = floatView(beams);
  const scratchFloats = floatView(scratch);
  const tableFloats = floatView(input.table);
  const divisor = (tokens: number) => tableFloats[words.divisor(tokens)];

  // beam.ts insertFinished: keeps the n-best, best first; an equal score goes after.
  const insertFinished = (b: number, sum: number, tokens: number, slot: number, token: number) => {
    const score = Math.fround(sum / divisor(tokens));
    const count = beams[words.finishedCount(b)];
    let at = count;
    while (at > 0 && beamFloats[words.finished(b, at - 1)] < score) at--;
    if (at >= shape.nBest) return;
    for (let i = Math.min(count, shape.nBest - 1); i > at; i--) {
      beams.copyWithin(words.finished(b, i), words.finished(b, i - 1), words.finished(b, i - 1) + FINISHED_ENTRY_WORDS);
    }
    const entry = words.finished(b, at);
    beamFloats[entry] = score;
    beamFloats[entry + 1] = sum;
    beams[entry + 2] = t;
    beams[entry + 3] = slot;
    beams[entry + 4] = token;
    beams[words.finishedCount(b)] = Math.min(count + 1, shape.nBest);
  };

  // Idle slots feed pad and keep their own state.
  const idleSlot = (b: number, slot: number) => {
    const row = b * K + slot;
    beams[words.parents(t, row)] = slot;
    history[(t + 1) * N + row] = rules.padId;
  };

  for (let b = 0; b < shape.sentences; b++) {
    const firstRow = b * K;
    const live = beams[words.live(b)];
    if (live === 0) {
      for (let slot = 0; slot < K; slot++) idleSlot(b, slot);
      continue;
    }

    for (let k = 0; k < live; k++) {
      const row = firstRow + k;
      let rowMax = LOWEST;
      for (let s = 0; s < words.slices; s++) rowMax = Math.max(rowMax, scratchFloats[words.sliceStats(row, s)]);
      let total = 0;
      for (let s = 0; s < words.slices; s++) {
        const at = words.sliceStats(row, s);
        total += scratchFloats[at + 1] * Math.exp(scratchFloats[at] - rowMax);
      }
      const normaliser = rowMax + Math.log(total);
      let hasToken = false;
      for (let s = 0; s < words.slices; s++) {
        const at = words.candidate(row, s, 0);
        if (scratch[at + 1] !== NO_TOKEN && allowedLogProb(scratchFloats[at] - normaliser)) hasToken = true;
      }
      scratchFloats[words.normaliser(row)] = normaliser;
      scratch[words.hasToken(row)] = hasToken ? 1 : 0;
    }

    // beam.ts finishes a parent with no allowed token while expanding, before the candidates.
    for (let k = 0; k < live; k++) {
      const row = firstRow + k;
      if (scratch[words.hasToken(row)] === 0) insertFinished(b, beamFloats[words.scores(parity, row)], t, k, NO_TOKEN);
    }

    // The shader's Candidate and comes_before: the reference search's order, the logit as the token's score.
    const candidates: OrderedCandidate[] = [];
    for (let k = 0; k < live; k++) {
      const row = firstRow + k;
      // The normaliser as the shader reads it back: f32.
      const normaliser = scratchFloats[words.normaliser(row)];
      const score = beamFloats[words.scores(parity, row)];
      for (let s = 0; s < words.slices; s++) {
        for (let rank = 0; rank < K; rank++) {
          const at = words.candidate(row, s, rank);
          const token = scratch[at + 1];
          if (token === NO_TOKEN) continue;
          const logit = scratchFloats[at];
          const logProb = logit - normaliser;
          if (allowedLogProb(logProb)) candidates.push({ sum: score + logProb, parent: k, tokenScore: logit, token });
        }
      }
    }
    candidates.sort(compareCandidates);

    const generated = t + 1;
    const maxLength = input.table[words.maxLength(b)];
    let taken = 0;
    for (const winner of candidates.slice(0, K)) {
      if (winner.token === rules.eosId || generated >= maxLength) {
        insertFinished(b, winner.sum, generated, winner.parent, winner.token);
        continue;
      }
      const row = firstRow + taken;
      beamFloats[words.scores(1 - parity, row)] = winner.sum;
      beams[words.parents(t, row)] = winner.parent;
      history[generated * N + row] = winner.token;
      taken++;
    }
    for (let slot = taken; slot < K; slot++) idleSlot(b, slot);

    // beam.ts's early stop: slot 0 has the highest sum; a positive sum (rounding) has no safe bound.
    let nextLive = taken;
    if (taken > 0 && beams[words.finishedCount(b)] >= shape.nBest) {
      const bestSum = beamFloats[words.scores(1 - parity, firstRow)];
      if (bestSum <= 0 && Math.fround(bestSum / divisor(maxLength)) < beamFloats[words.finished(b, shape.nBest - 1)])
        nextLive = 0;
    }
    beams[words.live(b)] = nextLive;
  }
  return { beams, scratch, history };
}
