/**
 * The step gate (shaders/step_gate.wgsl): one small dispatch at the start of a decoder step that
 * writes the indirect dispatch arguments of the step's kernels, zero once every row or sentence
 * has ended. src/gpu/step-gate.ts records the step's kernels against them.
 */
import stepGateSource from '../../../shaders/step_gate.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { defineKernel, getPipeline, type KernelPipeline } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount } from '../operands.ts';

const stepGateKernel = defineKernel({ name: 'step gate', source: stepGateSource });

const STEP_GATE_WORKGROUP_SIZE = 64;

/** Compiles (or finds in the device's cache) the pipeline. */
export function prepareStepGate(device: GPUDevice): Promise<KernelPipeline> {
  return getPipeline(device, stepGateKernel, { WORKGROUP_SIZE: STEP_GATE_WORKGROUP_SIZE });
}

/** Which words the gate reads and what they mean (the twin in src/cpu/step-gate.ts reads the same). */
export interface StepGateFlags {
  /** flags[offset + i] for i < count are read. */
  readonly offset: number;
  readonly count: number;
  /**
   * true: greedy finished flags (the search goes on while one is 0); false: beam search live
   * counts (it goes on while one is not 0).
   */
  readonly goesOnWhileZero: boolean;
}

export interface StepGateSpec extends StepGateFlags {
  label: string;
  /** u32 words; flags[offset + i] for i < count are read. */
  flags: GPUBuffer;
  /** The full grids, x, y, z per kernel: `words` u32. */
  grids: GPUBuffer;
  /** Written: the indirect arguments, `words` u32 (INDIRECT | STORAGE usage). */
  args: GPUBuffer;
  words: number;
}

export function planStepGate(device: GPUDevice, compiled: KernelPipeline, spec: StepGateSpec): Plan {
  const { label, words, count, offset } = spec;
  checkPipeline(label, compiled, stepGateKernel);
  checkCount(label, 'words', words, 1);
  checkCount(label, 'count', count, 1);
  if (words % 3 !== 0) throw new GpuError(`${label}: ${words} argument words are not whole grids (x, y, z)`);
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      params: { words, count, offset, goes_on_while_zero: spec.goesOnWhileZero ? 1 : 0 },
    },
    operands: {
      flags: { buffer: spec.flags, elements: offset + count, name: 'flags' },
      grids: { buffer: spec.grids, elements: words, name: 'grids' },
      args: { buffer: spec.args, elements: words, name: 'args' },
    },
    workgroups: 1,
  });
}
