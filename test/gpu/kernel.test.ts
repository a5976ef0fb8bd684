// The GPU-free half of the kernel layer: reflection, uniform packing, grid folding.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GpuError } from '../../src/errors.ts';
import { defineKernel, dispatchGrid, packUniforms, workgroupCount, workgroupSize } from '../../src/gpu/kernel.ts';
import { smokeKernel } from '../../src/gpu/smoke.ts';

const LAYOUT_SOURCE = /* wgsl */ `
struct Params {
  n: u32,
  a: f32,
  v: vec3<f32>,
  w: vec2u,
  k: i32,
  h: vec4i,
}
@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(1) @binding(3) var<storage, read_write> y: array<f32>;
@group(0) @binding(2) var<storage, read_write> unused: array<f32>;
override ROWS: u32 = 8u;
fn store(i: u32, value: f32) { y[i] = value; }
@compute @workgroup_size(ROWS, 4)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x < params.n) { store(id.x, params.a * x[id.x] + f32(params.k)); }
}
`;

describe('defineKernel', () => {
  const kernel = defineKernel({ name: 'layout', source: LAYOUT_SOURCE });

  it('reflects the bindings the entry point uses, through called functions, sorted', () => {
    expect(kernel.entryPoint).toBe('main');
    expect(kernel.bindings).toEqual([
      { name: 'params', group: 0, binding: 0, kind: 'uniform' },
      { name: 'x', group: 0, binding: 1, kind: 'read-only-storage' },
      { name: 'y', group: 1, binding: 3, kind: 'storage' },
    ]);
  });

  it('reflects uniform struct offsets with WGSL alignment (vec3 at 16, vec2 at 8-byte alignment)', () => {
    const layout = kernel.uniforms.get('params');
    expect(layout?.structName).toBe('Params');
    expect(layout?.size).toBe(64);
    expect(layout?.members.map(({ name, scalar, components, offset }) => [name, scalar, components, offset])).toEqual([
      ['n', 'u32', 1, 0],
      ['a', 'f32', 1, 4],
      ['v', 'f32', 3, 16],
      ['w', 'u32', 2, 32],
      ['k', 'i32', 1, 40],
      ['h', 'i32', 4, 48],
    ]);
  });

  it('reflects overrides and applies them to the workgroup size', () => {
    expect(kernel.overrides).toEqual(['ROWS']);
    expect(kernel.defaultWorkgroupSize).toEqual([8, 4, 1]);
    expect(workgroupSize(kernel, { ROWS: 32 })).toEqual([32, 4, 1]);
    expect(workgroupSize(smokeKernel, { WORKGROUP_SIZE: 128 })).toEqual([128, 1, 1]);
  });

  it('places the included libraries before the source', () => {
    expect(smokeKernel.code.indexOf('fn linear_workgroup_index')).toBeGreaterThanOrEqual(0);
    expect(smokeKernel.code.indexOf('fn linear_workgroup_index')).toBeLessThan(smokeKernel.code.indexOf('fn main'));
  });

  it('needs an entry point name when there are several, and names the kernel', () => {
    const source = '@compute @workgroup_size(1) fn one() {}\n@compute @workgroup_size(1) fn two() {}';
    expect(() => defineKernel({ name: 'pair', source })).toThrow(
      /kernel "pair": expected exactly one compute entry point, found 2 \(one, two\)/,
    );
    expect(defineKernel({ name: 'pair', source, entryPoint: 'two' }).entryPoint).toBe('two');
    expect(() => defineKernel({ name: 'pair', source, entryPoint: 'three' })).toThrow(/no compute entry point "three"/);
  });
});

describe('packUniforms', () => {
  const kernel = defineKernel({ name: 'layout', source: LAYOUT_SOURCE });
  const values = { n: 7, a: -2.5, v: [1, 2, 3], w: [4, 4294967295], k: -9, h: [-1, 0, 1, 2147483647] };

  it('writes each member at its reflected offset, little-endian', () => {
    const view = new DataView(packUniforms(kernel, 'params', values));
    expect(view.byteLength).toBe(64);
    expect(view.getUint32(0, true)).toBe(7);
    expect(view.getFloat32(4, true)).toBe(-2.5);
    expect([16, 20, 24].map((offset) => view.getFloat32(offset, true))).toEqual([1, 2, 3]);
    expect([32, 36].map((offset) => view.getUint32(offset, true))).toEqual([4, 4294967295]);
    expect(view.getInt32(40, true)).toBe(-9);
    expect([48, 52, 56, 60].map((offset) => view.getInt32(offset, true))).toEqual([-1, 0, 1, 2147483647]);
    // Padding stays zero.
    expect([8, 12, 28, 44].map((offset) => view.getUint32(offset, true))).toEqual([0, 0, 0, 0]);
  });

  it('rejects an unknown member, naming the kernel, the binding and the members', () => {
    expect(() => packUniforms(smokeKernel, 'params', { n: 1, a: 1, b: 1, c: 2 })).toThrow(GpuError);
    expect(() => packUniforms(smokeKernel, 'params', { n: 1, a: 1, b: 1, c: 2 })).toThrow(
      'kernel "smoke": uniform "params": struct SmokeParams has no member "c" (members: n, a, b)',
    );
  });

  it('rejects a missing member', () => {
    expect(() => packUniforms(smokeKernel, 'params', { n: 1, a: 1 })).toThrow(
      'kernel "smoke": uniform "params": missing member "b" (f32)',
    );
  });

  it('rejects wrong component counts, non-integers for integer members and unknown bindings', () => {
    expect(() => packUniforms(kernel, 'params', { ...values, v: [1, 2] })).toThrow(
      /member "v" \(vec3f\) needs 3 value\(s\), got 2/,
    );
    expect(() => packUniforms(kernel, 'params', { ...values, n: 1.5 })).toThrow(/member "n": 1.5 is not a u32/);
    expect(() => packUniforms(kernel, 'params', { ...values, n: -1 })).toThrow(/member "n": -1 is not a u32/);
    expect(() => packUniforms(kernel, 'params', { ...values, k: 2 ** 31 })).toThrow(
      /member "k": 2147483648 is not a i32/,
    );
    expect(() => packUniforms(kernel, 'x', values)).toThrow(/no uniform struct binding "x" \(uniforms: params\)/);
  });
});

describe('dispatchGrid', () => {
  it('keeps grids within the limit one-dimensional', () => {
    expect(dispatchGrid(0)).toEqual([0, 1, 1]);
    expect(dispatchGrid(1)).toEqual([1, 1, 1]);
    expect(dispatchGrid(65535)).toEqual([65535, 1, 1]);
  });

  it('folds into 2-D just above the limit, with little excess', () => {
    expect(dispatchGrid(65536)).toEqual([32768, 2, 1]);
    expect(dispatchGrid(16, 6)).toEqual([6, 3, 1]);
    expect(dispatchGrid(65535 * 65535)).toEqual([65535, 65535, 1]);
  });

  it('folds into 3-D beyond limit², and refuses beyond limit³', () => {
    expect(dispatchGrid(16, 3)).toEqual([3, 3, 2]);
    expect(dispatchGrid(65535 * 65535 + 1)).toEqual([65535, 32768, 2]);
    expect(() => dispatchGrid(28, 3)).toThrow(/28 workgroups exceed 3³/);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => dispatchGrid(-1)).toThrow(GpuError);
    expect(() => dispatchGrid(2.5)).toThrow(GpuError);
    expect(() => dispatchGrid(10, 0)).toThrow(GpuError);
  });

  it('stays within the limit and covers the count with fewer than (y + 1)·z extra (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (limit, fraction) => {
        const total = Math.max(1, Math.floor(fraction * limit ** 3));
        const [x, y, z] = dispatchGrid(total, limit);
        expect(Math.max(x, y, z)).toBeLessThanOrEqual(limit);
        expect(x * y * z).toBeGreaterThanOrEqual(total);
        expect(x * y * z - total).toBeLessThan((y + 1) * z);
      }),
    );
  });
});

describe('workgroupCount', () => {
  it('rounds up', () => {
    expect(workgroupCount(0, 64)).toBe(0);
    expect(workgroupCount(64, 64)).toBe(1);
    expect(workgroupCount(65, 64)).toBe(2);
    expect(() => workgroupCount(10, 0)).toThrow(GpuError);
  });
});
