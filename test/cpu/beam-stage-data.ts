/**
 * Inputs of one beam search step (shaders/beam_search.wgsl) for the stage twins' tests: the
 * step's logits and the search's buffers in their GPU layouts, with a scenario per sentence, and
 * the independent checks those tests share (brute-force candidates, near-tie guard).
 */
import { lengthPenaltyDivisor } from '../../src/model/decoding.ts';
import { seededRandom } from '../../src/model/random-model.ts';
import {
  type BeamScratchLayout,
  beamScratchLayout,
  type BeamShape,
  type BeamStateLayout,
  beamStateLayout,
  type BeamTableLayout,
  beamTableLayout,
} from '../../src/gpu/kernels/beam-layout.ts';
import { type BeamStageSpec, BeamWords, FINISHED_ENTRY_WORDS, floatView } from '../../src/cpu/beam-stages/words.ts';
import { logSoftmax } from '../../src/cpu/kernels.ts';
import { withOutliers } from './random-data.ts';

/** Fills every word a stage should not touch, so that a stray write shows. */
export const SENTINEL_WORD = 0xdeadbeef;

/**
 * What a sentence of the step looks like (rows are its live slots, k = 0..live−1):
 *   plain        random logits with ±50/±100 outliers (so equal logits within a row), random scores;
 *   ties         slot 1 repeats slot 0 (logits and score) and both lead the sentence: equal sums,
 *                ordered by parent; slot 0's best logit is shared by ids 3, 4, W + 3 and V − 1
 *                (in two or three slices);
 *   ending-ties  the same, with max length t + 1: equal finished scores, in the order they came;
 *   eos          EOS has each row's best allowed logit (pad and bos higher still): finishes unless
 *                min length masks it;
 *   no-token     slot 0 has only pad and bos finite, slot 1 only pad and EOS: they finish without a
 *                token (slot 1 only while min length masks EOS);
 *   max-length   the sentence's max length is t + 1: every kept candidate finishes;
 *   early-stop   the finished list is full of scores no live hypothesis can beat: the search stops;
 *   positive-sum the same list, but slot 0's score is positive: no bound, the search goes on;
 *   done         no live hypothesis (the sentence stopped earlier);
 *   partial      K − 1 live slots (1 when K = 1), a finished list part full;
 *   extreme      logits of ±1000, and slices with fewer than K allowed tokens (−∞ elsewhere).
 */
export type SentenceKind =
  | 'plain'
  | 'ties'
  | 'ending-ties'
  | 'eos'
  | 'no-token'
  | 'max-length'
  | 'early-stop'
  | 'positive-sum'
  | 'done'
  | 'partial'
  | 'extreme';

export interface BeamStepCase {
  beam: number;
  vocab: number;
  sliceWidth: number;
  nBest: number;
  /** The step (tokens generated so far). */
  t: number;
  minLength: number;
  lengthPenalty: number;
  kinds: SentenceKind[];
  seed: number;
  padId?: number;
  bosId?: number;
  eosId?: number;
}

export interface BeamStepData {
  spec: BeamStageSpec & {
    shape: BeamShape;
    layout: { state: BeamStateLayout; scratch: BeamScratchLayout; table: BeamTableLayout };
  };
  /** [N × V]. */
  logits: Float32Array<ArrayBuffer>;
  beams: Uint32Array<ArrayBuffer>;
  /** Sentinel words only: beam_slices writes it. */
  scratch: Uint32Array<ArrayBuffer>;
  table: Uint32Array<ArrayBuffer>;
  /** [(steps + 1) × N], sentinel words only. */
  history: Uint32Array<ArrayBuffer>;
  t: number;
}

function beamStageSpec(shape: BeamShape, rules: BeamStageSpec['rules']): BeamStepData['spec'] {
  return {
    shape,
    rules,
    layout: { state: beamStateLayout(shape), scratch: beamScratchLayout(shape), table: beamTableLayout(shape) },
  };
}

function liveCount(kind: SentenceKind, K: number): number {
  if (kind === 'done') return 0;
  if (kind === 'partial') return Math.max(1, K - 1);
  return K;
}

export function beamStepData(c: BeamStepCase): BeamStepData {
  const rand = seededRandom(c.seed);
  const K = c.beam;
  const B = c.kinds.length;
  const N = B * K;
  const V = c.vocab;
  const rules = { padId: c.padId ?? 0, bosId: c.bosId ?? 1, eosId: c.eosId ?? 2, minLength: c.minLength };
  const steps = c.t + 3;
  const shape: BeamShape = { sentences: B, beam: K, vocab: V, sliceWidth: c.sliceWidth, nBest: c.nBest, steps };
  const spec = beamStageSpec(shape, rules);
  const words = new BeamWords(shape, spec.layout);
  const parity = c.t % 2;

  const logits = new Float32Array(withOutliers(N * V, c.seed + 1));
  const beams = new Uint32Array(spec.layout.state.words).fill(SENTINEL_WORD);
  const beamFloats = floatView(beams);
  const table = new Uint32Array(spec.layout.table.words);
  const tableFloats = floatView(table);
  for (let n = 0; n <= steps; n++) tableFloats[words.divisor(n)] = lengthPenaltyDivisor(n, c.lengthPenalty);

  const row = (n: number) => logits.subarray(n * V, (n + 1) * V);
  const setFinished = (b: number, scores: number[]) => {
    beams[words.finishedCount(b)] = scores.length;
    scores.forEach((score, i) => {
      const entry = words.finished(b, i);
      beamFloats[entry] = score;
      beamFloats[entry + 1] = score * tableFloats[words.divisor(c.t)];
      beams.set([Math.max(0, c.t - 1), i % K, 3 + i], entry + 2);
    });
  };

  c.kinds.forEach((kind, b) => {
    const live = liveCount(kind, K);
    const first = b * K;
    beams[words.live(b)] = live;
    beams[words.finishedCount(b)] = 0;
    table[words.maxLength(b)] = kind === 'max-length' || kind === 'ending-ties' ? c.t + 1 : steps;
    for (let k = 0; k < K; k++) beamFloats[words.scores(parity, first + k)] = -0.5 - 7.5 * rand();

    if ((kind === 'ties' || kind === 'ending-ties') && live >= 2) {
      const top = Math.max(...row(first)) + 5;
      for (const id of [3, 4, c.sliceWidth + 3, V - 1]) if (id < V) row(first)[id] = top;
      row(first + 1).set(row(first));
      // The two lead: their tied tokens are the sentence's best candidates.
      beamFloats[words.scores(parity, first)] = -0.25;
      beamFloats[words.scores(parity, first + 1)] = -0.25;
      for (let k = 2; k < K; k++) beamFloats[words.scores(parity, first + k)] -= 20;
    } else if (kind === 'eos') {
      for (let k = 0; k < live; k++) {
        const top = Math.max(...row(first + k));
        row(first + k)[rules.eosId] = top + 1;
        row(first + k)[rules.padId] = top + 3;
        row(first + k)[rules.bosId] = top + 2;
      }
    } else if (kind === 'no-token') {
      row(first).fill(-Infinity);
      row(first)[rules.padId] = 0.5;
      row(first)[rules.bosId] = 0.25;
      if (live >= 2) {
        row(first + 1).fill(-Infinity);
        row(first + 1)[rules.padId] = 1;
        row(first + 1)[rules.eosId] = 2;
      }
    } else if (kind === 'early-stop' || kind === 'positive-sum') {
      setFinished(
        b,
        Array.from({ length: c.nBest }, (_, i) => -0.001 * (i + 1)),
      );
      if (kind === 'positive-sum') beamFloats[words.scores(parity, first)] = 40;
    } else if (kind === 'partial') {
      setFinished(
        b,
        Array.from({ length: Math.max(0, c.nBest - 1) }, (_, i) => -2 - i),
      );
    } else if (kind === 'extreme') {
      for (let k = 0; k < live; k++) {
        const values = row(first + k);
        values.forEach(
          (_, v) => (values[v] = (v * 7919 + k) % 3 === 0 ? 1000 - v : (v * 7919 + k) % 3 === 1 ? -1000 + v : 999.5),
        );
        // The last slice keeps a single allowed token (fewer than K when K > 1).
        const lastBegin = (words.slices - 1) * c.sliceWidth;
        for (let v = lastBegin; v < V; v++) values[v] = v === V - 1 ? 998 : -Infinity;
      }
    }
  });

  return {
    spec,
    logits,
    beams,
    scratch: new Uint32Array(spec.layout.scratch.words).fill(SENTINEL_WORD),
    table,
    history: new Uint32Array((steps + 1) * N).fill(SENTINEL_WORD),
    t: c.t,
  };
}

/** One (parent, token) expansion of a live row, computed from the full row of logits. */
export interface ExpandedCandidate {
  parent: number;
  token: number;
  /** The row's log-normaliser: logit − log-prob. */
  normaliser: number;
  logProb: number;
  sum: number;
}

/**
 * beam.ts's expansion of sentence b, by brute force over the whole vocabulary: every allowed token
 * of every live row (log-softmax of the full row, pad and bos never, EOS not before min length),
 * in beam.ts's candidate order. Also the slots whose row has no allowed token.
 */
export function expandSentence(
  data: BeamStepData,
  b: number,
): { candidates: ExpandedCandidate[]; withoutToken: number[] } {
  const { shape, rules } = data.spec;
  const words = new BeamWords(shape, data.spec.layout);
  const beamFloats = floatView(data.beams);
  const K = shape.beam;
  const candidates: ExpandedCandidate[] = [];
  const withoutToken: number[] = [];
  for (let k = 0; k < data.beams[words.live(b)]; k++) {
    const n = b * K + k;
    const logits = data.logits.subarray(n * shape.vocab, (n + 1) * shape.vocab);
    const logProbs = logSoftmax(logits);
    const score = beamFloats[words.scores(data.t % 2, n)];
    let any = false;
    logProbs.forEach((logProb, token) => {
      if (token === rules.padId || token === rules.bosId || (token === rules.eosId && data.t < rules.minLength)) return;
      if (!(logProb > -Infinity)) return;
      any = true;
      candidates.push({ parent: k, token, normaliser: logits[token] - logProb, logProb, sum: score + logProb });
    });
    if (!any) withoutToken.push(k);
  }
  candidates.sort((a, c) => c.sum - a.sum || a.parent - c.parent || c.logProb - a.logProb || a.token - c.token);
  return { candidates, withoutToken };
}

/** Decisions closer than this (relative to max(1, |value|)) may go either way between f32 and f64. */
const NEAR_TIE = 1e-4;

function nearlyTied(a: number, b: number): boolean {
  const gap = Math.abs(a - b);
  return gap > 0 && gap < NEAR_TIE * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * Where the step's data puts a value-dependent decision of beam_select within NEAR_TIE, so that
 * f32 on the GPU and f64 in the twin could take it differently: the order of the K + 1 best
 * candidates of different parents, the order of finished scores, the early-stop bound against
 * the n-th finished score. Exact ties (equal inputs) are what the tie-break rules are for.
 */
export function nearTies(data: BeamStepData): string[] {
  const { shape, rules } = data.spec;
  const words = new BeamWords(shape, data.spec.layout);
  const beamFloats = floatView(data.beams);
  const tableFloats = floatView(data.table);
  const problems: string[] = [];
  for (let b = 0; b < shape.sentences; b++) {
    const { candidates, withoutToken } = expandSentence(data, b);
    const top = candidates.slice(0, shape.beam + 1);
    for (let i = 0; i + 1 < top.length; i++) {
      if (top[i].parent !== top[i + 1].parent && nearlyTied(top[i].sum, top[i + 1].sum))
        problems.push(`sentence ${b}: candidates ${i}, ${i + 1}`);
    }
    const scores: number[] = [];
    for (let i = 0; i < data.beams[words.finishedCount(b)]; i++) scores.push(beamFloats[words.finished(b, i)]);
    for (const k of withoutToken)
      scores.push(beamFloats[words.scores(data.t % 2, b * shape.beam + k)] / tableFloats[words.divisor(data.t)]);
    const generated = data.t + 1;
    const maxLength = data.table[words.maxLength(b)];
    const kept = candidates.slice(0, shape.beam);
    for (const candidate of kept) {
      if (candidate.token === rules.eosId || generated >= maxLength)
        scores.push(candidate.sum / tableFloats[words.divisor(generated)]);
    }
    for (let i = 0; i < scores.length; i++) {
      for (let j = i + 1; j < scores.length; j++)
        if (nearlyTied(scores[i], scores[j])) problems.push(`sentence ${b}: finished scores ${i}, ${j}`);
    }
    const best = kept.find((candidate) => candidate.token !== rules.eosId && generated < maxLength);
    if (best && scores.length >= shape.nBest) {
      const bound = best.sum / tableFloats[words.divisor(maxLength)];
      const nth = [...scores].sort((x, y) => y - x)[shape.nBest - 1];
      if (nearlyTied(bound, nth)) problems.push(`sentence ${b}: early-stop bound`);
    }
  }
  return problems;
}

/** The finished entry i of sentence b in `beams`, as numbers: score, sum, step, slot, token. */
export function finishedEntry(spec: BeamStageSpec, beams: Uint32Array, b: number, i: number): number[] {
  const at = new BeamWords(spec.shape, spec.layout).finished(b, i);
  const floats = floatView(beams);
  return [floats[at], floats[at + 1], ...beams.subarray(at + 2, at + FINISHED_ENTRY_WORDS)];
}

/**
 * The steps the stage tests run, on the CPU against brute force and on the GPU against the twins:
 * a vocabulary that is and is not a multiple of the slice width, slices narrower and wider than a
 * workgroup, K = 1 and K = 12 (more candidates than lanes), min length active and not, odd and
 * even steps (the scores' parity), special ids inside the vocabulary's later slices.
 */
export const BEAM_STEP_CASES: (BeamStepCase & { name: string })[] = [
  {
    name: 'K=3, V=70 in slices of 16, min length masks EOS',
    beam: 3,
    vocab: 70,
    sliceWidth: 16,
    nBest: 2,
    t: 1,
    minLength: 2,
    lengthPenalty: 0.6,
    kinds: ['plain', 'ties', 'eos', 'no-token', 'partial', 'done'],
    seed: 11,
  },
  {
    name: 'K=2, V=40 in one slice of 64, EOS allowed, max length and early stop',
    beam: 2,
    vocab: 40,
    sliceWidth: 64,
    nBest: 2,
    t: 2,
    minLength: 2,
    lengthPenalty: 0,
    kinds: ['plain', 'ties', 'eos', 'no-token', 'max-length', 'early-stop', 'positive-sum', 'done', 'ending-ties'],
    seed: 22,
  },
  {
    name: 'K=1, V=50 in slices of 8',
    beam: 1,
    vocab: 50,
    sliceWidth: 8,
    nBest: 1,
    t: 0,
    minLength: 0,
    lengthPenalty: 0.6,
    kinds: ['plain', 'eos', 'no-token', 'max-length', 'early-stop', 'extreme', 'done'],
    seed: 33,
  },
  {
    name: 'K=12, V=200 in slices of 64, n-best 3',
    beam: 12,
    vocab: 200,
    sliceWidth: 64,
    nBest: 3,
    t: 3,
    minLength: 1,
    lengthPenalty: 0.6,
    kinds: ['plain', 'ties', 'extreme', 'partial', 'early-stop', 'eos', 'ending-ties'],
    seed: 44,
  },
  {
    name: 'K=4, V=700 in slices of 300, special ids 5, 699, 300',
    beam: 4,
    vocab: 700,
    sliceWidth: 300,
    nBest: 4,
    t: 5,
    minLength: 8,
    lengthPenalty: 1,
    kinds: ['plain', 'ties', 'eos', 'positive-sum', 'no-token'],
    seed: 55,
    padId: 5,
    bosId: 699,
    eosId: 300,
  },
];
