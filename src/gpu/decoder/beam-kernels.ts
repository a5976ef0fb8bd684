/**
 * The beam search kernels (shaders/beam_search.wgsl): their definitions, one pipeline per entry
 * point, and plans that bind them to a decoder arena's buffers and the search's own.
 */
import gridLibrary from '../../../shaders/lib/grid.wgsl?raw';
import stepLibrary from '../../../shaders/lib/step.wgsl?raw';
import beamSearchSource from '../../../shaders/beam_search.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { defineKernel, dispatchGrid, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { type BeamShape, sliceCount } from './beam-layout.ts';
import { type PlannedDispatch, planDispatch } from './planned-dispatch.ts';

const definition = (entryPoint: string, name: string) =>
  defineKernel({ name, source: beamSearchSource, libraries: [gridLibrary, stepLibrary], entryPoint, dynamicOffsetBindings: ['step'] });

export const beamSlicesKernel = definition('beam_slices', 'beam slices');
export const beamSelectKernel = definition('beam_select', 'beam select');
export const beamReorderKernel = definition('beam_reorder', 'beam reorder');

/** The workgroup size of every beam kernel (WORKGROUP_SIZE in the shader). */
const BEAM_WORKGROUP = 64;

export interface BeamPipelines {
  slices: KernelPipeline;
  select: KernelPipeline;
  reorder: KernelPipeline;
}

/** Compiles the three pipelines (or finds them in the device's cache). */
export async function prepareBeamPipelines(device: GPUDevice): Promise<BeamPipelines> {
  const [slices, select, reorder] = await Promise.all([
    getPipeline(device, beamSlicesKernel),
    getPipeline(device, beamSelectKernel),
    getPipeline(device, beamReorderKernel),
  ]);
  return { slices, select, reorder };
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
}

/** The four dispatches of one beam step, in recording order. */
export interface BeamStepPlans {
  slices: PlannedDispatch;
  select: PlannedDispatch;
  gather: PlannedDispatch;
  copyBack: PlannedDispatch;
  destroy(): void;
}

export function planBeamStep(device: GPUDevice, pipelines: BeamPipelines, spec: BeamPlanSpec): BeamStepPlans {
  const { shape } = spec;
  const N = shape.sentences * shape.beam;
  const S = sliceCount(shape.vocab, shape.sliceWidth);
  for (const [name, id] of [['padId', spec.padId], ['bosId', spec.bosId], ['eosId', spec.eosId]] as const) {
    if (!Number.isInteger(id) || id < 0 || id >= shape.vocab) {
      throw new GpuError(`beam search: ${name} ${id} is not an id of the ${shape.vocab}-token vocabulary`);
    }
  }
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
    hidden: spec.hidden,
    state_blocks: spec.stateBlocks,
    feed_blocks: spec.inputFeeding ? 1 : 0,
    reorder_mode: reorderMode,
  });
  const reorderValues = (spec.stateBlocks + (spec.inputFeeding ? 1 : 0)) * N * spec.hidden;
  const plans: PlannedDispatch[] = [];
  try {
    const add = (plan: PlannedDispatch) => (plans.push(plan), plan);
    const slices = add(
      planDispatch(device, {
        label: 'beam slices',
        compiled: pipelines.slices,
        params: params(0),
        buffers: { logits: spec.logits, beams: spec.beams, scratch: spec.scratch },
        grid: dispatchGrid(N * S),
        stepTable: spec.stepTable,
      }),
    );
    const select = add(
      planDispatch(device, {
        label: 'beam select',
        compiled: pipelines.select,
        params: params(0),
        buffers: { beams: spec.beams, scratch: spec.scratch, table: spec.table, history: spec.history },
        grid: dispatchGrid(shape.sentences),
        stepTable: spec.stepTable,
      }),
    );
    const reorder = (mode: number, label: string) =>
      add(
        planDispatch(device, {
          label,
          compiled: pipelines.reorder,
          params: params(mode),
          buffers: { beams: spec.beams, state: spec.state, feed: spec.feed, spare: spec.spare },
          grid: dispatchGrid(workgroupCount(reorderValues, BEAM_WORKGROUP)),
          stepTable: spec.stepTable,
        }),
      );
    const gather = reorder(0, 'beam reorder gather');
    const copyBack = reorder(1, 'beam reorder copy back');
    return { slices, select, gather, copyBack, destroy: () => plans.forEach((plan) => plan.destroy()) };
  } catch (error) {
    plans.forEach((plan) => plan.destroy());
    throw error;
  }
}

/** Records the search's part of step t, after the step's logits. */
export function recordBeamStep(pass: GPUComputePassEncoder, plans: BeamStepPlans, t: number): void {
  plans.slices.record(pass, t);
  plans.select.record(pass, t);
  plans.gather.record(pass, t);
  plans.copyBack.record(pass, t);
}
