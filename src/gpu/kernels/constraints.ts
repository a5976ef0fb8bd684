/**
 * The search constraints and greedy coverage on the GPU (shaders/constraints.wgsl): the per-row
 * token mask of a forced prefix and n-gram blocking, written before each step's choice, and the
 * coverage sum of greedy rows, added after it. Also the host's side of the constraints table.
 *
 *   const pipelines = await prepareConstraints(device);
 *   const mask = planConstraintsMask(device, pipelines.mask, spec);   // before the select of step t
 *   const add = planCoverageAdd(device, pipelines.coverage, spec);    // after the greedy select
 */
import constraintsSource from '../../../shaders/constraints.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount } from '../operands.ts';
import { stepTableSteps } from '../step-table.ts';

const definition = (entryPoint: string, name: string) =>
  defineKernel({ name, source: constraintsSource, entryPoint, dynamicOffsetBindings: ['step'] });
const maskKernel = definition('constraints_mask', 'constraints mask');
const coverageKernel = definition('coverage_add', 'coverage add');

/** ConstraintParams members an entry point does not read (the two share one struct). */
const UNUSED_PARAMS = {
  rows: 0,
  beam: 1,
  vocab: 1,
  steps: 0,
  parents: 0,
  ngram: 0,
  eos_id: 0,
  pad_id: 0,
  sentences: 1,
  max_prefix: 1,
  source_stride: 1,
  alpha_per_step: 0,
};

/** CONSTRAINTS_WORKGROUP in the shader. */
const CONSTRAINTS_WORKGROUP = 64;

export interface ConstraintsPipelines {
  mask: KernelPipeline;
  coverage: KernelPipeline;
}

export async function prepareConstraints(device: GPUDevice): Promise<ConstraintsPipelines> {
  const [mask, coverage] = await Promise.all([getPipeline(device, maskKernel), getPipeline(device, coverageKernel)]);
  return { mask, coverage };
}

/** The per-sentence constraints of a call, as the constraints table holds them. */
export interface SearchConstraints {
  /** Each sentence's forced tokens. */
  prefixes: readonly (readonly number[])[];
  /** n of noRepeatNgram; 0: off. */
  noRepeatNgram: number;
}

/** Whether a call needs the mask at all: without a prefix or n-gram blocking nothing is dispatched. */
export function constraintsActive(constraints: SearchConstraints): boolean {
  return constraints.noRepeatNgram > 0 || constraints.prefixes.some((prefix) => prefix.length > 0);
}

/** Words of the constraints table: prefix lengths [B], then the tokens [B × P_max] (P_max ≥ 1). */
function constraintsTableWords(sentences: number, maxPrefix: number): number {
  return sentences * (1 + Math.max(1, maxPrefix));
}

/** The constraints table's words for `prefixes` (see constraintsTableWords). */
export function constraintsTable(prefixes: readonly (readonly number[])[]): Uint32Array {
  const B = prefixes.length;
  const stride = Math.max(1, ...prefixes.map((prefix) => prefix.length));
  const words = new Uint32Array(constraintsTableWords(B, stride));
  prefixes.forEach((prefix, b) => {
    words[b] = prefix.length;
    words.set(prefix, B + b * stride);
  });
  return words;
}

export interface ConstraintsMaskSpec {
  label?: string;
  /** N = B·K. */
  rows: number;
  /** K: rows per sentence; 1 for greedy (the row's history is its path). */
  beam: number;
  vocab: number;
  eosId: number;
  padId: number;
  constraints: SearchConstraints;
  /** u32 [(steps + 1) × N] tokens. */
  history: GPUBuffer;
  /** Beam search (K > 1): its `beams` buffer and the word offset of parents[0][0] in it. */
  parents?: { beams: GPUBuffer; words: number; offset: number };
  /** constraintsTable(prefixes), written by the caller. */
  table: GPUBuffer;
  /** u32 [N × steps] scratch. */
  path: GPUBuffer;
  /** u32 [N × V] the mask written. */
  tokenMask: GPUBuffer;
  stepTable: GPUBuffer;
}

/** The mask of step t; record(pass, t) before the step's choice. */
export function planConstraintsMask(device: GPUDevice, compiled: KernelPipeline, spec: ConstraintsMaskSpec): Plan {
  const label = spec.label ?? 'constraints mask';
  checkPipeline(label, compiled, maskKernel);
  checkCount(label, 'rows', spec.rows, 1);
  checkCount(label, 'beam', spec.beam, 1);
  if (spec.beam > 1 && !spec.parents) throw new GpuError(`${label}: a beam of ${spec.beam} needs the parent pointers`);
  const steps = stepTableSteps(spec.stepTable);
  const B = spec.rows / spec.beam;
  const maxPrefix = Math.max(1, ...spec.constraints.prefixes.map((prefix) => prefix.length));
  if (spec.constraints.prefixes.length !== B) {
    throw new GpuError(`${label}: ${spec.constraints.prefixes.length} prefixes for ${B} sentences`);
  }
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      cparams: {
        ...UNUSED_PARAMS,
        rows: spec.rows,
        beam: spec.beam,
        vocab: spec.vocab,
        steps,
        parents: spec.parents?.offset ?? 0,
        ngram: spec.constraints.noRepeatNgram,
        eos_id: spec.eosId,
        pad_id: spec.padId,
        sentences: B,
        max_prefix: maxPrefix,
      },
    },
    operands: {
      history: { buffer: spec.history, elements: (steps + 1) * spec.rows },
      beams: spec.parents ? { buffer: spec.parents.beams, elements: spec.parents.words } : null,
      table: { buffer: spec.table, elements: constraintsTableWords(B, maxPrefix) },
      path: { buffer: spec.path, elements: spec.rows * steps },
      token_mask: { buffer: spec.tokenMask, elements: spec.rows * spec.vocab, name: 'tokenMask' },
    },
    stepTable: spec.stepTable,
    workgroups: spec.rows,
  });
}

export interface CoverageAddSpec {
  label?: string;
  rows: number;
  padId: number;
  /** T. */
  maxLength: number;
  history: GPUBuffer;
  /** α: [steps × N × T] when perStep, else one [N × T] block rewritten every step. */
  alpha: GPUBuffer;
  perStep: boolean;
  /** f32 [N × T], cleared before step 0. */
  coverage: GPUBuffer;
  stepTable: GPUBuffer;
}

/** Greedy rows' coverage += α of step t for rows that generated a token; record after the choice. */
export function planCoverageAdd(device: GPUDevice, compiled: KernelPipeline, spec: CoverageAddSpec): Plan {
  const label = spec.label ?? 'coverage add';
  checkPipeline(label, compiled, coverageKernel);
  checkCount(label, 'rows', spec.rows, 1);
  checkCount(label, 'maxLength', spec.maxLength, 1);
  const steps = stepTableSteps(spec.stepTable);
  const values = spec.rows * spec.maxLength;
  const cparams = {
    ...UNUSED_PARAMS,
    rows: spec.rows,
    steps,
    pad_id: spec.padId,
    source_stride: spec.maxLength,
    alpha_per_step: spec.perStep ? 1 : 0,
  };
  return planLaunch(device, compiled, {
    label,
    uniforms: { cparams },
    operands: {
      history: { buffer: spec.history, elements: (steps + 1) * spec.rows },
      alpha: { buffer: spec.alpha, elements: (spec.perStep ? steps : 1) * values },
      coverage: { buffer: spec.coverage, elements: values },
    },
    stepTable: spec.stepTable,
    workgroups: workgroupCount(values, CONSTRAINTS_WORKGROUP),
  });
}
