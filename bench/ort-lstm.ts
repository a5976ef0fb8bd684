/**
 * The benchmark's LSTM encoder in ONNX Runtime, from the ONNX graph that bench/onnx/lstm-onnx.ts
 * builds out of the engine model's weights:
 * - onnxruntime-node on the CPU execution provider (the native kernels shipped in the npm package);
 * - onnxruntime-web with the WebGPU execution provider, on the engine's Dawn instance: navigator.gpu
 *   is the engine's GPU object, from which ORT requests its adapter (the same one) and its own device.
 * Cold: creating the session from the model bytes (graph optimisation, weight upload) and the first
 * run (ORT WebGPU: its shader compiles); warm: the median of later runs. A run feeds the ids and
 * reads the outputs back to the host. Building the model bytes is not timed (it stands for reading
 * the .onnx file).
 */
import fs from 'node:fs';
import { cpus } from 'node:os';
import type { LstmTiming } from './engine-lstm.ts';
import { lstmModel, lstmSources, type LstmShape } from './lstm-shapes.ts';
import { lstmOnnxModel } from './onnx/lstm-onnx.ts';
import { provideNavigatorGpu } from './tfjs-webgpu.ts';
import { medianMs, timeMs } from './timing.ts';

type OrtNode = typeof import('onnxruntime-node');
type OrtWeb = typeof import('onnxruntime-web');

export type PeerTiming = LstmTiming | { unavailable: string };

/** Threads of ORT's CPU kernels: the machine's cores, at most 2 (as many as the reference machine has). */
const CPU_THREADS = Math.max(1, Math.min(2, cpus().length));

function inputs(shape: LstmShape) {
  return BigInt64Array.from(lstmSources(shape).flat(), (id) => BigInt(id));
}

export async function ortNodeLstm(shape: LstmShape, warmRuns: number): Promise<PeerTiming> {
  let ort: OrtNode;
  try {
    ort = await import('onnxruntime-node');
  } catch (error) {
    return { unavailable: `onnxruntime-node cannot be loaded: ${describe(error)}` };
  }
  const bytes = lstmOnnxModel(lstmModel(shape), shape);
  const feeds = { ids: new ort.Tensor('int64', inputs(shape), [shape.batch, shape.length]) };
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>> | undefined;
  const run = async () => (await session!.run(feeds)).outputs.data as Float32Array;
  try {
    const cold = await timeMs(async () => {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: ['cpu'],
        intraOpNumThreads: CPU_THREADS,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
      });
      return run();
    });
    const warmMs = await medianMs(warmRuns, run);
    return { coldMs: cold.ms, warmMs, outputs: cold.value, note: `${CPU_THREADS} threads` };
  } finally {
    await session?.release();
  }
}

interface OrtWebStart {
  ort: OrtWeb;
}

let webStarted: Promise<OrtWebStart | { unavailable: string }> | undefined;

/** Loads onnxruntime-web's WebGPU build once per process, on the engine's Dawn GPU object. */
function startOrtWeb(): Promise<OrtWebStart | { unavailable: string }> {
  webStarted ??= (async () => {
    await provideNavigatorGpu();
    let ort: OrtWeb;
    try {
      // The WebGPU build: the package's Node entry has only the WASM (CPU) backend.
      ort = await import('onnxruntime-web/webgpu');
    } catch (error) {
      return { unavailable: `onnxruntime-web cannot be loaded: ${describe(error)}` };
    }
    // One thread: its WASM kernels only run what the WebGPU EP leaves them, and SwiftShader needs the cores.
    ort.env.wasm.numThreads = 1;
    ort.env.logLevel = 'warning';
    return { ort };
  })();
  return webStarted;
}

/**
 * Where ORT put each node of the graph, read from its verbose log while a session is created (its
 * "Node placements" lines), as {execution provider: op types}; null when the log did not say.
 */
async function nodePlacements(ort: OrtWeb, bytes: Uint8Array): Promise<Map<string, string[]> | null> {
  const lines = await captureStderr(async () => {
    const probe = await ort.InferenceSession.create(bytes, {
      executionProviders: ['webgpu'],
      logSeverityLevel: 0,
      logVerbosityLevel: 0,
    });
    await probe.release();
  });
  return parsePlacements(lines);
}

/** The placements in ORT's verbose log: " All nodes placed on [EP]", or " Node(s) placed on [EP]" then "  <OpType> (<name>)" lines. */
function parsePlacements(lines: string): Map<string, string[]> | null {
  const placements = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of lines.split('\n')) {
    const placed = /(All nodes|Node\(s\)) placed on \[(\w+)\]/.exec(line);
    if (placed) {
      // "All nodes placed on [EP]" lists none: every op of the graph is there.
      current = placed[1] === 'All nodes' ? ['all'] : [];
      placements.set(placed[2], current);
      continue;
    }
    // After "Node(s) placed on [EP]", one line per node: " <OpType> (<node name>)".
    const listed = /VerifyEachNodeIsAssignedToAnEp\]\s+(\w+) \(/.exec(line);
    if (listed && current) current.push(listed[1]);
    else if (!/VerifyEachNodeIsAssignedToAnEp/.test(line)) current = undefined;
  }
  return placements.size === 0 ? null : placements;
}

/**
 * Runs fn with what is written to the standard error collected instead of printed: ORT's WASM
 * module writes its log with fs.writeSync(2, …) in Node, other code through process.stderr.
 */
async function captureStderr(fn: () => Promise<void>): Promise<string> {
  const chunks: string[] = [];
  const text = (chunk: string | ArrayBufferView) =>
    typeof chunk === 'string'
      ? chunk
      : new TextDecoder().decode(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  const restoreFs = replaceMethod(fs, 'writeSync', (original) => (fd: number, data: unknown, ...rest: unknown[]) => {
    if (fd !== 2 || !(typeof data === 'string' || ArrayBuffer.isView(data))) return original(fd, data, ...rest);
    chunks.push(text(data));
    return typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  });
  const restoreStderr = replaceMethod(process.stderr, 'write', () => (chunk: unknown) => {
    if (typeof chunk === 'string' || ArrayBuffer.isView(chunk)) chunks.push(text(chunk));
    return true;
  });
  try {
    await fn();
  } finally {
    restoreStderr();
    restoreFs();
  }
  return chunks.join('');
}

/** Replaces target[name] (own or inherited) with make(the original, bound); returns the undo. */
function replaceMethod<K extends string>(
  target: Record<K, unknown> | object,
  name: K,
  make: (original: (...args: unknown[]) => unknown) => (...args: never[]) => unknown,
): () => void {
  const own = Object.getOwnPropertyDescriptor(target, name);
  const method = Reflect.get(target, name) as (...args: unknown[]) => unknown;
  const original = (...args: unknown[]) => Reflect.apply(method, target, args);
  Object.defineProperty(target, name, { value: make(original), configurable: true, writable: true });
  return () => {
    if (own) Object.defineProperty(target, name, own);
    else Reflect.deleteProperty(target, name);
  };
}

/**
 * onnxruntime-web's threaded WASM build keeps its heap in a SharedArrayBuffer and hands WebGPU views
 * of it; Dawn's Node binding refuses those in GPUQueue.writeBuffer ("Invalid argument"), as
 * browsers do not. While ORT runs, such writes go through a copy in an ordinary buffer; any other
 * write is passed on untouched.
 */
function copySharedWrites(): () => void {
  const queueClass = (globalThis as { GPUQueue?: { prototype: object } }).GPUQueue;
  if (!queueClass) return () => {};
  const proto = queueClass.prototype;
  const own = Object.getOwnPropertyDescriptor(proto, 'writeBuffer');
  const writeBuffer = Reflect.get(proto, 'writeBuffer') as (...args: unknown[]) => unknown;
  Object.defineProperty(proto, 'writeBuffer', {
    configurable: true,
    writable: true,
    value: function (this: GPUQueue, buffer: GPUBuffer, offset: number, data: unknown, ...rest: unknown[]) {
      if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
        const [dataOffset = 0, size] = rest as [number | undefined, number | undefined];
        const elementBytes = (data as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1;
        const start = data.byteOffset + dataOffset * elementBytes;
        const bytes = size === undefined ? data.byteLength - dataOffset * elementBytes : size * elementBytes;
        const copy = new Uint8Array(bytes);
        copy.set(new Uint8Array(data.buffer, start, bytes));
        return Reflect.apply(writeBuffer, this, [buffer, offset, copy, 0, bytes]);
      }
      return Reflect.apply(writeBuffer, this, [buffer, offset, data, ...rest]);
    },
  });
  return () => {
    if (own) Object.defineProperty(proto, 'writeBuffer', own);
    else Reflect.deleteProperty(proto, 'writeBuffer');
  };
}

export interface OrtWebgpuTiming {
  timing: PeerTiming;
  /** Whether ORT's log showed the LSTM node on the WebGPU EP (false: a fallback or unknown). */
  lstmOnWebgpu: boolean;
  /** Nodes not on the WebGPU EP, or why their placement is unknown. */
  placement?: string;
}

export async function ortWebgpuLstm(shape: LstmShape, warmRuns: number): Promise<OrtWebgpuTiming> {
  const started = await startOrtWeb();
  if ('unavailable' in started) return { timing: started, lstmOnWebgpu: false };
  const { ort } = started;
  const bytes = lstmOnnxModel(lstmModel(shape), shape);
  const feeds = { ids: new ort.Tensor('int64', inputs(shape), [shape.batch, shape.length]) };
  const restore = copySharedWrites();
  let session: Awaited<ReturnType<typeof ort.InferenceSession.create>> | undefined;
  const run = async () => (await session!.run(feeds)).outputs.data as Float32Array;
  try {
    // A verbose session first, untimed, to read where ORT put the LSTM node: a missing WebGPU kernel
    // falls back to the CPU (WASM) EP without an error. The first session also starts ORT's WebGPU
    // backend (WASM instantiation, adapter and device), done once per process and left out of cold.
    const placements = await nodePlacements(ort, bytes).catch((error: unknown) => {
      throw new Error(`the WebGPU EP did not start: ${describe(error)}`);
    });
    let placement: string | undefined;
    let lstmOnWebgpu = false;
    if (!placements) placement = "ORT's log did not say where the LSTM node ran";
    else {
      const lstmEp = [...placements].find(([, ops]) => ops.includes('LSTM') || ops.includes('all'))?.[0];
      lstmOnWebgpu = lstmEp === 'WebGpuExecutionProvider';
      const elsewhere = [...placements].filter(([ep]) => ep !== 'WebGpuExecutionProvider');
      if (elsewhere.length > 0) placement = elsewhere.map(([ep, ops]) => `${ops.join(', ')} on ${ep}`).join('; ');
    }
    const cold = await timeMs(async () => {
      session = await ort.InferenceSession.create(bytes, { executionProviders: ['webgpu'] });
      return run();
    });
    const warmMs = await medianMs(warmRuns, run);
    return {
      timing: { coldMs: cold.ms, warmMs, outputs: cold.value, note: `${await ortAdapter(ort)}, 1 WASM thread` },
      lstmOnWebgpu,
      ...(placement ? { placement } : {}),
    };
  } catch (error) {
    return { timing: { unavailable: `failed: ${describe(error)}` }, lstmOnWebgpu: false };
  } finally {
    await session?.release();
    restore();
  }
}

/** The adapter of the device ORT's WebGPU backend created (from navigator.gpu, the engine's Dawn). */
async function ortAdapter(ort: OrtWeb): Promise<string> {
  try {
    const device = (await ort.env.webgpu.device) as GPUDevice & { adapterInfo?: GPUAdapterInfo };
    const info = device.adapterInfo;
    return info ? `adapter ${info.vendor || 'unknown'}/${info.architecture || 'unknown'}` : 'adapter unknown';
  } catch {
    return 'adapter unknown';
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
