/**
 * Acquiring a WebGPU device in a browser (navigator.gpu) or in Node (Dawn), preferring a
 * hardware adapter and saying which adapter was taken.
 */
import { GpuError } from '../errors.ts';

export interface AdapterSummary {
  vendor: string;
  architecture: string;
  description: string;
  /** A CPU implementation (SwiftShader, llvmpipe, WARP...): correct but slow. */
  isSoftware: boolean;
}

/** Optional features the kernels can use; each was requested on the device when the adapter had it. */
export interface GpuFeatures {
  subgroups: boolean;
  shaderF16: boolean;
  timestampQuery: boolean;
}

export interface DeviceLoss {
  reason: string;
  message: string;
}

export interface GpuContext {
  readonly device: GPUDevice;
  readonly adapterInfo: AdapterSummary;
  readonly features: GpuFeatures;
  readonly limits: GPUSupportedLimits;
  /** Resolves when the device is lost, destroy() included. */
  readonly lost: Promise<DeviceLoss>;
  /** The loss once it happened, else null. */
  readonly lostInfo: DeviceLoss | null;
  /**
   * Calls `listener` when the device is lost (at once when it already is) and returns the
   * unsubscribe; unlike a reaction to `lost`, it can be dropped, so short-lived users leave nothing.
   */
  onLost(listener: (loss: DeviceLoss) => void): () => void;
  /** Throws a GpuError naming `what` when the device is lost: call before recording work. */
  assertUsable(what: string): void;
  /** Stops listening to the device, leaving it alive: for a caller-supplied device. */
  detach(): void;
  /** Detaches and destroys the device. */
  destroy(): void;
}

export interface AcquireGpuOptions {
  /** Use this device instead of requesting one (the caller keeps ownership of its adapter). */
  device?: GPUDevice;
  /** Receives one line describing the adapter, and later any device loss or uncaptured error. */
  log?: (line: string) => void;
}

const OPTIONAL_FEATURES: readonly GPUFeatureName[] = ['subgroups', 'shader-f16', 'timestamp-query'];

// Raised to what the adapter allows: weights and activations of real models exceed the defaults
// (128 MiB bindings, 8 storage buffers per stage, 16 KiB of workgroup memory).
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
] as const;

export async function acquireGpu(options: AcquireGpuOptions = {}): Promise<GpuContext> {
  if (options.device) {
    const info = (options.device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    return wrapDevice(options.device, summarizeAdapter(info), options.log);
  }
  const log = options.log ?? (() => {});

  const { gpu, softwareReason, runtime } = await findGpu();
  let adapter: GPUAdapter | null;
  try {
    adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  } catch (cause) {
    throw new GpuError(`requesting a WebGPU adapter failed: ${describe(cause)}`, { cause });
  }
  if (!adapter) {
    throw new GpuError(
      runtime === 'node'
        ? 'no WebGPU adapter found: install a Vulkan driver for your GPU, or the Debian packages ' +
            '"chromium" and "libvulkan1" for the SwiftShader CPU driver'
        : 'no WebGPU adapter found: this browser has WebGPU but offers no adapter (check that hardware acceleration is on)',
    );
  }

  const summary = summarizeAdapter(adapter.info, adapter);
  const requiredFeatures = OPTIONAL_FEATURES.filter((feature) => adapter.features.has(feature));
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) requiredLimits[name] = adapter.limits[name];

  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({ label: 'unroll', requiredFeatures, requiredLimits });
  } catch (cause) {
    throw new GpuError(`requesting a WebGPU device from ${adapterName(summary)} failed: ${describe(cause)}`, { cause });
  }
  const kind = summary.isSoftware ? 'software' : 'hardware';
  const why = summary.isSoftware ? ` (${softwareReason})` : '';
  log(`gpu backend on ${kind} adapter ${adapterName(summary)}${why}`);
  return wrapDevice(device, summary, options.log);
}

interface FoundGpu {
  gpu: GPU;
  softwareReason: string;
  runtime: 'node' | 'browser';
}

async function findGpu(): Promise<FoundGpu> {
  if (isNode()) {
    const { loadNodeGpu } = await import('./node-webgpu.ts');
    const { gpu, softwareReason } = await loadNodeGpu();
    return { gpu, softwareReason, runtime: 'node' };
  }
  const gpu = typeof navigator !== 'undefined' ? navigator.gpu : undefined;
  if (!gpu) {
    throw new GpuError(
      typeof isSecureContext !== 'undefined' && !isSecureContext
        ? 'WebGPU is not available in this browser: the page is not a secure context (serve it over https or from localhost)'
        : 'WebGPU is not available in this browser',
    );
  }
  return { gpu, softwareReason: 'the browser offered no hardware adapter', runtime: 'browser' };
}

function isNode(): boolean {
  const process = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof process?.versions?.node === 'string';
}

/**
 * One watch per device, whatever the number of contexts on it (a backend and each model's runner):
 * one reaction to `device.lost` and at most one 'uncapturederror' listener, so a device shared by
 * many models never collects listeners (Node warns past 10 on one EventTarget).
 */
interface DeviceWatch {
  readonly lost: Promise<DeviceLoss>;
  lostInfo: DeviceLoss | null;
  readonly lossListeners: Set<(loss: DeviceLoss) => void>;
  readonly errorLogs: Set<(line: string) => void>;
  readonly onUncapturedError: (event: Event) => void;
}

const watches = new WeakMap<GPUDevice, DeviceWatch>();

function watchDevice(device: GPUDevice): DeviceWatch {
  const known = watches.get(device);
  if (known) return known;
  const lossListeners = new Set<(loss: DeviceLoss) => void>();
  const errorLogs = new Set<(line: string) => void>();
  const watch: DeviceWatch = {
    lostInfo: null,
    lossListeners,
    errorLogs,
    lost: device.lost.then((info) => {
      const loss = { reason: String(info.reason ?? 'unknown'), message: info.message };
      watch.lostInfo = loss;
      for (const listener of [...lossListeners]) listener(loss);
      return loss;
    }),
    onUncapturedError: (event: Event) => {
      for (const log of [...errorLogs]) log(`gpu error: ${(event as GPUUncapturedErrorEvent).error.message}`);
    },
  };
  watches.set(device, watch);
  return watch;
}

function wrapDevice(device: GPUDevice, adapterInfo: AdapterSummary, log?: (line: string) => void): GpuContext {
  const watch = watchDevice(device);
  const onLost = (listener: (loss: DeviceLoss) => void) => {
    if (watch.lostInfo) {
      const loss = watch.lostInfo;
      queueMicrotask(() => listener(loss));
      return () => {};
    }
    watch.lossListeners.add(listener);
    return () => void watch.lossListeners.delete(listener);
  };
  let stopLogging = () => {};
  if (log) {
    const stopLossLog = onLost((loss) => {
      if (loss.reason !== 'destroyed') log(`gpu device lost (${loss.reason}): ${loss.message}`);
    });
    // Errors outside any error scope would otherwise vanish in Node and only reach the console in browsers.
    if (watch.errorLogs.size === 0) device.addEventListener?.('uncapturederror', watch.onUncapturedError);
    watch.errorLogs.add(log);
    stopLogging = () => {
      stopLossLog();
      if (watch.errorLogs.delete(log) && watch.errorLogs.size === 0) {
        device.removeEventListener?.('uncapturederror', watch.onUncapturedError);
      }
    };
  }
  let detached = false;
  const detach = () => {
    if (detached) return;
    detached = true;
    stopLogging();
  };
  const features: GpuFeatures = {
    subgroups: device.features.has('subgroups'),
    shaderF16: device.features.has('shader-f16'),
    timestampQuery: device.features.has('timestamp-query'),
  };
  return {
    device,
    adapterInfo,
    features,
    limits: device.limits,
    lost: watch.lost,
    get lostInfo() {
      return watch.lostInfo;
    },
    onLost,
    assertUsable(what: string) {
      if (watch.lostInfo) throw deviceLostError(what, watch.lostInfo);
    },
    detach,
    destroy() {
      detach();
      device.destroy();
    },
  };
}

/** The error for work (`what`) that a device loss stopped or prevents. */
export function deviceLostError(what: string, loss: DeviceLoss, cause?: unknown): GpuError {
  return new GpuError(`${what}: the GPU device was lost (${loss.reason}): ${loss.message}`, { cause });
}

const SOFTWARE_ADAPTER = /swiftshader|llvmpipe|lavapipe|softpipe|microsoft basic render|\bwarp\b/i;

function summarizeAdapter(info: GPUAdapterInfo | undefined, adapter?: GPUAdapter): AdapterSummary {
  const vendor = info?.vendor || 'unknown';
  const architecture = info?.architecture || 'unknown';
  const description = info?.description || '';
  // Older implementations put the flag on the adapter, not on its info.
  const fallback =
    info?.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean } | undefined)?.isFallbackAdapter;
  const named = SOFTWARE_ADAPTER.test(`${vendor} ${architecture} ${description} ${info?.device ?? ''}`);
  return { vendor, architecture, description, isSoftware: fallback === true || named };
}

function adapterName(summary: AdapterSummary): string {
  return `${summary.vendor}/${summary.architecture}`;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
