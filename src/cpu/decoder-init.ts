/**
 * CPU twin of `main` in shaders/decoder_init.wgsl: the encoder's final states become the decoder's
 * initial state. The decoder state is [2 parities][slots][L][N][H] (slot 0 = h, slot 1 = c for
 * LSTM); the init writes the parity-0 half, row n taking sentence n / rowsPerSentence, so the
 * beams of one sentence start from the same state. The parity-1 half is left as it was.
 */

export interface DecoderInitShape {
  /** N. */
  readonly rows: number;
  /** K: rows of one sentence (1 for greedy decoding). */
  readonly rowsPerSentence: number;
  /** B. */
  readonly sentences: number;
  /** H. */
  readonly hidden: number;
  /** L. */
  readonly layers: number;
  /** 2 for LSTM (h and c), else 1. */
  readonly slots: 1 | 2;
}

/**
 * `state` after the init. finalH and finalC are [L × B × H]; finalC is read only when slots = 2.
 */
export function decoderInitialState(
  shape: DecoderInitShape,
  finalH: Float32Array,
  finalC: Float32Array | null,
  state: Float32Array,
): Float32Array<ArrayBuffer> {
  const { rows: N, hidden: H, layers: L } = shape;
  if (shape.slots === 2 && !finalC) throw new Error('decoder init: two state slots need the final cell states');
  const out = Float32Array.from(state);
  for (let layer = 0; layer < L; layer++) {
    for (let n = 0; n < N; n++) {
      const source = (layer * shape.sentences + Math.floor(n / shape.rowsPerSentence)) * H;
      out.set(finalH.subarray(source, source + H), (layer * N + n) * H);
      if (finalC && shape.slots === 2) out.set(finalC.subarray(source, source + H), ((L + layer) * N + n) * H);
    }
  }
  return out;
}
