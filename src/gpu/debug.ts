/**
 * Instrumentation of the buffer helpers (buffers.ts), for tests and the benchmark: the buffers
 * created and not yet destroyed (to catch leaks), and counts of queue submits and readbacks (to
 * check the scheduler's budget). All of it is off until enableGpuDebug() is called, so the library
 * keeps no books by default; reading a count while it is off throws, so that a check which forgot
 * to switch it on fails instead of comparing zeros.
 */

let enabled = false;
let submits = 0;
let readbacks = 0;
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
