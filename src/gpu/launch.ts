/**
 * The one way a kernel is launched: planLaunch turns a compiled kernel (src/gpu/kernel.ts), the
 * values of its uniform structs, its storage operands and its workgroup count into a Plan, made
 * once and recorded as often as needed. Recording only sets state and dispatches.
 *
 * Planning checks what it can before creating anything: every binding gets a buffer, every
 * operand fits its buffer, no writable binding shares a buffer with another, and the step table
 * (the binding named `step`, found by reflection) holds a step. Should creating the uniform
 * buffers or bind groups throw anyway, whatever was created is destroyed before the error goes on.
 */
import { GpuError } from '../errors.ts';
import { createStorageBuffer, createUniformBuffer } from './buffers.ts';
import {
  type BindingResource,
  createBindGroups,
  dispatchGrid,
  encodeDispatch,
  type Kernel,
  type KernelBinding,
  type KernelPipeline,
  MAX_WORKGROUPS_PER_DIMENSION,
  packUniforms,
} from './kernel.ts';
import type { Operand } from './operands.ts';
import { STEP_INFO_SIZE, stepOffset, stepTableSteps } from './step-table.ts';

/** A planned launch (or several recorded together, see sequencePlans). */
export interface Plan {
  readonly label: string;
  /** Steps of the step table the plan may be recorded for; 0 without a step table. */
  readonly steps: number;
  /** Records into a pass the caller owns: step t (0 ≤ t < steps) with a step table, no t without one. */
  record(pass: GPUComputePassEncoder, t?: number): void;
  /** Destroys the buffers the plan created; the operands belong to the caller. */
  destroy(): void;
}

/** The members of one uniform struct, by name (see packUniforms). */
export type UniformValues = Readonly<Record<string, number | ArrayLike<number>>>;

export interface LaunchSpec {
  /** Names the plan, the buffers it creates and its errors. */
  label: string;
  /** Every uniform struct binding but the step table, by WGSL name. */
  uniforms: Readonly<Record<string, UniformValues>>;
  /**
   * Every storage binding, by WGSL name. null binds a 4-byte placeholder the plan owns, for a
   * binding this launch never touches (WebGPU needs a buffer there, and a writable one may not be shared).
   */
  operands: Readonly<Record<string, Operand | null>>;
  /** The step table (src/gpu/step-table.ts), for a kernel that binds `step`. */
  stepTable?: GPUBuffer;
  /** Workgroups to dispatch (none: recording dispatches nothing), folded past gridLimit per dimension. */
  workgroups: number;
  gridLimit?: number;
}

/** The uniform binding that holds the step table; it takes a dynamic offset. */
const STEP_BINDING = 'step';

const NO_DYNAMIC_OFFSETS: Readonly<Record<number, readonly number[]>> = {};

export function planLaunch(device: GPUDevice, compiled: KernelPipeline, spec: LaunchSpec): Plan {
  const { kernel } = compiled;
  const { label } = spec;
  const grid = dispatchGrid(spec.workgroups, spec.gridLimit ?? MAX_WORKGROUPS_PER_DIMENSION);
  const stepBinding = kernel.bindings.find((binding) => binding.name === STEP_BINDING);
  const steps = checkStepTable(label, kernel, stepBinding, spec.stepTable);
  const uniforms = packAllUniforms(label, kernel, stepBinding, spec.uniforms);
  const storage = kernel.bindings.filter((binding) => binding.kind !== 'uniform');
  checkOperands(label, kernel, storage, spec.operands);

  const owned: GPUBuffer[] = [];
  const own = (buffer: GPUBuffer) => (owned.push(buffer), buffer);
  const destroy = () => {
    for (const buffer of owned.splice(0)) buffer.destroy();
  };
  try {
    const resources: Record<string, BindingResource> = {};
    for (const [name, bytes] of uniforms) resources[name] = own(createUniformBuffer(device, `${label} ${name}`, bytes));
    for (const { name } of storage) {
      resources[name] =
        spec.operands[name]?.buffer ?? own(createStorageBuffer(device, `${label} ${name} placeholder`, 4));
    }
    if (stepBinding && spec.stepTable) resources[STEP_BINDING] = { buffer: spec.stepTable, size: STEP_INFO_SIZE };
    const bindGroups = createBindGroups(device, compiled, resources);
    const stepGroup = stepBinding?.group;
    const empty = spec.workgroups === 0;
    return {
      label,
      steps,
      record(pass, t) {
        checkStep(label, steps, t);
        if (empty) return;
        encodeDispatch(
          pass,
          compiled,
          bindGroups,
          grid,
          stepGroup === undefined ? NO_DYNAMIC_OFFSETS : { [stepGroup]: [stepOffset(t as number)] },
        );
      },
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}

/** Plans recorded one after the other for the same step, and destroyed together. */
export function sequencePlans(label: string, plans: readonly Plan[]): Plan {
  return {
    label,
    steps: Math.min(...plans.map((plan) => plan.steps)),
    record(pass, t) {
      for (const plan of plans) plan.record(pass, t);
    },
    destroy() {
      for (const plan of plans) plan.destroy();
    },
  };
}

/** Refuses a pipeline of another kernel than a plan function binds. */
export function checkPipeline(label: string, compiled: KernelPipeline, ...kernels: readonly Kernel[]): void {
  if (!kernels.includes(compiled.kernel)) {
    const expected = kernels.map((kernel) => `"${kernel.name}"`).join(' or ');
    throw new GpuError(`${label}: got a pipeline of kernel "${compiled.kernel.name}", expected ${expected}`);
  }
}

function checkStep(label: string, steps: number, t: number | undefined): void {
  if (steps > 0) {
    if (t === undefined || !Number.isInteger(t) || t < 0 || t >= steps) {
      throw new GpuError(`${label}: step ${t} is outside the step table (0..${steps - 1})`);
    }
  } else if (t !== undefined) {
    throw new GpuError(`${label}: a step was given, but the plan has no step table`);
  }
}

/** Steps the table holds, 0 for a kernel without one. */
function checkStepTable(
  label: string,
  kernel: Kernel,
  binding: KernelBinding | undefined,
  table: GPUBuffer | undefined,
): number {
  const others = kernel.dynamicOffsetBindings.filter((name) => name !== STEP_BINDING);
  if (others.length > 0) {
    throw new GpuError(
      `${label}: kernel "${kernel.name}" takes dynamic offsets for ${others.join(', ')}; only the step table may`,
    );
  }
  if (!binding) {
    if (table)
      throw new GpuError(`${label}: a step table was given, but kernel "${kernel.name}" binds no "${STEP_BINDING}"`);
    return 0;
  }
  if (binding.kind !== 'uniform' || !kernel.dynamicOffsetBindings.includes(STEP_BINDING)) {
    throw new GpuError(
      `${label}: kernel "${kernel.name}" must bind "${STEP_BINDING}" as a uniform with a dynamic offset`,
    );
  }
  if (!table) throw new GpuError(`${label}: kernel "${kernel.name}" reads a step table, and none was given`);
  const steps = stepTableSteps(table);
  if (steps < 1) throw new GpuError(`${label}: the step table holds no step`);
  return steps;
}

function packAllUniforms(
  label: string,
  kernel: Kernel,
  stepBinding: KernelBinding | undefined,
  values: Readonly<Record<string, UniformValues>>,
): [string, ArrayBuffer][] {
  const bindings = kernel.bindings.filter((binding) => binding.kind === 'uniform' && binding !== stepBinding);
  for (const name of Object.keys(values)) {
    if (!bindings.some((binding) => binding.name === name)) {
      throw new GpuError(`${label}: kernel "${kernel.name}" has no uniform "${name}" to fill`);
    }
  }
  return bindings.map(({ name }) => {
    const members = values[name];
    if (!members) throw new GpuError(`${label}: no values for uniform "${name}" of kernel "${kernel.name}"`);
    return [name, packUniforms(kernel, name, members)];
  });
}

function checkOperands(
  label: string,
  kernel: Kernel,
  storage: readonly KernelBinding[],
  operands: Readonly<Record<string, Operand | null>>,
): void {
  for (const name of Object.keys(operands)) {
    if (!storage.some((binding) => binding.name === name)) {
      const names = storage.map((binding) => binding.name).join(', ');
      throw new GpuError(
        `${label}: got an operand "${name}", which kernel "${kernel.name}" does not bind (storage: ${names})`,
      );
    }
  }
  for (const binding of storage) {
    const operand = operands[binding.name];
    if (operand === undefined)
      throw new GpuError(`${label}: no operand for binding "${binding.name}" of kernel "${kernel.name}"`);
    if (operand === null) continue;
    const name = operand.name ?? binding.name;
    const { elements, buffer } = operand;
    if (!Number.isInteger(elements) || elements < 0)
      throw new GpuError(`${label}: ${name} has an invalid extent of ${elements} elements`);
    if (elements * 4 > buffer.size) {
      const layout = operand.layout ? ` (${operand.layout})` : '';
      throw new GpuError(
        `${label}: ${name}${layout} needs ${elements * 4} bytes, its buffer "${buffer.label}" has ${buffer.size}`,
      );
    }
  }
  // A writable binding may not alias another binding of the same dispatch.
  for (const writable of storage) {
    const target = operands[writable.name];
    if (writable.kind !== 'storage' || !target) continue;
    for (const other of storage) {
      const operand = operands[other.name];
      if (other !== writable && operand?.buffer === target.buffer) {
        throw new GpuError(
          `${label}: ${target.name ?? writable.name} must not share a buffer with ${operand.name ?? other.name} (a writable binding may not alias another)`,
        );
      }
    }
  }
}
