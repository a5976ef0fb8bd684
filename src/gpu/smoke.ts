/**
 * The smoke kernel (y = a·x + b): the smallest end-to-end use of the GPU layer, run by the tests
 * in Dawn and in Chromium to show that a backend compiles, binds, dispatches and reads back.
 */
import gridLibrary from '../../shaders/lib/grid.wgsl?raw';
import smokeSource from '../../shaders/smoke.wgsl?raw';
import { createStorageBuffer, createUniformBuffer, readFloat32, withErrorScopes } from './buffers.ts';
import {
  createBindGroups,
  defineKernel,
  dispatchGrid,
  encodeDispatch,
  getPipeline,
  MAX_WORKGROUPS_PER_DIMENSION,
  packUniforms,
  workgroupCount,
} from './kernel.ts';

export const smokeKernel = defineKernel({ name: 'smoke', source: smokeSource, libraries: [gridLibrary] });

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
  const buffers: GPUBuffer[] = [];
  try {
    const output = await withErrorScopes(device, 'smoke kernel', () => {
      const params = createUniformBuffer(device, 'smoke params', packUniforms(smokeKernel, 'params', { n, a, b }));
      const input = createStorageBuffer(device, 'smoke x', x);
      const output = createStorageBuffer(device, 'smoke y', initialY);
      buffers.push(params, input, output);
      const bindGroups = createBindGroups(device, compiled, { params, x: input, y: output });
      const encoder = device.createCommandEncoder({ label: 'smoke' });
      const pass = encoder.beginComputePass({ label: 'smoke' });
      encodeDispatch(pass, compiled, bindGroups, grid);
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
    for (const buffer of buffers) buffer.destroy();
  }
}
