/**
 * What every backend (cpu reference, gpu) offers once a model is loaded. The CLI and the
 * public API are written against this interface only.
 *
 * Sources and targets are token ids without BOS/EOS. Every source must be non-empty:
 * callers answer empty input lines themselves (CONTRACT.md §4).
 */
export interface DecodeOptions {
  /** Beam width K; 1 = greedy. Default 1. */
  beam?: number;
  /** Hypotheses returned per sentence, ≤ beam. Default 1. */
  nBest?: number;
  /** Most tokens generated per hypothesis, EOS included. Default 2·S + 10. */
  maxLength?: number;
  /** EOS is not allowed before this many tokens. Default 0. */
  minLength?: number;
  /** α in score / ((5 + n) / 6)^α. Default 0. */
  lengthPenalty?: number;
  /** Return attention weights [steps][S] of every generated step. Default false. */
  attention?: boolean;
}

export interface Hypothesis {
  /** Generated ids, BOS and EOS excluded. */
  ids: number[];
  /** Sum of token log-probs (EOS included when generated), divided by the length penalty. */
  score: number;
  /** α of every generated step ([steps][S]), when asked for and the model has attention. */
  attention?: number[][];
}

export interface EncodeResult {
  /** Top-layer encoder outputs, S rows of width H. */
  outputs: Float32Array[];
  /** Final hidden state per layer, L rows of width H. */
  h: Float32Array[];
  /** Final cell state per layer (LSTM only), L rows of width H. */
  c?: Float32Array[];
}

export interface ScoreResult {
  /** log p of each target token, then of EOS (teacher forcing). */
  logprobs: number[];
  total: number;
}

export interface Seq2SeqRunner {
  readonly backend: 'cpu' | 'gpu';
  encode(sources: number[][]): Promise<EncodeResult[]>;
  score(sources: number[][], targets: number[][]): Promise<ScoreResult[]>;
  /** N-best hypotheses per source, best first. */
  translate(sources: number[][], options?: DecodeOptions): Promise<Hypothesis[][]>;
  /**
   * Full log-prob vectors (tgt_vocab_size wide, pad/bos not masked) of each teacher-forced step:
   * targets[i].length + 1 steps per sentence (the last predicts EOS). Used by `compare`.
   */
  forcedLogProbs(sources: number[][], targets: number[][]): Promise<Float32Array[][]>;
  /** Frees every resource; later calls throw UnrollError('disposed'). */
  dispose(): void;
}
