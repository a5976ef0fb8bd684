import type { DecodeOptions } from '../model/decoding.ts';
import type { EncodeResult, Hypothesis, ScoreResult } from '../model/results.ts';
import type { ProgressListener, Seq2SeqRunner } from './runner.ts';
import {
  type CheckedDecodeOptions,
  checkDecodeOptionsForModel,
  checkPrefixCount,
  optionsForPart,
} from '../model/decoding.ts';
import { GpuError, InputError, UnrollError } from '../errors.ts';
import { type Model, isTransformerModel } from '../model/model.ts';
import { checkSource } from '../model/validate.ts';
import { type DeviceLoss, type GpuContext, acquireGpu, deviceLostError } from '../gpu/device.ts';
import type { BufferLimits } from '../gpu/limits.ts';
import { type BatchWork, SentenceTooLargeError } from './batch-limits.ts';
import type { GpuModelEngine } from './gpu-model-engine.ts';
import { createRnnGpuEngine } from './rnn-gpu-engine.ts';
import { createTransformerGpuEngine } from './transformer/gpu-engine.ts';

export interface GpuRunnerOptions {
  /** A caller-supplied device (the caller keeps it); otherwise one is requested and owned by the runner. */
  device?: GPUDevice;
  /** Receives the adapter line and later device-loss reports. */
  log?: (line: string) => void;
  /**
   * Lower buffer limits than the device's, for the batches of a call: a batch whose buffers would
   * pass them is split (tests use this to split without huge inputs). The device's limits still apply.
   */
  bufferLimits?: Partial<BufferLimits>;
}

/** A gpu runner, which can say when dispose() has freed its buffers. */
export interface GpuSeq2SeqRunner extends Seq2SeqRunner {
  /**
   * After dispose(), while the GPU work of the call it overtook still uses the buffers: settles
   * once they are freed (the device must outlive them). Undefined when nothing waits.
   */
  readonly releasing: Promise<void> | undefined;
}

/**
 * The gpu backend: the model's weights uploaded once, an encoder that records a whole unroll into
 * one submit, and a decoder that records chunks of steps with no readback per step. Calls run one
 * after the other, since an encode's resident buffers belong to the encoder's arena until the next one.
 */
export async function createGpuRunner(model: Model, options: GpuRunnerOptions = {}): Promise<GpuSeq2SeqRunner> {
  const context = await acquireGpu({ device: options.device, log: options.log });
  const ownsDevice = options.device === undefined;
  try {
    const limits: BufferLimits = {
      maxBufferSize: Math.min(context.limits.maxBufferSize, options.bufferLimits?.maxBufferSize ?? Infinity),
      maxStorageBufferBindingSize: Math.min(
        context.limits.maxStorageBufferBindingSize,
        options.bufferLimits?.maxStorageBufferBindingSize ?? Infinity,
      ),
    };
    const engine = isTransformerModel(model)
      ? await createTransformerGpuEngine(context.device, model, context.limits, limits)
      : await createRnnGpuEngine(context.device, model, context.limits, limits);
    return new GpuRunner(context, ownsDevice, model, engine, limits);
  } catch (error) {
    if (ownsDevice) context.destroy();
    else context.detach();
    if (error instanceof UnrollError) throw error;
    // A RangeError from a typed-array allocation and the like still leaves as an UnrollError.
    throw new GpuError(
      `gpu runner: creating the runner failed: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** The call whose GPU work is in progress. */
interface CallInProgress {
  what: string;
  /** Rejects the call now, whatever its GPU work does next. */
  abort(error: unknown): void;
  /** Settles when its GPU work has stopped, or the device is lost (the work may then never settle). */
  stopped: Promise<void>;
  markStopped(): void;
}

class GpuRunner implements GpuSeq2SeqRunner {
  readonly backend = 'gpu';
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private call: CallInProgress | undefined;
  releasing: Promise<void> | undefined;
  private readonly stopWatchingLoss: () => void;

  constructor(
    private readonly context: GpuContext,
    private readonly ownsDevice: boolean,
    private readonly model: Model,
    private readonly engine: GpuModelEngine,
    private readonly limits: BufferLimits,
  ) {
    // A loss stops the call in progress: its GPU work may never settle. Dropped on dispose, so a
    // shared device keeps nothing of a disposed runner.
    this.stopWatchingLoss = context.onLost((loss) => {
      const call = this.call;
      call?.abort(deviceLostError(call.what, loss));
      call?.markStopped();
    });
  }

  encode(sources: number[][]): Promise<EncodeResult[]> {
    return this.run('encode', sources, { kind: 'encode' }, (batch) => this.engine.encode(batch));
  }

  forcedLogProbs(sources: number[][], targets: number[][]): Promise<Float32Array[][]> {
    if (targets.length !== sources.length) {
      return Promise.reject(new InputError(`${sources.length} sources but ${targets.length} targets`));
    }
    // Batches are contiguous runs of the sources: their targets are the same slice.
    return this.run('teacher forcing', sources, { kind: 'teacher forcing', targets }, (batch, first) =>
      this.engine.teacherForce(batch, targets.slice(first, first + batch.length)),
    );
  }

  async score(sources: number[][], targets: number[][]): Promise<ScoreResult[]> {
    const steps = await this.forcedLogProbs(sources, targets);
    const eos = this.model.config.eos_id;
    return steps.map((rows, i) => {
      const logprobs = [...targets[i], eos].map((id, t) => rows[t][id]);
      return { logprobs, total: logprobs.reduce((sum, lp) => sum + lp, 0) };
    });
  }

  translate(sources: number[][], options: DecodeOptions = {}, onProgress?: ProgressListener): Promise<Hypothesis[][]> {
    let checked: CheckedDecodeOptions;
    try {
      // Bad options are refused before any GPU work, as the cpu backend does.
      checked = checkDecodeOptionsForModel(options, this.model.config);
      checkPrefixCount(checked, sources.length);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new InputError(String(error)));
    }
    // A batch reports its sentences by their index in the call.
    const progressOf = (first: number): ProgressListener | undefined =>
      onProgress && ((progress) => onProgress(progress.map((p) => ({ sentence: p.sentence + first, ids: p.ids }))));
    if ((checked.beam ?? 1) !== 1) {
      return this.run('beam search', sources, { kind: 'decode', options: checked }, (batch, first) =>
        this.engine.beamSearch(batch, optionsForPart(checked, first, first + batch.length), progressOf(first)),
      );
    }
    return this.run('greedy decoding', sources, { kind: 'decode', options: checked }, async (batch, first) => {
      const part = optionsForPart(checked, first, first + batch.length);
      const hypotheses = await this.engine.greedy(batch, part, progressOf(first));
      return hypotheses.map((hypothesis) => [hypothesis]);
    });
  }

  /**
   * Frees the buffers and the device (when owned). A call in progress rejects at once as disposed;
   * its GPU work still uses the buffers, so they are freed when it stops, not under it.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const call = this.call;
    if (!call) return this.free();
    call.abort(new UnrollError('disposed', `gpu runner: ${call.what} overtaken by dispose()`));
    this.releasing = call.stopped.then(() => {
      this.releasing = undefined;
      this.free();
    });
  }

  private free(): void {
    this.stopWatchingLoss();
    this.engine.dispose();
    if (this.ownsDevice) this.context.destroy();
    else this.context.detach();
  }

  /**
   * Runs calls one at a time; an empty batch needs no GPU work. A call that the device's loss
   * stops rejects with a GpuError saying so, whatever error the loss caused on the way.
   */
  private run<T>(
    what: string,
    sources: number[][],
    batchWork: BatchWork,
    /** `first`: the index of the batch's first source in the call. */
    perBatch: (batch: number[][], first: number) => Promise<T[]>,
  ): Promise<T[]> {
    if (this.disposed) return Promise.reject(new UnrollError('disposed', `gpu runner: ${what} after dispose()`));
    if (sources.length === 0) return Promise.resolve([]);
    let batches: number[][][];
    try {
      batches = this.fittingBatches(sources, batchWork);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new InputError(String(error)));
    }
    const work = async () => {
      const results: T[] = [];
      let first = 0;
      for (const batch of batches) {
        results.push(...(await perBatch(batch, first)));
        first += batch.length;
      }
      return results;
    };
    const next = this.queue.then(
      () =>
        new Promise<T[]>((resolve, reject) => {
          // dispose() may have come while the call waited its turn.
          if (this.disposed) throw new UnrollError('disposed', `gpu runner: ${what} overtaken by dispose()`);
          this.context.assertUsable(what);
          let markStopped = () => {};
          const stopped = new Promise<void>((done) => (markStopped = done));
          const call: CallInProgress = { what, abort: reject, stopped, markStopped };
          this.call = call;
          const stop = () => {
            if (this.call === call) this.call = undefined;
            markStopped();
          };
          work().then(
            (results) => {
              stop();
              resolve(results);
            },
            (error: unknown) => {
              stop();
              // An aborted call has already rejected; its work's error says nothing more.
              if (!this.disposed) void this.explainFailure(what, error).then(reject);
            },
          );
        }),
    );
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * The sources cut into contiguous batches whose buffers fit the limits, halving a batch that does
   * not; checked before any GPU work. A sentence too large alone is an InputError naming it.
   */
  private fittingBatches(sources: number[][], work: BatchWork): number[][][] {
    const { config } = this.model;
    // Checked here, so that an error names the sentence by its index in the call, not in a part.
    sources.forEach((source, i) => checkSource(source, config.src_vocab_size, `source sentence ${i}`));
    const slice = (first: number, end: number): BatchWork =>
      work.kind === 'teacher forcing' ? { kind: work.kind, targets: work.targets.slice(first, end) } : work;
    const batches: number[][][] = [];
    const split = (first: number, end: number) => {
      const over = this.engine.batchOverLimits(sources.slice(first, end), slice(first, end), this.limits);
      if (!over) batches.push(sources.slice(first, end));
      else if (end - first === 1) {
        throw new SentenceTooLargeError(
          first,
          `source sentence ${first} (${sources[first].length} tokens) is too large for this device: ${over.message}`,
        );
      } else {
        const middle = first + Math.ceil((end - first) / 2);
        split(first, middle);
        split(middle, end);
      }
    };
    split(0, sources.length);
    return batches;
  }

  /** The error a failed call reports: the device's loss when that is what made it fail. */
  private async explainFailure(what: string, error: unknown): Promise<unknown> {
    if (error instanceof UnrollError && error.kind !== 'gpu') return error;
    // The loss may be reported a moment after the failure it caused.
    const loss = this.context.lostInfo ?? (await this.lossWithin(LOSS_REPORT_WAIT_MS));
    if (loss) return deviceLostError(what, loss, error);
    if (error instanceof UnrollError) return error;
    // Whatever else escaped (a RangeError from a typed-array allocation, ...) still leaves as an UnrollError.
    const message = error instanceof Error ? error.message : String(error);
    return new GpuError(`gpu runner: ${what} failed: ${message}`, { cause: error });
  }

  private lossWithin(ms: number): Promise<DeviceLoss | undefined> {
    return new Promise((resolve) => {
      const stop = this.context.onLost((loss) => {
        clearTimeout(timer);
        resolve(loss);
      });
      const timer = setTimeout(() => {
        stop();
        resolve(undefined);
      }, ms);
    });
  }
}

/** How long a failed call waits for a device loss to be reported before giving its own error. */
const LOSS_REPORT_WAIT_MS = 50;
