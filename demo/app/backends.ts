/**
 * The two engines the page runs: the WebGPU backend on the browser's adapter, and the CPU
 * reference. Without WebGPU (or when the GPU backend cannot start) the page goes on with the
 * CPU reference alone and says why.
 */
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { weightsByRole, type WeightsByRole } from '../../src/model/weights-by-role.ts';
import { type AdapterSummary, type GpuContext, type GpuFeatures, acquireGpu } from '../../src/gpu/device.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import type { RnnModel } from '../../src/model/model.ts';

export interface GpuBackend {
  runner: Seq2SeqRunner;
  adapter: AdapterSummary;
  features: GpuFeatures;
  limits: { maxStorageBufferBindingSize: number; maxComputeWorkgroupSizeX: number; maxBufferSize: number };
  /** The engine's own line about the adapter ("gpu backend on hardware adapter ..."). */
  log: string[];
  /** Milliseconds to create the device, upload the weights and compile the kernels. */
  startMs: number;
}

export interface Backends {
  cpu: Seq2SeqRunner;
  /** The CPU reference's step model and weights, for the recorded (step-through) run. */
  stepModel: CpuStepModel;
  weights: WeightsByRole;
  gpu?: GpuBackend;
  /** Why there is no GPU backend. */
  gpuUnavailable?: string;
}

export async function startBackends(model: RnnModel): Promise<Backends> {
  const cpu = createCpuRunner(model);
  const base = { cpu, stepModel: new CpuStepModel(model), weights: weightsByRole(model) };
  const log: string[] = [];
  const started = performance.now();
  let context: GpuContext | undefined;
  try {
    context = await acquireGpu({ log: (line) => log.push(line) });
    const runner = await createGpuRunner(model, { device: context.device, log: (line) => log.push(line) });
    const limits = context.limits;
    return {
      ...base,
      gpu: {
        runner,
        adapter: context.adapterInfo,
        features: context.features,
        limits: {
          maxStorageBufferBindingSize: limits.maxStorageBufferBindingSize,
          maxComputeWorkgroupSizeX: limits.maxComputeWorkgroupSizeX,
          maxBufferSize: limits.maxBufferSize,
        },
        log,
        startMs: performance.now() - started,
      },
    };
  } catch (error) {
    context?.destroy();
    return { ...base, gpuUnavailable: error instanceof Error ? error.message : String(error) };
  }
}
