import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bf16BitsToF32, f16BitsToF32, f16DecodeTable, f32ToBf16Bits, f32ToF16Bits } from '../../src/model/half.ts';

describe('F16', () => {
  it('decodes hand-picked bit patterns exactly', () => {
    const cases: [number, number][] = [
      [0x3c00, 1.0],
      [0xc100, -2.5],
      [0x7bff, 65504],
      [0x0001, 2 ** -24], // smallest subnormal
      [0x03ff, 1023 * 2 ** -24], // largest subnormal
      [0x0400, 2 ** -14], // smallest normal
      [0x3555, 0.333251953125],
      [0x7c00, Infinity],
      [0xfc00, -Infinity],
      [0x0000, 0],
    ];
    for (const [bits, value] of cases) expect(f16BitsToF32(bits), bits.toString(16)).toBe(value);
    expect(Object.is(f16BitsToF32(0x8000), -0)).toBe(true);
    for (const nan of [0x7e00, 0x7c01, 0xfe00, 0x7fff]) expect(f16BitsToF32(nan)).toBeNaN();
  });

  it('the lookup table matches the decoder on every pattern', () => {
    const table = f16DecodeTable();
    for (let h = 0; h < 65536; h++) {
      const v = f16BitsToF32(h);
      if (Number.isNaN(v)) expect(table[h]).toBeNaN();
      else if (table[h] !== v) expect(table[h], h.toString(16)).toBe(v);
    }
  });

  it('encodes every non-NaN pattern back to itself', () => {
    for (let h = 0; h < 65536; h++) {
      const v = f16BitsToF32(h);
      if (Number.isNaN(v)) {
        expect(f16BitsToF32(f32ToF16Bits(v))).toBeNaN();
      } else if (f32ToF16Bits(v) !== h) {
        expect(f32ToF16Bits(v).toString(16)).toBe(h.toString(16));
      }
    }
  });

  it('rounds to nearest, ties to even', () => {
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie, even is down
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie, even is up
    expect(f32ToF16Bits(1 + 2 ** -11 + 2 ** -20)).toBe(0x3c01); // above the tie
    expect(f32ToF16Bits(65519)).toBe(0x7bff);
    expect(f32ToF16Bits(65520)).toBe(0x7c00); // tie between 65504 and 2^16: even is inf
    expect(f32ToF16Bits(1e6)).toBe(0x7c00);
    expect(f32ToF16Bits(-1e6)).toBe(0xfc00);
    expect(f32ToF16Bits(2 ** -25)).toBe(0x0000); // tie between 0 and the smallest subnormal
    expect(f32ToF16Bits(1.5 * 2 ** -25)).toBe(0x0001);
    expect(f32ToF16Bits(3 * 2 ** -25)).toBe(0x0002); // tie between subnormals 1 and 2
    expect(f32ToF16Bits(-(2 ** -26))).toBe(0x8000);
    expect(f32ToF16Bits(1e-40)).toBe(0x0000); // f32 subnormal
    expect(f32ToF16Bits(2 ** -14 - 2 ** -26)).toBe(0x0400); // largest subnormal rounds up to the smallest normal
  });

  it('encodes any f32 to a nearest F16', () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, min: -65504, max: 65504 }), (x) => {
        const bits = f32ToF16Bits(x);
        const error = Math.abs(f16BitsToF32(bits) - x);
        for (const neighbour of [bits - 1, bits + 1]) {
          const v = f16BitsToF32(neighbour & 0xffff);
          if (Number.isFinite(v) && v >= 0 === f16BitsToF32(bits) >= 0)
            expect(error).toBeLessThanOrEqual(Math.abs(v - x));
        }
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});

describe('BF16', () => {
  it('decodes hand-picked bit patterns exactly', () => {
    const cases: [number, number][] = [
      [0x3f80, 1.0],
      [0xc020, -2.5],
      [0x477f, 65280],
      [0x7f7f, 3.3895313892515355e38], // largest finite
      [0x0001, 2 ** -133], // smallest subnormal
      [0x0080, 2 ** -126], // smallest normal
      [0x7f80, Infinity],
      [0xff80, -Infinity],
    ];
    for (const [bits, value] of cases) expect(bf16BitsToF32(bits), bits.toString(16)).toBe(value);
    expect(Object.is(bf16BitsToF32(0x8000), -0)).toBe(true);
    for (const nan of [0x7fc0, 0x7f81, 0xffc0]) expect(bf16BitsToF32(nan)).toBeNaN();
  });

  it('encodes every non-NaN pattern back to itself and rounds ties to even', () => {
    for (let b = 0; b < 65536; b++) {
      const v = bf16BitsToF32(b);
      if (Number.isNaN(v)) expect(bf16BitsToF32(f32ToBf16Bits(v))).toBeNaN();
      else if (f32ToBf16Bits(v) !== b) expect(f32ToBf16Bits(v).toString(16)).toBe(b.toString(16));
    }
    expect(f32ToBf16Bits(1 + 2 ** -8)).toBe(0x3f80);
    expect(f32ToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82);
    expect(f32ToBf16Bits(1 + 2 ** -8 + 2 ** -20)).toBe(0x3f81);
    expect(f32ToBf16Bits(3.4028234663852886e38)).toBe(0x7f80); // f32 max rounds up to inf
  });
});
