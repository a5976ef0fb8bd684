// WebGPU errors on a real device (Dawn; SwiftShader without a GPU): validation errors caught by
// error scopes and reported with the kernel's and the buffer's labels; out-of-memory errors
// (injected: a software adapter on a shared machine cannot be driven out of memory safely) that
// make a runner's creation fail midway without leaking a buffer or disturbing an earlier runner;
// device loss in the middle of a decode, then a fresh device that gives the undisturbed result.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hypothesis } from '../../src/model/results.ts';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { GpuError } from '../../src/errors.ts';
import { createStorageBuffer, createTrackedBuffer, withErrorScopes } from '../../src/gpu/buffers.ts';
import { liveBufferCount, liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import { planMatmul, prepareMatmul } from '../../src/gpu/kernels/matmul.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { GpuEncoder } from '../../src/engine/encoder.ts';

const model: Model = randomModel(
  defaultConfig({
    cell: 'lstm',
    attention: 'general',
    input_feeding: true,
    bidirectional: true,
    hidden_size: 8,
    embedding_dim: 6,
  }),
  41,
);
const sources = [
  [4, 5, 6, 7, 8],
  [9, 10],
  [11, 12, 13],
];
/** Long enough for many greedy chunks (8 steps each), so a loss can land in the middle. */
const LONG_DECODE = { minLength: 40, maxLength: 40 };

let gpu: GpuContext;
let buffersAtStart: number;

beforeAll(async () => {
  gpu = await acquireGpu();
  buffersAtStart = liveBufferCount();
});

afterAll(() => {
  gpu?.destroy();
});

/** Rejects when `promise` has not settled after `ms`: a hang fails the test instead of stalling it. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: still pending after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, but the promise resolved');
}

/**
 * Until the returned restore() is called, the device reports an out-of-memory error from the
 * error scope that is open when a buffer labelled `label` is created: what a driver does when
 * that allocation fails.
 */
function failAllocationOf(device: GPUDevice, label: string): () => void {
  const filters: GPUErrorFilter[] = [];
  let armed = false;
  const createBuffer = device.createBuffer.bind(device);
  const pushErrorScope = device.pushErrorScope.bind(device);
  const popErrorScope = device.popErrorScope.bind(device);
  const patch = (name: string, value: unknown) => Object.defineProperty(device, name, { configurable: true, value });
  patch('createBuffer', (descriptor: GPUBufferDescriptor) => {
    if (descriptor.label === label) armed = true;
    return createBuffer(descriptor);
  });
  patch('pushErrorScope', (filter: GPUErrorFilter) => {
    filters.push(filter);
    pushErrorScope(filter);
  });
  patch('popErrorScope', async () => {
    const filter = filters.pop();
    const error = await popErrorScope();
    if (filter === 'out-of-memory' && armed) {
      armed = false;
      return new GPUOutOfMemoryError(`Allocation of [Buffer "${label}"] failed: out of memory (injected)`);
    }
    return error;
  });
  return () => {
    for (const name of ['createBuffer', 'pushErrorScope', 'popErrorScope'])
      delete (device as unknown as Record<string, unknown>)[name];
  };
}

describe('validation errors name what failed', () => {
  it("a kernel bound to a buffer without storage usage: the GpuError carries the scope's label, the kernel's bind group and the buffer", async () => {
    const matmul = await prepareMatmul(gpu.device);
    const a = createStorageBuffer(gpu.device, 'faults A', new Float32Array(16));
    const b = createStorageBuffer(gpu.device, 'faults B', new Float32Array(16));
    const c = createTrackedBuffer(gpu.device, {
      label: 'faults C (copy usage only)',
      size: 64,
      usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
    });
    try {
      const error = await rejection(
        withErrorScopes(gpu.device, 'faults: planning a matmul', () => {
          const plan = planMatmul(gpu.device, matmul, {
            m: 4,
            n: 4,
            k: 4,
            a: { buffer: a },
            b: { buffer: b },
            c: { buffer: c },
          });
          const commands = gpu.device.createCommandEncoder();
          const pass = commands.beginComputePass();
          plan.record(pass);
          pass.end();
          gpu.device.queue.submit([commands.finish()]);
          plan.destroy();
        }),
      );
      expect(error).toBeInstanceOf(GpuError);
      expect(error.message).toMatch(/^faults: planning a matmul: WebGPU validation error: /);
      expect(error.message).toContain('"matmul group 0"');
      expect(error.message).toContain('"faults C (copy usage only)"');
    } finally {
      for (const buffer of [a, b, c]) buffer.destroy();
    }
  });

  it('an encode that submits a destroyed weight buffer names the stage and the buffer, and the device stays usable', async () => {
    const encoder = await GpuEncoder.create(gpu.device, model);
    try {
      await encoder.encode(sources);
      encoder.weights.layers[0].inputWeights.destroy();
      const error = await rejection(encoder.encode(sources));
      expect(error).toBeInstanceOf(GpuError);
      expect(error.message).toMatch(/^encoder: recording and submitting: WebGPU validation error: /);
      expect(error.message).toContain('"encoder layer 0 W_ih"');
      expect(gpu.lostInfo).toBeNull();
    } finally {
      encoder.dispose();
    }
  });
});

describe('a runner creation that fails midway', () => {
  let earlier: Seq2SeqRunner;
  let expected: Hypothesis[][];

  beforeAll(async () => {
    earlier = await createGpuRunner(model, { device: gpu.device });
    expected = await earlier.translate(sources);
  });

  afterAll(() => earlier?.dispose());

  it.each([
    ['encoder embedding', 'encoder: uploading weights'],
    ['decoder generator', 'decoder: uploading weights'],
  ])(
    'out of memory while uploading "%s": a GpuError with the label, no buffer left, the earlier runner unharmed',
    async (buffer, stage) => {
      const before = liveBufferCount();
      const restore = failAllocationOf(gpu.device, buffer);
      let error: Error;
      try {
        error = await rejection(createGpuRunner(model, { device: gpu.device }));
      } finally {
        restore();
      }
      expect(error).toBeInstanceOf(GpuError);
      expect(error.message).toBe(
        `${stage}: out of GPU memory: Allocation of [Buffer "${buffer}"] failed: out of memory (injected)`,
      );
      expect(liveBufferCount(), liveBufferLabels().join(', ')).toBe(before);
      expect(await earlier.translate(sources)).toEqual(expected);
    },
  );

  it('a model past the device limits is refused before any buffer is created; the earlier runner is unharmed', async () => {
    const before = liveBufferCount();
    // A generator [V × 8] one row past the smaller limit. The check needs only the config: the
    // weights (over a GiB on most devices) are never built.
    const limit = Math.min(gpu.limits.maxStorageBufferBindingSize, gpu.limits.maxBufferSize);
    const wide = { ...model.config, tgt_vocab_size: Math.floor(limit / 4 / 8) + 1 };
    const error = await rejection(createGpuRunner({ config: wide, weights: new Map() }, { device: gpu.device }));
    expect(error).toBeInstanceOf(GpuError);
    expect(error.message).toMatch(
      /^buffer "decoder generator" \(holding generator\.weight\) needs \d+ bytes .*, more than this device's (maxBufferSize|maxStorageBufferBindingSize) of \d+ bytes/,
    );
    expect(liveBufferCount()).toBe(before);
    expect(await earlier.translate(sources)).toEqual(expected);
  });
});

describe('device loss in the middle of a decode', () => {
  it.each([
    { search: 'greedy decoding', options: LONG_DECODE },
    { search: 'beam search', options: { ...LONG_DECODE, beam: 3 } },
  ])(
    '$search: pending calls reject with a GpuError saying the device was lost; a fresh device gives the undisturbed result',
    async ({ search, options }) => {
      const doomed = await acquireGpu();
      const runner = await createGpuRunner(model, { device: doomed.device });
      const fresh = await acquireGpu();
      let recovered: Seq2SeqRunner | undefined;
      try {
        const undisturbed = await runner.translate(sources, options);
        expect(
          undisturbed.every((nBest) => nBest.length > 0 && nBest.every((hypothesis) => hypothesis.ids.length === 40)),
        ).toBe(true);

        // Destroy the device right after the first chunk of steps is submitted (the encode is the
        // first submit of the call), so the decode is pending on the GPU when the loss comes.
        let submits = 0;
        let settled = false;
        let pendingAtLoss: boolean | undefined;
        const submit = doomed.device.queue.submit.bind(doomed.device.queue);
        Object.defineProperty(doomed.device.queue, 'submit', {
          configurable: true,
          value: (commands: GPUCommandBuffer[]) => {
            submit(commands);
            if (++submits === 2) {
              pendingAtLoss = !settled;
              doomed.device.destroy();
            }
          },
        });
        const inFlight = runner.translate(sources, options).finally(() => (settled = true));
        const queued = runner.encode(sources);

        const errors = await within(
          Promise.all([rejection(inFlight), rejection(queued)]),
          20_000,
          'calls pending at the loss',
        );
        expect(pendingAtLoss).toBe(true);
        expect(errors[0]).toBeInstanceOf(GpuError);
        expect(errors[0].message).toMatch(new RegExp(`^${search}: the GPU device was lost \\(destroyed\\)`));
        expect(errors[1]).toBeInstanceOf(GpuError);
        expect(errors[1].message).toMatch(/^encode: the GPU device was lost \(destroyed\)/);
        // Later calls are refused at once.
        const later = await within(rejection(runner.score(sources, [[4], [5], [6]])), 5_000, 'a call after the loss');
        expect(later.message).toMatch(/^teacher forcing: the GPU device was lost \(destroyed\)/);

        recovered = await createGpuRunner(model, { device: fresh.device });
        expect(await recovered.translate(sources, options)).toEqual(undisturbed);
      } finally {
        runner.dispose();
        recovered?.dispose();
        doomed.destroy();
        fresh.destroy();
      }
    },
  );
});

describe('buffers', () => {
  it('every buffer these tests created is destroyed', () => {
    expect(liveBufferCount(), liveBufferLabels().join(', ')).toBe(buffersAtStart);
  });
});
