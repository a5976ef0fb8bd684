/**
 * createBackend: a gpu backend (one device shared by the models it loads) or the cpu reference.
 * The browser entry (src/index.ts) and the Node entry (src/node.ts) differ only in the directory
 * loader they pass.
 */
import type { Seq2SeqRunner } from '../engine/runner.ts';
import { createCpuRunner } from '../engine/cpu-runner.ts';
import { InputError, UnrollError } from '../errors.ts';
import { type GpuContext, acquireGpu } from '../gpu/device.ts';
import { type GpuSeq2SeqRunner, createGpuRunner } from '../engine/gpu-runner.ts';
import type { Model } from '../model/model.ts';
import { DEFAULT_BATCH_SIZE, EngineModel } from './loaded-model.ts';
import { type DirectoryLoader, resolveModel } from './model-source.ts';
import type { AdapterSummary, Backend, BackendOptions, LoadOptions, LoadedModel, ModelSource } from './types.ts';

export async function createBackendWith(options: BackendOptions, loadDirectory?: DirectoryLoader): Promise<Backend> {
  const kind = (options as { kind?: unknown } | undefined)?.kind;
  if (kind === 'cpu') return new EngineBackend('cpu', undefined, false, loadDirectory);
  if (kind !== 'gpu') throw new InputError(`createBackend: kind must be "gpu" or "cpu", found ${JSON.stringify(kind)}`);
  const gpu = options as Extract<BackendOptions, { kind: 'gpu' }>;
  const context = await acquireGpu({ device: gpu.device, log: gpu.log });
  return new EngineBackend('gpu', context, gpu.device === undefined, loadDirectory);
}

class EngineBackend implements Backend {
  private readonly models = new Set<EngineModel>();
  /** Disposed models' runners whose buffers wait for an overtaken call's GPU work to stop. */
  private readonly releasing = new Set<Promise<void>>();
  private disposed = false;

  constructor(
    readonly kind: 'gpu' | 'cpu',
    private readonly context: GpuContext | undefined,
    private readonly ownsDevice: boolean,
    private readonly loadDirectory: DirectoryLoader | undefined,
  ) {}

  get adapter(): AdapterSummary | undefined {
    return this.context?.adapterInfo;
  }

  get device(): GPUDevice | undefined {
    return this.context?.device;
  }

  async load(source: ModelSource, options: LoadOptions = {}): Promise<LoadedModel> {
    this.assertLive('load');
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InputError(`load option batchSize must be an integer >= 1 (got ${String(batchSize)})`);
    }
    const model = await resolveModel(source, this.loadDirectory);
    this.assertLive('load');
    const runner = await this.createRunner(model);
    if (this.disposed) {
      // The backend went away while the weights were uploading.
      runner.dispose();
      this.assertLive('load');
    }
    const loaded: EngineModel = new EngineModel(model, runner, batchSize, () => {
      this.models.delete(loaded);
      this.trackRelease(runner);
    });
    this.models.add(loaded);
    return loaded;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const model of [...this.models]) model.dispose();
    const context = this.context;
    if (!context) return;
    const release = () => (this.ownsDevice ? context.destroy() : context.detach());
    // Destroying the device under a call's GPU work would fail it as a device loss: wait for the work.
    if (this.releasing.size === 0) release();
    else void Promise.all(this.releasing).then(release);
  }

  private trackRelease(runner: Seq2SeqRunner): void {
    const releasing = runner.backend === 'gpu' ? (runner as GpuSeq2SeqRunner).releasing : undefined;
    if (!releasing) return;
    this.releasing.add(releasing);
    void releasing.then(() => this.releasing.delete(releasing));
  }

  private createRunner(model: Model): Promise<Seq2SeqRunner> {
    if (!this.context) return Promise.resolve(createCpuRunner(model));
    // A lost device takes no new model: say so rather than fail somewhere in the upload.
    this.context.assertUsable('loading a model');
    // The runner borrows the backend's device: it frees its own buffers, never the device. The
    // backend's context already logs losses and uncaptured errors, so the runner gets no log.
    return createGpuRunner(model, { device: this.context.device });
  }

  private assertLive(what: string): void {
    if (this.disposed) throw new UnrollError('disposed', `backend.${what}() after backend.dispose()`);
  }
}
