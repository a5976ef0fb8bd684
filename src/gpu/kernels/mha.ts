/**
 * Multi-head scaled dot-product attention on the GPU (shaders/mha.wgsl), without the projections:
 * q, k and v are views of projected rows (e.g. column ranges of one qkv matrix), the output is the
 * heads concatenated. One workgroup per query row. The twin is attention in
 * src/cpu/transformer/ops.ts, whose `allowed` callback says which keys each row sees; here:
 *
 *   blocks  query row r sees key rows b·keyRowsPerBlock + j, j < lengths[b], b = ⌊r / queryRowsPerBlock⌋:
 *           the encoder's padding mask (both T), cross-attention (K beams per sentence, T keys);
 *   causal  at step t, query row n sees its cache rows n·keyRowsPerQuery + j, j ≤ t.
 *
 *   const compiled = await prepareMha(device);
 *   const plan = planMha(device, compiled, spec);
 *   plan.record(pass);      // blocks without a stepped weights output
 *   plan.record(pass, t);   // causal keys, or weights with a step table
 */
import mhaSource from '../../../shaders/mha.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { defineKernel, getPipeline, type KernelPipeline } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount, matrixOperand, type MatrixOperand } from '../operands.ts';
import { stepTableSteps } from '../step-table.ts';
import { planWithoutSteps } from './embed-positions.ts';

const mhaKernelDefinition = defineKernel({ name: 'mha', source: mhaSource, dynamicOffsetBindings: ['step'] });

/** The most keys one query row may see (MAX_KEYS in shaders/mha.wgsl: the scores live in workgroup memory). */
export const MHA_MAX_KEYS = 2048;
const SMALLEST_KEY_CAPACITY = 256;

/**
 * The MAX_KEYS a model compiles the kernel for: the smallest power of two from 256 that holds
 * max_positions (its longest source and decoder cache), at most MHA_MAX_KEYS.
 */
export function mhaKeyCapacity(maxPositions: number): number {
  let capacity = SMALLEST_KEY_CAPACITY;
  while (capacity < maxPositions && capacity < MHA_MAX_KEYS) capacity *= 2;
  return capacity;
}

/** Compiles (or finds in the device's cache) the pipeline for rows of up to `keyCapacity` keys. */
export function prepareMha(device: GPUDevice, keyCapacity = MHA_MAX_KEYS): Promise<KernelPipeline> {
  if (!Number.isInteger(keyCapacity) || keyCapacity < 1 || keyCapacity > MHA_MAX_KEYS) {
    return Promise.reject(new GpuError(`mha: key capacity ${keyCapacity} is not within 1..${MHA_MAX_KEYS}`));
  }
  return getPipeline(device, mhaKernelDefinition, { MAX_KEYS: keyCapacity });
}

export type MhaKeys =
  | { kind: 'blocks'; queryRowsPerBlock: number; keyRowsPerBlock: number; lengths: GPUBuffer }
  | { kind: 'causal'; keyRowsPerQuery: number; stepTable: GPUBuffer };

export interface MhaSpec {
  /** Query rows. */
  rows: number;
  /** D, a multiple of heads. */
  width: number;
  heads: number;
  /** [rows × width]. */
  q: MatrixOperand;
  /** Key and value rows, [blocks·keyRowsPerBlock × width] or [rows·keyRowsPerQuery × width]. */
  k: MatrixOperand;
  v: MatrixOperand;
  /** [rows × width], heads concatenated. */
  out: MatrixOperand;
  keys: MhaKeys;
  /**
   * α averaged over the heads at buffer[(t·rows + r)·stride + j] for the allowed keys j, zeros for
   * the other j < stride; t from stepTable, 0 without one. With causal keys the two step tables
   * must be one buffer.
   */
  weights?: { buffer: GPUBuffer; stride: number; stepTable?: GPUBuffer };
  label?: string;
}

export function planMha(device: GPUDevice, compiled: KernelPipeline, spec: MhaSpec): Plan {
  const label = spec.label ?? 'mha';
  checkPipeline(label, compiled, mhaKernelDefinition);
  const { rows, width, heads, keys, weights } = spec;
  checkCount(label, 'rows', rows);
  checkCount(label, 'width', width);
  checkCount(label, 'heads', heads, 1);
  if (width % heads !== 0) throw new GpuError(`${label}: width ${width} is not a multiple of heads ${heads}`);
  const headWidth = width / heads;

  let keyRows: number;
  let keysPerQuery: number;
  let lengths: { buffer: GPUBuffer; elements: number; name: string } | null = null;
  if (keys.kind === 'blocks') {
    checkCount(label, 'queryRowsPerBlock', keys.queryRowsPerBlock, 1);
    checkCount(label, 'keyRowsPerBlock', keys.keyRowsPerBlock);
    const blocks = Math.ceil(rows / keys.queryRowsPerBlock);
    keyRows = blocks * keys.keyRowsPerBlock;
    keysPerQuery = keys.keyRowsPerBlock;
    lengths = { buffer: keys.lengths, elements: blocks, name: 'lengths' };
  } else {
    checkCount(label, 'keyRowsPerQuery', keys.keyRowsPerQuery, 1);
    keyRows = rows * keys.keyRowsPerQuery;
    keysPerQuery = keys.keyRowsPerQuery;
  }
  const capacity = compiled.overrides.MAX_KEYS ?? MHA_MAX_KEYS;
  if (keysPerQuery > capacity) {
    throw new GpuError(`${label}: ${keysPerQuery} key rows per query exceed the kernel's ${capacity}`);
  }

  const stepTable = keys.kind === 'causal' ? keys.stepTable : weights?.stepTable;
  if (keys.kind === 'causal' && weights?.stepTable && weights.stepTable !== keys.stepTable) {
    throw new GpuError(`${label}: the weights' step table must be the causal keys' step table`);
  }
  let weightsOperand = null;
  if (weights) {
    checkCount(label, 'weights stride', weights.stride);
    if (weights.stride < keysPerQuery) {
      throw new GpuError(`${label}: weights stride ${weights.stride} is less than the ${keysPerQuery} keys per query`);
    }
    const weightRows = (weights.stepTable ? stepTableSteps(weights.stepTable) : 1) * rows;
    weightsOperand = { buffer: weights.buffer, elements: weightRows * weights.stride, name: 'weights' };
  }

  const q = matrixOperand(label, 'q', spec.q, rows, width);
  const k = matrixOperand(label, 'k', spec.k, keyRows, width);
  const v = matrixOperand(label, 'v', spec.v, keyRows, width);
  const out = matrixOperand(label, 'out', spec.out, rows, width);
  const launch = (table: GPUBuffer) =>
    planLaunch(device, compiled, {
      label,
      uniforms: {
        params: {
          rows,
          width,
          heads,
          head_width: headWidth,
          // Rounded to f32 once, here: the twin scales by 1/√dh too.
          scale: 1 / Math.sqrt(headWidth),
          q_offset: q.offset,
          ldq: q.stride,
          k_offset: k.offset,
          ldk: k.stride,
          v_offset: v.offset,
          ldv: v.stride,
          out_offset: out.offset,
          ldo: out.stride,
          key_kind: keys.kind === 'causal' ? 1 : 0,
          query_rows_per_block: keys.kind === 'blocks' ? keys.queryRowsPerBlock : 1,
          key_rows_per_block: keys.kind === 'blocks' ? keys.keyRowsPerBlock : 0,
          key_rows_per_query: keys.kind === 'causal' ? keys.keyRowsPerQuery : 0,
          has_weights: weights ? 1 : 0,
          weights_stride: weights?.stride ?? 0,
          weights_by_step: weights?.stepTable ? 1 : 0,
        },
      },
      // Causal keys read no lengths and a launch without weights writes none: placeholders there.
      operands: { q: q.operand, k: k.operand, v: v.operand, lengths, out: out.operand, weights: weightsOperand },
      stepTable: table,
      workgroups: rows,
    });
  return stepTable ? launch(stepTable) : planWithoutSteps(device, label, launch);
}
