/**
 * Buffer helpers: upload, readback, and error scopes that turn WebGPU errors into GpuErrors naming
 * what was being done. Buffers, submits and readbacks go through debug.ts, which counts them
 * only when a test or the benchmark switches it on.
 */
import { GpuError } from '../errors.ts';
import { countReadback, countSubmit, trackBuffer } from './debug.ts';
import { checkBufferSize } from './limits.ts';

export type BufferData = Float32Array | Uint32Array | Int32Array;

/** Submits command buffers (counted by debug.ts when enabled). */
export function submitCommands(device: GPUDevice, commands: GPUCommandBuffer[]): void {
  countSubmit();
  device.queue.submit(commands);
}

/**
 * Creates a buffer, counted as live until its destroy() when debug tracking is on (debug.ts). A
 * size past the device's limits is a GpuError naming the buffer, thrown before anything is created.
 */
export function createTrackedBuffer(device: GPUDevice, descriptor: GPUBufferDescriptor & { label: string }): GPUBuffer {
  checkBufferSize(descriptor.label, descriptor.size, device.limits, {
    storage: (descriptor.usage & GPUBufferUsage.STORAGE) !== 0,
  });
  const buffer = device.createBuffer(descriptor);
  trackBuffer(buffer, descriptor.label);
  return buffer;
}

/** Storage usage plus copies both ways, so a buffer can be uploaded, read back and reused. */
const STORAGE_USAGE = () => GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;

/**
 * A storage buffer holding `data`, or `byteLength` zeroed bytes. Sizes are rounded up to 4 bytes
 * and at least 4, since a zero-sized binding is invalid.
 */
export function createStorageBuffer(
  device: GPUDevice,
  label: string,
  data: BufferData | number,
  extraUsage = 0,
): GPUBuffer {
  const byteLength = typeof data === 'number' ? data : data.byteLength;
  if (!Number.isInteger(byteLength) || byteLength < 0) {
    throw new GpuError(`buffer "${label}": invalid size ${byteLength}`);
  }
  const size = Math.max(4, Math.ceil(byteLength / 4) * 4);
  const buffer = createTrackedBuffer(device, {
    label,
    size,
    usage: STORAGE_USAGE() | extraUsage,
    mappedAtCreation: typeof data !== 'number',
  });
  if (typeof data !== 'number') {
    new Uint8Array(buffer.getMappedRange()).set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    buffer.unmap();
  }
  return buffer;
}

/** A uniform buffer holding `bytes` (see packUniforms in kernel.ts), writable later with queue.writeBuffer. */
export function createUniformBuffer(device: GPUDevice, label: string, bytes: ArrayBuffer): GPUBuffer {
  const buffer = createTrackedBuffer(device, {
    label,
    size: Math.max(16, Math.ceil(bytes.byteLength / 16) * 16),
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, bytes);
  return buffer;
}

/**
 * Copies `byteLength` bytes from `byteOffset` of a buffer (COPY_SRC usage) into a new ArrayBuffer,
 * through a staging buffer that is destroyed whatever happens.
 */
export async function readBuffer(
  device: GPUDevice,
  buffer: GPUBuffer,
  byteLength: number = buffer.size,
  byteOffset = 0,
): Promise<ArrayBuffer> {
  const name = buffer.label || 'unlabelled buffer';
  if (byteOffset % 4 !== 0 || byteLength % 4 !== 0 || byteOffset + byteLength > buffer.size) {
    throw new GpuError(
      `reading buffer "${name}": range ${byteOffset}+${byteLength} is not 4-byte aligned or exceeds its ${buffer.size} bytes`,
    );
  }
  const staging = createTrackedBuffer(device, {
    label: `${name} (readback)`,
    size: Math.max(4, byteLength),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  countReadback();
  try {
    const encoder = device.createCommandEncoder({ label: `${name} (readback)` });
    encoder.copyBufferToBuffer(buffer, byteOffset, staging, 0, byteLength);
    device.queue.submit([encoder.finish()]);
    try {
      await staging.mapAsync(GPUMapMode.READ, 0, byteLength);
    } catch (cause) {
      throw new GpuError(`reading buffer "${name}" failed: ${describe(cause)}`, { cause });
    }
    const copy = staging.getMappedRange(0, byteLength).slice(0);
    staging.unmap();
    return copy;
  } finally {
    staging.destroy();
  }
}

export async function readFloat32(device: GPUDevice, buffer: GPUBuffer, count?: number): Promise<Float32Array> {
  return new Float32Array(await readBuffer(device, buffer, count === undefined ? buffer.size : count * 4));
}

export async function readUint32(device: GPUDevice, buffer: GPUBuffer, count?: number): Promise<Uint32Array> {
  return new Uint32Array(await readBuffer(device, buffer, count === undefined ? buffer.size : count * 4));
}

/**
 * Runs `fn` inside validation, out-of-memory and internal error scopes; the first WebGPU error
 * raised by the calls it makes becomes a GpuError that starts with `label`. An exception from `fn`
 * itself wins over scope errors (the scopes are still popped, keeping the stack balanced).
 */
export async function withErrorScopes<T>(device: GPUDevice, label: string, fn: () => T | Promise<T>): Promise<T> {
  const filters: GPUErrorFilter[] = ['internal', 'out-of-memory', 'validation'];
  for (const filter of filters) device.pushErrorScope(filter);
  let result: T | undefined;
  let failure: { error: unknown } | undefined;
  try {
    result = await fn();
  } catch (error) {
    failure = { error };
  }
  const errors: { filter: GPUErrorFilter; error: GPUError | null }[] = [];
  for (const filter of [...filters].reverse()) errors.push({ filter, error: await device.popErrorScope() });
  if (failure) throw failure.error;
  const first = errors.find((entry) => entry.error);
  if (first?.error) {
    const what = {
      validation: 'WebGPU validation error',
      'out-of-memory': 'out of GPU memory',
      internal: 'internal GPU error',
    }[first.filter];
    throw new GpuError(`${label}: ${what}: ${first.error.message}`);
  }
  return result as T;
}

function describe(error: unknown): string {
  // Dawn rejects a map on a lost device with an AbortError whose message is empty.
  return error instanceof Error ? error.message || error.name : String(error);
}
