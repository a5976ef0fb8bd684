/**
 * C = act(A · Bᵀ + bias (+ C)) on the GPU (shaders/matmul.wgsl): A [M×K], B [N×K] in PyTorch weight
 * layout, C [M×N], each a row-strided slice of its buffer.
 *
 * The pattern every kernel module here follows, from the slowest step to the fastest:
 *
 *   const matmul = createMatmulKernel(device);        // once per device: pure, no GPU work
 *   await matmul.prepare(['none', 'tanh']);           // async: compiles the pipelines (seconds on
 *                                                     // SwiftShader), cached per device
 *   const plan = planMatmul(matmul, { m, n, k, a, b, c, bias, activation });
 *                                                     // sync: validates shapes against the buffers,
 *                                                     // writes a uniform buffer, makes the bind group
 *   recordMatmul(pass, plan);                         // records one dispatch into a compute pass the
 *                                                     // caller owns; replay a plan as often as needed
 *   plan.destroy();                                   // when the buffers it binds go away
 *
 * Planning refuses a pipeline that was not prepared (a GpuError), so recording never waits on a
 * compile. A plan binds buffers, not values: replaying it after new data is written into the same
 * buffers computes on the new data.
 */
import activationsLibrary from '../../../shaders/lib/activations.wgsl?raw';
import gridLibrary from '../../../shaders/lib/grid.wgsl?raw';
import matmulSource from '../../../shaders/matmul.wgsl?raw';
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
  type KernelPipeline,
} from '../kernel.ts';
import { checkCount, checkMatrix, checkNoAlias, checkVector, type MatrixOperand, type VectorOperand } from './operands.ts';

export type { MatrixOperand, VectorOperand } from './operands.ts';

export const matmulKernelDefinition = defineKernel({
  name: 'matmul',
  source: matmulSource,
  libraries: [gridLibrary, activationsLibrary],
});

export type MatmulActivation = 'none' | 'tanh';

const ACTIVATION_CODE: Record<MatmulActivation, number> = { none: 0, tanh: 1 };

/** Invocations per workgroup; each computes a TILE × TILE block of C. */
export const MATMUL_WORKGROUP_SIZE = 64;
export const MATMUL_TILE = 4;

export interface MatmulKernel {
  readonly device: GPUDevice;
  /** Compiles (or finds in the cache) the pipelines for these activations. */
  prepare(activations?: readonly MatmulActivation[]): Promise<void>;
  /** The prepared pipeline for an activation, or undefined before prepare() settled. */
  pipeline(activation: MatmulActivation): KernelPipeline | undefined;
}

export function createMatmulKernel(device: GPUDevice): MatmulKernel {
  const ready = new Map<MatmulActivation, KernelPipeline>();
  return {
    device,
    async prepare(activations = ['none']) {
      await Promise.all(
        activations.map(async (activation) => {
          const compiled = await getPipeline(device, matmulKernelDefinition, {
            ACTIVATION: ACTIVATION_CODE[activation],
            WORKGROUP_SIZE: MATMUL_WORKGROUP_SIZE,
          });
          ready.set(activation, compiled);
        }),
      );
    },
    pipeline: (activation) => ready.get(activation),
  };
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
  activation?: MatmulActivation;
  /** Add C's current values before the activation: C = act(A·Bᵀ + bias + C). */
  accumulate?: boolean;
  /** Largest workgroup count per grid dimension (tests force folded grids with small values). */
  gridLimit?: number;
  /** Names the uniform buffer, for leak reports and validation errors. */
  label?: string;
}

export interface MatmulPlan {
  readonly label: string;
  readonly compiled: KernelPipeline;
  readonly bindGroups: readonly GPUBindGroup[];
  readonly grid: readonly [number, number, number];
  /** Tiles along M per workgroup block (the rest of the workgroup spans N). */
  readonly blockRows: number;
  /** Whether there is anything to dispatch (M, N > 0). */
  readonly empty: boolean;
  /** Destroys the uniform buffer the plan owns; the operand buffers belong to the caller. */
  destroy(): void;
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

export function planMatmul(kernel: MatmulKernel, spec: MatmulSpec): MatmulPlan {
  const label = spec.label ?? 'matmul';
  const activation = spec.activation ?? 'none';
  const compiled = kernel.pipeline(activation);
  if (!compiled) {
    throw new GpuError(`${label}: the matmul pipeline for activation "${activation}" is not prepared (await prepare() first)`);
  }
  const { m, n, k } = spec;
  checkCount(label, 'm', m);
  checkCount(label, 'n', n);
  checkCount(label, 'k', k);
  const a = checkMatrix(label, 'A', spec.a, m, k);
  const b = checkMatrix(label, 'B', spec.b, n, k);
  const c = checkMatrix(label, 'C', spec.c, m, n);
  const biasOffset = spec.bias ? checkVector(label, 'bias', spec.bias, n) : 0;
  checkNoAlias(label, { name: 'C', buffer: spec.c.buffer }, [
    { name: 'A', buffer: spec.a.buffer },
    { name: 'B', buffer: spec.b.buffer },
    { name: 'bias', buffer: spec.bias?.buffer },
  ]);

  const layout = matmulLayout(m, n, spec.gridLimit);
  const uniforms = packUniforms(matmulKernelDefinition, 'params', {
    m,
    n,
    k,
    a_offset: a.offset,
    lda: a.stride,
    b_offset: b.offset,
    ldb: b.stride,
    c_offset: c.offset,
    ldc: c.stride,
    bias_offset: biasOffset,
    has_bias: spec.bias ? 1 : 0,
    accumulate: spec.accumulate ? 1 : 0,
    block_rows: layout.blockRows,
    blocks_n: layout.blocksN,
    blocks_total: layout.blocksTotal,
  });
  const params = createUniformBuffer(kernel.device, `${label} params`, uniforms);
  const bindGroups = createBindGroups(kernel.device, compiled, {
    params,
    a: spec.a.buffer,
    b: spec.b.buffer,
    // Without a bias the shader never reads the binding, but WebGPU needs a buffer there.
    bias: spec.bias ? spec.bias.buffer : spec.b.buffer,
    c: spec.c.buffer,
  });
  return {
    label,
    compiled,
    bindGroups,
    grid: layout.grid,
    blockRows: layout.blockRows,
    empty: layout.blocksTotal === 0,
    destroy: () => params.destroy(),
  };
}

/** Records the plan's dispatch into `pass` (nothing when the output is empty). */
export function recordMatmul(pass: GPUComputePassEncoder, plan: MatmulPlan): void {
  if (plan.empty) return;
  encodeDispatch(pass, plan.compiled, plan.bindGroups, plan.grid);
}
