import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { ModelFormatError } from '../../src/errors.ts';
import type { ModelConfig } from '../../src/model/config.ts';
import type { Model, Vocabulary } from '../../src/model/model.ts';
import type { SafetensorsDtype } from '../../src/model/safetensors.ts';
import { type TensorToWrite, writeSafetensors } from '../../src/model/safetensors-write.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';

/**
 * A readable vocabulary for a config: the special tokens `<pad> <unk> <s> </s>` at their
 * config ids, every other source id i as `w{i}` and target id i as `t{i}`.
 */
export function makeVocab(config: ModelConfig): Vocabulary {
  const side = (size: number, prefix: string): string[] => {
    const tokens = Array.from({ length: size }, (_, i) => `${prefix}${i}`);
    const specials: [number, string][] = [
      [config.pad_id, '<pad>'],
      [config.unk_id, '<unk>'],
      [config.bos_id, '<s>'],
      [config.eos_id, '</s>'],
    ];
    for (const [id, token] of specials) if (id < size) tokens[id] = token;
    return tokens;
  };
  return { source: side(config.src_vocab_size, 'w'), target: side(config.tgt_vocab_size, 't') };
}

/** The model's weights as safetensors tensors, with their spec shapes. */
export function modelTensors(model: Model, dtype: SafetensorsDtype = 'F32'): Record<string, TensorToWrite> {
  const tensors: Record<string, TensorToWrite> = {};
  for (const spec of expectedTensors(model.config)) {
    const data = model.weights.get(spec.name);
    if (data) tensors[spec.name] = { dtype, shape: spec.shape, data };
  }
  return tensors;
}

export interface WriteModelOptions {
  /** Storage dtype of every tensor (default F32). */
  dtype?: SafetensorsDtype;
}

/**
 * Writes a model directory (config.json, model.safetensors and, when a vocabulary is given
 * or the model has one, vocab.json). Creates the directory; returns its path.
 */
export async function writeModelDir(
  dir: string,
  model: Model,
  vocab?: Vocabulary,
  options: WriteModelOptions = {},
): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'config.json'), `${JSON.stringify(model.config, null, 2)}\n`);
  await writeFile(join(dir, 'model.safetensors'), writeSafetensors(modelTensors(model, options.dtype)));
  const vocabulary = vocab ?? model.vocab;
  if (vocabulary) await writeFile(join(dir, 'vocab.json'), `${JSON.stringify(vocabulary)}\n`);
  return dir;
}

/** The ModelFormatError a promise rejects with; fails the test when it resolves or rejects otherwise. */
export async function modelFormatRejection(promise: Promise<unknown>): Promise<ModelFormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelFormatError);
  return error as ModelFormatError;
}
