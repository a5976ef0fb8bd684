import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.ts';
import { f32ToBf16Bits, f32ToF16Bits } from '../../src/model/half.ts';
import { readSafetensors, readSafetensorsContents } from '../../src/model/safetensors.ts';
import { writeSafetensors } from '../../src/model/safetensors-write.ts';
import { seededRandom } from '../../src/model/random-model.ts';

/** A file from a header (object or raw text, not padded) and a data section. */
function file(header: object | string, data: Uint8Array | number = 0, headerLength?: bigint): Uint8Array {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  const body = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setBigUint64(0, headerLength ?? BigInt(json.length), true);
  out.set(json, 8);
  out.set(body, 8 + json.length);
  return out;
}

const f32 = (shape: number[], begin: number, end: number) => ({ dtype: 'F32', shape, data_offsets: [begin, end] });

function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    return error as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError, nothing was thrown');
}

const readError = (bytes: Uint8Array) => formatError(() => readSafetensors(bytes, 'm/model.safetensors'));

describe('readSafetensors header checks', () => {
  it('rejects a file shorter than 8 bytes', () => {
    expect(readError(new Uint8Array(5)).message).toBe(
      'm/model.safetensors: file is 5 bytes, too short for the 8-byte header length',
    );
  });

  it('rejects a header length over the cap or past the end of the file', () => {
    expect(readError(file('{}', 0, 2n ** 40n)).message).toBe(
      'm/model.safetensors: header length 1099511627776 exceeds the 100000000-byte limit (not a safetensors file?)',
    );
    expect(readError(file('{}', 0, 2n ** 64n - 1n)).message).toContain('exceeds the 100000000-byte limit');
    expect(readError(file('{}', 0, 40n)).message).toBe(
      'm/model.safetensors: header length 40 runs past the end of the file (10 bytes)',
    );
  });

  it('rejects a header that is not UTF-8, not JSON or not an object', () => {
    const bytes = file('{"a"}');
    bytes[9] = 0xff;
    expect(readError(bytes).message).toBe('m/model.safetensors: header is not valid UTF-8');
    expect(readError(file('{"a": {"dtype": "F32",}}')).message).toBe(
      'm/model.safetensors: header is not valid JSON: expected a double-quoted property name, found character "}" at line 1, column 23 (offset 22)',
    );
    expect(readError(file('[1, 2]')).message).toBe('m/model.safetensors: header is not a JSON object (found an array)');
    expect(readError(file('"x"')).message).toBe('m/model.safetensors: header is not a JSON object (found "x")');
  });

  it('rejects a header that starts with a byte order mark, as the reference does', () => {
    // serde_json refuses U+FEFF before the value; TextDecoder alone would drop it silently.
    expect(readError(file('\ufeff{}')).message).toBe(
      'm/model.safetensors: header starts with a UTF-8 byte order mark (EF BB BF); it must start with the JSON text',
    );
    expect(readError(file(`\ufeff{"w": ${JSON.stringify(f32([1], 0, 4))}}`, 4)).message).toContain('byte order mark');
    // JSON whitespace before the object is accepted by serde_json, so it is here too.
    expect([...readSafetensors(file(` \n{"w": ${JSON.stringify(f32([1], 0, 4))}}`, 4)).keys()]).toEqual(['w']);
  });

  it('rejects duplicate tensor names and duplicate keys inside an entry', () => {
    const text =
      '{"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}';
    const error = readError(file(text, 4));
    expect(error.tensor).toBe('w');
    expect(error.message).toBe(
      'm/model.safetensors: tensor "w": appears more than once in the header at line 1, column 63 (offset 62)',
    );
    const nested = readError(file('{"w": {"dtype": "F32", "dtype": "F16", "shape": [1], "data_offsets": [0, 4]}}', 4));
    expect(nested.message).toContain('tensor "w": key "dtype" appears more than once');
  });

  it('accepts __metadata__ as a map of strings and skips it', () => {
    const { tensors, metadata } = readSafetensorsContents(
      file({ __metadata__: { format: 'pt', step: '12' }, w: f32([1], 0, 4) }, 4),
    );
    expect([...tensors.keys()]).toEqual(['w']);
    expect(metadata).toEqual({ format: 'pt', step: '12' });
    expect(readError(file({ __metadata__: { step: 12 }, w: f32([1], 0, 4) }, 4)).message).toBe(
      'm/model.safetensors: "__metadata__" value of "step" must be a string, found 12',
    );
    expect(readError(file({ __metadata__: ['x'] })).message).toContain('"__metadata__" must be an object of strings');
  });

  it('accepts an empty file with no tensors', () => {
    expect(readSafetensors(file({})).size).toBe(0);
  });
});

describe('readSafetensors tensor checks', () => {
  it('rejects unsupported and malformed dtypes, naming the tensor', () => {
    for (const dtype of ['I64', 'F64', 'U8', 'float32']) {
      const error = readError(file({ ids: { dtype, shape: [1], data_offsets: [0, 8] } }, 8));
      expect(error.tensor).toBe('ids');
      expect(error.message).toBe(
        `m/model.safetensors: tensor "ids": unsupported dtype "${dtype}" (supported: F32, F16, BF16)`,
      );
    }
    expect(readError(file({ w: { shape: [1], data_offsets: [0, 4] } }, 4)).message).toBe(
      'm/model.safetensors: tensor "w": dtype must be a string, found nothing',
    );
    expect(readError(file({ w: 'F32' }, 4)).message).toContain('tensor "w": header entry must be an object');
  });

  it('rejects bad shapes', () => {
    for (const shape of [[-1], [1.5], ['2'], 3, null]) {
      const error = readError(file({ w: { dtype: 'F32', shape, data_offsets: [0, 4] } }, 4));
      expect(error.message).toBe(
        `m/model.safetensors: tensor "w": shape must be an array of non-negative integers, found ${JSON.stringify(shape)}`,
      );
    }
  });

  it('rejects bad data_offsets', () => {
    for (const offsets of [[0], [0, 4, 8], [-4, 0], [0, 4.5], '0,4']) {
      const error = readError(file({ w: { dtype: 'F32', shape: [1], data_offsets: offsets } }, 4));
      expect(error.message).toBe(
        `m/model.safetensors: tensor "w": data_offsets must be [begin, end] with non-negative integers, found ${JSON.stringify(offsets)}`,
      );
    }
    expect(readError(file({ w: f32([0], 4, 0) }, 4)).message).toBe(
      'm/model.safetensors: tensor "w": data_offsets [4, 0]: begin is after end',
    );
  });

  it('checks that the byte span matches shape and dtype', () => {
    expect(readError(file({ w: f32([2, 3], 0, 20) }, 20)).message).toBe(
      'm/model.safetensors: tensor "w": shape [2, 3] of F32 needs 24 bytes, but data_offsets [0, 20] hold 20',
    );
    const half = readError(file({ h: { dtype: 'F16', shape: [3], data_offsets: [0, 12] } }, 12));
    expect(half.message).toContain('tensor "h": shape [3] of F16 needs 6 bytes');
  });

  it('requires the tensors to tile the data section', () => {
    expect(readError(file({ a: f32([1], 4, 8) }, 8)).message).toBe(
      'm/model.safetensors: tensor "a": data_offsets [4, 8] leave a gap: the data section starts at 0',
    );
    expect(readError(file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, 12)).message).toBe(
      'm/model.safetensors: tensor "b": data_offsets [8, 12] leave a gap: tensor "a" ends at 4',
    );
    expect(readError(file({ a: f32([2], 0, 8), b: f32([1], 4, 8) }, 8)).message).toBe(
      'm/model.safetensors: tensor "b": data_offsets [4, 8] overlap tensor "a" [0, 8]',
    );
    expect(readError(file({ a: f32([1], 0, 4), b: f32([1], 0, 4) }, 4)).message).toContain('overlap tensor');
  });

  it('rejects a truncated data section and trailing bytes', () => {
    expect(readError(file({ a: f32([1], 0, 4), b: f32([2], 4, 12) }, 10)).message).toBe(
      'm/model.safetensors: tensor "b": data_offsets [4, 12] run past the end of the file (the data section holds 10 bytes: truncated file?)',
    );
    expect(readError(file({ a: f32([1], 0, 4) }, 7)).message).toBe(
      'm/model.safetensors: 3 trailing bytes after the last tensor (tensors end at 4 of 7)',
    );
  });

  it('accepts zero-element tensors anywhere in the layout', () => {
    const tensors = readSafetensors(file({ e: f32([0, 3], 4, 4), a: f32([1], 0, 4), z: f32([2, 0], 0, 0) }, 4));
    expect(tensors.get('e')).toEqual({ dtype: 'F32', shape: [0, 3], data: new Float32Array(0) });
    expect(tensors.get('z')?.shape).toEqual([2, 0]);
  });
});

describe('readSafetensors decoding', () => {
  const words = (values: number[]) => new Uint8Array(new Uint16Array(values).buffer);

  it('decodes F16 bit patterns exactly', () => {
    const bits = [0x3c00, 0xc100, 0x7bff, 0x0001, 0x7c00, 0xfc00, 0x7e00, 0x8000];
    const tensor = readSafetensors(
      file({ h: { dtype: 'F16', shape: [2, 4], data_offsets: [0, 16] } }, words(bits)),
    ).get('h')!;
    expect(tensor.dtype).toBe('F16');
    expect(tensor.shape).toEqual([2, 4]);
    expect(Array.from(tensor.data)).toEqual([1, -2.5, 65504, 2 ** -24, Infinity, -Infinity, NaN, -0]);
  });

  it('decodes BF16 bit patterns exactly', () => {
    const bits = [0x3f80, 0xc020, 0x7f7f, 0x0001, 0x7f80, 0xff80, 0x7fc0, 0x8000];
    const tensor = readSafetensors(file({ b: { dtype: 'BF16', shape: [8], data_offsets: [0, 16] } }, words(bits))).get(
      'b',
    )!;
    expect(Array.from(tensor.data)).toEqual([1, -2.5, 3.3895313892515355e38, 2 ** -133, Infinity, -Infinity, NaN, -0]);
  });

  it('reads misaligned tensors by copying them', () => {
    // A header of odd length: the data section starts at an odd byte, aligned for no dtype.
    const values = new Float32Array([1.5, -2.25, 3e-8]);
    const halves = words([0x3c00, 0xc100, 0x0001]);
    const header = {
      a: f32([3], 0, 12),
      h: { dtype: 'F16', shape: [3], data_offsets: [12, 18] },
      b: { dtype: 'BF16', shape: [1], data_offsets: [18, 20] },
    };
    const text = JSON.stringify(header);
    const padded = text.length % 2 === 0 ? `${text} ` : text;
    const data = new Uint8Array(20);
    data.set(new Uint8Array(values.buffer), 0);
    data.set(halves, 12);
    data.set(words([0xc020]), 18);
    const bytes = file(padded, data);
    expect((8 + new TextEncoder().encode(padded).length) % 2).toBe(1);
    const tensors = readSafetensors(bytes);
    expect(Array.from(tensors.get('a')!.data)).toEqual(Array.from(values));
    expect(Array.from(tensors.get('h')!.data)).toEqual([1, -2.5, 2 ** -24]);
    expect(Array.from(tensors.get('b')!.data)).toEqual([-2.5]);
    expect(tensors.get('a')!.data.buffer).not.toBe(bytes.buffer);

    // The same file inside a larger buffer at an odd offset.
    const host = new Uint8Array(bytes.length + 3);
    host.set(bytes, 3);
    const shifted = readSafetensors(host.subarray(3));
    expect(Array.from(shifted.get('a')!.data)).toEqual(Array.from(values));
    expect(Array.from(shifted.get('h')!.data)).toEqual([1, -2.5, 2 ** -24]);
  });

  it('views aligned F32 data in place', () => {
    const bytes = writeSafetensors({ w: { shape: [2], data: new Float32Array([7, 8]) } });
    const tensor = readSafetensors(bytes).get('w')!;
    expect(tensor.data.buffer).toBe(bytes.buffer);
    expect(Array.from(tensor.data)).toEqual([7, 8]);
  });
});

describe('writeSafetensors', () => {
  it('lays out the file as the reference serializer does', () => {
    const bytes = writeSafetensors(
      {
        b: { dtype: 'F16', shape: [1], data: new Float32Array([1]) },
        a: { dtype: 'F16', shape: [1], data: new Float32Array([2]) },
        z: { shape: [1], data: new Float32Array([3]) },
        m: { dtype: 'BF16', shape: [1], data: new Float32Array([4]) },
      },
      { format: 'pt' },
    );
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const header = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    const json =
      '{"__metadata__":{"format":"pt"},' +
      '"z":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},' +
      '"m":{"dtype":"BF16","shape":[1],"data_offsets":[4,6]},' +
      '"a":{"dtype":"F16","shape":[1],"data_offsets":[6,8]},' +
      '"b":{"dtype":"F16","shape":[1],"data_offsets":[8,10]}}';
    expect(header).toBe(json + ' '.repeat(n - json.length));
    expect(n - json.length).toBeLessThan(8);
    expect(bytes.length).toBe(8 + n + 10);
    expect(Array.from(bytes.subarray(8 + n + 4))).toEqual([0x80, 0x40, 0x00, 0x40, 0x00, 0x3c]); // bf16 4, f16 2, f16 1
  });

  it('round-trips every dtype', () => {
    const rand = seededRandom(3);
    const values = Float32Array.from({ length: 60 }, () => (rand() * 2 - 1) * 100);
    values.set([0, -0, 1, -2.5, 65504, 2 ** -24, Infinity, -Infinity, NaN], 0);
    for (const dtype of ['F32', 'F16', 'BF16'] as const) {
      const bytes = writeSafetensors({
        t: { dtype, shape: [3, 4, 5], data: values },
        s: { dtype, shape: [], data: new Float32Array([0.5]) },
      });
      const read = readSafetensors(bytes);
      const t = read.get('t')!;
      expect(t.dtype).toBe(dtype);
      expect(t.shape).toEqual([3, 4, 5]);
      const expected = values.map((v) =>
        dtype === 'F32' ? v : dtype === 'F16' ? decodeF16(f32ToF16Bits(v)) : decodeBf16(f32ToBf16Bits(v)),
      );
      expect(Array.from(t.data)).toEqual(Array.from(expected));
      expect(read.get('s')).toEqual({ dtype, shape: [], data: new Float32Array([0.5]) });
    }
    // Values representable in every dtype come back unchanged.
    const exact = new Float32Array([1, -2.5, 0.375, 256, -0.0078125]);
    for (const dtype of ['F32', 'F16', 'BF16'] as const) {
      expect(
        Array.from(readSafetensors(writeSafetensors({ x: { dtype, shape: [5], data: exact } })).get('x')!.data),
      ).toEqual(Array.from(exact));
    }
  });

  it('rejects a shape that does not match the data', () => {
    expect(() => writeSafetensors({ w: { shape: [2, 2], data: new Float32Array(3) } })).toThrow(
      'tensor "w": shape [2, 2] does not match 3 values',
    );
  });
});

function decodeF16(bits: number): number {
  const bytes = writeSafetensorsRaw('F16', bits);
  return readSafetensors(bytes).get('x')!.data[0];
}
function decodeBf16(bits: number): number {
  return readSafetensors(writeSafetensorsRaw('BF16', bits)).get('x')!.data[0];
}
/** A one-element file with the given raw 16-bit pattern. */
function writeSafetensorsRaw(dtype: 'F16' | 'BF16', bits: number): Uint8Array {
  return file({ x: { dtype, shape: [1], data_offsets: [0, 2] } }, new Uint8Array([bits & 0xff, bits >> 8]));
}
