/**
 * One kernel dispatch planned once and recorded many times: its uniform buffer, bind groups and
 * grid are made when a decoder arena is built, so recording a step only sets state and dispatches.
 * Kernels with a step table (shaders/lib/step.wgsl) take the step index when recorded.
 */
import { createUniformBuffer } from '../buffers.ts';
import { type BindingResource, createBindGroups, encodeDispatch, type KernelPipeline, packUniforms } from '../kernel.ts';
import { STEP_INFO_SIZE, stepOffset } from '../step-table.ts';

export interface PlannedDispatch {
  readonly label: string;
  /** Records the dispatch into `pass`; `t` selects the step-table entry (kernels with one). */
  record(pass: GPUComputePassEncoder, t?: number): void;
  /** Destroys the uniform buffer the plan owns; the bound buffers belong to the caller. */
  destroy(): void;
}

export interface DispatchPlanSpec {
  label: string;
  compiled: KernelPipeline;
  /** Members of the kernel's `params` uniform struct. */
  params: Readonly<Record<string, number>>;
  /** Every other binding but `step`, by WGSL name. */
  buffers: Readonly<Record<string, BindingResource>>;
  grid: readonly [number, number, number];
  /** The step table, for kernels that bind `step`. */
  stepTable?: GPUBuffer;
}

export function planDispatch(device: GPUDevice, spec: DispatchPlanSpec): PlannedDispatch {
  const { compiled, label } = spec;
  const params = createUniformBuffer(device, `${label} params`, packUniforms(compiled.kernel, 'params', spec.params));
  try {
    const resources: Record<string, BindingResource> = { params, ...spec.buffers };
    if (spec.stepTable) resources.step = { buffer: spec.stepTable, size: STEP_INFO_SIZE };
    const bindGroups = createBindGroups(device, compiled, resources);
    const stepGroup = compiled.kernel.bindings.find((binding) => binding.name === 'step')?.group;
    const empty = spec.grid.some((count) => count === 0);
    return {
      label,
      record(pass, t = 0) {
        if (empty) return;
        encodeDispatch(pass, compiled, bindGroups, spec.grid, stepGroup === undefined ? {} : { [stepGroup]: [stepOffset(t)] });
      },
      destroy: () => params.destroy(),
    };
  } catch (error) {
    params.destroy();
    throw error;
  }
}
