/**
 * The Transformer's input embeddings on the GPU (shaders/embed_positions.wgsl): rows of a
 * [vocab × width] token table times `scale` (√D or 1) plus rows of a [maxPositions × width]
 * position table (learned, or sinusoidalTable from src/cpu/transformer/ops.ts uploaded), the
 * twin of embedPositions there.
 *
 *   const compiled = await prepareEmbedPositions(device);
 *   const encoder = planEmbedPositions(device, compiled, { ...,
 *     position: { kind: 'row-in-sentence', rowsPerSentence: T } });   // encoder.record(pass)
 *   const decoder = planEmbedPositions(device, compiled, { ...,
 *     position: { kind: 'step', stepTable } });                       // decoder.record(pass, t)
 *
 * Ids ≥ vocab and positions ≥ maxPositions are clamped to the last table row in the shader (the
 * engine refuses them before; the clamp only keeps reads in bounds).
 */
import embedPositionsSource from '../../../shaders/embed_positions.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount, matrixOperand, type MatrixOperand, vectorOperand } from '../operands.ts';
import { createStepTable, stepTableSteps } from '../step-table.ts';

const embedPositionsKernelDefinition = defineKernel({
  name: 'embed positions',
  source: embedPositionsSource,
  dynamicOffsetBindings: ['step'],
});

const EMBED_POSITIONS_WORKGROUP_SIZE = 64;

export function prepareEmbedPositions(device: GPUDevice): Promise<KernelPipeline> {
  return getPipeline(device, embedPositionsKernelDefinition, { WORKGROUP_SIZE: EMBED_POSITIONS_WORKGROUP_SIZE });
}

export type EmbedPositionMode =
  /** Encoder: row r has token tokens[offset + r] at position r % rowsPerSentence. */
  | { kind: 'row-in-sentence'; rowsPerSentence: number }
  /** Decoder step t (from the step table): row n has token tokens[offset + t·rows + n] at position t. */
  | { kind: 'step'; stepTable: GPUBuffer };

export interface EmbedPositionsSpec {
  rows: number;
  width: number;
  /** u32 ids. */
  tokens: { buffer: GPUBuffer; offset?: number };
  /** f32 [vocab × width]. */
  embedding: GPUBuffer;
  vocab: number;
  /** f32 [maxPositions × width]. */
  positions: GPUBuffer;
  maxPositions: number;
  scale: number;
  /** [rows × width]. */
  out: MatrixOperand;
  position: EmbedPositionMode;
  label?: string;
}

export function planEmbedPositions(device: GPUDevice, compiled: KernelPipeline, spec: EmbedPositionsSpec): Plan {
  const label = spec.label ?? 'embed positions';
  checkPipeline(label, compiled, embedPositionsKernelDefinition);
  const { rows, width, vocab, maxPositions, scale, position } = spec;
  checkCount(label, 'rows', rows);
  checkCount(label, 'width', width);
  // Clamping needs a row to clamp to.
  checkCount(label, 'vocab', vocab, 1);
  checkCount(label, 'maxPositions', maxPositions, 1);
  if (!Number.isFinite(scale)) throw new GpuError(`${label}: scale must be finite, got ${scale}`);
  const rowsPerSentence = position.kind === 'row-in-sentence' ? position.rowsPerSentence : 1;
  checkCount(label, 'rowsPerSentence', rowsPerSentence, 1);
  const steps = position.kind === 'step' ? stepTableSteps(position.stepTable) : 1;
  const tokens = vectorOperand(label, 'tokens', spec.tokens, steps * rows);
  const out = matrixOperand(label, 'out', spec.out, rows, width);
  const launch = (stepTable: GPUBuffer) =>
    planLaunch(device, compiled, {
      label,
      uniforms: {
        params: {
          rows,
          width,
          vocab,
          max_positions: maxPositions,
          tokens_offset: tokens.offset,
          out_offset: out.offset,
          ldo: out.stride,
          position_mode: position.kind === 'step' ? 1 : 0,
          rows_per_sentence: rowsPerSentence,
          scale,
        },
      },
      operands: {
        tokens: tokens.operand,
        embedding: { buffer: spec.embedding, elements: vocab * width, name: 'embedding' },
        positions: { buffer: spec.positions, elements: maxPositions * width, name: 'positions' },
        out: out.operand,
      },
      stepTable,
      workgroups: workgroupCount(rows * width, EMBED_POSITIONS_WORKGROUP_SIZE),
    });
  return position.kind === 'step' ? launch(position.stepTable) : planWithoutSteps(device, label, launch);
}

/**
 * A plan of a kernel that binds a step table, for a launch that reads no step: the plan owns a
 * one-entry table and records without a step, like any plan without a step table.
 */
export function planWithoutSteps(device: GPUDevice, label: string, launch: (stepTable: GPUBuffer) => Plan): Plan {
  const table = createStepTable(device, 1);
  let plan: Plan;
  try {
    plan = launch(table);
  } catch (error) {
    table.destroy();
    throw error;
  }
  return {
    label: plan.label,
    steps: 0,
    record(pass, t) {
      if (t !== undefined) throw new GpuError(`${label}: a step was given, but the plan has no step table`);
      plan.record(pass, 0);
    },
    destroy() {
      plan.destroy();
      table.destroy();
    },
  };
}
