// The beam search stage twins (src/cpu/beam-stages/) against what the stages are for, computed
// another way: per-slice ranking against the search driver's masking and top-K
// (src/model/decoding.ts, src/cpu/search/beam.ts), the merge against a brute-force expansion of
// every row over the whole vocabulary, the reorder against direct row copies.
import { describe, expect, it } from 'vitest';
import { beamSlices, beamSlicesOverflow } from '../../src/cpu/beam-stages/slices.ts';
import { beamSelect } from '../../src/cpu/beam-stages/select.ts';
import { beamCopyBack, beamGather } from '../../src/cpu/beam-stages/reorder.ts';
import { BeamWords, floatView, LOWEST, NO_TOKEN } from '../../src/cpu/beam-stages/words.ts';
import { logSoftmax } from '../../src/cpu/kernels.ts';
import { topAllowedTokens } from '../../src/cpu/search/beam.ts';
import { isAllowed, maskLogProbs } from '../../src/model/decoding.ts';
import {
  BEAM_STEP_CASES,
  beamStepData,
  expandSentence,
  finishedEntry,
  nearTies,
  SENTINEL_WORD,
  type SentenceKind,
} from './beam-stage-data.ts';
import { withOutliers } from './random-data.ts';

/** Log-normalisers from f32 slice statistics against f64 log-softmax: the f32 rounding of Σ exp. */
const NORMALISER_TOLERANCE = 1e-6;

const scaled = (value: number) => Math.max(1, Math.abs(value));

/**
 * A sum score + logit − Z of the twin against f64 log-softmax: the twin reads Z as stored (f32,
 * half an ulp of |Z|), from f32 statistics (≈ 2⁻²⁴ of log Σ exp), and stores the sum as f32 (half
 * an ulp of |sum|): 2⁻²⁴·(|Z| + |sum| + 1), doubled.
 */
function sumTolerance(normaliser: number, sum: number): number {
  return 2 ** -23 * (Math.abs(normaliser) + Math.abs(sum) + 1);
}

describe('beamSlices', () => {
  it.each(BEAM_STEP_CASES)('$name: each slice holds its K best allowed tokens; together they hold the row’s', (c) => {
    const data = beamStepData(c);
    const { shape, rules } = data.spec;
    const words = new BeamWords(shape, data.spec.layout);
    const scratch = beamSlices(data.spec, data);
    const floats = floatView(scratch);
    const K = shape.beam;
    for (let n = 0; n < words.rows; n++) {
      const live = n % K < data.beams[words.live(Math.floor(n / K))];
      const logits = data.logits.subarray(n * shape.vocab, (n + 1) * shape.vocab);
      const masked = maskLogProbs(Float64Array.from(logits), data.t, rules, rules);
      const gathered: { logit: number; token: number }[] = [];
      let rowMax = LOWEST;
      for (let s = 0; s < words.slices; s++) {
        const stats = words.sliceStats(n, s);
        const ranks = Array.from({ length: K }, (_, rank) => words.candidate(n, s, rank));
        if (!live) {
          expect([
            scratch[stats],
            scratch[stats + 1],
            ...ranks.flatMap((at) => [scratch[at], scratch[at + 1]]),
          ]).toEqual(new Array(2 + 2 * K).fill(SENTINEL_WORD));
          continue;
        }
        const begin = s * shape.sliceWidth;
        const ids = Array.from({ length: Math.min(shape.sliceWidth, shape.vocab - begin) }, (_, i) => begin + i);
        const allowed = ids.filter((id) => isAllowed(masked[id])).sort((a, b) => logits[b] - logits[a] || a - b);
        const expected = Array.from({ length: K }, (_, rank) =>
          rank < allowed.length ? [logits[allowed[rank]], allowed[rank]] : [LOWEST, NO_TOKEN],
        );
        expect(ranks.map((at) => [floats[at], scratch[at + 1]])).toEqual(
          expected.map(([logit, id]) => [Math.fround(logit), id]),
        );
        ranks.forEach(
          (at) => scratch[at + 1] !== NO_TOKEN && gathered.push({ logit: floats[at], token: scratch[at + 1] }),
        );
        rowMax = Math.max(rowMax, floats[stats]);
      }
      if (!live) continue;
      // K per slice suffice: the best K of the slices' candidates are the row's best K allowed tokens.
      gathered.sort((a, b) => b.logit - a.logit || a.token - b.token);
      const logProbs = logSoftmax(logits);
      expect(gathered.slice(0, K).map((entry) => entry.token)).toEqual(
        topAllowedTokens(maskLogProbs(logProbs, data.t, rules, rules), K),
      );
      // The statistics combine to the row's log-normaliser.
      let total = 0;
      for (let s = 0; s < words.slices; s++)
        total += floats[words.sliceStats(n, s) + 1] * Math.exp(floats[words.sliceStats(n, s)] - rowMax);
      const expected =
        Math.max(...logits) + Math.log(logits.reduce((sum, x) => sum + Math.exp(x - Math.max(...logits)), 0));
      expect(Math.abs(rowMax + Math.log(total) - expected)).toBeLessThanOrEqual(
        NORMALISER_TOLERANCE * scaled(expected),
      );
    }
    // Nothing outside the candidates and statistics is written.
    expect(Array.from(scratch.subarray(data.spec.layout.scratch.rowNormaliser))).toEqual(
      new Array(scratch.length - data.spec.layout.scratch.rowNormaliser).fill(SENTINEL_WORD),
    );
  });
});

describe('beamSlicesOverflow', () => {
  it.each(BEAM_STEP_CASES)('$name: finite and −∞ logits leave the beams words as they were', (c) => {
    const data = beamStepData(c);
    expect(beamSlicesOverflow(data.spec, data)).toEqual(data.beams);
  });

  it('flags a sentence for a NaN or +∞ logit in a live row only, as the reference search’s overflowed()', () => {
    const c = BEAM_STEP_CASES[0];
    const data = beamStepData({ ...c, kinds: ['plain', 'plain', 'partial', 'plain', 'done'] });
    const { shape } = data.spec;
    const words = new BeamWords(shape, data.spec.layout);
    const V = shape.vocab;
    const K = shape.beam;
    const logits = Float32Array.from(data.logits);
    logits[(K - 1) * V] = NaN;
    logits[(2 * K - 1) * V + V - 1] = Infinity;
    logits[(2 * K + data.beams[words.live(2)]) * V] = NaN;
    logits.fill(-Infinity, 3 * K * V, 4 * K * V);
    logits[4 * K * V] = NaN;
    const beams = beamSlicesOverflow(data.spec, { ...data, logits });
    expect(Array.from({ length: 5 }, (_, b) => beams[words.overflow(b)] === 1)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    // Nothing else changes.
    for (let b = 0; b < 2; b++) beams[words.overflow(b)] = data.beams[words.overflow(b)];
    expect(beams).toEqual(data.beams);
  });
});

describe('beamSelect', () => {
  it.each(BEAM_STEP_CASES)('$name: is one step of beam.ts, by brute force over every row’s whole vocabulary', (c) => {
    const data = beamStepData(c);
    expect(nearTies(data)).toEqual([]);
    const { shape, rules } = data.spec;
    const words = new BeamWords(shape, data.spec.layout);
    const input = { ...data, scratch: beamSlices(data.spec, data) };
    const out = beamSelect(data.spec, input);
    const K = shape.beam;
    const N = words.rows;
    const parity = data.t % 2;
    const before = floatView(data.beams);
    const after = floatView(out.beams);
    const table = floatView(data.table);
    const generated = data.t + 1;

    for (let b = 0; b < shape.sentences; b++) {
      const where = `sentence ${b} (${c.kinds[b]})`;
      const live = data.beams[words.live(b)];
      const { candidates, withoutToken } = expandSentence(data, b);
      const maxLength = data.table[words.maxLength(b)];
      const kept = candidates.slice(0, K);
      const continuing = kept.filter((candidate) => candidate.token !== rules.eosId && generated < maxLength);

      // New slots, best first; then idle slots that keep their own row and feed pad.
      for (let slot = 0; slot < K; slot++) {
        const n = b * K + slot;
        const next = continuing[slot];
        expect([out.beams[words.parents(data.t, n)], out.history[generated * N + n]], `${where} slot ${slot}`).toEqual(
          next ? [next.parent, next.token] : [slot, rules.padId],
        );
        if (next)
          expect(Math.abs(after[words.scores(1 - parity, n)] - next.sum)).toBeLessThanOrEqual(
            sumTolerance(next.normaliser, next.sum),
          );
        else
          expect(out.beams[words.scores(1 - parity, n)], `${where} slot ${slot} score`).toBe(
            data.beams[words.scores(1 - parity, n)],
          );
      }

      // The finished list: the earlier entries, rows without a token, then kept candidates that
      // end, the n best of them by score, an equal score after earlier ones.
      const arrivals: number[][] = [];
      for (let i = 0; i < data.beams[words.finishedCount(b)]; i++)
        arrivals.push([...finishedEntry(data.spec, data.beams, b, i), 0]);
      if (live > 0) {
        for (const k of withoutToken) {
          const sum = before[words.scores(parity, b * K + k)];
          arrivals.push([sum / table[words.divisor(data.t)], sum, data.t, k, NO_TOKEN, 0]);
        }
        for (const candidate of kept.filter((candidate) => !continuing.includes(candidate))) {
          const divisor = table[words.divisor(generated)];
          arrivals.push([
            candidate.sum / divisor,
            candidate.sum,
            data.t,
            candidate.parent,
            candidate.token,
            sumTolerance(candidate.normaliser, candidate.sum) / divisor,
          ]);
        }
      }
      const list = arrivals
        .map((entry, order) => ({ entry, order }))
        .sort((x, y) => y.entry[0] - x.entry[0] || x.order - y.order)
        .slice(0, shape.nBest)
        .map(({ entry }) => entry);
      expect(out.beams[words.finishedCount(b)], where).toBe(list.length);
      list.forEach((entry, i) => {
        const actual = finishedEntry(data.spec, out.beams, b, i);
        expect(actual.slice(2), `${where} finished ${i}`).toEqual(entry.slice(2, 5));
        // Earlier entries are copied; new ones carry their sum's error, and f32 rounding.
        const [score, sum, , , , sumError] = entry;
        expect(Math.abs(actual[0] - score), `${where} finished ${i} score`).toBeLessThanOrEqual(
          sumError + 2 ** -24 * Math.abs(score),
        );
        expect(Math.abs(actual[1] - sum), `${where} finished ${i} sum`).toBeLessThanOrEqual(
          sumError + 2 ** -24 * Math.abs(sum),
        );
      });

      // The early stop: n finished and the best live bound below the n-th.
      const best = continuing[0];
      const stops =
        best !== undefined &&
        list.length >= shape.nBest &&
        best.sum <= 0 &&
        best.sum / table[words.divisor(maxLength)] < list[shape.nBest - 1][0];
      expect(out.beams[words.live(b)], `${where} live`).toBe(live === 0 || stops ? 0 : continuing.length);

      // Each scenario does what test/cpu/beam-stage-data.ts says it does.
      const kind = c.kinds[b];
      if (kind === 'early-stop' || kind === 'max-length' || kind === 'ending-ties')
        expect(out.beams[words.live(b)], `${where} stopped`).toBe(0);
      if (kind === 'positive-sum') expect(out.beams[words.live(b)], `${where} not stopped`).toBeGreaterThan(0);
      if (kind === 'no-token') expect(withoutToken, where).toContain(0);
      if (kind === 'eos')
        expect(
          kept.some((candidate) => candidate.token === rules.eosId),
          where,
        ).toBe(data.t >= rules.minLength);
    }
  });

  it('orders equal sums by parent and equal logits within a row by id; an equal finished score goes after earlier ones', () => {
    // K = 12; in both sentences below, slots 0 and 1 repeat each other and share their best logit among ids 3, 4, 67 and 199.
    const c = BEAM_STEP_CASES[3];
    const data = beamStepData(c);
    const words = new BeamWords(data.spec.shape, data.spec.layout);
    const out = beamSelect(data.spec, { ...data, scratch: beamSlices(data.spec, data) });
    const ties = c.kinds.indexOf('ties');
    const rows = Array.from({ length: 8 }, (_, slot) => ties * c.beam + slot);
    expect(rows.map((n) => out.beams[words.parents(data.t, n)])).toEqual([0, 0, 0, 0, 1, 1, 1, 1]);
    expect(rows.map((n) => out.history[(data.t + 1) * words.rows + n])).toEqual([3, 4, 67, 199, 3, 4, 67, 199]);
    // Max length t + 1: the same candidates finish, and the n-best keeps the first three to arrive.
    const ending = c.kinds.indexOf('ending-ties');
    const list = [0, 1, 2].map((i) => finishedEntry(data.spec, out.beams, ending, i));
    expect(list.map((entry) => entry.slice(3))).toEqual([
      [0, 3],
      [0, 4],
      [0, 67],
    ]);
    expect(new Set(list.map((entry) => entry[0])).size).toBe(1);
  });
});

describe('beam reorder', () => {
  it.each([
    { beam: 3, sentences: 2, hidden: 5, stateBlocks: 4, inputFeeding: true, t: 0 },
    { beam: 1, sentences: 3, hidden: 7, stateBlocks: 1, inputFeeding: false, t: 3 },
    { beam: 4, sentences: 1, hidden: 2, stateBlocks: 2, inputFeeding: true, t: 1 },
  ])(
    'K=$beam, $stateBlocks state blocks, feed $inputFeeding, t=$t: gather then copy back moves each row to its parent’s',
    (c) => {
      const data = beamStepData({
        ...BEAM_STEP_CASES[0],
        beam: c.beam,
        kinds: Array.from({ length: c.sentences }, (): SentenceKind => 'plain'),
        t: c.t,
        seed: c.hidden,
      });
      const words = new BeamWords(data.spec.shape, data.spec.layout);
      const N = words.rows;
      const H = c.hidden;
      const parentOf = (n: number) => (n * 7 + 3) % c.beam;
      for (let n = 0; n < N; n++) data.beams[words.parents(c.t, n)] = parentOf(n);
      const spec = { ...data.spec, hidden: H, stateBlocks: c.stateBlocks, inputFeeding: c.inputFeeding };
      const state = new Float32Array(withOutliers(2 * c.stateBlocks * N * H, 1));
      const feed = new Float32Array(withOutliers(N * H, 2));
      const spare = beamGather(spec, {
        beams: data.beams,
        state,
        feed,
        spare: new Float32Array((c.stateBlocks + 1) * N * H),
        t: c.t,
      });
      const moved = beamCopyBack(spec, { state, feed, spare, t: c.t });
      const written = 1 - (c.t % 2);
      const rowOf = (values: Float32Array, start: number, n: number) =>
        Array.from(values.subarray(start + n * H, start + (n + 1) * H));
      for (let n = 0; n < N; n++) {
        const source = Math.floor(n / c.beam) * c.beam + parentOf(n);
        for (let block = 0; block < c.stateBlocks; block++) {
          expect(rowOf(moved.state, (written * c.stateBlocks + block) * N * H, n)).toEqual(
            rowOf(state, (written * c.stateBlocks + block) * N * H, source),
          );
        }
        expect(rowOf(moved.feed, 0, n)).toEqual(rowOf(feed, 0, c.inputFeeding ? source : n));
      }
      // The half the next step writes is left alone.
      const other = (1 - written) * c.stateBlocks * N * H;
      expect(moved.state.subarray(other, other + c.stateBlocks * N * H)).toEqual(
        state.subarray(other, other + c.stateBlocks * N * H),
      );
    },
  );
});
