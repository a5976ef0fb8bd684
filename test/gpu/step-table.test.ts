// The step table read through a dynamic offset: each dispatch sees its own entry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageBuffer, readUint32, submitCommands, withErrorScopes } from '../../src/gpu/buffers.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { createBindGroups, defineKernel, encodeDispatch, getPipeline } from '../../src/gpu/kernel.ts';
import { createStepTable, STEP_INFO_SIZE, STEP_STRIDE, stepOffset, stepTableData } from '../../src/gpu/step-table.ts';

// Step t writes (t, parity) into out[2t], out[2t + 1].
const probe = defineKernel({
  name: 'step probe',
  dynamicOffsetBindings: ['step'],
  source: /* wgsl */ `
//! include lib/step.wgsl
@group(0) @binding(0) var<storage, read_write> out: array<u32>;
@group(1) @binding(0) var<uniform> step: StepInfo;
@compute @workgroup_size(1)
fn main() {
  out[2u * step.t] = step.t;
  out[2u * step.t + 1u] = step.parity;
}`,
});

let gpu: GpuContext;
beforeAll(async () => {
  gpu = await acquireGpu();
});
afterAll(() => gpu?.destroy());

describe('step table', () => {
  it('lays out {t, t % 2} at a 256-byte stride', () => {
    expect(STEP_STRIDE).toBe(256);
    expect(STEP_INFO_SIZE).toBe(16);
    expect(stepOffset(3)).toBe(768);
    const words = stepTableData(3);
    expect(words.length).toBe(192);
    expect([words[0], words[1], words[64], words[65], words[128], words[129], words[130]]).toEqual([
      0, 0, 1, 1, 2, 0, 0,
    ]);
    expect(() => stepTableData(0)).toThrow(/invalid step count 0/);
  });

  it('gives every dispatch its own step through the dynamic offset', async () => {
    const steps = 5;
    const compiled = await getPipeline(gpu.device, probe);
    const table = createStepTable(gpu.device, steps);
    const out = createStorageBuffer(gpu.device, 'step probe out', new Uint32Array(2 * steps).fill(99));
    try {
      await withErrorScopes(gpu.device, 'step probe', () => {
        const groups = createBindGroups(gpu.device, compiled, { out, step: { buffer: table, size: STEP_INFO_SIZE } });
        const encoder = gpu.device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        // Recorded out of order: the offset, not the recording order, picks the entry.
        for (const t of [4, 0, 2, 1, 3]) encodeDispatch(pass, compiled, groups, [1, 1, 1], { 1: [stepOffset(t)] });
        pass.end();
        submitCommands(gpu.device, [encoder.finish()]);
      });
      expect(Array.from(await readUint32(gpu.device, out))).toEqual([0, 0, 1, 1, 2, 0, 3, 1, 4, 0]);
    } finally {
      table.destroy();
      out.destroy();
    }
  });
});
