/** Inputs and one-shot runners shared by the kernel parity tests. */
import { withOutliers } from '../../cpu/random-data.ts';
import { submitCommands } from '../../../src/gpu/buffers.ts';
import type { Plan } from '../../../src/gpu/launch.ts';

/** f32 values uniform in [−1, 1] with ±50 and ±100 planted (see test/cpu/random-data.ts). */
export function f32WithOutliers(size: number, seed: number): Float32Array<ArrayBuffer> {
  return new Float32Array(withOutliers(size, seed));
}

/** Records `record` into one compute pass and submits it. */
export function submitPass(device: GPUDevice, label: string, record: (pass: GPUComputePassEncoder) => void): void {
  const encoder = device.createCommandEncoder({ label });
  const pass = encoder.beginComputePass({ label });
  record(pass);
  pass.end();
  submitCommands(device, [encoder.finish()]);
}

/** The grids a plan dispatches when recorded (for step t), read from a pass that only takes notes. */
export function dispatchedGrids(plan: Plan, t?: number): [number, number, number][] {
  const grids: [number, number, number][] = [];
  const pass = {
    setPipeline() {},
    setBindGroup() {},
    dispatchWorkgroups: (x: number, y = 1, z = 1) => grids.push([x, y, z]),
  };
  plan.record(pass as unknown as GPUComputePassEncoder, t);
  return grids;
}

/** A value a kernel never writes, to show which elements it left alone. */
export const SENTINEL = -12345.5;
