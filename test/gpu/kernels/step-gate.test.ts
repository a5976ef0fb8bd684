// The step gate (shaders/step_gate.wgsl, planned by planStepGate) on Dawn (SwiftShader without a
// GPU) against its CPU twin stepGateArgs: flags in both modes (greedy finished flags, beam live
// counts), with an offset, the search going on because of the first, the last or no word; the
// arguments are u32 copies, so every word must match exactly. Then StepGate's gated pass: a
// kernel recorded through it writes its output while the search goes on and nothing after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stepGateArgs, type StepGateFlags } from '../../../src/cpu/step-gate.ts';
import { createStorageBuffer, readBuffer, readFloat32 } from '../../../src/gpu/buffers.ts';
import { acquireGpu, type GpuContext } from '../../../src/gpu/device.ts';
import type { KernelPipeline } from '../../../src/gpu/kernel.ts';
import { planMatmul, prepareMatmul } from '../../../src/gpu/kernels/matmul.ts';
import { planStepGate, prepareStepGate } from '../../../src/gpu/kernels/step-gate.ts';
import { StepGate } from '../../../src/gpu/step-gate.ts';
import { seededRandom } from '../../../src/model/random-model.ts';
import { SENTINEL, submitPass } from './helpers.ts';

let gpu: GpuContext;
let device: GPUDevice;
let compiled: KernelPipeline;

beforeAll(async () => {
  gpu = await acquireGpu();
  device = gpu.device;
  compiled = await prepareStepGate(device);
});

afterAll(() => {
  gpu?.destroy();
});

/** Flags of `count` words after `offset` others, all "ended" but the word at `open` (if any). */
function flagsWith(spec: StepGateFlags, open: number | undefined, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const flags = new Uint32Array(spec.offset + spec.count);
  // The words before the offset hold anything, and must not be read.
  for (let i = 0; i < spec.offset; i++) flags[i] = spec.goesOnWhileZero ? 0 : 1 + Math.floor(random() * 5);
  for (let i = 0; i < spec.count; i++) {
    const ended = spec.goesOnWhileZero ? 1 + Math.floor(random() * 3) : 0;
    const going = spec.goesOnWhileZero ? 0 : 1 + Math.floor(random() * 5);
    flags[spec.offset + i] = i === open ? going : ended;
  }
  return flags;
}

describe('step gate against stepGateArgs', () => {
  const cases: { spec: StepGateFlags; open: number | undefined; words: number }[] = [
    { spec: { offset: 0, count: 1, goesOnWhileZero: true }, open: 0, words: 3 },
    { spec: { offset: 0, count: 1, goesOnWhileZero: true }, open: undefined, words: 3 },
    { spec: { offset: 0, count: 300, goesOnWhileZero: true }, open: 299, words: 192 },
    { spec: { offset: 5, count: 70, goesOnWhileZero: true }, open: undefined, words: 66 },
    { spec: { offset: 0, count: 33, goesOnWhileZero: false }, open: 0, words: 9 },
    { spec: { offset: 7, count: 130, goesOnWhileZero: false }, open: undefined, words: 129 },
    { spec: { offset: 2, count: 9, goesOnWhileZero: false }, open: 8, words: 21 },
  ];
  it.each(cases.map((c, i) => ({ ...c, i })))(
    'case $i: $spec.count flags at offset $spec.offset, open at $open, $words words',
    async ({ spec, open, words, i }) => {
      const flags = flagsWith(spec, open, 40 + i);
      const random = seededRandom(90 + i);
      const grids = Uint32Array.from({ length: words }, () => 1 + Math.floor(random() * 65535));
      const flagBuffer = createStorageBuffer(device, 'flags', flags);
      const gridBuffer = createStorageBuffer(device, 'grids', grids);
      const args = createStorageBuffer(device, 'args', new Uint32Array(words).fill(777));
      const plan = planStepGate(device, compiled, {
        label: 'step gate',
        ...spec,
        flags: flagBuffer,
        grids: gridBuffer,
        args,
        words,
      });
      try {
        submitPass(device, 'step gate', (pass) => plan.record(pass));
        const actual = new Uint32Array(await readBuffer(device, args, words * 4));
        const expected = stepGateArgs(flags, spec, grids);
        expect(Array.from(actual)).toEqual(Array.from(expected));
        expect(expected.some((word) => word !== 0)).toBe(open !== undefined);
      } finally {
        plan.destroy();
        for (const buffer of [flagBuffer, gridBuffer, args]) buffer.destroy();
      }
    },
  );

  it('refuses arguments that are not whole grids', () => {
    const buffer = createStorageBuffer(device, 'any', 64);
    try {
      expect(() =>
        planStepGate(device, compiled, {
          label: 'step gate',
          offset: 0,
          count: 1,
          goesOnWhileZero: true,
          flags: buffer,
          grids: buffer,
          args: buffer,
          words: 4,
        }),
      ).toThrow(/not whole grids/);
    } finally {
      buffer.destroy();
    }
  });
});

describe('StepGate: kernels recorded through the gated pass', () => {
  it.each([
    { finished: [0, 1, 1], runs: true },
    { finished: [2, 1, 1], runs: false },
  ])('finished flags $finished: the kernel runs: $runs', async ({ finished, runs }) => {
    const matmul = await prepareMatmul(device);
    const flags = createStorageBuffer(device, 'finished', Uint32Array.from(finished));
    // A 5×6 product (2 × 2 tiles, a folded grid of more than one workgroup is not needed).
    const a = createStorageBuffer(device, 'A', new Float32Array(5 * 3).fill(1));
    const b = createStorageBuffer(device, 'B', new Float32Array(6 * 3).fill(2));
    const c = createStorageBuffer(device, 'C', new Float32Array(5 * 6).fill(SENTINEL));
    const plan = planMatmul(device, matmul, { m: 5, n: 6, k: 3, a: { buffer: a }, b: { buffer: b }, c: { buffer: c } });
    const gate = StepGate.create(device, compiled, {
      label: 'test gate',
      flags,
      offset: 0,
      count: finished.length,
      goesOnWhileZero: true,
    });
    try {
      submitPass(device, 'gated', (pass) => {
        gate.recordSteps(pass, 0, 1, (gated) => plan.record(gated));
        gate.flush();
      });
      const out = await readFloat32(device, c, 5 * 6);
      expect(Array.from(out)).toEqual(new Array(5 * 6).fill(runs ? 6 : SENTINEL));
    } finally {
      gate.destroy();
      plan.destroy();
      for (const buffer of [flags, a, b, c]) buffer.destroy();
    }
  });
});
