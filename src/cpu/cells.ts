/**
 * Fused recurrent step twins, one per cell type (docs/model-format.md). Each takes the step's
 * precomputed input projection x·W_ihᵀ + b_ih (G·H wide, gates stacked in PyTorch order),
 * the previous state, W_hh [G·H × H] and b_hh [G·H], and returns the new state.
 */
import type { CellType } from '../model/config.ts';
import { relu, sigmoid, tanh } from './activations.ts';
import { type Vec, matmulBias } from './kernels.ts';

export interface CellState {
  h: Float64Array;
  /** LSTM only. */
  c?: Float64Array;
}

/** W_hh·h + b_hh for all G·H gate rows. */
function hiddenProjection(hPrev: Vec, Whh: Vec, bhh: Vec, rows: number, H: number): Float64Array {
  return matmulBias(hPrev, Whh, bhh, 1, rows, H);
}

/** LSTM: i,f,g,o = σ,σ,tanh,σ(xp + W_hh h + b_hh); c' = f⊙c + i⊙g; h' = o⊙tanh(c'). */
export function lstmCellStep(
  inputProjection: Vec,
  hPrev: Vec,
  cPrev: Vec,
  Whh: Vec,
  bhh: Vec,
  H: number,
): Required<CellState> {
  const hp = hiddenProjection(hPrev, Whh, bhh, 4 * H, H);
  const gate = (g: number, j: number) => inputProjection[g * H + j] + hp[g * H + j];
  const h = new Float64Array(H);
  const c = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    const i = sigmoid(gate(0, j));
    const f = sigmoid(gate(1, j));
    const g = tanh(gate(2, j));
    const o = sigmoid(gate(3, j));
    c[j] = f * cPrev[j] + i * g;
    h[j] = o * tanh(c[j]);
  }
  return { h, c };
}

/**
 * GRU: r = σ(xp_r + hp_r); z = σ(xp_z + hp_z); n = tanh(xp_n + r⊙hp_n);
 * h' = (1−z)⊙n + z⊙h, with hp = W_hh h + b_hh (b_hn sits inside r⊙(·) as in PyTorch).
 */
export function gruCellStep(inputProjection: Vec, hPrev: Vec, Whh: Vec, bhh: Vec, H: number): CellState {
  const hp = hiddenProjection(hPrev, Whh, bhh, 3 * H, H);
  const h = new Float64Array(H);
  for (let j = 0; j < H; j++) {
    const r = sigmoid(inputProjection[j] + hp[j]);
    const z = sigmoid(inputProjection[H + j] + hp[H + j]);
    const n = tanh(inputProjection[2 * H + j] + r * hp[2 * H + j]);
    h[j] = (1 - z) * n + z * hPrev[j];
  }
  return { h };
}

/** Elman RNN: h' = act(xp + W_hh h + b_hh), act = tanh or relu. */
export function rnnCellStep(
  activation: 'tanh' | 'relu',
  inputProjection: Vec,
  hPrev: Vec,
  Whh: Vec,
  bhh: Vec,
  H: number,
): CellState {
  const hp = hiddenProjection(hPrev, Whh, bhh, H, H);
  const act = activation === 'tanh' ? tanh : relu;
  const h = new Float64Array(H);
  for (let j = 0; j < H; j++) h[j] = act(inputProjection[j] + hp[j]);
  return { h };
}

/** One step of any cell type; `cPrev` is used (and required) for LSTM only. */
export function cellStep(
  cell: CellType,
  inputProjection: Vec,
  hPrev: Vec,
  cPrev: Vec | undefined,
  Whh: Vec,
  bhh: Vec,
  H: number,
): CellState {
  switch (cell) {
    case 'lstm':
      if (!cPrev) throw new Error('an LSTM step needs the previous cell state');
      return lstmCellStep(inputProjection, hPrev, cPrev, Whh, bhh, H);
    case 'gru':
      return gruCellStep(inputProjection, hPrev, Whh, bhh, H);
    case 'rnn_tanh':
      return rnnCellStep('tanh', inputProjection, hPrev, Whh, bhh, H);
    case 'rnn_relu':
      return rnnCellStep('relu', inputProjection, hPrev, Whh, bhh, H);
  }
}
