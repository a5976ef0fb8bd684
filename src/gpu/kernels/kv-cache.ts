/**
 * Appending a decoder step's keys and values to the self-attention cache (shaders/kv_cache.wgsl,
 * entry point `append`): at step t, kCache[(n·capacity + t)·width + j] = k[n][j], and the same
 * for v. A step t ≥ capacity writes nothing.
 *
 *   const compiled = await prepareKvAppend(device);
 *   const plan = planKvAppend(device, compiled, { rows, width, capacity, k, v, kCache, vCache, stepTable });
 *   plan.record(pass, t);
 */
import kvCacheSource from '../../../shaders/kv_cache.wgsl?raw';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount, matrixOperand, type MatrixOperand } from '../operands.ts';

const kvAppendKernelDefinition = defineKernel({
  name: 'kv append',
  source: kvCacheSource,
  entryPoint: 'append',
  dynamicOffsetBindings: ['step'],
});

/** APPEND_WORKGROUP_SIZE in shaders/kv_cache.wgsl. */
const KV_APPEND_WORKGROUP_SIZE = 64;

export function prepareKvAppend(device: GPUDevice): Promise<KernelPipeline> {
  return getPipeline(device, kvAppendKernelDefinition);
}

export interface KvAppendSpec {
  /** N. */
  rows: number;
  /** D. */
  width: number;
  /** S: cache positions per row. */
  capacity: number;
  /** [rows × width] views of this step's projections. */
  k: MatrixOperand;
  v: MatrixOperand;
  /** [rows × capacity × width] each. */
  kCache: GPUBuffer;
  vCache: GPUBuffer;
  stepTable: GPUBuffer;
  label?: string;
}

export function planKvAppend(device: GPUDevice, compiled: KernelPipeline, spec: KvAppendSpec): Plan {
  const label = spec.label ?? 'kv append';
  checkPipeline(label, compiled, kvAppendKernelDefinition);
  const { rows, width, capacity } = spec;
  checkCount(label, 'rows', rows);
  checkCount(label, 'width', width);
  checkCount(label, 'capacity', capacity);
  const k = matrixOperand(label, 'k', spec.k, rows, width);
  const v = matrixOperand(label, 'v', spec.v, rows, width);
  const cacheElements = rows * capacity * width;
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      append_params: {
        rows,
        width,
        capacity,
        k_offset: k.offset,
        ldk: k.stride,
        v_offset: v.offset,
        ldv: v.stride,
      },
    },
    operands: {
      append_k: k.operand,
      append_v: v.operand,
      k_cache: { buffer: spec.kCache, elements: cacheElements, name: 'kCache' },
      v_cache: { buffer: spec.vCache, elements: cacheElements, name: 'vCache' },
    },
    stepTable: spec.stepTable,
    workgroups: workgroupCount(rows * width, KV_APPEND_WORKGROUP_SIZE),
  });
}
