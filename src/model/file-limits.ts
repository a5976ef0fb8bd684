/**
 * Size caps on the model files, checked before their bytes are read (from disk or over HTTP),
 * so that a device, a runaway file or a lying server cannot exhaust memory.
 */

const MIB = 1024 * 1024;
const GIB = 1024 * MIB;

/** config.json and vocab.json: real ones are kilobytes to a few megabytes. */
export const MAX_JSON_FILE_BYTES = 64 * MIB;

/** tokenizer.json (shared or per side): real ones are a few megabytes, large multilingual ones tens. */
export const MAX_TOKENIZER_FILE_BYTES = 64 * MIB;

/** model.safetensors: the whole file is held in one Uint8Array, so no more than 4 GiB. */
export const MAX_SAFETENSORS_FILE_BYTES = 4 * GIB;

export interface ModelFileLimits {
  /** The most bytes config.json or vocab.json may hold. */
  json: number;
  /** The most bytes model.safetensors may hold. */
  safetensors: number;
  /** The most bytes each tokenizer file may hold (default MAX_TOKENIZER_FILE_BYTES). */
  tokenizer?: number;
}

export const MODEL_FILE_LIMITS: ModelFileLimits = {
  json: MAX_JSON_FILE_BYTES,
  safetensors: MAX_SAFETENSORS_FILE_BYTES,
  tokenizer: MAX_TOKENIZER_FILE_BYTES,
};

/** A byte count in words: "5 GiB", "64 MiB", or the exact bytes when not a whole unit. */
export function describeBytes(bytes: number): string {
  for (const [unit, name] of [
    [GIB, 'GiB'],
    [MIB, 'MiB'],
    [1024, 'KiB'],
  ] as const) {
    if (bytes >= unit) {
      return bytes % unit === 0 ? `${bytes / unit} ${name}` : `${bytes} bytes (${(bytes / unit).toFixed(1)} ${name})`;
    }
  }
  return `${bytes} bytes`;
}

/** The error detail for a file over its cap. */
export function tooLarge(size: number, limit: number): string {
  return `is ${describeBytes(size)}, more than the ${describeBytes(limit)} limit`;
}
