/**
 * Embedding gather on the GPU (shaders/embedding.wgsl): rows of a [vocab × dim] table for u32 ids,
 * written as rows of an output matrix (a column range of a wider one when its stride exceeds dim).
 * An id >= vocab gives a row of zeros.
 *
 * Same pattern as src/gpu/kernels/matmul.ts:
 *   const { plain, stepped } = await prepareEmbedding(device);
 *   const plan = planEmbedding(device, plain, spec);     // fixed ids: plan.record(pass), or
 *   const plan = planEmbedding(device, stepped, spec);   // with spec.step: plan.record(pass, t),
 *                                                        // ids and output shifted by step t
 *   plan.destroy();
 */
import embeddingSource from '../../../shaders/embedding.wgsl?raw';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount, matrixOperand, type MatrixOperand, vectorOperand, type VectorOperand } from '../operands.ts';
import { stepTableSteps } from '../step-table.ts';

const embeddingKernelDefinition = defineKernel({ name: 'embedding', source: embeddingSource, entryPoint: 'gather' });
const embeddingStepKernelDefinition = defineKernel({
  name: 'embedding (stepped)',
  source: embeddingSource,
  entryPoint: 'gather_step',
  dynamicOffsetBindings: ['step'],
});

export const EMBEDDING_WORKGROUP_SIZE = 64;

export interface EmbeddingPipelines {
  /** Fixed ids and output. */
  plain: KernelPipeline;
  /** Ids and output shifted by the step t of a step table. */
  stepped: KernelPipeline;
}

/** Compiles (or finds in the device's cache) both pipelines. */
export async function prepareEmbedding(device: GPUDevice): Promise<EmbeddingPipelines> {
  const overrides = { WORKGROUP_SIZE: EMBEDDING_WORKGROUP_SIZE };
  const [plain, stepped] = await Promise.all([
    getPipeline(device, embeddingKernelDefinition, overrides),
    getPipeline(device, embeddingStepKernelDefinition, overrides),
  ]);
  return { plain, stepped };
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

/** A spec with a step table needs the stepped pipeline, one without it the plain one. */
export function planEmbedding(device: GPUDevice, compiled: KernelPipeline, spec: EmbeddingSpec): Plan {
  const label = spec.label ?? 'embedding';
  checkPipeline(label, compiled, spec.step ? embeddingStepKernelDefinition : embeddingKernelDefinition);
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
  }
  const lastShift = Math.max(0, steps - 1);
  const table = vectorOperand(label, 'table', spec.table, vocab * dim);
  const ids = vectorOperand(label, 'ids', spec.ids, rows, lastShift * idsStride);
  const out = matrixOperand(label, 'out', spec.out, rows, dim, lastShift * outStride);
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      params: {
        rows,
        dim,
        vocab,
        table_offset: table.offset,
        ids_offset: ids.offset,
        ids_step: idsStride,
        out_offset: out.offset,
        ldo: out.stride,
        out_step: outStride,
      },
    },
    operands: { table: table.operand, ids: ids.operand, out: out.operand },
    stepTable: spec.step?.table,
    workgroups: workgroupCount(rows * dim, EMBEDDING_WORKGROUP_SIZE),
    gridLimit: spec.gridLimit,
  });
}
