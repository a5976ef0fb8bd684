// The public API on the gpu backend: the same results as the cpu backend (within the GPU compare
// tolerances), models sharing the backend's device, a caller's device left alive, and loads that
// fail on the GPU freeing every buffer they had created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liveBufferCount } from '../../src/gpu/debug.ts';
import { loadNodeGpu } from '../../src/gpu/node-webgpu.ts';
import { createBackend, GpuError, UnrollError, type Backend, type LoadedModel } from '../../src/index.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { makeVocab } from '../helpers/model-files.ts';
import { FINITE_SOURCE, OVERFLOWING_SOURCE, overflowingModel } from '../helpers/overflow-model.ts';

/** GPU against the f64 CPU reference: |gpu − cpu| ≤ ATOL + RTOL·|cpu| (the tolerances of docs/cli.md, `compare`). */
const ATOL = 1e-4;
const RTOL = 1e-3;

function expectClose(gpu: ArrayLike<number>, cpu: ArrayLike<number>, what: string): void {
  expect(gpu.length, what).toBe(cpu.length);
  for (let i = 0; i < cpu.length; i++) {
    expect(Math.abs(gpu[i] - cpu[i]), `${what}[${i}]`).toBeLessThanOrEqual(ATOL + RTOL * Math.abs(cpu[i]));
  }
}

const config = defaultConfig({ attention: 'general', input_feeding: true, bidirectional: true, num_layers: 2 });
const model: RnnModel = { ...randomModel(config, 9), vocab: makeVocab(config) };
const sentences = ['w4 w5 w6', 'w7 unknown', [8, 9, 10, 11, 12], 'w13'];

let gpu: Backend;
let cpu: Backend;
let onGpu: LoadedModel;
let onCpu: LoadedModel;

beforeAll(async () => {
  gpu = await createBackend({ kind: 'gpu' });
  cpu = await createBackend({ kind: 'cpu' });
  onGpu = await gpu.load(model);
  onCpu = await cpu.load(model);
});

afterAll(() => {
  gpu?.dispose();
  cpu?.dispose();
});

describe('createBackend({ kind: "gpu" })', () => {
  it('says which adapter it runs on', () => {
    expect(gpu.kind).toBe('gpu');
    expect(gpu.device).toBeDefined();
    expect(typeof gpu.adapter?.isSoftware).toBe('boolean');
    expect(onGpu.backend).toBe('gpu');
  });

  it('translates greedily and with beam search as the cpu backend does', async () => {
    for (const options of [{ attention: true }, { beam: 3, nBest: 2, attention: true }]) {
      const fromGpu = await onGpu.translate(sentences, options);
      const fromCpu = await onCpu.translate(sentences, options);
      fromCpu.forEach((expected, i) => {
        expect(fromGpu[i].source).toEqual(expected.source);
        expect(fromGpu[i].hypotheses.map((h) => h.tokens)).toEqual(expected.hypotheses.map((h) => h.tokens));
        expected.hypotheses.forEach((hypothesis, k) => {
          const actual = fromGpu[i].hypotheses[k];
          expectClose([actual.score], [hypothesis.score], `sentence ${i} hypothesis ${k} score`);
          expect(actual.attention).toHaveLength(hypothesis.attention!.length);
          hypothesis.attention!.forEach((row, t) =>
            expectClose(actual.attention![t], row, `sentence ${i} attention step ${t}`),
          );
        });
      });
    }
  });

  it('encodes and scores as the cpu backend does', async () => {
    const encodedGpu = await onGpu.encode(sentences);
    const encodedCpu = await onCpu.encode(sentences);
    encodedCpu.forEach((expected, i) => {
      expect(encodedGpu[i].outputs).toHaveLength(expected.outputs.length);
      expected.outputs.forEach((row, s) => expectClose(encodedGpu[i].outputs[s], row, `sentence ${i} output ${s}`));
      expected.h?.forEach((row, l) =>
        expectClose(encodedGpu[i].h?.[l] ?? new Float32Array(), row, `sentence ${i} h ${l}`),
      );
      expected.c!.forEach((row, l) => expectClose(encodedGpu[i].c![l], row, `sentence ${i} c ${l}`));
    });
    const targets = ['t4 t5', 't6', [7, 8, 9, 10], 't11 t12'];
    const scoredGpu = await onGpu.score(sentences, targets);
    const scoredCpu = await onCpu.score(sentences, targets);
    scoredCpu.forEach((expected, i) => expectClose(scoredGpu[i].logprobs, expected.logprobs, `sentence ${i} logprobs`));
  });

  it('runs several models on its one device; disposing one leaves the others working', async () => {
    const before = liveBufferCount();
    const second = await gpu.load(model, { batchSize: 1 });
    expect(liveBufferCount()).toBeGreaterThan(before);
    const [a, b] = await Promise.all([second.translate(sentences), onGpu.translate(sentences)]);
    expect(a.map((t) => t.hypotheses[0].ids)).toEqual(b.map((t) => t.hypotheses[0].ids));
    second.dispose();
    expect(liveBufferCount()).toBe(before);
    expect((await onGpu.translate('w4 w5')).hypotheses).toHaveLength(1);
  });
});

/** A device as an application would request it: WebGPU's default limits, no optional features. */
async function requestCallerDevice(): Promise<GPUDevice> {
  const { gpu: navigatorGpu } = await loadNodeGpu();
  const adapter = await navigatorGpu.requestAdapter();
  return adapter!.requestDevice();
}

describe('a caller-supplied device', () => {
  it('is used, and left alive when the backend is disposed', async () => {
    const device = await requestCallerDevice();
    const before = liveBufferCount();
    const backend = await createBackend({ kind: 'gpu', device });
    expect(backend.device).toBe(device);
    const loaded = await backend.load(model);
    expect((await loaded.translate('w4 w5 w6')).hypotheses[0].ids).toEqual(
      (await onCpu.translate('w4 w5 w6')).hypotheses[0].ids,
    );
    backend.dispose();
    expect(liveBufferCount()).toBe(before);
    expect(((await loaded.translate('w4').catch((error: unknown) => error)) as UnrollError).kind).toBe('disposed');
    // The device still works: a buffer round-trips through it.
    const buffer = device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ });
    await buffer.mapAsync(GPUMapMode.READ);
    buffer.destroy();
    device.destroy();
  });

  it('once lost, refuses new models and calls with a GpuError saying so', async () => {
    const device = await requestCallerDevice();
    const backend = await createBackend({ kind: 'gpu', device });
    const loaded = await backend.load(model);
    device.destroy();
    await device.lost;
    const load = await backend.load(model).catch((error: unknown) => error);
    expect(load).toBeInstanceOf(GpuError);
    expect((load as Error).message).toMatch(/^loading a model: the GPU device was lost \(destroyed\)/);
    const call = await loaded.translate('w4').catch((error: unknown) => error);
    expect(call).toBeInstanceOf(GpuError);
    expect((call as Error).message).toMatch(/the GPU device was lost \(destroyed\)/);
    backend.dispose();
  });

  it('a load that fails compiling pipelines frees the weights it had uploaded', async () => {
    // A fresh device: pipelines are cached per device, and this one has compiled none yet.
    const device = await requestCallerDevice();
    const backend = await createBackend({ kind: 'gpu', device });
    const before = liveBufferCount();
    const compile = device.createComputePipelineAsync.bind(device);
    let uploadedBeforeFailure = 0;
    Object.defineProperty(device, 'createComputePipelineAsync', {
      configurable: true,
      value: () => {
        uploadedBeforeFailure = liveBufferCount() - before;
        return Promise.reject(new Error('injected compile failure'));
      },
    });
    try {
      const error = await backend.load(model).catch((reason: unknown) => reason);
      expect(error).toBeInstanceOf(GpuError);
      expect((error as Error).message).toMatch(/injected compile failure/);
    } finally {
      Object.defineProperty(device, 'createComputePipelineAsync', { configurable: true, value: compile });
    }
    // The weights were on the device when the compile failed, and are gone now.
    expect(uploadedBeforeFailure).toBeGreaterThan(0);
    expect(liveBufferCount()).toBe(before);
    // The next load compiles and runs.
    const loaded = await backend.load(model);
    expect((await loaded.translate('w4')).hypotheses).toHaveLength(1);
    backend.dispose();
    expect(liveBufferCount()).toBe(before);
    device.destroy();
  });
});

/** Resolves once `done()` holds, polling; the GPU work of a call runs on its own. */
async function until(done: () => boolean, what: string): Promise<void> {
  for (const start = Date.now(); !done(); await new Promise((resolve) => setTimeout(resolve, 5))) {
    if (Date.now() - start > 60_000) throw new Error(`timed out waiting for ${what}`);
  }
}

/** Starts a long beam search and runs `overtake` right after its first submit, with its GPU work in flight. */
function overtakeCall(device: GPUDevice, loaded: LoadedModel, overtake: () => void): Promise<unknown> {
  const queue = device.queue;
  const submit = queue.submit.bind(queue);
  Object.defineProperty(queue, 'submit', {
    configurable: true,
    value: (buffers: GPUCommandBuffer[]) => {
      submit(buffers);
      Reflect.deleteProperty(queue, 'submit');
      overtake();
    },
  });
  return loaded.translate(sentences, { beam: 4, maxLength: 60 }).catch((error: unknown) => error);
}

describe('dispose during a call', () => {
  it('rejects the call as disposed, and frees the buffers and the device only when its GPU work stops', async () => {
    const logs: string[] = [];
    const backend = await createBackend({ kind: 'gpu', log: (line) => logs.push(line) });
    const device = backend.device!;
    const before = liveBufferCount();
    const loaded = await backend.load(model);
    const error = await overtakeCall(device, loaded, () => loaded.dispose());
    expect(error).toBeInstanceOf(UnrollError);
    expect((error as UnrollError).kind).toBe('disposed');
    await until(() => liveBufferCount() === before, 'the buffers to be freed');

    // backend.dispose() destroys its device after the call's work, not under it.
    const other = await backend.load(model);
    const otherError = await overtakeCall(device, other, () => backend.dispose());
    expect((otherError as UnrollError).kind).toBe('disposed');
    expect((await device.lost).reason).toBe('destroyed');
    expect(liveBufferCount()).toBe(before);
    // No validation error from a destroyed buffer, no loss report.
    expect(logs.filter((line) => /gpu error|device lost/.test(line))).toEqual([]);
  });
});

describe('many models on one backend', () => {
  it('holds a dozen with no MaxListenersExceededWarning, and disposed ones keep no listener', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    const device = await requestCallerDevice();
    // Counts the device's 'uncapturederror' listeners as they come and go.
    let listeners = 0;
    const add = device.addEventListener.bind(device);
    const remove = device.removeEventListener.bind(device);
    Object.assign(device, {
      addEventListener: (type: string, listener: EventListener) => {
        if (type === 'uncapturederror') listeners++;
        add(type, listener);
      },
      removeEventListener: (type: string, listener: EventListener) => {
        if (type === 'uncapturederror') listeners--;
        remove(type, listener);
      },
    });
    const backend = await createBackend({ kind: 'gpu', device, log: () => {} });
    try {
      const small = randomModel(defaultConfig(), 3);
      const models: LoadedModel[] = [];
      for (let i = 0; i < 12; i++) models.push(await backend.load(small));
      expect((await models[11].translate([[4, 5]]))[0].hypotheses).toHaveLength(1);
      expect(listeners).toBe(1);
      for (const loaded of models) loaded.dispose();
      expect(listeners).toBe(1);
      // Warnings are emitted on a later tick.
      await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      backend.dispose();
      process.off('warning', onWarning);
      device.destroy();
    }
    expect(warnings.map((warning) => `${warning.name}: ${warning.message}`)).toEqual([]);
    expect(listeners).toBe(0);
  });
});

describe('a model that overflows f32 on some sentences', () => {
  it('is refused on the same sentences by both backends, greedy, beam and score', async () => {
    const overflowing = overflowingModel();
    const models = [await gpu.load(overflowing), await cpu.load(overflowing)];
    const sentences = [FINITE_SOURCE, OVERFLOWING_SOURCE, FINITE_SOURCE.slice(1)];
    const outcome = async (run: () => Promise<unknown>) => {
      try {
        await run();
        return 'ok';
      } catch (error) {
        expect(error).toBeInstanceOf(UnrollError);
        return `${(error as UnrollError).kind}: ${(error as Error).message}`;
      }
    };
    const refused =
      "input: sentence 0: the model's values overflowed f32 for this sentence (a log-prob or score is NaN or infinite)";
    for (const options of [{}, { beam: 3, nBest: 3 }]) {
      for (const model of models) {
        const each = await Promise.all(sentences.map((source) => outcome(() => model.translate([source], options))));
        expect(each, `${model.backend} ${JSON.stringify(options)}`).toEqual(['ok', refused, 'ok']);
      }
    }
    for (const model of models) {
      const each = await Promise.all(sentences.map((source) => outcome(() => model.score([source], [[4, 5]]))));
      expect(each, `${model.backend} score`).toEqual(['ok', refused, 'ok']);
      expect(await outcome(() => model.translate(sentences, { beam: 3 }))).toBe(
        refused.replace('sentence 0', 'sentence 1'),
      );
      model.dispose();
    }
  });
});
