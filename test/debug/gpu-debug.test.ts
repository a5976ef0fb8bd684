// The GPU debug hook (src/gpu/debug.ts) without a GPU: off by default (no bookkeeping, counts
// refuse to be read), then counting buffers, submits and readbacks once enabled.
import { describe, expect, it } from 'vitest';
import {
  countReadback,
  countSubmit,
  enableGpuDebug,
  gpuCounters,
  liveBufferCount,
  liveBufferLabels,
  trackBuffer,
} from '../../src/gpu/debug.ts';

/** Enough of a GPUBuffer for the tracker: a destroy() that says whether it ran. */
function fakeBuffer(): GPUBuffer & { destroyed: boolean } {
  const buffer = {
    destroyed: false,
    destroy() {
      buffer.destroyed = true;
    },
  };
  return buffer as unknown as GPUBuffer & { destroyed: boolean };
}

// One file, one module instance: the tests run in order, off first, then on.
describe('gpu debug hook', () => {
  it('keeps no books until enabled, and refuses to report counts', () => {
    const buffer = fakeBuffer();
    const destroy = Object.getOwnPropertyDescriptor(buffer, 'destroy');
    trackBuffer(buffer, 'untracked');
    countSubmit();
    countReadback();
    expect(Object.getOwnPropertyDescriptor(buffer, 'destroy')).toEqual(destroy);
    expect(() => liveBufferCount()).toThrow(/enableGpuDebug/);
    expect(() => liveBufferLabels()).toThrow(/enableGpuDebug/);
    expect(() => ({ ...gpuCounters })).toThrow(/enableGpuDebug/);
  });

  it('counts live buffers, submits and readbacks once enabled', () => {
    enableGpuDebug();
    expect({ ...gpuCounters }).toEqual({ submits: 0, readbacks: 0 });
    const before = liveBufferCount();
    const buffer = fakeBuffer();
    trackBuffer(buffer, 'counted');
    expect(liveBufferCount()).toBe(before + 1);
    expect(liveBufferLabels()).toContain('counted');
    buffer.destroy();
    expect(buffer.destroyed).toBe(true);
    expect(liveBufferCount()).toBe(before);
    countSubmit();
    countReadback();
    countReadback();
    expect({ ...gpuCounters }).toEqual({ submits: 1, readbacks: 2 });
  });
});
