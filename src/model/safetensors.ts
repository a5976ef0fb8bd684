import { ModelFormatError } from '../errors.ts';
import { f16DecodeTable } from './half.ts';
import { decodeUtf8, describePosition, parseJsonSyntax, scanJson, showValue } from './json-text.ts';

/**
 * Reader for the safetensors format: an 8-byte little-endian header length N, N bytes of
 * JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {..}}`,
 * then the data section, offsets relative to its start. Validated as strictly as the
 * reference implementation, so a damaged file fails here and names what is wrong.
 */

export type SafetensorsDtype = 'F32' | 'F16' | 'BF16';

/** A tensor as stored, converted to f32. */
export interface RawTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsContents {
  tensors: Map<string, RawTensor>;
  metadata: Record<string, string>;
}

/** The reference implementation's cap: a larger header is surely not a safetensors file. */
const MAX_HEADER_BYTES = 100_000_000;

export const DTYPE_BYTES: Record<SafetensorsDtype, number> = { F32: 4, F16: 2, BF16: 2 };

const METADATA_KEY = '__metadata__';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Entry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  begin: number;
  end: number;
}

/** Reads and validates a whole .safetensors file; F16/BF16 tensors are decoded to f32. */
export function readSafetensors(bytes: Uint8Array, file = 'model.safetensors'): Map<string, RawTensor> {
  return readSafetensorsContents(bytes, file).tensors;
}

/** As readSafetensors, with the `__metadata__` string map too. */
export function readSafetensorsContents(bytes: Uint8Array, file = 'model.safetensors'): SafetensorsContents {
  const fail = (detail: string, tensor?: string): never => {
    throw new ModelFormatError(file, detail, tensor === undefined ? {} : { tensor });
  };

  if (bytes.length < 8) fail(`file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getBigUint64(0, true);
  if (headerLength > BigInt(MAX_HEADER_BYTES)) {
    fail(`header length ${headerLength} exceeds the ${MAX_HEADER_BYTES}-byte limit (not a safetensors file?)`);
  }
  const n = Number(headerLength);
  if (8 + n > bytes.length) fail(`header length ${n} runs past the end of the file (${bytes.length} bytes)`);

  // TextDecoder would drop a byte order mark silently; the reference (serde_json) refuses one.
  if (n >= 3 && bytes[8] === 0xef && bytes[9] === 0xbb && bytes[10] === 0xbf) {
    fail('header starts with a UTF-8 byte order mark (EF BB BF); it must start with the JSON text');
  }
  const headerText = decodeUtf8(bytes.subarray(8, 8 + n), file, 'header');
  const header = parseJsonSyntax(headerText, file, 'header');
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail(`header is not a JSON object (found ${Array.isArray(header) ? 'an array' : showValue(header)})`);
  }
  checkNoDuplicateKeys(headerText, file);

  let metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, value] of Object.entries(header as Record<string, unknown>)) {
    if (name === METADATA_KEY) {
      metadata = readMetadata(value, file);
      continue;
    }
    entries.push(readEntry(name, value, file));
  }

  const dataStart = 8 + n;
  checkLayout(entries, bytes.length - dataStart, file);

  const tensors = new Map<string, RawTensor>();
  for (const entry of entries) {
    const raw = bytes.subarray(dataStart + entry.begin, dataStart + entry.end);
    tensors.set(entry.name, { dtype: entry.dtype, shape: entry.shape, data: decodeTensorData(raw, entry.dtype) });
  }
  return { tensors, metadata };
}

/** A duplicated top-level key names the tensor; a nested one names the tensor it is in. */
function checkNoDuplicateKeys(headerText: string, file: string): void {
  const duplicate = scanJson(headerText).duplicate;
  if (!duplicate) return;
  const where = describePosition(headerText, duplicate.position);
  if (duplicate.path.length === 0) {
    throw new ModelFormatError(file, `appears more than once in the header at ${where}`, { tensor: duplicate.key });
  }
  throw new ModelFormatError(file, `key "${duplicate.key}" appears more than once at ${where}`, {
    tensor: duplicate.path[0],
  });
}

function readMetadata(value: unknown, file: string): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ModelFormatError(file, `"${METADATA_KEY}" must be an object of strings, found ${showValue(value)}`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== 'string') {
      throw new ModelFormatError(
        file,
        `"${METADATA_KEY}" value of "${key}" must be a string, found ${showValue(item)}`,
      );
    }
  }
  return value as Record<string, string>;
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function readEntry(name: string, value: unknown, file: string): Entry {
  // Typed as never-returning so that each check narrows the value it checked.
  const fail: (detail: string) => never = (detail) => {
    throw new ModelFormatError(file, detail, { tensor: name });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    fail(`header entry must be an object with dtype, shape and data_offsets, found ${showValue(value)}`);
  }
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;

  if (typeof dtype !== 'string') fail(`dtype must be a string, found ${showValue(dtype)}`);
  if (!Object.prototype.hasOwnProperty.call(DTYPE_BYTES, dtype)) {
    fail(`unsupported dtype ${showValue(dtype)} (supported: F32, F16, BF16)`);
  }
  if (!Array.isArray(shape) || !shape.every(isCount)) {
    fail(`shape must be an array of non-negative integers, found ${showValue(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
    fail(`data_offsets must be [begin, end] with non-negative integers, found ${showValue(offsets)}`);
  }
  const [begin, end] = offsets;
  if (begin > end) fail(`data_offsets [${begin}, ${end}]: begin is after end`);

  const elements = shape.reduce((a, b) => a * b, 1);
  const expectedBytes = elements * DTYPE_BYTES[dtype as SafetensorsDtype];
  if (expectedBytes !== end - begin) {
    fail(
      `shape [${shape.join(', ')}] of ${dtype} needs ${expectedBytes} bytes, ` +
        `but data_offsets [${begin}, ${end}] hold ${end - begin}`,
    );
  }
  return { name, dtype: dtype as SafetensorsDtype, shape: [...shape], begin, end };
}

/**
 * The tensors must tile the data section exactly: sorted by offset they start at 0, each
 * begins where the previous ends, and the last ends at the end of the file.
 */
function checkLayout(entries: Entry[], dataBytes: number, file: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  let previous: Entry | undefined;
  for (const entry of sorted) {
    const span = `data_offsets [${entry.begin}, ${entry.end}]`;
    if (entry.begin < covered) {
      throw new ModelFormatError(
        file,
        `${span} overlap tensor "${previous!.name}" [${previous!.begin}, ${previous!.end}]`,
        {
          tensor: entry.name,
        },
      );
    }
    if (entry.begin > covered) {
      const after = previous ? `tensor "${previous.name}" ends at ${covered}` : 'the data section starts at 0';
      throw new ModelFormatError(file, `${span} leave a gap: ${after}`, { tensor: entry.name });
    }
    if (entry.end > dataBytes) {
      throw new ModelFormatError(
        file,
        `${span} run past the end of the file (the data section holds ${dataBytes} bytes: truncated file?)`,
        { tensor: entry.name },
      );
    }
    covered = entry.end;
    previous = entry;
  }
  if (covered < dataBytes) {
    throw new ModelFormatError(
      file,
      `${dataBytes - covered} trailing bytes after the last tensor (tensors end at ${covered} of ${dataBytes})`,
    );
  }
}

/** Converts one tensor's bytes to f32. Aligned F32 data is viewed in place; misaligned data is copied. */
function decodeTensorData(raw: Uint8Array, dtype: SafetensorsDtype): Float32Array {
  const count = raw.length / DTYPE_BYTES[dtype];
  const aligned = raw.byteOffset % DTYPE_BYTES[dtype] === 0;
  if (dtype === 'F32') {
    if (LITTLE_ENDIAN && aligned) return new Float32Array(raw.buffer, raw.byteOffset, count);
    if (LITTLE_ENDIAN) return new Float32Array(raw.slice().buffer);
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, true);
    return out;
  }
  const halves = halfWords(raw, aligned, count);
  const out = new Float32Array(count);
  if (dtype === 'F16') {
    const table = f16DecodeTable();
    for (let i = 0; i < count; i++) out[i] = table[halves[i]];
  } else {
    // A BF16 value is the top 16 bits of the f32 with the same value.
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < count; i++) bits[i] = halves[i] << 16;
  }
  return out;
}

/** The 16-bit little-endian words of F16/BF16 data, copied when misaligned or big-endian. */
function halfWords(raw: Uint8Array, aligned: boolean, count: number): Uint16Array {
  if (LITTLE_ENDIAN) {
    return aligned ? new Uint16Array(raw.buffer, raw.byteOffset, count) : new Uint16Array(raw.slice().buffer);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const words = new Uint16Array(count);
  for (let i = 0; i < count; i++) words[i] = view.getUint16(2 * i, true);
  return words;
}
