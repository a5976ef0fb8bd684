import type { Seq2SeqRunner } from '../backend.ts';
import { createCpuRunner } from '../cpu/runner.ts';
import { UnrollError } from '../errors.ts';
import type { Model } from '../model/model.ts';

/** Makes the runner of a backend for a loaded model. */
export async function createRunner(
  backend: 'cpu' | 'gpu',
  model: Model,
  log: (line: string) => void,
): Promise<Seq2SeqRunner> {
  if (backend === 'cpu') return createCpuRunner(model);
  void log;
  throw new UnrollError('gpu', 'the gpu backend is not implemented yet: use --backend cpu');
}
