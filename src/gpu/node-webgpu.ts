/**
 * WebGPU in Node through Dawn (the `webgpu` package). Only loaded under Node.
 *
 * Every Node-only module is imported with a computed specifier so that a browser build (Vite)
 * neither resolves nor bundles it: this file may end up in a browser chunk, it is just never run.
 */
import { GpuError } from '../errors.ts';
import {
  chooseVulkanDrivers,
  SWIFTSHADER_ICD,
  vulkanIcdDirectories,
  type VulkanDriverChoice,
} from './vulkan-drivers.ts';

type WebgpuModule = typeof import('webgpu');
type FsModule = typeof import('node:fs');

function importNodeOnly<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier) as Promise<T>;
}

export interface NodeGpu {
  gpu: GPU;
  /** Why the adapter would be a software one, given the drivers Dawn was shown. */
  softwareReason: string;
}

// The GPU object from create() must stay reachable for the life of the process: when it is
// garbage-collected, Dawn aborts the process ("std::system_error: Invalid argument").
let dawn: Promise<NodeGpu> | undefined;

export function loadNodeGpu(): Promise<NodeGpu> {
  dawn ??= startDawn().catch((error: unknown) => {
    dawn = undefined;
    throw error;
  });
  return dawn;
}

async function startDawn(): Promise<NodeGpu> {
  const choice = await decideVulkanDrivers();
  for (const [name, value] of Object.entries(choice.set)) process.env[name] = value;
  await provideRuntimeDir();

  let webgpu: WebgpuModule;
  try {
    webgpu = await importNodeOnly<WebgpuModule>('webgpu');
  } catch (cause) {
    throw new GpuError(`cannot load Dawn (the "webgpu" npm package): ${describe(cause)}`, { cause });
  }
  // GPUBufferUsage, GPUMapMode, GPUShaderStage... are globals in browsers; Dawn exports them.
  Object.assign(globalThis, webgpu.globals);
  let gpu: GPU;
  try {
    gpu = webgpu.create([]);
  } catch (cause) {
    throw new GpuError(`cannot start Dawn: ${describe(cause)}`, { cause });
  }
  return { gpu, softwareReason: choice.softwareReason };
}

/**
 * Dawn probes for a display while it starts, and the Wayland client library prints "error:
 * XDG_RUNTIME_DIR is invalid or not set in the environment." to stderr when that variable is unset
 * (servers, containers, CI), even though no display is needed. A private empty directory, removed at
 * exit, keeps every run's stderr to the engine's own lines.
 */
async function provideRuntimeDir(): Promise<void> {
  if (process.platform !== 'linux' || process.env.XDG_RUNTIME_DIR) return;
  const fs = await importNodeOnly<FsModule>('node:fs');
  const os = await importNodeOnly<typeof import('node:os')>('node:os');
  try {
    const dir = fs.mkdtempSync(`${os.tmpdir()}/unroll-runtime-`);
    process.env.XDG_RUNTIME_DIR = dir;
    process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  } catch {
    // Without a temporary directory the message merely stays.
  }
}

async function decideVulkanDrivers(): Promise<VulkanDriverChoice> {
  if (process.platform !== 'linux') {
    return { set: {}, mode: 'unchanged', softwareReason: 'no hardware adapter found' };
  }
  const fs = await importNodeOnly<FsModule>('node:fs');
  const installedManifests: string[] = [];
  for (const dir of vulkanIcdDirectories(process.env)) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue; // most of the searched directories do not exist
    }
    for (const name of names) if (name.endsWith('.json')) installedManifests.push(`${dir}/${name}`);
  }
  return chooseVulkanDrivers({
    env: process.env,
    installedManifests,
    swiftShaderInstalled: fs.existsSync(SWIFTSHADER_ICD),
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
