/**
 * Global attention for one decoder step (shaders/attention.wgsl): scores over each row's source
 * positions, the alignment α of step t and the concatenation [c ; h_top] that the attentional
 * hidden's matmul reads.
 */
import attentionSource from '../../../shaders/attention.wgsl?raw';
import { GpuError } from '../../errors.ts';
import type { AttentionType } from '../../model/config.ts';
import { defineKernel, getPipeline, type KernelPipeline } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount } from '../operands.ts';
import { stepTableSteps } from '../step-table.ts';

const attentionKernel = defineKernel({
  name: 'attention',
  source: attentionSource,
  dynamicOffsetBindings: ['step'],
});

/** The SCORE override of shaders/attention.wgsl: dot and general score with a dot product (general's keys are enc·W_in). */
function attentionOverrides(kind: Exclude<AttentionType, 'none'>): Record<string, number> {
  return { SCORE: kind === 'additive' ? 1 : 0 };
}

/** Compiles (or finds in the device's cache) the pipeline for one kind of attention. */
export function prepareAttention(device: GPUDevice, kind: Exclude<AttentionType, 'none'>): Promise<KernelPipeline> {
  return getPipeline(device, attentionKernel, attentionOverrides(kind));
}

export interface AttentionPlanSpec {
  /** N. */
  rows: number;
  /** K: row n attends over sentence n / K. */
  rowsPerSentence: number;
  hidden: number;
  /** T, the row stride of keys and memory. */
  maxLength: number;
  /** u32 [B]. */
  lengths: GPUBuffer;
  /** [B × T × H]: encoder outputs (dot), enc·W_in (general), enc·W_cᵀ (additive). */
  keys: GPUBuffer;
  /** [N × H]: h_top (dot, general), W_q h_top + b_q (additive). */
  query: GPUBuffer;
  /** additive: v [H]. */
  v?: GPUBuffer;
  /** Encoder outputs [B × T × H]. */
  memory: GPUBuffer;
  /** [N × H]. */
  hTop: GPUBuffer;
  /** [N × 2H], receives [c ; h_top]. */
  cat: GPUBuffer;
  /** [steps × N × T], receives α at step t; or [N × T] when `alignmentSteps` is 1. */
  alignments: GPUBuffer;
  /** Steps `alignments` holds; default every step of the table (a table of t = 0 needs only 1). */
  alignmentSteps?: number;
  stepTable: GPUBuffer;
}

export function planAttention(device: GPUDevice, compiled: KernelPipeline, spec: AttentionPlanSpec): Plan {
  const label = 'attention';
  checkPipeline(label, compiled, attentionKernel);
  const { rows, rowsPerSentence, hidden, maxLength } = spec;
  checkCount(label, 'rowsPerSentence', rowsPerSentence, 1);
  const sentences = Math.ceil(rows / rowsPerSentence);
  const encoded = sentences * maxLength * hidden;
  const additive = compiled.overrides.SCORE === 1;
  if (additive && !spec.v) throw new GpuError(`${label}: additive attention needs v`);
  return planLaunch(device, compiled, {
    label,
    uniforms: { params: { rows, rows_per_sentence: rowsPerSentence, hidden, max_length: maxLength } },
    operands: {
      lengths: { buffer: spec.lengths, elements: sentences },
      keys: { buffer: spec.keys, elements: encoded },
      query: { buffer: spec.query, elements: rows * hidden },
      // Dot scores never read v, but WebGPU needs a buffer there.
      v: { buffer: spec.v ?? spec.query, elements: additive ? hidden : 0 },
      memory: { buffer: spec.memory, elements: encoded },
      h_top: { buffer: spec.hTop, elements: rows * hidden, name: 'hTop' },
      cat: { buffer: spec.cat, elements: rows * 2 * hidden },
      alignments: {
        buffer: spec.alignments,
        elements: (spec.alignmentSteps ?? stepTableSteps(spec.stepTable)) * rows * maxLength,
      },
    },
    stepTable: spec.stepTable,
    workgroups: rows,
  });
}
