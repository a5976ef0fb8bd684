/**
 * Row-wise log-softmax and the greedy choice on the GPU (shaders/log_softmax.wgsl): one workgroup
 * per row of logits [rows × vocab] for the log-prob rows, one invocation per row for the greedy
 * choice; the step t read from a step table (src/gpu/step-table.ts).
 *
 * Same pattern as src/gpu/kernels/matmul.ts:
 *   const { rows, greedy } = await prepareLogSoftmax(device);
 *   const rowsPlan = planLogSoftmaxRows(device, rows, spec);      // teacher forcing: log-prob rows
 *   const greedyPlan = planGreedySelect(device, greedy, spec);    // greedy decoding: next tokens
 *   plan.record(pass, t);                                         // step t of the table, any number of times
 *   plan.destroy();
 */
import logSoftmaxSource from '../../../shaders/log_softmax.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { defineKernel, getPipeline, type Kernel, type KernelPipeline } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch, type UniformValues } from '../launch.ts';
import {
  checkCount,
  matrixOperand,
  type MatrixOperand,
  type Operand,
  vectorOperand,
  type VectorOperand,
} from '../operands.ts';
import { stepTableSteps } from '../step-table.ts';

const definition = (entryPoint: string, name: string): Kernel =>
  defineKernel({ name, source: logSoftmaxSource, entryPoint, dynamicOffsetBindings: ['step'] });
const logSoftmaxRowsKernelDefinition = definition('log_softmax_rows', 'log-softmax rows');
const greedySelectKernelDefinition = definition('greedy_select', 'greedy select');

const LOG_SOFTMAX_WORKGROUP_SIZE = 64;
/** GREEDY_ROWS_PER_WORKGROUP of shaders/log_softmax.wgsl. */
const GREEDY_ROWS_PER_WORKGROUP = 8;

export interface LogSoftmaxPipelines {
  rows: KernelPipeline;
  greedy: KernelPipeline;
}

/** Compiles (or finds in the device's cache) the log-prob rows and greedy select pipelines. */
export async function prepareLogSoftmax(device: GPUDevice): Promise<LogSoftmaxPipelines> {
  const overrides = { WORKGROUP_SIZE: LOG_SOFTMAX_WORKGROUP_SIZE };
  const [rows, greedy] = await Promise.all([
    getPipeline(device, logSoftmaxRowsKernelDefinition, overrides),
    getPipeline(device, greedySelectKernelDefinition, overrides),
  ]);
  return { rows, greedy };
}

interface CommonSpec {
  /** N rows (B sentences × K beams). */
  rows: number;
  /** V, the row width. */
  vocab: number;
  /** f32 [rows × vocab], rows logits.stride (default vocab) apart. */
  logits: MatrixOperand;
  /** The step table: plan.record(pass, t) reads entry t. */
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
  /**
   * u32 [rows × vocab]: the search constraints' token mask (src/gpu/kernels/constraints.ts), written
   * before each step's choice; absent when the call has no prefix and no n-gram blocking.
   */
  tokenMask?: GPUBuffer;
}

function checkCommon(label: string, spec: CommonSpec) {
  checkCount(label, 'rows', spec.rows);
  checkCount(label, 'vocab', spec.vocab, 1);
  const steps = stepTableSteps(spec.stepTable);
  const logits = matrixOperand(label, 'logits', spec.logits, spec.rows, spec.vocab);
  return { steps, logits };
}

function launch(
  device: GPUDevice,
  compiled: KernelPipeline,
  spec: CommonSpec,
  label: string,
  params: UniformValues,
  operands: Record<string, Operand | null>,
  workgroups: number,
): Plan {
  return planLaunch(device, compiled, {
    label,
    uniforms: { params },
    operands,
    stepTable: spec.stepTable,
    workgroups,
    gridLimit: spec.gridLimit,
  });
}

export function planLogSoftmaxRows(device: GPUDevice, compiled: KernelPipeline, spec: LogSoftmaxRowsSpec): Plan {
  const label = spec.label ?? 'log-softmax rows';
  checkPipeline(label, compiled, logSoftmaxRowsKernelDefinition);
  const { steps, logits } = checkCommon(label, spec);
  const out = vectorOperand(label, 'out', spec.out, steps * spec.rows * spec.vocab);
  const params = {
    rows: spec.rows,
    vocab: spec.vocab,
    logits_offset: logits.offset,
    ldl: logits.stride,
    out_offset: out.offset,
    pad_id: 0,
    bos_id: 0,
    eos_id: 0,
    min_length: 0,
    masked: 0,
  };
  return launch(device, compiled, spec, label, params, { logits: logits.operand, out: out.operand }, spec.rows);
}

/**
 * The checks greedy select and sampling (src/gpu/kernels/sample.ts) share: shapes, the step table,
 * the special ids and minLength. Returns the step count and the resolved logits.
 */
export function checkSelectSpec(label: string, spec: GreedySelectSpec) {
  const { steps, logits } = checkCommon(label, spec);
  for (const [name, id] of [
    ['padId', spec.padId],
    ['bosId', spec.bosId],
    ['eosId', spec.eosId],
  ] as const) {
    checkCount(label, name, id);
    if (id >= spec.vocab) throw new GpuError(`${label}: ${name} ${id} is not below the vocabulary size ${spec.vocab}`);
  }
  checkCount(label, 'minLength', spec.minLength);
  return { steps, logits };
}

/** The storage operands greedy select and sampling share: logits and the rows' bookkeeping. */
export function selectOperands(spec: GreedySelectSpec, logits: Operand, steps: number): Record<string, Operand | null> {
  const { rows, vocab } = spec;
  return {
    logits,
    max_lengths: { buffer: spec.maxLengths, elements: rows, name: 'maxLengths' },
    history: { buffer: spec.history, elements: (steps + 1) * rows },
    finished: { buffer: spec.finished, elements: rows },
    score: { buffer: spec.score, elements: rows },
    chosen: { buffer: spec.chosen, elements: steps * rows },
    token_mask: spec.tokenMask ? { buffer: spec.tokenMask, elements: rows * vocab, name: 'tokenMask' } : null,
  };
}

export function planGreedySelect(device: GPUDevice, compiled: KernelPipeline, spec: GreedySelectSpec): Plan {
  const label = spec.label ?? 'greedy select';
  checkPipeline(label, compiled, greedySelectKernelDefinition);
  const { steps, logits } = checkSelectSpec(label, spec);
  const params = {
    rows: spec.rows,
    vocab: spec.vocab,
    logits_offset: logits.offset,
    ldl: logits.stride,
    out_offset: 0,
    pad_id: spec.padId,
    bos_id: spec.bosId,
    eos_id: spec.eosId,
    min_length: spec.minLength,
    masked: spec.tokenMask ? 1 : 0,
  };
  const operands = selectOperands(spec, logits.operand, steps);
  return launch(device, compiled, spec, label, params, operands, Math.ceil(spec.rows / GREEDY_ROWS_PER_WORKGROUP));
}
