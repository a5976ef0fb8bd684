/**
 * The encoder's fused recurrent step (shaders/rnn_step.wgsl): one dispatch per layer and time step
 * runs both directions of every sentence, reading the precomputed input projection and writing the
 * new state into the layer's resident outputs (and, on a direction's last step, the final states).
 *
 *   const compiled = await prepareRnnStep(device, 'gru', batch);  // the pipeline for that batch size
 *   const plan = planRnnStep(device, compiled, spec);              // uniform buffer + bind groups
 *   for (let t = 0; t < T; t++) plan.record(pass, t);
 *   plan.destroy();
 */
import rnnStepSource from '../../../shaders/rnn_step.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { gateCount, type CellType } from '../../model/config.ts';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { CELL_CODES, checkRowBlock, pipelineCell, rowBlock } from './recurrent.ts';

const rnnStepKernelDefinition = defineKernel({
  name: 'rnn step',
  source: rnnStepSource,
  dynamicOffsetBindings: ['step'],
});

const RNN_STEP_WORKGROUP_SIZE = 64;

/** A batch size that uses the largest block. */
export const RNN_STEP_FULL_BATCH = 8;

/**
 * Compiles (or finds in the device's cache) the cell type's pipeline for batches of `batch`
 * sentences: one per row block (src/gpu/kernels/recurrent.ts), the shader's BATCH_BLOCK.
 */
export function prepareRnnStep(device: GPUDevice, cell: CellType, batch: number): Promise<KernelPipeline> {
  return getPipeline(device, rnnStepKernelDefinition, {
    CELL: CELL_CODES[cell],
    WORKGROUP_SIZE: RNN_STEP_WORKGROUP_SIZE,
    BATCH_BLOCK: rowBlock(batch),
  });
}

export interface RnnStepSpec {
  /** B sentences, T = the time stride of proj / allH / allC (≥ every length). */
  batch: number;
  maxLength: number;
  /** Hd, units per direction. */
  units: number;
  /** 1 or 2. */
  directions: number;
  /** Which [B×H] slice of finalH / finalC the layer's final states go to. */
  layer: number;
  /** u32 [B], each in 1..T. */
  lengths: GPUBuffer;
  /** f32 [B·T × dirs·G·Hd]: W_ih·x + b_ih for every time step and direction. */
  projection: GPUBuffer;
  /** f32 [dirs × Hd × G·Hd]: each direction's W_hhᵀ. */
  hiddenWeightsT: GPUBuffer;
  /** f32 [dirs × G·Hd]. */
  hiddenBias: GPUBuffer;
  /** f32 [B × T × dirs·Hd], written at every valid (b, time). */
  allH: GPUBuffer;
  /** Same shape as allH; LSTM only (the pipeline's cell). */
  allC?: GPUBuffer;
  /** f32 [L × B × dirs·Hd]. */
  finalH: GPUBuffer;
  /** LSTM only. */
  finalC?: GPUBuffer;
  /** A step table (src/gpu/step-table.ts) with at least T entries. */
  stepTable: GPUBuffer;
  gridLimit?: number;
  label?: string;
}

export function planRnnStep(device: GPUDevice, compiled: KernelPipeline, spec: RnnStepSpec): Plan {
  const label = spec.label ?? 'rnn step';
  checkPipeline(label, compiled, rnnStepKernelDefinition);
  const { batch, maxLength, units, directions, layer } = spec;
  for (const [name, value, min] of [
    ['batch', batch, 1],
    ['maxLength', maxLength, 1],
    ['units', units, 1],
    ['layer', layer, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min)
      throw new GpuError(`${label}: ${name} must be an integer >= ${min}, got ${value}`);
  }
  if (directions !== 1 && directions !== 2)
    throw new GpuError(`${label}: directions must be 1 or 2, got ${directions}`);
  checkRowBlock(label, compiled, 'BATCH_BLOCK', batch);
  const cell = pipelineCell(compiled);
  const lstm = cell === 'lstm';
  if (lstm && (!spec.allC || !spec.finalC)) throw new GpuError(`${label}: an LSTM step needs allC and finalC`);
  const rows = gateCount(cell) * units;
  const width = directions * units;
  const states = batch * maxLength * width;
  const finalStates = (layer + 1) * batch * width;
  return planLaunch(device, compiled, {
    label,
    uniforms: { params: { batch, max_len: maxLength, units, dirs: directions, layer } },
    operands: {
      lengths: { buffer: spec.lengths, elements: batch },
      proj: { buffer: spec.projection, elements: batch * maxLength * directions * rows, name: 'projection' },
      w_hh_t: { buffer: spec.hiddenWeightsT, elements: directions * units * rows, name: 'hiddenWeightsT' },
      b_hh: { buffer: spec.hiddenBias, elements: directions * rows, name: 'hiddenBias' },
      all_h: { buffer: spec.allH, elements: states, name: 'allH' },
      final_h: { buffer: spec.finalH, elements: finalStates, name: 'finalH' },
      // Cells without c never touch all_c / final_c: placeholders, since two writable bindings may not share a buffer.
      all_c: lstm ? { buffer: spec.allC as GPUBuffer, elements: states, name: 'allC' } : null,
      final_c: lstm ? { buffer: spec.finalC as GPUBuffer, elements: finalStates, name: 'finalC' } : null,
    },
    stepTable: spec.stepTable,
    workgroups: workgroupCount(Math.ceil(batch / rowBlock(batch)) * directions * units, compiled.workgroupSize[0]),
    gridLimit: spec.gridLimit,
  });
}
