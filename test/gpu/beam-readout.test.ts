// The beam readout layout and the hypotheses rebuilt from it (src/engine/beam-readout.ts):
// no GPU needed.
import { describe, expect, it } from 'vitest';
import { beamStateLayout, NO_TOKEN } from '../../src/gpu/kernels/beam-layout.ts';
import { beamOverflowOffsets, beamReadoutOffsets, parseBeamReadout } from '../../src/engine/beam-readout.ts';
import { finiteHypotheses } from '../../src/model/finite-results.ts';

const BOS = 2;
const EOS = 3;
const PAD = 0;

describe('beam readout', () => {
  it('copies history, then the beams words from the finished counts to the last recorded parents, then α, then the overflow words', () => {
    const layout = { sentences: 2, beam: 3, nBest: 2, capacity: 10, steps: 4, maxLength: 5, alignments: true };
    const state = beamStateLayout({ sentences: 2, beam: 3, vocab: 7, sliceWidth: 4, nBest: 2, steps: 10 });
    expect(state).toEqual({ live: 0, finishedCount: 2, finished: 4, parents: 24, scores: 84, overflow: 96, words: 98 });
    const offsets = beamReadoutOffsets(layout);
    // History (4 + 1) × 6 words; counts 2 + entries 2·2·5 + parents 4·6 words; α 4·6·5 floats;
    // overflow 2 words.
    expect(offsets).toEqual({
      history: 0,
      historyBytes: 120,
      searchSource: 8,
      search: 120,
      searchBytes: (2 + 20 + 24) * 4,
      alignments: 120 + 184,
      alignmentBytes: 480,
      total: 120 + 184 + 480 + 8,
    });
    expect(beamOverflowOffsets(layout)).toEqual({ overflow: 120 + 184 + 480, overflowBytes: 8 });
    expect(beamReadoutOffsets({ ...layout, alignments: false }).total).toBe(312);
    expect(beamOverflowOffsets({ ...layout, coverage: true })).toEqual({
      overflow: 120 + 184 + 480 + 2 * 2 * 4,
      overflowBytes: 8,
    });
  });

  it('follows parent pointers back from each finished entry, drops EOS, divides by the length penalty, picks α rows', () => {
    // B = 2 sentences × K = 2 slots, n-best 2, 3 steps recorded, T = 2.
    const layout = { sentences: 2, beam: 2, nBest: 2, capacity: 3, steps: 3, maxLength: 2, alignments: true };
    const N = 4;
    const offsets = beamReadoutOffsets(layout);
    const bytes = new ArrayBuffer(offsets.total);
    // history[t][n]: step 0 put 7 in slot 0 and 8 in slot 1 (both from slot 0); step 1 put 9
    // (from slot 1) and 10 (from slot 0). Sentence 1's slots idle after step 0.
    new Uint32Array(bytes, 0, 4 * N).set([BOS, BOS, BOS, BOS, 7, 8, PAD, PAD, 9, 10, PAD, PAD, PAD, PAD, PAD, PAD]);
    const words = new Uint32Array(bytes, offsets.search, offsets.searchBytes / 4);
    const floats = new Float32Array(bytes, offsets.search, offsets.searchBytes / 4);
    words.set([2, 1]);
    const entry = (b: number, i: number, sum: number, step: number, slot: number, token: number) => {
      const at = 2 + (b * 2 + i) * 5;
      floats[at] = sum; // the penalised score orders entries on the GPU; the readout recomputes it
      floats[at + 1] = sum;
      words.set([step, slot, token], at + 2);
    };
    // Sentence 0: EOS at step 2 after slot 0 ([8, 9]); slot 1 had nothing allowed at step 1 ([8]).
    entry(0, 0, -1.5, 2, 0, EOS);
    entry(0, 1, -0.75, 1, 1, NO_TOKEN);
    // Sentence 1: token 5 at step 0, ended by max length 1.
    entry(1, 0, -0.25, 0, 0, 5);
    const parentsAt = 2 + 2 * 2 * 5;
    words.set([0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1], parentsAt);
    const alignments = new Float32Array(bytes, offsets.alignments, offsets.alignmentBytes / 4);
    alignments.set(Array.from({ length: alignments.length }, (_, i) => i / 100));

    const options = { eosId: EOS, lengthPenalty: 0.6, attention: true, sourceLengths: [2, 1] };
    const [first, second] = parseBeamReadout(bytes, layout, options);
    const f32 = Math.fround;
    // α of step s in row n starts at (s·N + n)·T.
    const alpha = (s: number, n: number, width: number) =>
      Array.from({ length: width }, (_, j) => f32(((s * N + n) * 2 + j) / 100));
    expect(first).toEqual([
      // 8 came from row 0 at step 0, 9 from row 1 at step 1, EOS from row 0 at step 2.
      { ids: [8, 9], score: -1.5 / Math.pow(8 / 6, 0.6), attention: [alpha(0, 0, 2), alpha(1, 1, 2), alpha(2, 0, 2)] },
      { ids: [8], score: -0.75 / Math.pow(6 / 6, 0.6), attention: [alpha(0, 0, 2)] },
    ]);
    expect(second).toEqual([{ ids: [5], score: -0.25, attention: [alpha(0, 2, 1)] }]);

    const plain = parseBeamReadout(bytes, { ...layout }, { ...options, attention: false, lengthPenalty: 0 });
    expect(plain[0].map((h) => [h.ids, h.score, h.attention])).toEqual([
      [[8, 9], -1.5, undefined],
      [[8], -0.75, undefined],
    ]);
  });

  it('gives no α to a hypothesis that generated nothing', () => {
    const layout = { sentences: 1, beam: 1, nBest: 1, capacity: 1, steps: 1, maxLength: 1, alignments: true };
    const offsets = beamReadoutOffsets(layout);
    const bytes = new ArrayBuffer(offsets.total);
    const words = new Uint32Array(bytes, offsets.search, offsets.searchBytes / 4);
    words.set([1, 0, 0, 0, 0, NO_TOKEN]);
    expect(
      parseBeamReadout(bytes, layout, { eosId: EOS, lengthPenalty: 0.6, attention: true, sourceLengths: [1] }),
    ).toEqual([[{ ids: [], score: 0 }]]);
  });

  it('answers a sentence whose overflow word is set with one NaN-scored hypothesis, as the cpu reference does', () => {
    // Two sentences, each with one finite finished entry (EOS at step 0); sentence 1 overflowed.
    const layout = { sentences: 2, beam: 1, nBest: 1, capacity: 1, steps: 1, maxLength: 1, alignments: false };
    const offsets = beamReadoutOffsets(layout);
    const bytes = new ArrayBuffer(offsets.total);
    const words = new Uint32Array(bytes, offsets.search, offsets.searchBytes / 4);
    const floats = new Float32Array(bytes, offsets.search, offsets.searchBytes / 4);
    words.set([1, 1]);
    for (const b of [0, 1]) {
      floats.set([-0.5, -0.5], 2 + b * 5);
      words.set([0, 0, EOS], 2 + b * 5 + 2);
    }
    const at = beamOverflowOffsets(layout);
    new Uint32Array(bytes, at.overflow, at.overflowBytes / 4).set([0, 1]);
    const [kept, refused] = parseBeamReadout(bytes, layout, {
      eosId: EOS,
      lengthPenalty: 0,
      attention: false,
      sourceLengths: [1, 1],
    });
    const allowed = { config: { tgt_vocab_size: 7, pad_id: PAD, bos_id: BOS, eos_id: EOS }, minLength: 0 };
    expect(kept).toEqual([{ ids: [], score: -0.5 }]);
    expect(finiteHypotheses(kept, allowed)).toBe(true);
    expect(refused).toEqual([{ ids: [], score: NaN }]);
    expect(finiteHypotheses(refused, allowed)).toBe(false);
  });
});
