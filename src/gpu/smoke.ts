/**
 * The smoke kernel (y = a·x + b): the smallest end-to-end use of the GPU layer, run by the tests
 * in Dawn and in Chromium to show that a backend compiles, binds, dispatches and reads back.
 */
import smokeSource from '../../shaders/smoke.wgsl?raw';
import { createStorageBuffer, readFloat32, withErrorScopes } from './buffers.ts';
import { defineKernel, dispatchGrid, getPipeline, MAX_WORKGROUPS_PER_DIMENSION, workgroupCount } from './kernel.ts';
import { planLaunch } from './launch.ts';

export const smokeKernel = defineKernel({ name: 'smoke', source: smokeSource });

/** Elements past n, filled with SMOKE_SENTINEL, that a correct kernel never writes. */
export const SMOKE_GUARD_ELEMENTS = 64;
export const SMOKE_SENTINEL = -12345.5;

export interface SmokeOptions {
  workgroupSize?: number;
  /** Largest workgroup count per grid dimension; small values force a folded 2-D/3-D grid. */
  gridLimit?: number;
}

export interface SmokeResult {
  y: Float32Array;
  /** The SMOKE_GUARD_ELEMENTS elements after y, as the kernel left them. */
  guard: Float32Array;
  grid: [number, number, number];
  workgroups: number;
  /** Milliseconds spent getting the pipeline (a compile on first use, a cache hit after). */
  pipelineMs: number;
  /** Milliseconds from upload to readback, pipeline excluded. */
  runMs: number;
}

export async function runSmoke(
  device: GPUDevice,
  x: Float32Array,
  a: number,
  b: number,
  options: SmokeOptions = {},
): Promise<SmokeResult> {
  const workgroupSize = options.workgroupSize ?? 64;
  const started = performance.now();
  const compiled = await getPipeline(device, smokeKernel, { WORKGROUP_SIZE: workgroupSize });
  const compiledAt = performance.now();

  const n = x.length;
  const workgroups = workgroupCount(n, compiled.workgroupSize[0]);
  const grid = dispatchGrid(workgroups, options.gridLimit ?? MAX_WORKGROUPS_PER_DIMENSION);
  const initialY = new Float32Array(n + SMOKE_GUARD_ELEMENTS).fill(SMOKE_SENTINEL);
  const owned: { destroy(): void }[] = [];
  try {
    const output = await withErrorScopes(device, 'smoke kernel', () => {
      const input = createStorageBuffer(device, 'smoke x', x);
      const output = createStorageBuffer(device, 'smoke y', initialY);
      owned.push(input, output);
      const plan = planLaunch(device, compiled, {
        label: 'smoke',
        uniforms: { params: { n, a, b } },
        operands: { x: { buffer: input, elements: n }, y: { buffer: output, elements: n } },
        workgroups,
        gridLimit: options.gridLimit,
      });
      owned.push(plan);
      const encoder = device.createCommandEncoder({ label: 'smoke' });
      const pass = encoder.beginComputePass({ label: 'smoke' });
      plan.record(pass);
      pass.end();
      device.queue.submit([encoder.finish()]);
      return output;
    });
    const all = await readFloat32(device, output, n + SMOKE_GUARD_ELEMENTS);
    return {
      y: all.slice(0, n),
      guard: all.slice(n),
      grid,
      workgroups,
      pipelineMs: compiledAt - started,
      runMs: performance.now() - compiledAt,
    };
  } finally {
    for (const item of owned) item.destroy();
  }
}
