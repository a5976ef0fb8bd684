/**
 * A compute kernel defined by its WGSL source. Bindings, uniform struct layouts, overrides and the
 * workgroup size are reflected from the WGSL (wgsl_reflect), so no byte offset is written twice.
 *
 * Shared WGSL lives in shaders/lib/ (see its README.md). A kernel or library names each file it
 * needs with a comment line, which keeps the file valid WGSL:
 *
 *   //! include lib/grid.wgsl
 *
 * `defineKernel` expands these (src/gpu/wgsl-include.ts): transitively, each library once, a file
 * after the files it includes, all before the source; an unknown name or a cycle is a GpuError
 * naming the kernel and the file. Reflection then reads the expanded code, so a binding or struct
 * declared in a library is seen like one in the source.
 *
 * Build and run are kept apart: `defineKernel`, `packUniforms`, `dispatchGrid` and `workgroupSize`
 * are pure and need no GPU; `getPipeline` compiles once per (device, code, entry point, overrides)
 * and caches, since a shader compile costs seconds on SwiftShader.
 */
// The package's "main" is a CommonJS file inside a "type": "module" package, which Node cannot
// import; its ES module build works everywhere (Node, Vitest, Vite).
import {
  WgslReflect,
  type FunctionInfo,
  type MemberInfo,
  type VariableInfo,
} from 'wgsl_reflect/wgsl_reflect.module.js';
import { GpuError } from '../errors.ts';
import { countPipelineCompile } from './debug.ts';
import { expandIncludes, type IncludedPart, locateLine } from './wgsl-include.ts';

export type BindingKind = 'uniform' | 'storage' | 'read-only-storage';

export interface KernelBinding {
  name: string;
  group: number;
  binding: number;
  kind: BindingKind;
}

export type ScalarType = 'f32' | 'u32' | 'i32';

export interface UniformMember {
  name: string;
  /** The WGSL type, e.g. "u32" or "vec3f". */
  wgslType: string;
  /** Scalar and component count for the types packUniforms can write, null for others (f16, arrays, structs). */
  scalar: ScalarType | null;
  components: number;
  offset: number;
}

export interface UniformLayout {
  structName: string;
  /** Bytes, already rounded up to the struct's alignment. */
  size: number;
  members: UniformMember[];
}

export interface KernelSpec {
  /** Names every GPU object of the kernel, so validation errors say which kernel failed. */
  name: string;
  /** The kernel's WGSL (usually a `?raw` import of shaders/<kernel>.wgsl); its `//! include` lines are expanded. */
  source: string;
  /** The files `//! include` may name, by path under shaders/ (default: every shaders/lib/*.wgsl). */
  includeFiles?: Readonly<Record<string, string>>;
  /** Needed only when the source has several compute entry points. */
  entryPoint?: string;
  /**
   * Uniform bindings bound with a dynamic offset (setBindGroup's dynamicOffsets): a per-step
   * table (e.g. the time step of an unroll) that one bind group serves for every step.
   */
  dynamicOffsetBindings?: readonly string[];
}

export interface Kernel {
  readonly name: string;
  /** The WGSL handed to the compiler: the libraries, in dependency order, then the source. */
  readonly code: string;
  /** Where each file's lines lie in `code`, for compiler messages. */
  readonly parts: readonly IncludedPart[];
  readonly entryPoint: string;
  /** The resources the entry point uses, sorted by group then binding. */
  readonly bindings: readonly KernelBinding[];
  /** Uniform bindings whose type is a struct, by binding name. */
  readonly uniforms: ReadonlyMap<string, UniformLayout>;
  /** Names of the module's `override` constants. */
  readonly overrides: readonly string[];
  /** The workgroup_size arguments as written (numbers or override names). */
  readonly workgroupSizeExpressions: readonly string[];
  /** The workgroup size with each override at its default. */
  readonly defaultWorkgroupSize: readonly [number, number, number];
  /** Bindings taking a dynamic offset (see KernelSpec.dynamicOffsetBindings). */
  readonly dynamicOffsetBindings: readonly string[];
}

export type Overrides = Readonly<Record<string, number>>;

export function defineKernel(spec: KernelSpec): Kernel {
  const { code, parts } = expandIncludes(spec.name, spec.source, { files: spec.includeFiles });
  let reflection: WgslReflect;
  try {
    reflection = new WgslReflect(code);
  } catch (cause) {
    throw new GpuError(`kernel "${spec.name}": its WGSL cannot be parsed: ${describe(cause)}`, { cause });
  }
  const entry = pickEntryPoint(spec, reflection.entry.compute);
  const bindings = entry.resources.map((resource) => toBinding(spec.name, resource));
  bindings.sort((a, b) => a.group - b.group || a.binding - b.binding);

  const uniforms = new Map<string, UniformLayout>();
  for (const resource of entry.resources) {
    if (Number(resource.resourceType) === RESOURCE_UNIFORM && resource.type.isStruct) {
      uniforms.set(resource.name, uniformLayout(resource));
    }
  }
  const sizeAttribute = entry.attributes?.find((attribute) => attribute.name === 'workgroup_size')?.value;
  const workgroupSizeExpressions =
    sizeAttribute === undefined || sizeAttribute === null ? ['1'] : [sizeAttribute].flat();
  const reflected = entry.workgroupSize ?? [1, 1, 1];
  return {
    name: spec.name,
    code,
    parts,
    entryPoint: entry.name,
    bindings,
    uniforms,
    overrides: reflection.overrides.map((override) => override.name),
    workgroupSizeExpressions: workgroupSizeExpressions.map(String),
    defaultWorkgroupSize: [reflected[0] ?? 1, reflected[1] ?? 1, reflected[2] ?? 1],
    dynamicOffsetBindings: checkDynamicBindings(spec, bindings),
  };
}

function checkDynamicBindings(spec: KernelSpec, bindings: readonly KernelBinding[]): string[] {
  const names = [...(spec.dynamicOffsetBindings ?? [])];
  for (const name of names) {
    const binding = bindings.find((candidate) => candidate.name === name);
    if (!binding || binding.kind !== 'uniform') {
      throw new GpuError(
        `kernel "${spec.name}": dynamic-offset binding "${name}" is not a uniform the entry point uses`,
      );
    }
  }
  return names;
}

// wgsl_reflect's ResourceType enum values (its enum object is not exported at runtime).
const RESOURCE_UNIFORM = 0;
const RESOURCE_STORAGE = 1;

function pickEntryPoint(spec: KernelSpec, computeEntries: FunctionInfo[]): FunctionInfo {
  const names = computeEntries.map((entry) => entry.name);
  if (spec.entryPoint !== undefined) {
    const entry = computeEntries.find((candidate) => candidate.name === spec.entryPoint);
    if (!entry) {
      throw new GpuError(
        `kernel "${spec.name}": no compute entry point "${spec.entryPoint}" (found: ${names.join(', ') || 'none'})`,
      );
    }
    return entry;
  }
  if (computeEntries.length !== 1) {
    throw new GpuError(
      `kernel "${spec.name}": expected exactly one compute entry point, found ${computeEntries.length}` +
        (names.length ? ` (${names.join(', ')}): name one with entryPoint` : ''),
    );
  }
  return computeEntries[0];
}

function toBinding(kernelName: string, resource: VariableInfo): KernelBinding {
  const where = { name: resource.name, group: resource.group, binding: resource.binding };
  if (Number(resource.resourceType) === RESOURCE_UNIFORM) return { ...where, kind: 'uniform' };
  if (Number(resource.resourceType) === RESOURCE_STORAGE) {
    return { ...where, kind: resource.access === 'read_write' ? 'storage' : 'read-only-storage' };
  }
  throw new GpuError(
    `kernel "${kernelName}": binding "${resource.name}" is not a buffer; compute kernels here bind buffers only`,
  );
}

function uniformLayout(resource: VariableInfo): UniformLayout {
  return {
    structName: resource.type.name,
    size: resource.type.size,
    members: (resource.members ?? []).map(uniformMember),
  };
}

const VECTOR_SUFFIX: Record<string, ScalarType> = { f: 'f32', u: 'u32', i: 'i32' };

function uniformMember(member: MemberInfo): UniformMember {
  const wgslType = member.type.getTypeName();
  const name = member.type.name;
  let scalar: ScalarType | null = null;
  let components = 1;
  if (name === 'f32' || name === 'u32' || name === 'i32') {
    scalar = name;
  } else {
    const vector = /^vec([234])([fui])?$/.exec(name);
    if (vector) {
      components = Number(vector[1]);
      // vec3f names its element in the suffix; vec3<f32> is a template whose format is the element.
      const element = vector[2] ? VECTOR_SUFFIX[vector[2]] : member.format?.name;
      scalar = element === 'f32' || element === 'u32' || element === 'i32' ? element : null;
    }
  }
  return { name: member.name, wgslType, scalar, components, offset: member.offset };
}

/** The workgroup size once `overrides` are applied to the workgroup_size arguments that name them. */
export function workgroupSize(kernel: Kernel, overrides: Overrides = {}): [number, number, number] {
  const size: [number, number, number] = [...kernel.defaultWorkgroupSize];
  kernel.workgroupSizeExpressions.forEach((expression, axis) => {
    const value = overrides[expression.trim()];
    if (value !== undefined && axis < 3) size[axis] = value;
  });
  return size;
}

/**
 * Packs a uniform struct from a plain object by member name, at the offsets reflected from the
 * WGSL. Every member must be given, and nothing else: both mistakes are GpuErrors naming the kernel.
 */
export function packUniforms(
  kernel: Kernel,
  bindingName: string,
  values: Readonly<Record<string, number | ArrayLike<number>>>,
): ArrayBuffer {
  const layout = kernel.uniforms.get(bindingName);
  const where = `kernel "${kernel.name}": uniform "${bindingName}"`;
  if (!layout) {
    const known = [...kernel.uniforms.keys()];
    throw new GpuError(
      `kernel "${kernel.name}": no uniform struct binding "${bindingName}" (uniforms: ${known.join(', ') || 'none'})`,
    );
  }
  const memberNames = layout.members.map((member) => member.name);
  for (const key of Object.keys(values)) {
    if (!memberNames.includes(key)) {
      throw new GpuError(
        `${where}: struct ${layout.structName} has no member "${key}" (members: ${memberNames.join(', ')})`,
      );
    }
  }
  const bytes = new ArrayBuffer(layout.size);
  const view = new DataView(bytes);
  for (const member of layout.members) {
    const value = values[member.name];
    if (value === undefined) throw new GpuError(`${where}: missing member "${member.name}" (${member.wgslType})`);
    if (member.scalar === null) {
      throw new GpuError(
        `${where}: member "${member.name}" has type ${member.wgslType}, which packUniforms cannot write`,
      );
    }
    const components = typeof value === 'number' ? [value] : Array.from(value);
    if (components.length !== member.components) {
      throw new GpuError(
        `${where}: member "${member.name}" (${member.wgslType}) needs ${member.components} value(s), got ${components.length}`,
      );
    }
    components.forEach((component, index) => {
      writeScalar(
        view,
        member.offset + 4 * index,
        member.scalar as ScalarType,
        component,
        `${where}: member "${member.name}"`,
      );
    });
  }
  return bytes;
}

function writeScalar(view: DataView, offset: number, scalar: ScalarType, value: number, where: string): void {
  if (typeof value !== 'number') throw new GpuError(`${where}: expected a number, got ${typeof value}`);
  if (scalar === 'f32') {
    view.setFloat32(offset, value, true);
    return;
  }
  const [min, max] = scalar === 'u32' ? [0, 0xffffffff] : [-0x80000000, 0x7fffffff];
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new GpuError(`${where}: ${value} is not a ${scalar}`);
  }
  if (scalar === 'u32') view.setUint32(offset, value, true);
  else view.setInt32(offset, value, true);
}

/** WebGPU's default maxComputeWorkgroupsPerDimension. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** Workgroups needed to cover `elements` when each workgroup handles `perWorkgroup` of them. */
export function workgroupCount(elements: number, perWorkgroup: number): number {
  if (!Number.isInteger(elements) || elements < 0)
    throw new GpuError(`workgroupCount: invalid element count ${elements}`);
  if (!Number.isInteger(perWorkgroup) || perWorkgroup < 1)
    throw new GpuError(`workgroupCount: invalid workgroup size ${perWorkgroup}`);
  return Math.ceil(elements / perWorkgroup);
}

/**
 * The dispatch grid for `totalWorkgroups` workgroups, folded into 2-D or 3-D when one dimension
 * would exceed `limit`. The grid may hold a few more workgroups than asked for (fewer than
 * (y + 1)·z extra): shaders recover the linear workgroup index with `linear_workgroup_index` from
 * shaders/lib/grid.wgsl and must skip indices past their work.
 */
export function dispatchGrid(totalWorkgroups: number, limit = MAX_WORKGROUPS_PER_DIMENSION): [number, number, number] {
  if (!Number.isInteger(totalWorkgroups) || totalWorkgroups < 0) {
    throw new GpuError(`dispatchGrid: invalid workgroup count ${totalWorkgroups}`);
  }
  if (!Number.isInteger(limit) || limit < 1) throw new GpuError(`dispatchGrid: invalid limit ${limit}`);
  if (totalWorkgroups <= limit) return [totalWorkgroups, 1, 1];
  const z = Math.ceil(totalWorkgroups / (limit * limit));
  if (z > limit) {
    throw new GpuError(
      `dispatchGrid: ${totalWorkgroups} workgroups exceed ${limit}³, the largest grid a dispatch can have`,
    );
  }
  // Split the remaining count as evenly as possible, to keep the excess small.
  const perLayer = Math.ceil(totalWorkgroups / z);
  const y = Math.ceil(perLayer / limit);
  const x = Math.ceil(perLayer / y);
  return [x, y, z];
}

/** A compiled kernel: pipeline and bind group layouts for one set of overrides. */
export interface KernelPipeline {
  readonly kernel: Kernel;
  readonly overrides: Overrides;
  readonly pipeline: GPUComputePipeline;
  /** One per bind group index, 0 up to the highest group the kernel uses. */
  readonly bindGroupLayouts: readonly GPUBindGroupLayout[];
  readonly workgroupSize: readonly [number, number, number];
}

const pipelineCache = new WeakMap<GPUDevice, Map<string, Promise<KernelPipeline>>>();
const moduleCache = new WeakMap<GPUDevice, Map<string, GPUShaderModule>>();

/** How many pipelines this device has compiled or is compiling through getPipeline. */
export function cachedPipelineCount(device: GPUDevice): number {
  return pipelineCache.get(device)?.size ?? 0;
}

/**
 * The kernel's pipeline for these overrides, compiled on the first call (asynchronously, off the
 * JavaScript thread) and shared by every later call with the same device, code and overrides.
 */
export function getPipeline(device: GPUDevice, kernel: Kernel, overrides: Overrides = {}): Promise<KernelPipeline> {
  for (const [name, value] of Object.entries(overrides)) {
    if (!kernel.overrides.includes(name)) {
      throw new GpuError(
        `kernel "${kernel.name}": unknown override "${name}" (overrides: ${kernel.overrides.join(', ') || 'none'})`,
      );
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new GpuError(`kernel "${kernel.name}": override "${name}" must be a finite number, got ${value}`);
    }
  }
  const sorted = Object.fromEntries(Object.entries(overrides).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const key = `${kernel.entryPoint}\u0000${JSON.stringify(sorted)}\u0000${kernel.code}`;
  let pipelines = pipelineCache.get(device);
  if (!pipelines) pipelineCache.set(device, (pipelines = new Map<string, Promise<KernelPipeline>>()));
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    pipeline = compilePipeline(device, kernel, sorted);
    pipelines.set(key, pipeline);
    // A failed compile is not cached: the error is reported to this caller and the next one retries.
    pipeline.catch(() => pipelines.delete(key));
  }
  return pipeline;
}

function pipelineLabel(kernel: Kernel, overrides: Overrides): string {
  const entries = Object.entries(overrides);
  return entries.length
    ? `${kernel.name}(${entries.map(([name, value]) => `${name}=${value}`).join(', ')})`
    : kernel.name;
}

async function compilePipeline(device: GPUDevice, kernel: Kernel, overrides: Overrides): Promise<KernelPipeline> {
  const label = pipelineLabel(kernel, overrides);
  const settled = countPipelineCompile(label);
  try {
    return await createPipeline(device, kernel, overrides, label);
  } finally {
    settled();
  }
}

async function createPipeline(
  device: GPUDevice,
  kernel: Kernel,
  overrides: Overrides,
  label: string,
): Promise<KernelPipeline> {
  const module = shaderModule(device, kernel);
  const groupCount = kernel.bindings.reduce((count, binding) => Math.max(count, binding.group + 1), 0);
  const bindGroupLayouts = Array.from({ length: groupCount }, (_, group) =>
    device.createBindGroupLayout({
      label: `${kernel.name} group ${group}`,
      entries: kernel.bindings
        .filter((binding) => binding.group === group)
        .map((binding) => ({
          binding: binding.binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: binding.kind, hasDynamicOffset: kernel.dynamicOffsetBindings.includes(binding.name) },
        })),
    }),
  );
  const layout = device.createPipelineLayout({ label, bindGroupLayouts });
  let pipeline: GPUComputePipeline;
  try {
    pipeline = await device.createComputePipelineAsync({
      label,
      layout,
      compute: { module, entryPoint: kernel.entryPoint, constants: { ...overrides } },
    });
  } catch (cause) {
    const diagnostics = await compilationErrors(module, kernel.parts);
    throw new GpuError(`kernel "${label}": pipeline creation failed: ${describe(cause)}${diagnostics}`, { cause });
  }
  return { kernel, overrides, pipeline, bindGroupLayouts, workgroupSize: workgroupSize(kernel, overrides) };
}

function shaderModule(device: GPUDevice, kernel: Kernel): GPUShaderModule {
  let modules = moduleCache.get(device);
  if (!modules) moduleCache.set(device, (modules = new Map<string, GPUShaderModule>()));
  let module = modules.get(kernel.code);
  if (!module) {
    module = device.createShaderModule({ label: kernel.name, code: kernel.code });
    modules.set(kernel.code, module);
  }
  return module;
}

async function compilationErrors(module: GPUShaderModule, parts: readonly IncludedPart[]): Promise<string> {
  try {
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((message) => message.type === 'error');
    return errors
      .map((message) => {
        const file = locateLine(parts, message.lineNum);
        return `\n  line ${message.lineNum}:${message.linePos}${file ? ` (${file})` : ''}: ${message.message}`;
      })
      .join('');
  } catch {
    return '';
  }
}

/** A buffer, or a range of one, for a binding. */
export type BindingResource = GPUBuffer | GPUBufferBinding;

/**
 * The bind groups for a pipeline, one per group index, from buffers named like the WGSL bindings.
 * A missing buffer, or a name the kernel does not bind, is a GpuError naming the kernel and binding.
 */
export function createBindGroups(
  device: GPUDevice,
  compiled: KernelPipeline,
  resources: Readonly<Record<string, BindingResource>>,
): GPUBindGroup[] {
  const { kernel } = compiled;
  const bound = new Set(kernel.bindings.map((binding) => binding.name));
  for (const name of Object.keys(resources)) {
    if (!bound.has(name)) {
      throw new GpuError(
        `kernel "${kernel.name}": got a buffer for "${name}", which it does not bind (bindings: ${[...bound].join(', ')})`,
      );
    }
  }
  return compiled.bindGroupLayouts.map((layout, group) =>
    device.createBindGroup({
      label: `${kernel.name} group ${group}`,
      layout,
      entries: kernel.bindings
        .filter((binding) => binding.group === group)
        .map((binding) => {
          const resource = resources[binding.name];
          if (!resource) {
            throw new GpuError(
              `kernel "${kernel.name}": no buffer for binding "${binding.name}" (@group(${group}) @binding(${binding.binding}), ${binding.kind})`,
            );
          }
          return { binding: binding.binding, resource: 'buffer' in resource ? resource : { buffer: resource } };
        }),
    }),
  );
}

/**
 * Records one dispatch of a compiled kernel into a compute pass. `dynamicOffsets[group]` lists the
 * byte offsets of that group's dynamic-offset bindings, in binding order.
 */
export function encodeDispatch(
  pass: GPUComputePassEncoder,
  compiled: KernelPipeline,
  bindGroups: readonly GPUBindGroup[],
  grid: readonly [number, number, number],
  dynamicOffsets: Readonly<Record<number, readonly number[]>> = {},
): void {
  pass.setPipeline(compiled.pipeline);
  bindGroups.forEach((bindGroup, group) => pass.setBindGroup(group, bindGroup, dynamicOffsets[group] ?? []));
  pass.dispatchWorkgroups(grid[0], grid[1], grid[2]);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
