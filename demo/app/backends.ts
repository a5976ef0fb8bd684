/**
 * The two engines the page runs for a model: the WebGPU backend on the browser's adapter, and the
 * CPU reference. Without WebGPU the page goes on with the CPU reference alone and says why; with
 * WebGPU but a model the GPU engine cannot run (yet), it does the same for that model only.
 */
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { type AdapterSummary, type GpuContext, type GpuFeatures, acquireGpu } from '../../src/gpu/device.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import type { Model } from '../../src/model/model.ts';
import { type ModelTracer, createTracer } from '../trace/model-tracer.ts';

/** The adapter, as the page reports it whatever the model. */
export interface GpuAdapter {
  adapter: AdapterSummary;
  features: GpuFeatures;
  limits: { maxStorageBufferBindingSize: number; maxComputeWorkgroupSizeX: number; maxBufferSize: number };
  /** The engine's own lines about the adapter ("gpu backend on hardware adapter ..."). */
  log: string[];
}

export interface GpuBackend extends GpuAdapter {
  runner: Seq2SeqRunner;
  /** Milliseconds to create the device (first model only), upload the weights and compile the kernels. */
  startMs: number;
}

export interface Backends {
  cpu: Seq2SeqRunner;
  /** The CPU reference's recorded runs, for the step-through, the tree and the attention maps. */
  tracer: ModelTracer;
  gpu?: GpuBackend;
  /** Why there is no GPU backend. */
  gpuUnavailable?: string;
  /** Set when WebGPU works but the GPU engine could not take this model: the adapter, for the page to show. */
  gpuAdapterOnly?: GpuAdapter;
  /** Frees both runners (the GPU's buffers); the shared device stays for the next model. */
  dispose(): void;
}

// One device for the page's lifetime: switching models replaces the runners, not the device.
let shared: Promise<{ context: GpuContext; log: string[] }> | undefined;

function sharedGpu(): Promise<{ context: GpuContext; log: string[] }> {
  if (!shared) {
    const log: string[] = [];
    shared = acquireGpu({ log: (line) => log.push(line) }).then((context) => {
      // A lost device is gone for good: the next model asks for a new one.
      void context.lost.then(() => (shared = undefined));
      return { context, log };
    });
    // A failure (no WebGPU) is final for this page, and is asked again only on a reload.
  }
  return shared;
}

function adapterOf(context: GpuContext, log: string[]): GpuAdapter {
  const limits = context.limits;
  return {
    adapter: context.adapterInfo,
    features: context.features,
    limits: {
      maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
      maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
      maxBufferSize: limits.maxBufferSize,
    },
    log: [...log],
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export async function startBackends(model: Model): Promise<Backends> {
  const cpu = createCpuRunner(model);
  const tracer = createTracer(model);
  const base = { cpu, tracer };
  const started = performance.now();
  let gpu: { context: GpuContext; log: string[] };
  try {
    gpu = await sharedGpu();
  } catch (error) {
    return { ...base, gpuUnavailable: message(error), dispose: () => cpu.dispose() };
  }
  const runLog: string[] = [];
  try {
    const runner = await createGpuRunner(model, { device: gpu.context.device, log: (line) => runLog.push(line) });
    const adapter = adapterOf(gpu.context, gpu.log);
    return {
      ...base,
      gpu: { ...adapter, log: [...adapter.log, ...runLog], runner, startMs: performance.now() - started },
      dispose: () => {
        runner.dispose();
        cpu.dispose();
      },
    };
  } catch (error) {
    return {
      ...base,
      gpuUnavailable: message(error),
      gpuAdapterOnly: adapterOf(gpu.context, gpu.log),
      dispose: () => cpu.dispose(),
    };
  }
}
