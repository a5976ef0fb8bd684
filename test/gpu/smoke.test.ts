// The smoke kernel on a real WebGPU device through Dawn: whatever adapter acquireGpu finds
// (SwiftShader on a machine without a GPU).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GpuError } from '../../src/errors.ts';
import {
  createStorageBuffer,
  createTrackedBuffer,
  readBuffer,
  readFloat32,
  withErrorScopes,
} from '../../src/gpu/buffers.ts';
import { liveBufferCount, liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { cachedPipelineCount, createBindGroups, getPipeline } from '../../src/gpu/kernel.ts';
import { runSmoke, SMOKE_GUARD_ELEMENTS, SMOKE_SENTINEL, smokeKernel } from '../../src/gpu/smoke.ts';
import { SMOKE_A, SMOKE_B, smokeInput, smokeMismatches } from './smoke-data.ts';

let gpu: GpuContext;
const logLines: string[] = [];

beforeAll(async () => {
  gpu = await acquireGpu({ log: (line) => logLines.push(line) });
  console.log(`[smoke] ${logLines.join(' | ')}; features: ${[...gpu.device.features].join(', ')}`);
});

afterAll(() => {
  gpu?.destroy();
});

describe('acquireGpu', () => {
  it('describes the adapter it took in one log line', () => {
    const { vendor, architecture, isSoftware } = gpu.adapterInfo;
    expect(logLines).toHaveLength(1);
    const expectedStart = `gpu backend on ${isSoftware ? 'software' : 'hardware'} adapter ${vendor}/${architecture}`;
    expect(logLines[0].slice(0, expectedStart.length)).toBe(expectedStart);
    // A software adapter comes with the reason no hardware one was used.
    if (isSoftware) expect(logLines[0].slice(expectedStart.length)).toMatch(/^ \(.+\)$/);
    if (architecture === 'swiftshader') expect(isSoftware).toBe(true);
  });

  it('requests subgroups when the adapter has them and raises the buffer limits', () => {
    expect(gpu.features.subgroups).toBe(gpu.device.features.has('subgroups'));
    if (gpu.adapterInfo.architecture === 'swiftshader') expect(gpu.features.subgroups).toBe(true);
    // The WebGPU defaults are 128 MiB and 256 MiB; every adapter that exceeds them is used to the full.
    expect(gpu.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 2 ** 20);
    expect(gpu.limits.maxBufferSize).toBeGreaterThanOrEqual(256 * 2 ** 20);
  });

  it('wraps a given device, and tracks its loss', async () => {
    const other = await acquireGpu();
    const wrapped = await acquireGpu({ device: other.device });
    expect(wrapped.device).toBe(other.device);
    expect(wrapped.adapterInfo.architecture).toBe(other.adapterInfo.architecture);
    expect(wrapped.lostInfo).toBeNull();
    expect(() => wrapped.assertUsable('encode')).not.toThrow();
    other.destroy();
    const loss = await wrapped.lost;
    expect(loss.reason).toBe('destroyed');
    expect(wrapped.lostInfo).toEqual(loss);
    expect(() => wrapped.assertUsable('encode')).toThrow(/^encode: the GPU device was lost \(destroyed\)/);
  });
});

describe('smoke kernel y = a·x + b', () => {
  it('matches the f64 reference on random data with outliers, and writes nothing past n', async () => {
    const x = smokeInput(10_000, 7);
    const result = await runSmoke(gpu.device, x, SMOKE_A, SMOKE_B);
    console.log(
      `[smoke] first pipeline (compile) ${result.pipelineMs.toFixed(0)} ms, run ${result.runMs.toFixed(1)} ms, grid ${result.grid.join('×')}`,
    );
    expect(result.grid).toEqual([157, 1, 1]);
    expect(smokeMismatches(x, SMOKE_A, SMOKE_B, result.y)).toEqual([]);
    expect(Array.from(result.guard)).toEqual(new Array(SMOKE_GUARD_ELEMENTS).fill(SMOKE_SENTINEL));
  });

  it('reuses the compiled pipeline for the same overrides', async () => {
    const before = cachedPipelineCount(gpu.device);
    const first = await getPipeline(gpu.device, smokeKernel, { WORKGROUP_SIZE: 64 });
    const again = await getPipeline(gpu.device, smokeKernel, { WORKGROUP_SIZE: 64 });
    expect(again).toBe(first);
    expect(cachedPipelineCount(gpu.device)).toBe(before);
    expect(first.pipeline.label).toBe('smoke(WORKGROUP_SIZE=64)');
  });

  it('is correct on a grid folded into 2-D, including the excess workgroups', async () => {
    const x = smokeInput(1000, 11); // 16 workgroups of 64
    const result = await runSmoke(gpu.device, x, SMOKE_A, SMOKE_B, { gridLimit: 6 });
    expect(result.grid).toEqual([6, 3, 1]); // 18 workgroups: 2 beyond the work
    expect(smokeMismatches(x, SMOKE_A, SMOKE_B, result.y)).toEqual([]);
    expect(Array.from(result.guard)).toEqual(new Array(SMOKE_GUARD_ELEMENTS).fill(SMOKE_SENTINEL));
  });

  it('is correct on a grid folded into 3-D', async () => {
    const x = smokeInput(1000, 12);
    const result = await runSmoke(gpu.device, x, SMOKE_A, SMOKE_B, { gridLimit: 3 });
    expect(result.grid).toEqual([3, 3, 2]);
    expect(smokeMismatches(x, SMOKE_A, SMOKE_B, result.y)).toEqual([]);
    expect(Array.from(result.guard)).toEqual(new Array(SMOKE_GUARD_ELEMENTS).fill(SMOKE_SENTINEL));
  });

  it('specialises the workgroup size with an override (a second pipeline)', async () => {
    const before = cachedPipelineCount(gpu.device);
    const x = smokeInput(777, 13);
    const result = await runSmoke(gpu.device, x, SMOKE_A, SMOKE_B, { workgroupSize: 32 });
    console.log(`[smoke] second pipeline (WORKGROUP_SIZE=32) ${result.pipelineMs.toFixed(0)} ms`);
    expect(cachedPipelineCount(gpu.device)).toBe(before + 1);
    expect(result.workgroups).toBe(25);
    expect(smokeMismatches(x, SMOKE_A, SMOKE_B, result.y)).toEqual([]);
  });
});

describe('errors name what failed', () => {
  it('a bind group with a missing buffer names the kernel and the binding', async () => {
    const compiled = await getPipeline(gpu.device, smokeKernel, { WORKGROUP_SIZE: 64 });
    const x = createStorageBuffer(gpu.device, 'x', new Float32Array(4));
    try {
      expect(() => createBindGroups(gpu.device, compiled, { x })).toThrow(GpuError);
      expect(() => createBindGroups(gpu.device, compiled, { x })).toThrow(
        'kernel "smoke": no buffer for binding "params" (@group(0) @binding(0), uniform)',
      );
      expect(() => createBindGroups(gpu.device, compiled, { x, z: x })).toThrow(
        'kernel "smoke": got a buffer for "z", which it does not bind (bindings: params, x, y)',
      );
    } finally {
      x.destroy();
    }
  });

  it('an unknown override is refused before compiling', () => {
    expect(() => getPipeline(gpu.device, smokeKernel, { WORKGROUP: 8 })).toThrow(
      'kernel "smoke": unknown override "WORKGROUP" (overrides: WORKGROUP_SIZE)',
    );
  });

  it('withErrorScopes turns a WebGPU validation error into a GpuError with the label', async () => {
    const attempt = withErrorScopes(gpu.device, 'making a bad buffer', () => {
      // MAP_READ may only be combined with COPY_DST: a validation error, not an exception.
      gpu.device
        .createBuffer({ label: 'bad', size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE })
        .destroy();
      return 1;
    });
    await expect(attempt).rejects.toThrow(GpuError);
    await expect(attempt).rejects.toThrow(/^making a bad buffer: WebGPU validation error: /);
    // The scopes are balanced: a clean call afterwards returns its value.
    await expect(withErrorScopes(gpu.device, 'fine', () => 42)).resolves.toBe(42);
  });

  it('withErrorScopes rethrows an exception from its function after popping the scopes', async () => {
    await expect(
      withErrorScopes(gpu.device, 'throws', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(withErrorScopes(gpu.device, 'fine', async () => 'ok')).resolves.toBe('ok');
  });
});

describe('buffers', () => {
  it('uploads and reads back, with ranges', async () => {
    const data = new Float32Array([1.5, -2, 3.25, 1e-7, 6]);
    const buffer = createStorageBuffer(gpu.device, 'round trip', data);
    try {
      expect(buffer.size).toBe(20);
      expect(Array.from(await readFloat32(gpu.device, buffer))).toEqual(Array.from(data));
      expect(Array.from(new Float32Array(await readBuffer(gpu.device, buffer, 8, 4)))).toEqual([-2, 3.25]);
      await expect(readBuffer(gpu.device, buffer, 8, 16)).rejects.toThrow(/range 16\+8 .* exceeds its 20 bytes/);
    } finally {
      buffer.destroy();
    }
  });

  it('counts live buffers: creating increments, destroy() decrements once', () => {
    const before = liveBufferCount();
    const buffer = createTrackedBuffer(gpu.device, { label: 'counted', size: 16, usage: GPUBufferUsage.STORAGE });
    expect(liveBufferCount()).toBe(before + 1);
    expect(liveBufferLabels()).toContain('counted');
    buffer.destroy();
    buffer.destroy();
    expect(liveBufferCount()).toBe(before);
  });

  it('no buffer created by these tests is left alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
