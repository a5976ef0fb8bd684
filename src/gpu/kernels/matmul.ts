/**
 * C = act(A · Bᵀ + bias (+ C)) on the GPU (shaders/matmul.wgsl): A [M×K], B [N×K] in PyTorch weight
 * layout, C [M×N], each a row-strided slice of its buffer.
 *
 * The pattern every kernel module here follows, from the slowest step to the fastest:
 *
 *   const compiled = await prepareMatmul(device, 'tanh');  // async: compiles the pipeline (seconds
 *                                                          // on SwiftShader), cached per device
 *   const plan = planMatmul(device, compiled, { m, n, k, a, b, c, bias });
 *                                                          // sync: checks the shapes against the
 *                                                          // buffers, writes a uniform buffer, makes
 *                                                          // the bind groups (src/gpu/launch.ts)
 *   plan.record(pass);                                     // records one dispatch into a compute
 *                                                          // pass the caller owns; replay a plan
 *                                                          // as often as needed
 *   plan.destroy();                                        // when the buffers it binds go away
 *
 * Planning takes a compiled pipeline, so recording never waits on a compile. A plan binds buffers,
 * not values: replaying it after new data is written into the same buffers computes on the new data.
 */
import matmulSource from '../../../shaders/matmul.wgsl?raw';
import {
  defineKernel,
  dispatchGrid,
  getPipeline,
  type KernelPipeline,
  MAX_WORKGROUPS_PER_DIMENSION,
} from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount, matrixOperand, type MatrixOperand, vectorOperand, type VectorOperand } from '../operands.ts';

const matmulKernelDefinition = defineKernel({
  name: 'matmul',
  source: matmulSource,
});

export type MatmulActivation = 'none' | 'tanh' | 'relu' | 'gelu';

/** The ACTIVATION override of shaders/matmul.wgsl. */
const ACTIVATION_CODE: Record<MatmulActivation, number> = { none: 0, tanh: 1, relu: 2, gelu: 3 };

/** Invocations per workgroup; each computes a TILE × TILE block of C. */
const MATMUL_WORKGROUP_SIZE = 64;
const MATMUL_TILE = 4;

/** Compiles (or finds in the device's cache) the pipeline for one activation. */
export function prepareMatmul(device: GPUDevice, activation: MatmulActivation = 'none'): Promise<KernelPipeline> {
  return getPipeline(device, matmulKernelDefinition, {
    ACTIVATION: ACTIVATION_CODE[activation],
    WORKGROUP_SIZE: MATMUL_WORKGROUP_SIZE,
  });
}

export interface MatmulSpec {
  m: number;
  n: number;
  k: number;
  a: MatrixOperand;
  b: MatrixOperand;
  /** Must be a buffer other than a, b and bias (WebGPU forbids a writable binding aliasing another). */
  c: MatrixOperand;
  bias?: VectorOperand | null;
  /** Add C's current values before the activation: C = act(A·Bᵀ + bias + C). */
  accumulate?: boolean;
  /** Largest workgroup count per grid dimension (tests force folded grids with small values). */
  gridLimit?: number;
  /** Names the uniform buffer, for leak reports and validation errors. */
  label?: string;
}

/** The workgroup block shape and grid for an M×N output (pure: no GPU). */
export function matmulLayout(m: number, n: number, gridLimit = MAX_WORKGROUPS_PER_DIMENSION) {
  const tilesM = Math.ceil(m / MATMUL_TILE);
  const tilesN = Math.ceil(n / MATMUL_TILE);
  // The smallest power of two ≥ tilesM, at most 8: a square-ish block of tiles (8 × 8) for large
  // M, a flat one (1 × 64, 2 × 32...) when A has few rows.
  let blockRows = 1;
  while (blockRows < 8 && blockRows < tilesM) blockRows *= 2;
  const blockCols = MATMUL_WORKGROUP_SIZE / blockRows;
  const blocksM = Math.ceil(tilesM / blockRows);
  const blocksN = Math.ceil(tilesN / blockCols);
  const blocksTotal = blocksM * blocksN;
  return { blockRows, blocksN, blocksTotal, grid: dispatchGrid(blocksTotal, gridLimit) };
}

/** The activation is the pipeline's (prepareMatmul). */
export function planMatmul(device: GPUDevice, compiled: KernelPipeline, spec: MatmulSpec): Plan {
  const label = spec.label ?? 'matmul';
  checkPipeline(label, compiled, matmulKernelDefinition);
  const { m, n, k } = spec;
  checkCount(label, 'm', m);
  checkCount(label, 'n', n);
  checkCount(label, 'k', k);
  const a = matrixOperand(label, 'A', spec.a, m, k);
  const b = matrixOperand(label, 'B', spec.b, n, k);
  const c = matrixOperand(label, 'C', spec.c, m, n);
  const bias = spec.bias ? vectorOperand(label, 'bias', spec.bias, n) : undefined;
  const layout = matmulLayout(m, n, spec.gridLimit);
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      params: {
        m,
        n,
        k,
        a_offset: a.offset,
        lda: a.stride,
        b_offset: b.offset,
        ldb: b.stride,
        c_offset: c.offset,
        ldc: c.stride,
        bias_offset: bias?.offset ?? 0,
        has_bias: bias ? 1 : 0,
        accumulate: spec.accumulate ? 1 : 0,
        block_rows: layout.blockRows,
        blocks_n: layout.blocksN,
        blocks_total: layout.blocksTotal,
      },
    },
    operands: {
      a: a.operand,
      b: b.operand,
      // Without a bias the shader never reads the binding, but WebGPU needs a buffer there.
      bias: bias?.operand ?? { buffer: spec.b.buffer, elements: 0 },
      c: c.operand,
    },
    workgroups: layout.blocksTotal,
    gridLimit: spec.gridLimit,
  });
}
