import type { Seq2SeqRunner } from '../engine/runner.ts';
import { createCpuRunner } from '../engine/cpu-runner.ts';
import { createGpuRunner } from '../engine/gpu-runner.ts';
import type { Model } from '../model/model.ts';

/** Makes the runner of a backend for a loaded model; the gpu backend logs the adapter it runs on. */
export async function createRunner(
  backend: 'cpu' | 'gpu',
  model: Model,
  log: (line: string) => void,
): Promise<Seq2SeqRunner> {
  return backend === 'cpu' ? createCpuRunner(model) : createGpuRunner(model, { log });
}
