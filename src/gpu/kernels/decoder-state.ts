/**
 * The layout of the decoder's ping-pong state buffer, shared by the init and cell kernels
 * (shaders/decoder_init.wgsl, cell_update.wgsl), the beam reorder and the engine.
 */
import type { CellType } from '../../model/config.ts';

/** State slots per layer and parity: h, and c for LSTM. */
export function stateSlots(cell: CellType): number {
  return cell === 'lstm' ? 2 : 1;
}

/** Floats of the ping-pong decoder state: [2 parities][slots][L][N][H]. */
export function decoderStateLength(cell: CellType, layers: number, rows: number, hidden: number): number {
  return 2 * stateSlots(cell) * layers * rows * hidden;
}

/** Index of state[parity][slot][layer][n][j] (shaders/cell_update.wgsl state_index). */
export function decoderStateIndex(
  shape: { cell: CellType; layers: number; rows: number; hidden: number },
  parity: number,
  slot: number,
  layer: number,
  n: number,
  j: number,
): number {
  return (((parity * stateSlots(shape.cell) + slot) * shape.layers + layer) * shape.rows + n) * shape.hidden + j;
}
