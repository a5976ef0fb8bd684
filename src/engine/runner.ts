/**
 * What every backend (cpu reference, gpu) offers once a model is loaded. The CLI and the
 * public API are written against this interface only.
 *
 * Sources and targets are token ids without BOS/EOS. Every source must be non-empty:
 * callers answer empty input lines themselves (docs/cli.md).
 */
import type { DecodeOptions } from '../model/decoding.ts';
import type { EncodeResult, Hypothesis, ScoreResult } from '../model/results.ts';

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
