/**
 * Embedding gather on the GPU (shaders/embedding.wgsl): rows of a [vocab × dim] table for u32 ids,
 * written as rows of an output matrix (a column range of a wider one when its stride exceeds dim).
 * An id >= vocab gives a row of zeros.
 *
 * Same pattern as src/gpu/kernels/matmul.ts:
 *   const embedding = createEmbeddingKernel(device);  // pure
 *   await embedding.prepare();                         // compiles both entry points
 *   const plan = planEmbedding(embedding, spec);       // uniform buffer + bind groups
 *   recordEmbedding(pass, plan);                       // fixed ids, or with spec.step:
 *   recordEmbedding(pass, plan, t);                    // ids and output shifted by step t
 *   plan.destroy();
 */
import embeddingSource from '../../../shaders/embedding.wgsl?raw';
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
  workgroupCount,
  type KernelPipeline,
} from '../kernel.ts';
import { STEP_INFO_SIZE, stepOffset } from '../step-table.ts';
import { checkCount, checkMatrix, checkNoAlias, checkVector, stepTableSteps, type MatrixOperand, type VectorOperand } from './operands.ts';

const libraries = [gridLibrary, stepLibrary];
export const embeddingKernelDefinition = defineKernel({ name: 'embedding', source: embeddingSource, libraries, entryPoint: 'gather' });
export const embeddingStepKernelDefinition = defineKernel({
  name: 'embedding (stepped)',
  source: embeddingSource,
  libraries,
  entryPoint: 'gather_step',
  dynamicOffsetBindings: ['step'],
});

export const EMBEDDING_WORKGROUP_SIZE = 64;

export interface EmbeddingKernel {
  readonly device: GPUDevice;
  /** Compiles (or finds in the cache) the plain and the stepped pipeline. */
  prepare(): Promise<void>;
  pipeline(stepped: boolean): KernelPipeline | undefined;
}

export function createEmbeddingKernel(device: GPUDevice): EmbeddingKernel {
  let plain: KernelPipeline | undefined;
  let stepped: KernelPipeline | undefined;
  return {
    device,
    async prepare() {
      const overrides = { WORKGROUP_SIZE: EMBEDDING_WORKGROUP_SIZE };
      [plain, stepped] = await Promise.all([
        getPipeline(device, embeddingKernelDefinition, overrides),
        getPipeline(device, embeddingStepKernelDefinition, overrides),
      ]);
    },
    pipeline: (isStepped) => (isStepped ? stepped : plain),
  };
}

export interface EmbeddingSpec {
  /** Output rows (ids gathered). */
  rows: number;
  /** Embedding width E. */
  dim: number;
  /** Table rows V: ids >= vocab read as zeros. */
  vocab: number;
  /** f32 [vocab × dim] at table.offset. */
  table: VectorOperand;
  /** u32 ids: rows of them at ids.offset (+ t · step.idsStride). */
  ids: VectorOperand;
  /** f32 [rows × dim] at out.offset (+ t · step.outStride), rows out.stride (default dim) apart. */
  out: MatrixOperand;
  /** Per-step shifts, t from a step table (src/gpu/step-table.ts) bound with a dynamic offset. */
  step?: { table: GPUBuffer; idsStride: number; outStride: number };
  gridLimit?: number;
  label?: string;
}

export interface EmbeddingPlan {
  readonly label: string;
  readonly compiled: KernelPipeline;
  readonly bindGroups: readonly GPUBindGroup[];
  readonly grid: readonly [number, number, number];
  /** Steps the plan may be recorded for (0 for a plan without a step table). */
  readonly steps: number;
  readonly empty: boolean;
  destroy(): void;
}

export function planEmbedding(kernel: EmbeddingKernel, spec: EmbeddingSpec): EmbeddingPlan {
  const label = spec.label ?? 'embedding';
  const stepped = spec.step !== undefined;
  const compiled = kernel.pipeline(stepped);
  if (!compiled) throw new GpuError(`${label}: the embedding pipelines are not prepared (await prepare() first)`);
  const { rows, dim, vocab } = spec;
  checkCount(label, 'rows', rows);
  checkCount(label, 'dim', dim);
  checkCount(label, 'vocab', vocab);
  const steps = spec.step ? stepTableSteps(spec.step.table) : 0;
  const idsStride = spec.step?.idsStride ?? 0;
  const outStride = spec.step?.outStride ?? 0;
  if (spec.step) {
    checkCount(label, 'step.idsStride', idsStride);
    checkCount(label, 'step.outStride', outStride);
    if (steps < 1) throw new GpuError(`${label}: the step table holds no step`);
  }
  const lastShift = Math.max(0, steps - 1);
  const tableOffset = checkVector(label, 'table', spec.table, vocab * dim);
  const idsOffset = checkVector(label, 'ids', spec.ids, rows, lastShift * idsStride);
  const out = checkMatrix(label, 'out', spec.out, rows, dim, lastShift * outStride);
  checkNoAlias(label, { name: 'out', buffer: spec.out.buffer }, [
    { name: 'table', buffer: spec.table.buffer },
    { name: 'ids', buffer: spec.ids.buffer },
  ]);

  const uniforms = packUniforms(embeddingKernelDefinition, 'params', {
    rows,
    dim,
    vocab,
    table_offset: tableOffset,
    ids_offset: idsOffset,
    ids_step: idsStride,
    out_offset: out.offset,
    ldo: out.stride,
    out_step: outStride,
  });
  const params = createUniformBuffer(kernel.device, `${label} params`, uniforms);
  const resources: Record<string, GPUBuffer | GPUBufferBinding> = {
    params,
    table: spec.table.buffer,
    ids: spec.ids.buffer,
    out: spec.out.buffer,
  };
  if (spec.step) resources.step = { buffer: spec.step.table, size: STEP_INFO_SIZE };
  const bindGroups = createBindGroups(kernel.device, compiled, resources);
  const workgroups = workgroupCount(rows * dim, EMBEDDING_WORKGROUP_SIZE);
  return {
    label,
    compiled,
    bindGroups,
    grid: dispatchGrid(workgroups, spec.gridLimit ?? MAX_WORKGROUPS_PER_DIMENSION),
    steps,
    empty: workgroups === 0,
    destroy: () => params.destroy(),
  };
}

/** Records the gather; a plan with a step table needs the step t (0 ≤ t < its steps). */
export function recordEmbedding(pass: GPUComputePassEncoder, plan: EmbeddingPlan, t?: number): void {
  if (plan.steps > 0) {
    if (t === undefined || !Number.isInteger(t) || t < 0 || t >= plan.steps) {
      throw new GpuError(`${plan.label}: step ${t} is outside the step table (0..${plan.steps - 1})`);
    }
  } else if (t !== undefined) {
    throw new GpuError(`${plan.label}: a step was given, but the plan has no step table`);
  }
  if (plan.empty) return;
  encodeDispatch(pass, plan.compiled, plan.bindGroups, plan.grid, plan.steps > 0 ? { 1: [stepOffset(t as number)] } : {});
}
