/** Writes a trained model as a model directory (docs/model-format.md). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Model } from '../../src/model/model.ts';
import type { SafetensorsDtype } from '../../src/model/safetensors.ts';
import { type TensorToWrite, writeSafetensors } from '../../src/model/safetensors-write.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';

export async function writeModelDirectory(
  dir: string,
  model: Model,
  dtype: SafetensorsDtype,
  metadata: Record<string, string> = {},
): Promise<void> {
  if (!model.vocab) throw new Error('a trained model is written with its vocabulary');
  const tensors: Record<string, TensorToWrite> = {};
  for (const spec of expectedTensors(model.config)) {
    tensors[spec.name] = { dtype, shape: spec.shape, data: model.weights.get(spec.name)! };
  }
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), `${JSON.stringify(model.config, null, 2)}\n`);
  await writeFile(join(dir, 'model.safetensors'), writeSafetensors(tensors, metadata));
  await writeFile(join(dir, 'vocab.json'), `${JSON.stringify(model.vocab)}\n`);
}
