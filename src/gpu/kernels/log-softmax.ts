/**
 * Row-wise log-softmax and the greedy choice on the GPU (shaders/log_softmax.wgsl), one workgroup
 * per row of logits [rows × vocab], the step t read from a step table (src/gpu/step-table.ts).
 *
 * Same pattern as src/gpu/kernels/matmul.ts:
 *   const softmax = createLogSoftmaxKernel(device);   // pure
 *   await softmax.prepare();                           // compiles both entry points
 *   const rowsPlan = planLogSoftmaxRows(softmax, spec);   // teacher forcing: log-prob rows
 *   const greedyPlan = planGreedySelect(softmax, spec);   // greedy decoding: next tokens
 *   recordLogSoftmax(pass, plan, t);                   // step t of the table, any number of times
 *   plan.destroy();
 */
import logSoftmaxSource from '../../../shaders/log_softmax.wgsl?raw';
import gridLibrary from '../../../shaders/lib/grid.wgsl?raw';
import stepLibrary from '../../../shaders/lib/step.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { createUniformBuffer } from '../buffers.ts';
import {
  createBindGroups,
  defineKernel,
  dispatchGrid,
  encodeDispatch,
  getPipeline,
  MAX_WORKGROUPS_PER_DIMENSION,
  packUniforms,
  type BindingResource,
  type Kernel,
  type KernelPipeline,
} from '../kernel.ts';
import { STEP_INFO_SIZE, stepOffset } from '../step-table.ts';
import { checkCount, checkMatrix, checkNoAlias, checkVector, stepTableSteps, type MatrixOperand, type VectorOperand } from './operands.ts';

const libraries = [gridLibrary, stepLibrary];
const definition = (entryPoint: string, name: string): Kernel =>
  defineKernel({ name, source: logSoftmaxSource, libraries, entryPoint, dynamicOffsetBindings: ['step'] });
export const logSoftmaxRowsKernelDefinition = definition('log_softmax_rows', 'log-softmax rows');
export const greedySelectKernelDefinition = definition('greedy_select', 'greedy select');

export const LOG_SOFTMAX_WORKGROUP_SIZE = 64;

export interface LogSoftmaxKernel {
  readonly device: GPUDevice;
  /** Compiles (or finds in the cache) the log-prob rows and greedy select pipelines. */
  prepare(): Promise<void>;
  pipeline(entry: 'rows' | 'greedy'): KernelPipeline | undefined;
}

export function createLogSoftmaxKernel(device: GPUDevice): LogSoftmaxKernel {
  const ready = new Map<'rows' | 'greedy', KernelPipeline>();
  return {
    device,
    async prepare() {
      const overrides = { WORKGROUP_SIZE: LOG_SOFTMAX_WORKGROUP_SIZE };
      const [rows, greedy] = await Promise.all([
        getPipeline(device, logSoftmaxRowsKernelDefinition, overrides),
        getPipeline(device, greedySelectKernelDefinition, overrides),
      ]);
      ready.set('rows', rows);
      ready.set('greedy', greedy);
    },
    pipeline: (entry) => ready.get(entry),
  };
}

interface CommonSpec {
  /** N rows (B sentences × K beams). */
  rows: number;
  /** V, the row width. */
  vocab: number;
  /** f32 [rows × vocab], rows logits.stride (default vocab) apart. */
  logits: MatrixOperand;
  /** The step table: recordLogSoftmax(pass, plan, t) reads entry t. */
  stepTable: GPUBuffer;
  gridLimit?: number;
  label?: string;
}

export interface LogSoftmaxRowsSpec extends CommonSpec {
  /** f32 [steps × rows × vocab] from out.offset: step t writes block t. */
  out: VectorOperand;
}

export interface GreedySelectSpec extends CommonSpec {
  /** u32 [rows]: a row may generate tokens at steps t < maxLengths[n]. */
  maxLengths: GPUBuffer;
  /** u32 [(steps + 1) × rows]: [0][n] = bos_id, step t writes [t + 1][n]. */
  history: GPUBuffer;
  /** u32 [rows]: 0 while a row runs, set to 1 when it ends. */
  finished: GPUBuffer;
  /** f32 [rows]: chosen log-probs are added here. */
  score: GPUBuffer;
  /** f32 [steps × rows]: the chosen log-prob of every step (0 once the row ended). */
  chosen: GPUBuffer;
  padId: number;
  bosId: number;
  eosId: number;
  /** EOS is not allowed at steps t < minLength (docs/decoding.md, min_length). */
  minLength: number;
}

export interface LogSoftmaxPlan {
  readonly label: string;
  readonly compiled: KernelPipeline;
  readonly bindGroups: readonly GPUBindGroup[];
  readonly grid: readonly [number, number, number];
  readonly steps: number;
  readonly empty: boolean;
  destroy(): void;
}

function prepared(kernel: LogSoftmaxKernel, entry: 'rows' | 'greedy', label: string): KernelPipeline {
  const compiled = kernel.pipeline(entry);
  if (!compiled) throw new GpuError(`${label}: the log-softmax pipelines are not prepared (await prepare() first)`);
  return compiled;
}

function checkCommon(label: string, spec: CommonSpec) {
  checkCount(label, 'rows', spec.rows);
  checkCount(label, 'vocab', spec.vocab, 1);
  const steps = stepTableSteps(spec.stepTable);
  if (steps < 1) throw new GpuError(`${label}: the step table holds no step`);
  const logits = checkMatrix(label, 'logits', spec.logits, spec.rows, spec.vocab);
  return { steps, logits };
}

function finishPlan(
  kernel: LogSoftmaxKernel,
  compiled: KernelPipeline,
  spec: CommonSpec,
  label: string,
  steps: number,
  values: Record<string, number>,
  resources: Record<string, BindingResource>,
): LogSoftmaxPlan {
  const params = createUniformBuffer(kernel.device, `${label} params`, packUniforms(compiled.kernel, 'params', values));
  const bindGroups = createBindGroups(kernel.device, compiled, {
    ...resources,
    params,
    logits: spec.logits.buffer,
    step: { buffer: spec.stepTable, size: STEP_INFO_SIZE },
  });
  return {
    label,
    compiled,
    bindGroups,
    grid: dispatchGrid(spec.rows, spec.gridLimit ?? MAX_WORKGROUPS_PER_DIMENSION),
    steps,
    empty: spec.rows === 0,
    destroy: () => params.destroy(),
  };
}

export function planLogSoftmaxRows(kernel: LogSoftmaxKernel, spec: LogSoftmaxRowsSpec): LogSoftmaxPlan {
  const label = spec.label ?? 'log-softmax rows';
  const compiled = prepared(kernel, 'rows', label);
  const { steps, logits } = checkCommon(label, spec);
  const outOffset = checkVector(label, 'out', spec.out, steps * spec.rows * spec.vocab);
  checkNoAlias(label, { name: 'out', buffer: spec.out.buffer }, [{ name: 'logits', buffer: spec.logits.buffer }]);
  const values = {
    rows: spec.rows,
    vocab: spec.vocab,
    logits_offset: logits.offset,
    ldl: logits.stride,
    out_offset: outOffset,
    pad_id: 0,
    bos_id: 0,
    eos_id: 0,
    min_length: 0,
  };
  return finishPlan(kernel, compiled, spec, label, steps, values, { out: spec.out.buffer });
}

export function planGreedySelect(kernel: LogSoftmaxKernel, spec: GreedySelectSpec): LogSoftmaxPlan {
  const label = spec.label ?? 'greedy select';
  const compiled = prepared(kernel, 'greedy', label);
  const { steps, logits } = checkCommon(label, spec);
  const { rows, vocab } = spec;
  for (const [name, id] of [['padId', spec.padId], ['bosId', spec.bosId], ['eosId', spec.eosId]] as const) {
    checkCount(label, name, id);
    if (id >= vocab) throw new GpuError(`${label}: ${name} ${id} is not below the vocabulary size ${vocab}`);
  }
  checkCount(label, 'minLength', spec.minLength);
  checkVector(label, 'maxLengths', { buffer: spec.maxLengths }, rows);
  checkVector(label, 'history', { buffer: spec.history }, (steps + 1) * rows);
  checkVector(label, 'finished', { buffer: spec.finished }, rows);
  checkVector(label, 'score', { buffer: spec.score }, rows);
  checkVector(label, 'chosen', { buffer: spec.chosen }, steps * rows);
  const writable = [
    { name: 'history', buffer: spec.history },
    { name: 'finished', buffer: spec.finished },
    { name: 'score', buffer: spec.score },
    { name: 'chosen', buffer: spec.chosen },
  ];
  const all = [{ name: 'logits', buffer: spec.logits.buffer }, { name: 'maxLengths', buffer: spec.maxLengths }, ...writable];
  for (const target of writable) checkNoAlias(label, target, all.filter((other) => other !== target));
  const values = {
    rows,
    vocab,
    logits_offset: logits.offset,
    ldl: logits.stride,
    out_offset: 0,
    pad_id: spec.padId,
    bos_id: spec.bosId,
    eos_id: spec.eosId,
    min_length: spec.minLength,
  };
  return finishPlan(kernel, compiled, spec, label, steps, values, {
    max_lengths: spec.maxLengths,
    history: spec.history,
    finished: spec.finished,
    score: spec.score,
    chosen: spec.chosen,
  });
}

/** Records step t (0 ≤ t < the step table's steps) of a log-softmax or greedy plan. */
export function recordLogSoftmax(pass: GPUComputePassEncoder, plan: LogSoftmaxPlan, t: number): void {
  if (!Number.isInteger(t) || t < 0 || t >= plan.steps) {
    throw new GpuError(`${plan.label}: step ${t} is outside the step table (0..${plan.steps - 1})`);
  }
  if (plan.empty) return;
  encodeDispatch(pass, plan.compiled, plan.bindGroups, plan.grid, { 1: [stepOffset(t)] });
}
