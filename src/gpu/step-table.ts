/**
 * The step table: one uniform buffer with a StepInfo entry (shaders/lib/step.wgsl) per step of an
 * unrolled loop, bound with a dynamic offset so a whole unroll is recorded with one bind group and
 * no per-step writes.
 */
import { GpuError } from '../errors.ts';
import { createTrackedBuffer } from './buffers.ts';

/** Bytes between entries: WebGPU's default (and largest allowed) minUniformBufferOffsetAlignment. */
export const STEP_STRIDE = 256;

/** Bytes of one StepInfo struct: the size of the binding (not the stride). */
export const STEP_INFO_SIZE = 16;

/** The dynamic offset that selects step `t`. */
export function stepOffset(t: number): number {
  return t * STEP_STRIDE;
}

/** Steps a step table holds, from its size. */
export function stepTableSteps(table: GPUBuffer): number {
  return Math.floor(table.size / STEP_STRIDE);
}

/** The table's contents: entry t holds {t, parity: t % 2, 0, 0} at byte t·STEP_STRIDE. */
export function stepTableData(steps: number): Uint32Array {
  if (!Number.isInteger(steps) || steps < 1) throw new GpuError(`step table: invalid step count ${steps}`);
  const words = new Uint32Array((steps * STEP_STRIDE) / 4);
  for (let t = 0; t < steps; t++) {
    const base = (t * STEP_STRIDE) / 4;
    words[base] = t;
    words[base + 1] = t % 2;
  }
  return words;
}

/** A uniform buffer holding entries t = 0..steps−1; the caller destroys it. */
export function createStepTable(device: GPUDevice, steps: number): GPUBuffer {
  const data = stepTableData(steps);
  const buffer = createTrackedBuffer(device, {
    label: `step table (${steps} steps)`,
    size: data.byteLength,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  new Uint32Array(buffer.getMappedRange()).set(data);
  buffer.unmap();
  return buffer;
}
