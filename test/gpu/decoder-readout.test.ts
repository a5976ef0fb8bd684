// The greedy readout layout and its parsing (src/engine/greedy-readout.ts): no GPU needed.
import { describe, expect, it } from 'vitest';
import { greedyReadoutOffsets, parseGreedyReadout } from '../../src/engine/greedy-readout.ts';

const PAD = 0;
const BOS = 2;
const EOS = 3;

describe('greedy readout', () => {
  it('lays out history, scores and alignments one after the other', () => {
    expect(greedyReadoutOffsets({ rows: 3, steps: 4, maxLength: 5, alignments: true })).toEqual({
      history: 0,
      historyBytes: 60,
      score: 60,
      scoreBytes: 12,
      alignments: 72,
      alignmentBytes: 240,
      total: 312,
    });
    expect(greedyReadoutOffsets({ rows: 3, steps: 4, maxLength: 5, alignments: false }).total).toBe(72);
  });

  it('cuts each row at EOS (dropped from ids) or its first pad, divides by the length penalty, slices α', () => {
    const rows = 3;
    const steps = 3;
    const T = 2;
    const layout = { rows, steps, maxLength: T, alignments: true };
    const offsets = greedyReadoutOffsets(layout);
    const bytes = new ArrayBuffer(offsets.total);
    // Row 0 ends with EOS after one token; row 1 runs to its max length (3 tokens, no EOS);
    // row 2 had nothing allowed at its first step.
    new Uint32Array(bytes, 0, (steps + 1) * rows).set([BOS, BOS, BOS, 7, 8, PAD, EOS, 9, PAD, PAD, 10, PAD]);
    new Float32Array(bytes, offsets.score, rows).set([-1.5, -4, 0]);
    const alignments = new Float32Array(bytes, offsets.alignments, steps * rows * T);
    alignments.set(Array.from({ length: alignments.length }, (_, i) => i / 100));
    const sourceLengths = [2, 1, 2];
    const plain = parseGreedyReadout(bytes, layout, {
      padId: PAD,
      eosId: EOS,
      lengthPenalty: 0,
      attention: false,
      sourceLengths,
    });
    expect(plain).toEqual([
      { ids: [7], score: -1.5 },
      { ids: [8, 9, 10], score: -4 },
      { ids: [], score: 0 },
    ]);
    const penalised = parseGreedyReadout(bytes, layout, {
      padId: PAD,
      eosId: EOS,
      lengthPenalty: 1,
      attention: true,
      sourceLengths,
    });
    // n = 2 tokens (EOS included) for row 0, 3 for row 1: divisors (5 + n) / 6.
    expect(penalised[0].score).toBeCloseTo(-1.5 / (7 / 6), 6);
    expect(penalised[1].score).toBeCloseTo(-4 / (8 / 6), 6);
    // α row s of row n starts at (s·N + n)·T, S_n wide; no rows without a generated token.
    expect(penalised[0].attention).toEqual([[0, 0.01].map(Math.fround), [0.06, 0.07].map(Math.fround)]);
    expect(penalised[1].attention).toEqual([[0.02], [0.08], [0.14]].map((row) => row.map(Math.fround)));
    expect(penalised[2].attention).toBeUndefined();
  });
});
