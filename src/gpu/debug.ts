/**
 * Instrumentation of the buffer helpers (buffers.ts), for tests and the benchmark: the buffers
 * created and not yet destroyed (to catch leaks), counts of queue submits and readbacks (to
 * check the scheduler's budget), and the pipelines kernel.ts compiles with the time they take (to
 * see what a load or a first call pays for). All of it is off until enableGpuDebug() is called,
 * so the library keeps no books by default; reading a count while it is off throws, so that a
 * check which forgot to switch it on fails instead of comparing zeros.
 */

let enabled = false;
let submits = 0;
let readbacks = 0;
let pipelines = 0;
// Wall time with at least one compile in flight: concurrent compiles are not counted twice.
let compileMs = 0;
let compilesInFlight = 0;
let compilingSince = 0;
const compileLog: PipelineCompile[] = [];

/** One pipeline compiled by kernel.ts: its label and the time from the request to the pipeline. */
export interface PipelineCompile {
  readonly label: string;
  readonly ms: number;
}
// Buffers created while enabled and not yet destroyed, with their labels for leak reports.
const live = new Map<GPUBuffer, string>();

/** Switches the tracking on for the rest of the process: buffers created from now on are counted. */
export function enableGpuDebug(): void {
  enabled = true;
}

function checkEnabled(what: string): void {
  if (!enabled) throw new Error(`${what}: GPU debug tracking is off (call enableGpuDebug() first)`);
}

/**
 * Queue submits and buffer readbacks made through the helpers since tracking was switched on;
 * take a copy (`{ ...gpuCounters }`) before a call and compare after.
 */
export const gpuCounters: { readonly submits: number; readonly readbacks: number } = Object.freeze({
  get submits() {
    checkEnabled('gpuCounters.submits');
    return submits;
  },
  get readbacks() {
    checkEnabled('gpuCounters.readbacks');
    return readbacks;
  },
});

/**
 * Pipeline compiles finished (cache misses of kernel.ts's getPipeline, failed ones included) since
 * tracking was switched on, and the wall time during which at least one was compiling; take a copy before
 * a call and compare after, as with gpuCounters.
 */
export const compileCounters: {
  readonly pipelines: number;
  readonly compileMs: number;
  /** Compiles started and not settled yet (e.g. an engine's background compiles). */
  readonly inFlight: number;
} = Object.freeze({
  get pipelines() {
    checkEnabled('compileCounters.pipelines');
    return pipelines;
  },
  get compileMs() {
    checkEnabled('compileCounters.compileMs');
    return compileMs + (compilesInFlight > 0 ? performance.now() - compilingSince : 0);
  },
  get inFlight() {
    checkEnabled('compileCounters.inFlight');
    return compilesInFlight;
  },
});

/** Every pipeline compile since tracking was switched on, in the order they finished. */
export function pipelineCompiles(): PipelineCompile[] {
  checkEnabled('pipelineCompiles');
  return [...compileLog];
}

/** How many buffers created through the helpers (while tracking) are not destroyed yet. */
export function liveBufferCount(): number {
  checkEnabled('liveBufferCount');
  return live.size;
}

/** Labels of the live buffers, to name a leak. */
export function liveBufferLabels(): string[] {
  checkEnabled('liveBufferLabels');
  return [...live.values()];
}

/** Called by the helpers for each queue submit. */
export function countSubmit(): void {
  if (enabled) submits++;
}

/** Called by the helpers for each buffer readback. */
export function countReadback(): void {
  if (enabled) readbacks++;
}

/**
 * Called by kernel.ts when a pipeline compile starts; the returned function is called once it
 * settles. Does nothing while tracking is off.
 */
export function countPipelineCompile(label: string): () => void {
  if (!enabled) return () => {};
  const start = performance.now();
  if (compilesInFlight++ === 0) compilingSince = start;
  return () => {
    const end = performance.now();
    pipelines++;
    compileLog.push({ label, ms: end - start });
    if (--compilesInFlight === 0) compileMs += end - compilingSince;
  };
}

/**
 * Counts `buffer` as live until its own destroy() is called (destroying the device does not
 * count: whoever creates a buffer destroys it). Does nothing while tracking is off.
 */
export function trackBuffer(buffer: GPUBuffer, label: string): void {
  if (!enabled) return;
  live.set(buffer, label);
  const destroy = buffer.destroy.bind(buffer);
  // An own property shadows the prototype's method, so buffer.destroy() keeps the count right.
  Object.defineProperty(buffer, 'destroy', {
    configurable: true,
    value: () => {
      live.delete(buffer);
      destroy();
    },
  });
}
