/** Timing helpers shared by the benchmarks: wall-clock milliseconds, medians of repeated runs. */

/** Milliseconds that fn takes, synchronous or not, with its result. */
export async function timeMs<T>(fn: () => T | Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** The median of `runs` timings of fn (after whatever warm-up the caller did). */
export async function medianMs(runs: number, fn: () => unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timeMs(fn)).ms);
  times.sort((a, b) => a - b);
  const middle = times.length >> 1;
  return times.length % 2 ? times[middle] : (times[middle - 1] + times[middle]) / 2;
}

/** A progress line on stderr, so stdout keeps only the table. */
export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}
