/**
 * The beam search kernels (shaders/beam_search.wgsl): their definitions, one pipeline per entry
 * point, and plans that bind them to a decoder arena's buffers and the search's own.
 */
import beamSearchSource from '../../../shaders/beam_search.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { MAX_BEAM } from '../../model/decoding.ts';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { type Plan, planLaunch, sequencePlans } from '../launch.ts';
import type { Operand } from '../operands.ts';
import { stepTableSteps } from '../step-table.ts';
import { beamScratchLayout, beamStateLayout, beamTableLayout, type BeamShape, sliceCount } from './beam-layout.ts';

const definition = (entryPoint: string, name: string) =>
  defineKernel({ name, source: beamSearchSource, entryPoint, dynamicOffsetBindings: ['step'] });

const beamSlicesKernel = definition('beam_slices', 'beam slices');
const beamSelectKernel = definition('beam_select', 'beam select');
const beamReorderKernel = definition('beam_reorder', 'beam reorder');
const beamCoverageKernel = definition('beam_coverage', 'beam coverage');

/** The workgroup size of the beam kernels but the slices (WORKGROUP_SIZE in the shader). */
const BEAM_WORKGROUP = 16;
/** beam_slices' invocations per workgroup, one per (row, slice) (SLICE_INVOCATIONS in the shader). */
const SLICE_INVOCATIONS = 8;

export interface BeamPipelines {
  slices: KernelPipeline;
  select: KernelPipeline;
  reorder: KernelPipeline;
  /** Only a search with a coverage penalty needs it. */
  coverage?: KernelPipeline;
}

/**
 * Compiles the pipelines (or finds them in the device's cache): three, and the coverage one when
 * `withCoverage`, since a compile costs a first call hundreds of milliseconds on a software adapter.
 */
export async function prepareBeamPipelines(device: GPUDevice, withCoverage = true): Promise<BeamPipelines> {
  const [slices, select, reorder, coverage] = await Promise.all([
    getPipeline(device, beamSlicesKernel),
    getPipeline(device, beamSelectKernel),
    getPipeline(device, beamReorderKernel),
    withCoverage ? getPipeline(device, beamCoverageKernel) : undefined,
  ]);
  return { slices, select, reorder, coverage };
}

/** The coverage penalty's buffers (docs/decoding.md, coveragePenalty). */
export interface BeamCoverageSpec {
  /** β > 0. */
  beta: number;
  /** T: the α and coverage row width. */
  maxLength: number;
  /** α of the step's rows: [steps × N × T] (perStep) or one [N × T] block rewritten every step. */
  alpha: GPUBuffer;
  perStep: boolean;
  /** [N × T] each slot's coverage (cleared before step 0), and as much spare for its reorder. */
  coverage: GPUBuffer;
  spare: GPUBuffer;
  /** f32 [B × nBest]: the finished entries' coverage terms (beam-layout.ts). */
  penalties: GPUBuffer;
}

export interface BeamPlanSpec {
  shape: BeamShape;
  hidden: number;
  /** Blocks of [N × H] in one parity of the decoder state: state slots × layers. */
  stateBlocks: number;
  /** Whether h̃ is fed back into the next step (input feeding) and so follows its parent too. */
  inputFeeding: boolean;
  padId: number;
  bosId: number;
  eosId: number;
  minLength: number;
  /** [N × V], the generator's output of the step. */
  logits: GPUBuffer;
  beams: GPUBuffer;
  scratch: GPUBuffer;
  table: GPUBuffer;
  /** The arena's token history [(steps + 1) × N]. */
  history: GPUBuffer;
  /** The arena's decoder state and input feed h̃. */
  state: GPUBuffer;
  feed: GPUBuffer;
  /** [(stateBlocks + 1) × N × H]: rows being reordered. */
  spare: GPUBuffer;
  stepTable: GPUBuffer;
  /** [N × V] the constraints' token mask (src/gpu/kernels/constraints.ts); absent: no constraints. */
  tokenMask?: GPUBuffer;
  coverage?: BeamCoverageSpec;
}

/** The dispatches of one beam step; record(pass, t) records them in this order. */
export interface BeamStepPlan extends Plan {
  readonly slices: Plan;
  readonly select: Plan;
  readonly gather: Plan;
  readonly copyBack: Plan;
  /** The coverage reorder (gather, copy back), with coverage only. */
  readonly coverage?: Plan;
}

/** The search's part of step t, recorded after the step's logits. */
export function planBeamStep(device: GPUDevice, pipelines: BeamPipelines, spec: BeamPlanSpec): BeamStepPlan {
  const { shape, hidden, stateBlocks } = spec;
  const N = shape.sentences * shape.beam;
  const S = sliceCount(shape.vocab, shape.sliceWidth);
  // beam_slices keeps a slice's best in a list of MAX_BEAM entries.
  if (!Number.isInteger(shape.beam) || shape.beam < 1 || shape.beam > MAX_BEAM) {
    throw new GpuError(`beam search: beam ${shape.beam} is not within 1..${MAX_BEAM}`);
  }
  for (const [name, id] of [
    ['padId', spec.padId],
    ['bosId', spec.bosId],
    ['eosId', spec.eosId],
  ] as const) {
    if (!Number.isInteger(id) || id < 0 || id >= shape.vocab) {
      throw new GpuError(`beam search: ${name} ${id} is not an id of the ${shape.vocab}-token vocabulary`);
    }
  }
  const feedBlocks = spec.inputFeeding ? 1 : 0;
  const params = (reorderMode: number) => ({
    rows: N,
    beam: shape.beam,
    sentences: shape.sentences,
    vocab: shape.vocab,
    slices: S,
    slice_width: shape.sliceWidth,
    n_best: shape.nBest,
    steps: shape.steps,
    pad_id: spec.padId,
    bos_id: spec.bosId,
    eos_id: spec.eosId,
    min_length: spec.minLength,
    hidden,
    state_blocks: stateBlocks,
    feed_blocks: feedBlocks,
    reorder_mode: reorderMode,
    masked: spec.tokenMask ? 1 : 0,
    coverage_on: spec.coverage ? 1 : 0,
    coverage_beta: spec.coverage?.beta ?? 0,
    alpha_per_step: spec.coverage?.perStep ? 1 : 0,
    source_stride: spec.coverage?.maxLength ?? 1,
  });
  const beams: Operand = { buffer: spec.beams, elements: beamStateLayout(shape).words };
  const scratch: Operand = { buffer: spec.scratch, elements: beamScratchLayout(shape).words };
  const reorderValues = (stateBlocks + feedBlocks) * N * hidden;
  const launch = (
    label: string,
    compiled: KernelPipeline,
    reorderMode: number,
    operands: Record<string, Operand | null>,
    workgroups: number,
  ) =>
    planLaunch(device, compiled, {
      label,
      uniforms: { params: params(reorderMode) },
      operands,
      stepTable: spec.stepTable,
      workgroups,
    });
  const reorder = (label: string, mode: number) =>
    launch(
      label,
      pipelines.reorder,
      mode,
      {
        beams,
        state: { buffer: spec.state, elements: 2 * stateBlocks * N * hidden },
        feed: { buffer: spec.feed, elements: feedBlocks * N * hidden },
        spare: { buffer: spec.spare, elements: reorderValues },
      },
      workgroupCount(reorderValues, BEAM_WORKGROUP),
    );
  const plans: Plan[] = [];
  try {
    const add = (plan: Plan) => (plans.push(plan), plan);
    const slices = add(
      launch(
        'beam slices',
        pipelines.slices,
        0,
        {
          logits: { buffer: spec.logits, elements: N * shape.vocab },
          beams,
          scratch,
          token_mask: spec.tokenMask ? { buffer: spec.tokenMask, elements: N * shape.vocab, name: 'tokenMask' } : null,
        },
        Math.ceil((N * S) / SLICE_INVOCATIONS),
      ),
    );
    const history = { buffer: spec.history, elements: (stepTableSteps(spec.stepTable) + 1) * N };
    const table = { buffer: spec.table, elements: beamTableLayout(shape).words };
    const cov = spec.coverage;
    const T = cov?.maxLength ?? 1;
    const coverageOperands = cov && {
      alpha: { buffer: cov.alpha, elements: (cov.perStep ? shape.steps : 1) * N * T },
      coverage: { buffer: cov.coverage, elements: N * T },
    };
    const select = add(
      launch(
        'beam select',
        pipelines.select,
        0,
        {
          beams,
          scratch,
          table,
          history,
          ...(coverageOperands ?? { alpha: null, coverage: null }),
          penalties: cov ? { buffer: cov.penalties, elements: shape.sentences * shape.nBest } : null,
        },
        shape.sentences,
      ),
    );
    const gather = add(reorder('beam reorder gather', 0));
    const copyBack = add(reorder('beam reorder copy back', 1));
    let coverage: Plan | undefined;
    if (cov && coverageOperands) {
      const coveragePipeline = pipelines.coverage;
      if (!coveragePipeline) throw new GpuError('beam step: a coverage penalty needs the beam coverage pipeline');
      const moves = [0, 1].map((mode) =>
        add(
          launch(
            `beam coverage ${mode === 0 ? 'gather' : 'copy back'}`,
            coveragePipeline,
            mode,
            {
              beams,
              ...coverageOperands,
              coverage_spare: { buffer: cov.spare, elements: N * T, name: 'coverageSpare' },
            },
            workgroupCount(N * T, BEAM_WORKGROUP),
          ),
        ),
      );
      coverage = sequencePlans('beam coverage', moves);
    }
    return { ...sequencePlans('beam step', plans), slices, select, gather, copyBack, coverage };
  } catch (error) {
    for (const plan of plans) plan.destroy();
    throw error;
  }
}
