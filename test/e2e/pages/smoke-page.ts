// Runs the smoke kernel in the browser through the same GPU layer as Node, and exposes the
// outcome as `window.smokeResult` for the test driving the browser.
import { acquireGpu } from '../../../src/gpu/device.ts';
import { runSmoke } from '../../../src/gpu/smoke.ts';
import { SMOKE_A, SMOKE_B, smokeInput, smokeMismatches } from '../../gpu/smoke-data.ts';

export interface PageSmokeRun {
  x: number[];
  y: number[];
  guard: number[];
  grid: number[];
  pipelineMs: number;
  runMs: number;
}

export interface PageSmokeResult {
  log: string[];
  adapter: { vendor: string; architecture: string; description: string; isSoftware: boolean };
  features: string[];
  flat: PageSmokeRun;
  folded: PageSmokeRun;
}

declare global {
  interface Window {
    smokeResult: Promise<PageSmokeResult>;
  }
}

async function run(device: GPUDevice, n: number, seed: number, gridLimit?: number): Promise<PageSmokeRun> {
  const x = smokeInput(n, seed);
  const result = await runSmoke(device, x, SMOKE_A, SMOKE_B, { gridLimit });
  return {
    x: Array.from(x),
    y: Array.from(result.y),
    guard: Array.from(result.guard),
    grid: result.grid,
    pipelineMs: result.pipelineMs,
    runMs: result.runMs,
  };
}

async function main(): Promise<PageSmokeResult> {
  const log: string[] = [];
  const gpu = await acquireGpu({ log: (line) => log.push(line) });
  try {
    const flat = await run(gpu.device, 10_000, 7);
    const folded = await run(gpu.device, 1000, 11, 6);
    const mismatches = [
      ...smokeMismatches(flat.x, SMOKE_A, SMOKE_B, flat.y),
      ...smokeMismatches(folded.x, SMOKE_A, SMOKE_B, folded.y),
    ];
    show(mismatches.length === 0 ? 'passed' : 'FAILED', [
      ...log,
      `adapter: ${JSON.stringify(gpu.adapterInfo)}`,
      `flat: ${flat.x.length} elements, grid ${flat.grid.join(',')}, pipeline ${flat.pipelineMs.toFixed(0)} ms, run ${flat.runMs.toFixed(1)} ms`,
      `folded: ${folded.x.length} elements, grid ${folded.grid.join(',')}`,
      ...mismatches,
    ]);
    return { log, adapter: gpu.adapterInfo, features: [...gpu.device.features], flat, folded };
  } finally {
    gpu.destroy();
  }
}

function show(status: string, lines: string[]): void {
  document.getElementById('status')!.textContent = status;
  document.getElementById('details')!.textContent = lines.join('\n');
}

window.smokeResult = main();
window.smokeResult.catch((error: unknown) => show('FAILED', [String(error)]));
