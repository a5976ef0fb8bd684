/**
 * What the gpu runner needs of one model family on the device: the encoder, teacher forcing and
 * the two searches for one batch, and the first buffer a batch would pass the limits with. The
 * runner adds what every family shares: one call at a time, batches split to fit, disposal and
 * device-loss handling (src/engine/gpu-runner.ts).
 */
import type { CheckedDecodeOptions } from '../model/decoding.ts';
import type { EncodeResult, Hypothesis } from '../model/results.ts';
import type { BufferLimits } from '../gpu/limits.ts';
import type { BatchWork } from './batch-limits.ts';
import type { ProgressListener } from './runner.ts';

export interface GpuModelEngine {
  encode(batch: number[][]): Promise<EncodeResult[]>;
  /** Full log-prob rows of every teacher-forced step (Seq2SeqRunner.forcedLogProbs). */
  teacherForce(batch: number[][], targets: readonly (readonly number[])[]): Promise<Float32Array[][]>;
  /** `options` are the batch's own (optionsForPart); progress reports sentences by index in the batch. */
  greedy(batch: number[][], options: CheckedDecodeOptions, onProgress?: ProgressListener): Promise<Hypothesis[]>;
  beamSearch(batch: number[][], options: CheckedDecodeOptions, onProgress?: ProgressListener): Promise<Hypothesis[][]>;
  /** The first of a batch's buffers that would pass `limits`, or undefined when all fit. */
  batchOverLimits(batch: readonly (readonly number[])[], work: BatchWork, limits: BufferLimits): Error | undefined;
  dispose(): void;
}
