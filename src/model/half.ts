/**
 * IEEE binary16 (F16) and bfloat16 (BF16) bit patterns to and from f32. Every F16 and BF16
 * value is exactly representable in f32, so decoding is exact (subnormals, ±inf and NaN
 * included); encoding rounds to nearest, ties to even, as PyTorch's `.half()` / `.bfloat16()`.
 */

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

export function f32Bits(value: number): number {
  scratch[0] = value;
  return scratchBits[0];
}

function f32FromBits(bits: number): number {
  scratchBits[0] = bits >>> 0;
  return scratch[0];
}

/** The f32 value of an F16 bit pattern. */
export function f16BitsToF32(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // zero and subnormals
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

let f16Table: Float32Array | undefined;

/** All 65536 F16 values as f32: decoding a large tensor is then one lookup per element. */
export function f16DecodeTable(): Float32Array {
  if (!f16Table) {
    f16Table = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) f16Table[h] = f16BitsToF32(h);
  }
  return f16Table;
}

/** The F16 bit pattern nearest to an f32 value (ties to even; overflow to ±inf). */
export function f32ToF16Bits(value: number): number {
  const x = f32Bits(value);
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 | (mantissa >>> 13) : 0);
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // F16 subnormal: value = m · 2^-24. Below half the smallest subnormal it rounds to zero.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const remainder = mantissa & ((1 << shift) - 1);
    let result = mantissa >>> shift;
    if (remainder > half || (remainder === half && result & 1)) result++;
    return sign | result;
  }
  let result = (e << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry out of the mantissa correctly bumps the exponent (up to inf).
  if (remainder > 0x1000 || (remainder === 0x1000 && result & 1)) result++;
  return sign | result;
}

/** The f32 value of a BF16 bit pattern: the top half of an f32. */
export function bf16BitsToF32(b: number): number {
  return f32FromBits((b & 0xffff) << 16);
}

/** The BF16 bit pattern nearest to an f32 value (ties to even; NaN stays NaN). */
export function f32ToBf16Bits(value: number): number {
  const x = f32Bits(value);
  if ((x & 0x7fffffff) > 0x7f800000) return ((x >>> 16) | 0x40) & 0xffff;
  const lsb = (x >>> 16) & 1;
  return ((x + 0x7fff + lsb) >>> 16) & 0xffff;
}
