// The pipeline compile counters of the GPU debug hook (src/gpu/debug.ts) without a GPU: off by
// default, then counting compiles as they settle, with overlapping compiles' wall time counted once.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileCounters, countPipelineCompile, enableGpuDebug, pipelineCompiles } from '../../src/gpu/debug.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Makes performance.now() return `at` until the next call. */
function clockAt(at: number): void {
  vi.spyOn(performance, 'now').mockReturnValue(at);
}

// One file, one module instance: the tests run in order, off first, then on.
describe('pipeline compile counters', () => {
  it('keep no books until enabled, and refuse to report', () => {
    countPipelineCompile('untracked')();
    expect(() => ({ ...compileCounters })).toThrow(/enableGpuDebug/);
    expect(() => pipelineCompiles()).toThrow(/enableGpuDebug/);
  });

  it('count compiles as they settle, and the wall time with any in flight once', () => {
    enableGpuDebug();
    expect({ ...compileCounters }).toEqual({ pipelines: 0, compileMs: 0, inFlight: 0 });
    clockAt(100);
    const first = countPipelineCompile('first');
    clockAt(150);
    const second = countPipelineCompile('second');
    expect(compileCounters.inFlight).toBe(2);
    expect(compileCounters.pipelines).toBe(0);
    // While compiles run, the wall time so far is counted.
    expect(compileCounters.compileMs).toBe(50);
    clockAt(300);
    first();
    clockAt(400);
    second();
    expect({ ...compileCounters }).toEqual({ pipelines: 2, compileMs: 300, inFlight: 0 });
    expect(pipelineCompiles()).toEqual([
      { label: 'first', ms: 200 },
      { label: 'second', ms: 250 },
    ]);
    // Idle time between compiles is not counted.
    clockAt(1000);
    const third = countPipelineCompile('third');
    clockAt(1010);
    third();
    expect(compileCounters.compileMs).toBe(310);
  });
});
