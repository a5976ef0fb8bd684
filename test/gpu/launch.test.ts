// The one kernel launcher (src/gpu/launch.ts) on Dawn: the step table found by reflection in any
// group, the checks made before anything is created, and nothing left alive when planning fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageBuffer, readUint32, withErrorScopes } from '../../src/gpu/buffers.ts';
import { liveBufferCount, liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { defineKernel, getPipeline, type KernelPipeline } from '../../src/gpu/kernel.ts';
import { planLaunch, sequencePlans, type LaunchSpec } from '../../src/gpu/launch.ts';
import { createStepTable } from '../../src/gpu/step-table.ts';
import { dispatchedGrids, submitPass } from './kernels/helpers.ts';

// The step table in group 0 (the kernels of shaders/ bind it in group 1), a uniform struct and
// two writable bindings, one of which this test leaves to a placeholder.
const stepKernel = defineKernel({
  name: 'launch test',
  source: /* wgsl */ `
    struct Params { base: u32, pad0: u32, pad1: u32, pad2: u32 }
    struct Step { t: u32, parity: u32, pad0: u32, pad1: u32 }
    @group(0) @binding(0) var<uniform> step: Step;
    @group(1) @binding(0) var<uniform> params: Params;
    @group(1) @binding(1) var<storage, read> input: array<u32>;
    @group(1) @binding(2) var<storage, read_write> out: array<u32>;
    @group(1) @binding(3) var<storage, read_write> unused: array<u32>;
    @compute @workgroup_size(1)
    fn main() {
      out[step.t] = params.base + input[step.t];
      if (params.base == 0xffffffffu) {
        unused[0] = 1u;
      }
    }`,
  dynamicOffsetBindings: ['step'],
});

const STEPS = 3;

let gpu: GpuContext;
let compiled: KernelPipeline;
let input: GPUBuffer;
let out: GPUBuffer;
let stepTable: GPUBuffer;

beforeAll(async () => {
  gpu = await acquireGpu();
  compiled = await getPipeline(gpu.device, stepKernel);
  input = createStorageBuffer(gpu.device, 'launch input', Uint32Array.from([7, 8, 9]));
  out = createStorageBuffer(gpu.device, 'launch out', STEPS * 4);
  stepTable = createStepTable(gpu.device, STEPS);
});

afterAll(() => {
  for (const buffer of [input, out, stepTable]) buffer?.destroy();
  gpu?.destroy();
});

function spec(overrides: Partial<LaunchSpec> = {}): LaunchSpec {
  return {
    label: 'launch test',
    uniforms: { params: { base: 100, pad0: 0, pad1: 0, pad2: 0 } },
    operands: { input: { buffer: input, elements: STEPS }, out: { buffer: out, elements: STEPS }, unused: null },
    stepTable,
    workgroups: 1,
    ...overrides,
  };
}

describe('planLaunch', () => {
  it('finds the step table by its name in whatever group it is, and records every step', async () => {
    const plan = planLaunch(gpu.device, compiled, spec());
    try {
      expect(plan.steps).toBe(STEPS);
      await withErrorScopes(gpu.device, 'launch test', () =>
        submitPass(gpu.device, 'launch test', (pass) => {
          for (let t = 0; t < STEPS; t++) plan.record(pass, t);
        }),
      );
      expect(Array.from(await readUint32(gpu.device, out))).toEqual([107, 108, 109]);
    } finally {
      plan.destroy();
    }
  });

  it('refuses a step outside the table, a missing one, and one given to a plan without a table', () => {
    const plan = planLaunch(gpu.device, compiled, spec());
    const pass = {} as GPUComputePassEncoder;
    try {
      expect(() => plan.record(pass, STEPS)).toThrow('launch test: step 3 is outside the step table (0..2)');
      expect(() => plan.record(pass, 0.5)).toThrow('launch test: step 0.5 is outside');
      expect(() => plan.record(pass)).toThrow('launch test: step undefined is outside');
    } finally {
      plan.destroy();
    }
    expect(() => planLaunch(gpu.device, compiled, spec({ stepTable: undefined }))).toThrow(
      'reads a step table, and none was given',
    );
  });

  it('records nothing for an empty grid, but still checks the step', () => {
    const plan = planLaunch(gpu.device, compiled, spec({ workgroups: 0 }));
    try {
      expect(dispatchedGrids(plan, 1)).toEqual([]);
      expect(() => dispatchedGrids(plan, 5)).toThrow('outside the step table');
    } finally {
      plan.destroy();
    }
  });

  it('checks every operand before creating anything', () => {
    const before = liveBufferCount();
    expect(() =>
      planLaunch(
        gpu.device,
        compiled,
        spec({ operands: { ...spec().operands, out: { buffer: out, elements: STEPS + 1, layout: '4 words' } } }),
      ),
    ).toThrow('launch test: out (4 words) needs 16 bytes, its buffer "launch out" has 12');
    expect(() =>
      planLaunch(
        gpu.device,
        compiled,
        spec({ operands: { ...spec().operands, unused: { buffer: input, elements: 1 } } }),
      ),
    ).toThrow('launch test: unused must not share a buffer with input (a writable binding may not alias another)');
    expect(() =>
      planLaunch(gpu.device, compiled, spec({ operands: { input: { buffer: input, elements: STEPS }, unused: null } })),
    ).toThrow('no operand for binding "out"');
    expect(() => planLaunch(gpu.device, compiled, spec({ operands: { ...spec().operands, extra: null } }))).toThrow(
      'got an operand "extra", which kernel "launch test" does not bind',
    );
    expect(() =>
      planLaunch(gpu.device, compiled, spec({ uniforms: { params: { base: -1, pad0: 0, pad1: 0, pad2: 0 } } })),
    ).toThrow('-1 is not a u32');
    expect(liveBufferCount()).toBe(before);
  });

  it('destroys the uniform buffer and placeholder it made when creating a bind group throws', () => {
    const device = gpu.device;
    const before = liveBufferCount();
    let calls = 0;
    const createBindGroup = device.createBindGroup.bind(device);
    // The second bind group fails: the first one and both buffers already exist by then.
    Object.defineProperty(device, 'createBindGroup', {
      configurable: true,
      value: (descriptor: GPUBindGroupDescriptor) => {
        if (++calls === 2) throw new Error('bind group creation failed (injected)');
        return createBindGroup(descriptor);
      },
    });
    try {
      expect(() => planLaunch(device, compiled, spec())).toThrow('bind group creation failed (injected)');
    } finally {
      delete (device as unknown as Record<string, unknown>).createBindGroup;
    }
    expect(calls).toBe(2);
    expect(liveBufferCount(), liveBufferLabels().join(', ')).toBe(before);
  });

  it('sequences plans for the same step and destroys them together', () => {
    const before = liveBufferCount();
    const plans = [planLaunch(gpu.device, compiled, spec()), planLaunch(gpu.device, compiled, spec({ workgroups: 2 }))];
    const sequence = sequencePlans('both', plans);
    expect(sequence.steps).toBe(STEPS);
    expect(dispatchedGrids(sequence, 2)).toEqual([
      [1, 1, 1],
      [2, 1, 1],
    ]);
    sequence.destroy();
    expect(liveBufferCount()).toBe(before);
  });
});
