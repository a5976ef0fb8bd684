/** Inputs, a device and one-shot runners shared by the Transformer kernel parity tests. */
import { createStorageBuffer, readFloat32, submitCommands, withErrorScopes } from '../../../src/gpu/buffers.ts';
import { acquireGpu, type GpuContext } from '../../../src/gpu/device.ts';
import type { Plan } from '../../../src/gpu/launch.ts';
import { seededRandom } from '../../../src/model/random-model.ts';

/** f32 unit roundoff. */
export const U = 2 ** -24;

/**
 * `size` f32 values uniform in [−1, 1], with about one in 12 (at least 2) multiplied by 100 or
 * by −1000 at seeded positions: outliers that expose a wrong index or a lost max subtraction.
 */
export function withOutliers(size: number, seed: number, scale = 1): Float32Array<ArrayBuffer> {
  const random = seededRandom(seed);
  const data = new Float32Array(size);
  for (let i = 0; i < size; i++) data[i] = (random() * 2 - 1) * scale;
  const plants = Math.max(2, Math.floor(size / 12));
  for (let p = 0; p < plants && p < size; p++) {
    const i = Math.floor(random() * size);
    data[i] *= p % 2 === 0 ? 100 : -1000;
  }
  return data;
}

/** A GPU device for one test file, with the buffers and plans it creates destroyed in `release`. */
export class GpuFixture {
  gpu!: GpuContext;
  private readonly buffers: GPUBuffer[] = [];
  private readonly plans: Plan[] = [];

  get device(): GPUDevice {
    return this.gpu.device;
  }

  async acquire(): Promise<void> {
    this.gpu = await acquireGpu();
  }

  /** A storage buffer (data, or zeroed bytes), destroyed with the fixture. */
  upload(label: string, data: Float32Array | Uint32Array | number): GPUBuffer {
    const buffer = createStorageBuffer(this.device, label, data);
    this.buffers.push(buffer);
    return buffer;
  }

  /** Takes a buffer the test made another way (e.g. a step table) to destroy it with the fixture. */
  own(buffer: GPUBuffer): GPUBuffer {
    this.buffers.push(buffer);
    return buffer;
  }

  keep(plan: Plan): Plan {
    this.plans.push(plan);
    return plan;
  }

  /** Records into one compute pass and submits, inside error scopes. */
  async run(label: string, record: (pass: GPUComputePassEncoder) => void): Promise<void> {
    const device = this.device;
    await withErrorScopes(device, label, () => {
      const encoder = device.createCommandEncoder({ label });
      const pass = encoder.beginComputePass({ label });
      record(pass);
      pass.end();
      submitCommands(device, [encoder.finish()]);
    });
  }

  read(buffer: GPUBuffer, count?: number): Promise<Float32Array> {
    return readFloat32(this.device, buffer, count);
  }

  /** Destroys plans and buffers (not the device). */
  releaseAll(): void {
    for (const plan of this.plans.splice(0)) plan.destroy();
    for (const buffer of this.buffers.splice(0)) buffer.destroy();
  }

  release(): void {
    this.releaseAll();
    this.gpu?.destroy();
  }
}

/** Elements of `actual` outside expected ± allowed (at most 10, described), NaN never within. */
export function mismatches(
  what: string,
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  allowed: (index: number) => number,
): string[] {
  const found: string[] = [];
  if (actual.length !== expected.length) return [`${what}: length ${actual.length}, expected ${expected.length}`];
  for (let i = 0; i < expected.length && found.length < 10; i++) {
    const bound = allowed(i);
    if (!(Math.abs(actual[i] - expected[i]) <= bound)) {
      found.push(`${what}[${i}] = ${actual[i]}, expected ${expected[i]} ± ${bound}`);
    }
  }
  return found;
}

/** Dense copy of a strided block: rows × cols at offset, rows `stride` apart. */
export function slice(
  data: ArrayLike<number>,
  offset: number,
  stride: number,
  rows: number,
  cols: number,
): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[r * cols + c] = data[offset + r * stride + c];
  }
  return out;
}

/** A value no kernel writes, to show which elements it left alone. */
export const SENTINEL = -12345.5;

/** Indices of `after` that differ from `before` outside the set `inside` (at most 10). */
export function writtenOutside(
  before: Float32Array,
  after: Float32Array,
  inside: (index: number) => boolean,
): string[] {
  const found: string[] = [];
  for (let i = 0; i < before.length && found.length < 10; i++) {
    if (!inside(i) && !Object.is(before[i], after[i])) found.push(`element ${i}: ${before[i]} → ${after[i]}`);
  }
  return found;
}
