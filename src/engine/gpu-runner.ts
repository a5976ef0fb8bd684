import type { DecodeOptions } from '../model/decoding.ts';
import type { EncodeResult, Hypothesis, ScoreResult } from '../model/results.ts';
import type { Seq2SeqRunner } from './runner.ts';
import { type CheckedDecodeOptions, checkDecodeOptions } from '../model/decoding.ts';
import { InputError, UnrollError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { GpuDecoder } from './decoder.ts';
import { GpuEncoder, readEncoderResults } from './encoder.ts';
import { type DeviceLoss, type GpuContext, acquireGpu, deviceLostError } from '../gpu/device.ts';
import { checkModelFitsDevice } from '../gpu/limits.ts';

export interface GpuRunnerOptions {
  /** A caller-supplied device (the caller keeps it); otherwise one is requested and owned by the runner. */
  device?: GPUDevice;
  /** Receives the adapter line and later device-loss reports. */
  log?: (line: string) => void;
}

/**
 * The gpu backend: the model's weights uploaded once, an encoder that records a whole unroll into
 * one submit, and a decoder that records chunks of steps with no readback per step. Calls run one
 * after the other, since an encode's resident buffers belong to the encoder's arena until the next one.
 */
export async function createGpuRunner(model: Model, options: GpuRunnerOptions = {}): Promise<Seq2SeqRunner> {
  const context = await acquireGpu({ device: options.device, log: options.log });
  const ownsDevice = options.device === undefined;
  let encoder: GpuEncoder | undefined;
  try {
    // Every weight buffer against the device's limits, before any is created.
    checkModelFitsDevice(model.config, context.limits);
    encoder = await GpuEncoder.create(context.device, model);
    const decoder = await GpuDecoder.create(context.device, model);
    return new GpuRunner(context, ownsDevice, model, encoder, decoder);
  } catch (error) {
    encoder?.dispose();
    if (ownsDevice) context.destroy();
    else context.detach();
    throw error;
  }
}

class GpuRunner implements Seq2SeqRunner {
  readonly backend = 'gpu';
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();
  /** Rejects the call in progress when the device is lost: its GPU work may never settle. */
  private readonly lossWatch: { abortCall?: (loss: DeviceLoss) => void } = {};

  constructor(
    private readonly context: GpuContext,
    private readonly ownsDevice: boolean,
    private readonly model: Model,
    private readonly encoder: GpuEncoder,
    private readonly decoder: GpuDecoder,
  ) {
    // The listener holds only the watch, so a disposed runner is not kept alive by a shared device.
    const watch = this.lossWatch;
    void context.lost.then((loss) => watch.abortCall?.(loss));
  }

  encode(sources: number[][]): Promise<EncodeResult[]> {
    return this.run('encode', sources, async () => {
      const encoded = await this.encoder.encode(sources);
      const { num_layers, hidden_size } = this.model.config;
      return readEncoderResults(this.context.device, encoded, num_layers, hidden_size);
    });
  }

  forcedLogProbs(sources: number[][], targets: number[][]): Promise<Float32Array[][]> {
    if (targets.length !== sources.length) {
      return Promise.reject(new InputError(`${sources.length} sources but ${targets.length} targets`));
    }
    return this.run('teacher forcing', sources, async () =>
      this.decoder.teacherForce(await this.encoder.encode(sources), targets),
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

  translate(sources: number[][], options: DecodeOptions = {}): Promise<Hypothesis[][]> {
    let checked: CheckedDecodeOptions;
    try {
      // Bad options are refused before any GPU work, as the cpu backend does.
      checked = checkDecodeOptions(options);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new InputError(String(error)));
    }
    if ((checked.beam ?? 1) !== 1) {
      return this.run('beam search', sources, async () =>
        this.decoder.beamSearch(await this.encoder.encode(sources), checked),
      );
    }
    return this.run('greedy decoding', sources, async () => {
      const hypotheses = await this.decoder.greedy(await this.encoder.encode(sources), checked);
      return hypotheses.map((hypothesis) => [hypothesis]);
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.decoder.dispose();
    this.encoder.dispose();
    if (this.ownsDevice) this.context.destroy();
    else this.context.detach();
  }

  /**
   * Runs calls one at a time; an empty batch needs no GPU work. A call that the device's loss
   * stops rejects with a GpuError saying so, whatever error the loss caused on the way.
   */
  private run<T>(what: string, sources: number[][], work: () => Promise<T[]>): Promise<T[]> {
    if (this.disposed) return Promise.reject(new UnrollError('disposed', `gpu runner: ${what} after dispose()`));
    if (sources.length === 0) return Promise.resolve([]);
    const next = this.queue.then(
      () =>
        new Promise<T[]>((resolve, reject) => {
          this.context.assertUsable(what);
          this.lossWatch.abortCall = (loss) => reject(deviceLostError(what, loss));
          work().then(resolve, (error: unknown) => this.explainFailure(what, error).then(reject));
        }),
    );
    this.queue = next.catch(() => undefined).finally(() => (this.lossWatch.abortCall = undefined));
    return next;
  }

  /** The error a failed call reports: the device's loss when that is what made it fail. */
  private async explainFailure(what: string, error: unknown): Promise<unknown> {
    if (error instanceof UnrollError && error.kind !== 'gpu') return error;
    // The loss may be reported a moment after the failure it caused.
    const loss = this.context.lostInfo ?? (await Promise.race([this.context.lost, delay(LOSS_REPORT_WAIT_MS)]));
    return loss ? deviceLostError(what, loss, error) : error;
  }
}

/** How long a failed call waits for a device loss to be reported before giving its own error. */
const LOSS_REPORT_WAIT_MS = 50;

function delay(ms: number): Promise<undefined> {
  return new Promise((resolve) => setTimeout(() => resolve(undefined), ms));
}
