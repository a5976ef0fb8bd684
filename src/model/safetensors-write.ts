import { f32ToBf16Bits, f32ToF16Bits } from './half.ts';
import { DTYPE_BYTES, type SafetensorsDtype } from './safetensors.ts';

/** A tensor to write: f32 values, stored as `dtype` (F32 unless given). */
export interface TensorToWrite {
  dtype?: SafetensorsDtype;
  shape: number[];
  data: Float32Array;
}

/** Same order as the reference serializer: larger dtypes first (F32, BF16, F16), then by name. */
const DTYPE_RANK: Record<SafetensorsDtype, number> = { F32: 0, BF16: 1, F16: 2 };

/**
 * Serializes tensors to safetensors bytes, laid out as the reference implementation does:
 * header JSON padded with spaces so the data section starts 8-byte aligned, tensors
 * stored back to back. F16/BF16 values are rounded to nearest, ties to even.
 */
export function writeSafetensors(
  tensors: Record<string, TensorToWrite>,
  metadata?: Record<string, string>,
): Uint8Array {
  const names = Object.keys(tensors).sort((a, b) => {
    const rank = DTYPE_RANK[tensors[a].dtype ?? 'F32'] - DTYPE_RANK[tensors[b].dtype ?? 'F32'];
    return rank || (a < b ? -1 : a > b ? 1 : 0);
  });

  // No prototype, so any tensor name (even "__proto__") becomes an ordinary key.
  const header = Object.create(null) as Record<string, unknown>;
  if (metadata) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    if (name === '__metadata__') throw new RangeError('"__metadata__" is reserved and cannot name a tensor');
    const { shape, data } = tensors[name];
    const dtype = tensors[name].dtype ?? 'F32';
    const elements = shape.reduce((a, b) => a * b, 1);
    if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0) || elements !== data.length) {
      throw new RangeError(`tensor "${name}": shape [${shape.join(', ')}] does not match ${data.length} values`);
    }
    const bytes = elements * DTYPE_BYTES[dtype];
    header[name] = { dtype, shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }

  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);

  let position = 8 + headerLength;
  for (const name of names) {
    const { data } = tensors[name];
    const dtype = tensors[name].dtype ?? 'F32';
    if (dtype === 'F32') {
      for (let i = 0; i < data.length; i++) view.setFloat32(position + 4 * i, data[i], true);
    } else {
      const encode = dtype === 'F16' ? f32ToF16Bits : f32ToBf16Bits;
      for (let i = 0; i < data.length; i++) view.setUint16(position + 2 * i, encode(data[i]), true);
    }
    position += data.length * DTYPE_BYTES[dtype];
  }
  return out;
}
