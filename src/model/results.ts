/** What a backend returns: hypotheses of a translation, encoder states, teacher-forced scores. */
export interface Hypothesis {
  /** Generated ids, BOS and EOS excluded. */
  ids: number[];
  /** Sum of token log-probs (EOS included when generated), divided by the length penalty. */
  score: number;
  /** α of every generated step ([steps][S]), when asked for and the model has attention. */
  attention?: number[][];
  /** Per id, the source position with the largest α (ties: the first), when alignment was asked for. */
  alignment?: number[];
}

export interface EncodeResult {
  /** Top-layer encoder outputs (the memory the decoder attends to), S rows of width H or D. */
  outputs: Float32Array[];
  /** Final hidden state per layer, L rows of width H (recurrent models only). */
  h?: Float32Array[];
  /** Final cell state per layer (LSTM only), L rows of width H. */
  c?: Float32Array[];
}

export interface ScoreResult {
  /** log p of each target token, then of EOS (teacher forcing). */
  logprobs: number[];
  total: number;
}
