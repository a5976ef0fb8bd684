/**
 * The beam search's cache reorder (the kv_reorder entry point of shaders/kv_cache.wgsl): after
 * beam step t, one layer's key and value cache rows of positions 0..t follow the parent pointers
 * beam_select wrote (src/gpu/kernels/beam-layout.ts), in two dispatches: gather into a spare
 * buffer, then copy back.
 */
import kvCacheSource from '../../../shaders/kv_cache.wgsl?raw';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch, sequencePlans } from '../launch.ts';
import { checkCount } from '../operands.ts';
import { type BeamShape, beamStateLayout } from './beam-layout.ts';

const kvReorderKernel = defineKernel({
  name: 'kv reorder',
  source: kvCacheSource,
  entryPoint: 'kv_reorder',
  dynamicOffsetBindings: ['step'],
});

/** KV_REORDER_WORKGROUP in the shader. */
const KV_REORDER_WORKGROUP = 64;

export function prepareKvReorder(device: GPUDevice): Promise<KernelPipeline> {
  return getPipeline(device, kvReorderKernel);
}

export interface KvReorderSpec {
  /** The search's shape: B, K and the steps its parents region holds. */
  shape: BeamShape;
  /** D. */
  width: number;
  /** C: cache positions per row. */
  capacity: number;
  /** The search's `beams` buffer (parents read from it). */
  beams: GPUBuffer;
  /** [N × C × D] each, one layer's caches. */
  kCache: GPUBuffer;
  vCache: GPUBuffer;
  /** [2 × N × C × D], shared by every layer (their reorders run one after the other). */
  spare: GPUBuffer;
  stepTable: GPUBuffer;
  label?: string;
}

/** The gather and the copy back of one layer; record(pass, t) after beam step t. */
export function planKvReorder(device: GPUDevice, compiled: KernelPipeline, spec: KvReorderSpec): Plan {
  const label = spec.label ?? 'kv reorder';
  checkPipeline(label, compiled, kvReorderKernel);
  const N = spec.shape.sentences * spec.shape.beam;
  checkCount(label, 'width', spec.width, 1);
  checkCount(label, 'capacity', spec.capacity, 1);
  const values = N * spec.capacity * spec.width;
  const layout = beamStateLayout(spec.shape);
  const launch = (mode: number) =>
    planLaunch(device, compiled, {
      label: `${label} (${mode === 0 ? 'gather' : 'copy back'})`,
      uniforms: {
        kv_params: {
          rows: N,
          beam: spec.shape.beam,
          width: spec.width,
          capacity: spec.capacity,
          parents: layout.parents,
          mode,
        },
      },
      operands: {
        kv_beams: { buffer: spec.beams, elements: layout.words, name: 'beams' },
        kv_keys: { buffer: spec.kCache, elements: values, name: 'kCache' },
        kv_values: { buffer: spec.vCache, elements: values, name: 'vCache' },
        kv_spare: { buffer: spec.spare, elements: 2 * values, name: 'spare' },
      },
      stepTable: spec.stepTable,
      workgroups: workgroupCount(2 * values, KV_REORDER_WORKGROUP),
    });
  const gather = launch(0);
  try {
    return sequencePlans(label, [gather, launch(1)]);
  } catch (error) {
    gather.destroy();
    throw error;
  }
}
