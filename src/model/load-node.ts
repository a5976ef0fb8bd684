import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFormatError } from '../errors.ts';
import { decodeUtf8 } from './json-text.ts';
import { loadModelFromFiles } from './load.ts';
import type { Model } from './model.ts';

/** Loads a model directory (config.json, model.safetensors, optional vocab.json) in Node. */
export async function loadModelDir(dir: string): Promise<Model> {
  const where = `model directory "${dir}"`;
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new ModelFormatError(where, describeFsError(error, 'not found'));
  }
  if (!info.isDirectory()) throw new ModelFormatError(where, 'not a directory');

  const read = async (name: string, required: boolean): Promise<Uint8Array | undefined> => {
    try {
      const buffer = await readFile(join(dir, name));
      return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    } catch (error) {
      if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ModelFormatError(where, `${name} ${describeFsError(error, 'not found')}`);
    }
  };
  const configBytes = (await read('config.json', true))!;
  const safetensors = (await read('model.safetensors', true))!;
  const vocabBytes = await read('vocab.json', false);

  const names = {
    config: join(dir, 'config.json'),
    safetensors: join(dir, 'model.safetensors'),
    vocab: join(dir, 'vocab.json'),
  };
  return loadModelFromFiles(
    {
      config: decodeUtf8(configBytes, names.config),
      safetensors,
      vocab: vocabBytes && decodeUtf8(vocabBytes, names.vocab),
    },
    names,
  );
}

/** A file-system error in words, without the stack or errno noise. */
function describeFsError(error: unknown, missing: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return missing;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return `cannot be read: ${(error as Error).message}`;
}
