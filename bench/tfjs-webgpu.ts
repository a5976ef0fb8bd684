/**
 * TensorFlow.js with its WebGPU backend, in Node, on the same Dawn instance as the engine: the
 * backend looks for navigator.gpu when its module loads, so the engine's GPU object is put there
 * first, and both then ask it for the same adapter.
 */
import { loadNodeGpu } from '../src/gpu/node-webgpu.ts';

export type Tf = typeof import('@tensorflow/tfjs');

export type TfWebgpu = { tf: Tf; adapter: string } | { unavailable: string };

let started: Promise<TfWebgpu> | undefined;

export function startTfWebgpu(): Promise<TfWebgpu> {
  started ??= start();
  return started;
}

/** Puts the engine's Dawn GPU object at navigator.gpu, where WebGPU libraries look for it (ONNX Runtime Web too). */
export async function provideNavigatorGpu(): Promise<void> {
  const { gpu } = await loadNodeGpu();
  const global = globalThis as { navigator?: { gpu?: GPU } };
  if (!global.navigator)
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  else if (!global.navigator.gpu) Object.defineProperty(global.navigator, 'gpu', { value: gpu, configurable: true });
}

async function start(): Promise<TfWebgpu> {
  await provideNavigatorGpu();

  let tf: Tf;
  try {
    tf = await import('@tensorflow/tfjs');
  } catch (error) {
    return { unavailable: `@tensorflow/tfjs cannot be loaded: ${describe(error)}` };
  }
  try {
    // A computed specifier: a missing package is then a load error here, not a transform error.
    const backendPackage = '@tensorflow/tfjs-backend-webgpu';
    await import(/* @vite-ignore */ backendPackage);
  } catch (error) {
    return { unavailable: `@tensorflow/tfjs-backend-webgpu is not installed (${describe(error)})` };
  }
  // TensorFlow.js logs its backend choices and kernel warnings on the console: keep stdout for the table.
  tf.env().set('PROD', true);
  try {
    if (!(await tf.setBackend('webgpu'))) return { unavailable: 'the TensorFlow.js webgpu backend did not start' };
    await tf.ready();
  } catch (error) {
    return { unavailable: `the TensorFlow.js webgpu backend did not start: ${describe(error)}` };
  }
  const info = (tf.backend() as unknown as { adapterInfo?: { vendor?: string; architecture?: string } }).adapterInfo;
  return { tf, adapter: `${info?.vendor ?? 'unknown'}/${info?.architecture ?? 'unknown'}` };
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
