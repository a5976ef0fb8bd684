import { constants, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ModelFormatError } from '../errors.ts';
import { MAX_TOKENIZER_FILE_BYTES, MODEL_FILE_LIMITS, type ModelFileLimits, tooLarge } from './file-limits.ts';
import { decodeUtf8 } from './json-text.ts';
import { loadModelFromFiles } from './load.ts';
import type { Model } from './model.ts';

/** Node's largest single read; longer files are read in pieces. */
const READ_CHUNK_BYTES = 1 << 30;

/**
 * Loads a model directory (config.json, model.safetensors, optional vocab.json or tokenizer files) in Node.
 * Symlinks are followed, but each file must be a regular file within its size cap
 * (`limits`, by default MODEL_FILE_LIMITS).
 */
export async function loadModelDir(dir: string, limits: ModelFileLimits = MODEL_FILE_LIMITS): Promise<Model> {
  const where = `model directory "${dir}"`;
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new ModelFormatError(where, describeFsError(error, 'not found'));
  }
  if (!info.isDirectory()) throw new ModelFormatError(where, 'not a directory');

  const names = {
    config: join(dir, 'config.json'),
    safetensors: join(dir, 'model.safetensors'),
    vocab: join(dir, 'vocab.json'),
    tokenizer: join(dir, 'tokenizer.json'),
    sourceTokenizer: join(dir, 'source.tokenizer.json'),
    targetTokenizer: join(dir, 'target.tokenizer.json'),
  };
  const read = async (name: string, required: boolean, limit: number): Promise<Uint8Array | undefined> => {
    try {
      return await readRegularFile(join(dir, name), limit);
    } catch (error) {
      if (error instanceof ModelFormatError) throw error;
      if (!required && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new ModelFormatError(where, `${name} ${describeFsError(error, 'not found')}`);
    }
  };
  const configBytes = (await read('config.json', true, limits.json))!;
  const safetensors = (await read('model.safetensors', true, limits.safetensors))!;
  const vocabBytes = await read('vocab.json', false, limits.json);
  const tokenizerLimit = limits.tokenizer ?? MAX_TOKENIZER_FILE_BYTES;
  const tokenizerBytes = await read('tokenizer.json', false, tokenizerLimit);
  const sourceTokenizerBytes = await read('source.tokenizer.json', false, tokenizerLimit);
  const targetTokenizerBytes = await read('target.tokenizer.json', false, tokenizerLimit);

  return loadModelFromFiles(
    {
      config: decodeUtf8(configBytes, names.config),
      safetensors,
      vocab: vocabBytes && decodeUtf8(vocabBytes, names.vocab),
      tokenizer: tokenizerBytes && decodeUtf8(tokenizerBytes, names.tokenizer),
      sourceTokenizer: sourceTokenizerBytes && decodeUtf8(sourceTokenizerBytes, names.sourceTokenizer),
      targetTokenizer: targetTokenizerBytes && decodeUtf8(targetTokenizerBytes, names.targetTokenizer),
    },
    names,
  );
}

/**
 * The whole of a regular file of at most `limit` bytes. Anything else (a device, a FIFO, a
 * socket, a directory) is refused before a byte is read: /dev/zero would never end and a FIFO
 * would block. File-system errors other than these are thrown as they are.
 */
async function readRegularFile(path: string, limit: number): Promise<Uint8Array> {
  // stat first (it follows symlinks), so that a device or socket is never even opened.
  checkRegular(await stat(path), path, limit);
  // O_NONBLOCK keeps the open from waiting for a writer if a FIFO was swapped in meanwhile.
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const size = checkRegular(await handle.stat(), path, limit);
    return await readExactly(handle, size, path);
  } finally {
    await handle.close();
  }
}

/** The file's size, or a ModelFormatError if it is not a regular file or is over `limit`. */
function checkRegular(info: Stats, path: string, limit: number): number {
  if (!info.isFile()) throw new ModelFormatError(path, `is ${describeFileType(info)}, not a regular file`);
  if (info.size > limit) throw new ModelFormatError(path, tooLarge(info.size, limit));
  return info.size;
}

function describeFileType(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** Reads exactly `size` bytes: a file that shrinks or grows while being read is refused. */
async function readExactly(handle: FileHandle, size: number, path: string): Promise<Uint8Array> {
  const bytes = new Uint8Array(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, Math.min(size - filled, READ_CHUNK_BYTES), filled);
    if (bytesRead === 0) {
      throw new ModelFormatError(path, `shrank while being read (${filled} of ${size} bytes were there)`);
    }
    filled += bytesRead;
  }
  const { bytesRead: extra } = await handle.read(new Uint8Array(1), 0, 1, size);
  if (extra > 0) throw new ModelFormatError(path, `grew past its size of ${size} bytes while being read`);
  return bytes;
}

/** A file-system error in words, without the stack or errno noise. */
function describeFsError(error: unknown, missing: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return missing;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'EISDIR') return 'is a directory, not a file';
  return `cannot be read: ${(error as Error).message}`;
}
