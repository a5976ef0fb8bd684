// The KV-cache append (shaders/kv_cache.wgsl, entry point `append`) on Dawn (SwiftShader). Its
// twin is a copy, so the comparison is exact: after steps t = 0..3, cache position t of row n
// holds step t's k[n] and v[n], and nothing else in the caches changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import type { KernelPipeline } from '../../../src/gpu/kernel.ts';
import { planKvAppend, prepareKvAppend } from '../../../src/gpu/kernels/kv-cache.ts';
import { createStepTable } from '../../../src/gpu/step-table.ts';
import { GpuFixture, SENTINEL, withOutliers } from './helpers.ts';

const fixture = new GpuFixture();
let compiled: KernelPipeline;

beforeAll(async () => {
  await fixture.acquire();
  compiled = await prepareKvAppend(fixture.device);
});

afterAll(() => fixture.release());

describe('kv cache append', () => {
  it('steps t = 0..3 write k and v views of a qkv projection to cache position t; a step past the capacity writes nothing', async () => {
    const rows = 3;
    const width = 6;
    const capacity = 5;
    // One more step than the capacity: the last one must be dropped.
    const steps = capacity + 1;
    const cacheSize = rows * capacity * width;
    const expectedK = new Float32Array(cacheSize).fill(SENTINEL);
    const expectedV = new Float32Array(cacheSize).fill(SENTINEL);
    const qkv = fixture.upload('qkv', rows * 3 * width * 4);
    const kCache = fixture.upload('k cache', expectedK);
    const vCache = fixture.upload('v cache', expectedV);
    const stepTable = fixture.own(createStepTable(fixture.device, steps));
    const plan = fixture.keep(
      planKvAppend(fixture.device, compiled, {
        rows,
        width,
        capacity,
        k: { buffer: qkv, offset: width, stride: 3 * width },
        v: { buffer: qkv, offset: 2 * width, stride: 3 * width },
        kCache,
        vCache,
        stepTable,
      }),
    );
    for (const t of [0, 1, 2, 3, capacity]) {
      const projection = withOutliers(rows * 3 * width, 80 + t);
      fixture.device.queue.writeBuffer(qkv, 0, projection);
      await fixture.run(`append ${t}`, (pass) => plan.record(pass, t));
      if (t < capacity) {
        for (let n = 0; n < rows; n++) {
          const slot = (n * capacity + t) * width;
          expectedK.set(projection.subarray(n * 3 * width + width, n * 3 * width + 2 * width), slot);
          expectedV.set(projection.subarray(n * 3 * width + 2 * width, (n + 1) * 3 * width), slot);
        }
      }
      expect(Array.from(await fixture.read(kCache))).toEqual(Array.from(expectedK));
      expect(Array.from(await fixture.read(vCache))).toEqual(Array.from(expectedV));
    }
  });

  it('refuses caches smaller than rows × capacity × width', () => {
    const small = fixture.upload('small cache', 4 * 10);
    const other = fixture.upload('other cache', 4 * 100);
    const projection = fixture.upload('projection', 4 * 12);
    const stepTable = fixture.own(createStepTable(fixture.device, 1));
    const spec = { rows: 2, width: 3, capacity: 2, k: { buffer: projection }, v: { buffer: projection, offset: 6 } };
    expect(() => planKvAppend(fixture.device, compiled, { ...spec, kCache: small, vCache: other, stepTable })).toThrow(
      'kv append: kCache needs 48 bytes, its buffer "small cache" has 40',
    );
  });

  it('leaves no buffer alive', () => {
    fixture.releaseAll();
    expect(liveBufferLabels()).toEqual([]);
  });
});
