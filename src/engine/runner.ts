/**
 * What every backend (cpu reference, gpu) offers once a model is loaded. The CLI and the
 * public API are written against this interface only.
 *
 * Sources and targets are token ids without BOS/EOS. Every source must be non-empty:
 * callers answer empty input lines themselves (docs/cli.md).
 */
import type { DecodeOptions } from '../model/decoding.ts';
import type { EncodeResult, Hypothesis, ScoreResult } from '../model/results.ts';

/** The best hypothesis so far of each sentence that made progress, by its index in the call's sources. */
export interface TranslateProgress {
  sentence: number;
  /** Ids of the best hypothesis so far (prefix included, EOS excluded). */
  ids: number[];
}

export type ProgressListener = (progress: readonly TranslateProgress[]) => void;

export interface Seq2SeqRunner {
  readonly backend: 'cpu' | 'gpu';
  encode(sources: number[][]): Promise<EncodeResult[]>;
  score(sources: number[][], targets: number[][]): Promise<ScoreResult[]>;
  /**
   * N-best hypotheses per source, best first. `onProgress`, when given, receives the best
   * hypothesis so far of sentences still decoding, at the points where the backend looks at its
   * progress anyway (the gpu backend: the finished-flag readback of each chunk of steps; no extra
   * readback is made for it), and never after the promise settles.
   */
  translate(sources: number[][], options?: DecodeOptions, onProgress?: ProgressListener): Promise<Hypothesis[][]>;
  /**
   * Full log-prob vectors (tgt_vocab_size wide, pad/bos not masked) of each teacher-forced step:
   * targets[i].length + 1 steps per sentence (the last predicts EOS). Used by `compare`.
   */
  forcedLogProbs(sources: number[][], targets: number[][]): Promise<Float32Array[][]>;
  /** Frees every resource; later calls throw UnrollError('disposed'). */
  dispose(): void;
}
