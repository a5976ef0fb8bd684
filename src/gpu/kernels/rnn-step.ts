/**
 * The encoder's fused recurrent step (shaders/rnn_step.wgsl): one dispatch per layer and time step
 * runs both directions of every sentence, reading the precomputed input projection and writing the
 * new state into the layer's resident outputs (and, on a direction's last step, the final states).
 *
 *   const step = createRnnStepKernel(device, 'gru');   // pure
 *   await step.prepare(spec.batch);                    // compiles the pipeline for that batch size
 *   const plan = planRnnStep(step, spec);              // uniform buffer + bind groups
 *   for (let t = 0; t < T; t++) recordRnnStep(pass, plan, t);
 *   plan.destroy();
 */
import activationsLibrary from '../../../shaders/lib/activations.wgsl?raw';
import gatesLibrary from '../../../shaders/lib/gates.wgsl?raw';
import gridLibrary from '../../../shaders/lib/grid.wgsl?raw';
import stepLibrary from '../../../shaders/lib/step.wgsl?raw';
import rnnStepSource from '../../../shaders/rnn_step.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { gateCount, type CellType } from '../../model/config.ts';
import { createStorageBuffer, createUniformBuffer } from '../buffers.ts';
import {
  createBindGroups,
  defineKernel,
  dispatchGrid,
  encodeDispatch,
  getPipeline,
  MAX_WORKGROUPS_PER_DIMENSION,
  packUniforms,
  workgroupCount,
  type KernelPipeline,
} from '../kernel.ts';
import { STEP_INFO_SIZE, STEP_STRIDE, stepOffset } from '../step-table.ts';

export const rnnStepKernelDefinition = defineKernel({
  name: 'rnn step',
  source: rnnStepSource,
  libraries: [gridLibrary, activationsLibrary, gatesLibrary, stepLibrary],
  dynamicOffsetBindings: ['step'],
});

/** The shader's CELL override for each cell type. */
export const CELL_CODE: Record<CellType, number> = { lstm: 0, gru: 1, rnn_tanh: 2, rnn_relu: 3 };

export const RNN_STEP_WORKGROUP_SIZE = 64;

/** A batch size that uses the largest block. */
export const RNN_STEP_FULL_BATCH = 8;

/**
 * Sentences one invocation steps together, sharing its reads of W_hh (the shader's BATCH_BLOCK):
 * the smallest of 1, 2, 4 and 8 that holds the batch, else 8. Each size is its own pipeline.
 */
export function rnnStepBlock(batch: number): 1 | 2 | 4 | 8 {
  return batch <= 1 ? 1 : batch <= 2 ? 2 : batch <= 4 ? 4 : 8;
}

export interface RnnStepKernel {
  readonly device: GPUDevice;
  readonly cell: CellType;
  /** Compiles (or finds in the cache) the cell type's pipeline for batches of `batch` sentences. */
  prepare(batch: number): Promise<void>;
  /** The compiled pipeline for batches of `batch`, or undefined before prepare(batch) settled. */
  pipeline(batch: number): KernelPipeline | undefined;
}

export function createRnnStepKernel(device: GPUDevice, cell: CellType): RnnStepKernel {
  const ready = new Map<number, KernelPipeline>();
  return {
    device,
    cell,
    async prepare(batch) {
      const block = rnnStepBlock(batch);
      if (ready.has(block)) return;
      const compiled = await getPipeline(device, rnnStepKernelDefinition, {
        CELL: CELL_CODE[cell],
        WORKGROUP_SIZE: RNN_STEP_WORKGROUP_SIZE,
        BATCH_BLOCK: block,
      });
      ready.set(block, compiled);
    },
    pipeline: (batch) => ready.get(rnnStepBlock(batch)),
  };
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
  /** Same shape as allH; LSTM only. */
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

export interface RnnStepPlan {
  readonly label: string;
  readonly compiled: KernelPipeline;
  readonly bindGroups: readonly GPUBindGroup[];
  readonly grid: readonly [number, number, number];
  /** Steps the step table holds: recordRnnStep refuses t beyond. */
  readonly tableSteps: number;
  /** Destroys the buffers the plan owns (its uniform, placeholders); the operands belong to the caller. */
  destroy(): void;
}

export function planRnnStep(kernel: RnnStepKernel, spec: RnnStepSpec): RnnStepPlan {
  const label = spec.label ?? 'rnn step';
  const { batch, maxLength, units, directions, layer } = spec;
  const compiled = kernel.pipeline(batch);
  if (!compiled) {
    throw new GpuError(`${label}: the ${kernel.cell} step pipeline for a batch of ${batch} is not prepared (await prepare(${batch}) first)`);
  }
  for (const [name, value, min] of [
    ['batch', batch, 1],
    ['maxLength', maxLength, 1],
    ['units', units, 1],
    ['layer', layer, 0],
  ] as const) {
    if (!Number.isInteger(value) || value < min) throw new GpuError(`${label}: ${name} must be an integer >= ${min}, got ${value}`);
  }
  if (directions !== 1 && directions !== 2) throw new GpuError(`${label}: directions must be 1 or 2, got ${directions}`);
  const lstm = kernel.cell === 'lstm';
  if (lstm && (!spec.allC || !spec.finalC)) throw new GpuError(`${label}: an LSTM step needs allC and finalC`);
  const rows = gateCount(kernel.cell) * units;
  const width = directions * units;
  checkFits(label, 'lengths', spec.lengths, batch);
  checkFits(label, 'projection', spec.projection, batch * maxLength * directions * rows);
  checkFits(label, 'hiddenWeightsT', spec.hiddenWeightsT, directions * units * rows);
  checkFits(label, 'hiddenBias', spec.hiddenBias, directions * rows);
  checkFits(label, 'allH', spec.allH, batch * maxLength * width);
  checkFits(label, 'finalH', spec.finalH, (layer + 1) * batch * width);
  if (lstm) {
    checkFits(label, 'allC', spec.allC as GPUBuffer, batch * maxLength * width);
    checkFits(label, 'finalC', spec.finalC as GPUBuffer, (layer + 1) * batch * width);
  }
  const tableSteps = Math.floor(spec.stepTable.size / STEP_STRIDE);

  const device = kernel.device;
  const owned: GPUBuffer[] = [];
  const params = createUniformBuffer(
    device,
    `${label} params`,
    packUniforms(rnnStepKernelDefinition, 'params', { batch, max_len: maxLength, units, dirs: directions, layer }),
  );
  owned.push(params);
  // Cells without c never touch all_c / final_c, but WebGPU needs a buffer at each binding, and two
  // writable bindings may not share one.
  const placeholder = (name: string) => {
    const buffer = createStorageBuffer(device, `${label} ${name} placeholder`, 4);
    owned.push(buffer);
    return buffer;
  };
  const allC = lstm ? (spec.allC as GPUBuffer) : placeholder('all_c');
  const finalC = lstm ? (spec.finalC as GPUBuffer) : placeholder('final_c');
  let bindGroups: GPUBindGroup[];
  try {
    bindGroups = createBindGroups(device, compiled, {
      params,
      lengths: spec.lengths,
      proj: spec.projection,
      w_hh_t: spec.hiddenWeightsT,
      b_hh: spec.hiddenBias,
      all_h: spec.allH,
      all_c: allC,
      final_h: spec.finalH,
      final_c: finalC,
      step: { buffer: spec.stepTable, size: STEP_INFO_SIZE },
    });
  } catch (error) {
    for (const buffer of owned) buffer.destroy();
    throw error;
  }
  const invocations = Math.ceil(batch / rnnStepBlock(batch)) * directions * units;
  const grid = dispatchGrid(
    workgroupCount(invocations, compiled.workgroupSize[0]),
    spec.gridLimit ?? MAX_WORKGROUPS_PER_DIMENSION,
  );
  return {
    label,
    compiled,
    bindGroups,
    grid,
    tableSteps,
    destroy: () => {
      for (const buffer of owned) buffer.destroy();
    },
  };
}

/** Records step t (0-based) into a compute pass the caller owns. */
export function recordRnnStep(pass: GPUComputePassEncoder, plan: RnnStepPlan, t: number): void {
  if (!Number.isInteger(t) || t < 0 || t >= plan.tableSteps) {
    throw new GpuError(`${plan.label}: step ${t} is outside the step table (${plan.tableSteps} steps)`);
  }
  encodeDispatch(pass, plan.compiled, plan.bindGroups, plan.grid, { 1: [stepOffset(t)] });
}

function checkFits(label: string, name: string, buffer: GPUBuffer, elements: number): void {
  if (elements * 4 > buffer.size) {
    throw new GpuError(`${label}: ${name} needs ${elements * 4} bytes, its buffer "${buffer.label}" has ${buffer.size}`);
  }
}
