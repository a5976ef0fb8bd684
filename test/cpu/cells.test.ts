import { describe, expect, it } from 'vitest';
import { cellStep, gruCellStep, lstmCellStep, rnnCellStep } from '../../src/cpu/cells.ts';

/** Hand-worked values; the literals below were evaluated to full f64 precision. */
const TOLERANCE = 1e-14;

function expectClose(actual: ArrayLike<number>, expected: number[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(TOLERANCE);
}

describe('LSTM step', () => {
  it('one unit: gates from input projection + W_hh h + b_hh', () => {
    // H = 1, gate rows i, f, g, o. h_prev = 0.2, c_prev = -0.4.
    // pre_i =  0.5  + ( 1.0)(0.2) + 0.1 =  0.8   → i = σ(0.8)   = 0.6899744811276125
    // pre_f = -0.25 + (-1.0)(0.2) + 0.2 = -0.25  → f = σ(-0.25) = 0.43782349911420193
    // pre_g =  0.3  + ( 0.5)(0.2) - 0.3 =  0.1   → g = tanh(0.1) = 0.09966799462495582
    // pre_o =  1.0  + ( 2.0)(0.2) + 0.0 =  1.4   → o = σ(1.4)   = 0.8021838885585817
    // c' = f·c + i·g = 0.43782…·(−0.4) + 0.68997…·0.09966… = −0.10636102676929722
    // h' = o·tanh(c') = 0.80218…·tanh(−0.10636…)          = −0.0850008148538596
    const { h, c } = lstmCellStep([0.5, -0.25, 0.3, 1.0], [0.2], [-0.4], [1, -1, 0.5, 2], [0.1, 0.2, -0.3, 0], 1);
    expectClose(c, [-0.10636102676929722]);
    expectClose(h, [-0.0850008148538596]);
  });

  it('two units: gate blocks are stacked i0 i1 | f0 f1 | g0 g1 | o0 o1', () => {
    // W_hh = 0 and b_hh = 0, so the pre-activations are the input projection itself.
    // c0 = σ(0.3)·1    + σ(0.1)·tanh(0.5) =  0.8170444065500965 ; h0 = σ(0.7)·tanh(c0) =  0.4499963947114478
    // c1 = σ(0.4)·(−1) + σ(0.2)·tanh(0.6) = −0.3033995499349868 ; h1 = σ(0.8)·tanh(c1) = −0.20314268440895467
    const projection = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
    const { h, c } = lstmCellStep(projection, [0.9, -0.7], [1, -1], new Float32Array(16), new Float32Array(8), 2);
    expectClose(c, [0.8170444065500965, -0.3033995499349868]);
    expectClose(h, [0.4499963947114478, -0.20314268440895467]);
  });

  it('saturates without NaN for huge pre-activations', () => {
    const { h, c } = lstmCellStep(
      [100, -100, 100, -100, 50, -50, -100, 100],
      [0, 0],
      [3, -3],
      new Float32Array(16),
      new Float32Array(8),
      2,
    );
    // unit 0: i = 1, f = σ(50) = 1, g = 1, o = σ(−100) ≈ 0   → c = 3 + 1 = 4, h ≈ 0
    // unit 1: i = 0, f = σ(−50) ≈ 0, g = −1, o = 1          → c ≈ 0, h ≈ 0
    expect(Array.from(c).every(Number.isFinite)).toBe(true);
    expect(Math.abs(c[0] - 4)).toBeLessThan(1e-12);
    expect(Math.abs(c[1])).toBeLessThan(1e-12);
    expect(Math.abs(h[0])).toBeLessThan(1e-12);
    expect(Math.abs(h[1])).toBeLessThan(1e-12);
  });
});

describe('GRU step', () => {
  it('two units: b_hn sits inside r ⊙ (W_hn h + b_hn)', () => {
    // h_prev = [0.5, −1]; input projection [r0 r1 | z0 z1 | n0 n1] = [0.1 −0.2 | 0.3 0 | −0.5 0.4]
    // W_hh rows: r [1 0] [0 1]; z [0.5 0.5] [−1 0]; n [2 0] [0 −1]; b_hh = [0 0.1 | 0 0 | 0.2 −0.2]
    // hp = W_hh h + b_hh: r [0.5, −0.9]; z [−0.25, −0.5]; n [1.2, 0.8]
    // r = σ([0.6, −1.1]) = [0.6456563062257954, 0.24973989440488234]
    // z = σ([0.05, −0.5]) = [0.5124973964842103, 0.3775406687981454]
    // n = tanh([−0.5 + r0·1.2, 0.4 + r1·0.8]) = [0.26807402690715854, 0.5369014821655158]
    // h' = (1−z)⊙n + z⊙h = [0.3869354842943068, −0.04334133128811396]
    const Whh = [1, 0, 0, 1, 0.5, 0.5, -1, 0, 2, 0, 0, -1];
    const bhh = [0, 0.1, 0, 0, 0.2, -0.2];
    const { h, c } = gruCellStep([0.1, -0.2, 0.3, 0, -0.5, 0.4], [0.5, -1], Whh, bhh, 2);
    expectClose(h, [0.3869354842943068, -0.04334133128811396]);
    expect(c).toBeUndefined();
  });

  it('saturates without NaN and stays within [−1, 1]', () => {
    const { h } = gruCellStep(
      [100, -100, -100, 100, 100, -100],
      [0.5, -0.5],
      [50, -50, 100, 100, -100, 50, 50, 50, 100, -100, -50, 50],
      [0, 0, 0, 0, 0, 0],
      2,
    );
    for (const v of h) {
      expect(Number.isFinite(v)).toBe(true);
      expect(Math.abs(v)).toBeLessThanOrEqual(1);
    }
  });
});

describe('Elman RNN step', () => {
  // h_prev = [1, −0.5]; W_hh = [[0.2, 0.4], [−0.6, 1.0]]; b_hh = [0.05, −0.05]; projection [0.3, −0.1]
  // pre0 =  0.3 + 0.2·1 + 0.4·(−0.5) + 0.05 =  0.35
  // pre1 = −0.1 − 0.6·1 + 1.0·(−0.5) − 0.05 = −1.25
  const args = [[0.3, -0.1], [1, -0.5], [0.2, 0.4, -0.6, 1.0], [0.05, -0.05], 2] as const;

  it('tanh: h = tanh(pre) = [0.3363755443363322, −0.8482836399575129]', () => {
    expectClose(rnnCellStep('tanh', ...args).h, [0.3363755443363322, -0.8482836399575129]);
  });

  it('relu: h = max(pre, 0) = [0.35, 0]', () => {
    expectClose(rnnCellStep('relu', ...args).h, [0.35, 0]);
  });

  it('tanh saturates to ±1 and relu stays linear for ±100', () => {
    expect(Array.from(rnnCellStep('tanh', [100, -100], [0, 0], [0, 0, 0, 0], [0, 0], 2).h)).toEqual([1, -1]);
    expect(Array.from(rnnCellStep('relu', [100, -100], [0, 0], [0, 0, 0, 0], [0, 0], 2).h)).toEqual([100, 0]);
  });
});

describe('cellStep dispatch', () => {
  it('routes each cell type to its step and requires c for LSTM', () => {
    const args = [[0.3, -0.1], [1, -0.5], [0.2, 0.4, -0.6, 1.0], [0.05, -0.05], 2] as const;
    expect(cellStep('rnn_relu', args[0], args[1], undefined, args[2], args[3], 2).h).toEqual(
      rnnCellStep('relu', ...args).h,
    );
    expect(cellStep('rnn_tanh', args[0], args[1], undefined, args[2], args[3], 2).h).toEqual(
      rnnCellStep('tanh', ...args).h,
    );
    expect(() =>
      cellStep('lstm', new Float64Array(8), [0, 0], undefined, new Float64Array(16), new Float64Array(8), 2),
    ).toThrow(/cell state/);
  });
});
