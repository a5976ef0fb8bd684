// Buffers against the device's limits: weights and arena buffers larger than maxBufferSize or
// maxStorageBufferBindingSize are refused with a GpuError naming the buffer (and the tensors it
// holds) and the limit, before the buffer is created; the pure checks with made-up limits, then a
// real device requested with WebGPU's default limits (128 MiB bindings, 256 MiB buffers) and a
// model one generator row past them, and one exactly at them that runs as the CPU reference does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { GpuError } from '../../src/errors.ts';
import { createStorageBuffer } from '../../src/gpu/buffers.ts';
import { liveBufferCount, liveBufferLabels } from '../../src/gpu/debug.ts';
import { uploadDecoderWeights } from '../../src/gpu/decoder-weights.ts';
import { uploadEncoderWeights } from '../../src/gpu/encoder-weights.ts';
import { checkBufferSize, checkModelFitsDevice, weightBuffers } from '../../src/gpu/limits.ts';
import { loadNodeGpu } from '../../src/gpu/node-webgpu.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import { batchOverLimits } from '../../src/engine/batch-limits.ts';
import { GpuEncoder, readEncoderResults } from '../../src/engine/encoder.ts';
import type { RnnConfig } from '../../src/model/config.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel, seededRandom } from '../../src/model/random-model.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';

const MiB = 2 ** 20;
const FAKE = { maxBufferSize: 256 * MiB, maxStorageBufferBindingSize: 128 * MiB };

describe('checkBufferSize (no GPU)', () => {
  it('accepts sizes up to the limits and names the buffer and the limit past them', () => {
    expect(() => checkBufferSize('x', 128 * MiB, FAKE, { storage: true })).not.toThrow();
    expect(() => checkBufferSize('x', 128 * MiB + 4, FAKE, { storage: true })).toThrow(
      new GpuError(
        'buffer "x" needs 134217732 bytes (128.00 MiB), more than this device\'s maxStorageBufferBindingSize of 134217728 bytes (128.00 MiB)',
      ),
    );
    // A buffer that is never bound as storage (a readback) is bounded by maxBufferSize alone.
    expect(() => checkBufferSize('readout', 200 * MiB, FAKE, { storage: false })).not.toThrow();
    expect(() => checkBufferSize('readout', 300 * MiB, FAKE, { storage: false, holding: 'logits' })).toThrow(
      'buffer "readout" (holding logits) needs 314572800 bytes (300.00 MiB), more than this device\'s maxBufferSize of 268435456 bytes (256.00 MiB)',
    );
  });
});

describe('checkModelFitsDevice (no GPU)', () => {
  it('names the first weight buffer past the limits and the tensor it holds', () => {
    const wide = defaultConfig({ tgt_vocab_size: 2 ** 22 + 1, hidden_size: 8, embedding_dim: 4 });
    expect(() => checkModelFitsDevice(wide, FAKE)).toThrow(
      'buffer "decoder generator" (holding generator.weight) needs 134217760 bytes (128.00 MiB), ' +
        "more than this device's maxStorageBufferBindingSize of 134217728 bytes (128.00 MiB)",
    );
    expect(() => checkModelFitsDevice({ ...wide, tgt_vocab_size: 2 ** 22 }, FAKE)).not.toThrow();
  });

  it('counts both directions of a bidirectional encoder layer, which share one buffer', () => {
    // W_ih of one direction: [4·Hd, E] = [4·8, 2^19] floats = 64 MiB, within the limit; both: 128 MiB + 4 bytes.
    const config = defaultConfig({
      bidirectional: true,
      hidden_size: 16,
      embedding_dim: 2 ** 19,
      src_vocab_size: 4,
      tgt_vocab_size: 4,
    });
    const limits = { maxBufferSize: 256 * MiB, maxStorageBufferBindingSize: 128 * MiB - 4 };
    expect(() => checkModelFitsDevice(config, limits)).toThrow(
      'buffer "encoder layer 0 W_ih" (holding encoder.rnn.weight_ih_l0 and encoder.rnn.weight_ih_l0_reverse) needs 134217728 bytes',
    );
  });
});

/** The labels and sizes of every GPUBuffer reachable from an upload's result. */
function uploadedSizes(root: object): Map<string, number> {
  const sizes = new Map<string, number>();
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    if (value instanceof GPUBuffer) {
      sizes.set(value.label, value.size);
      return;
    }
    Object.values(value).forEach(visit);
  };
  visit(root);
  return sizes;
}

/** A model with every tensor at its spec size, filled with small values (nothing random to wait for). */
function plainModel(config: RnnConfig): RnnModel {
  const weights = new Map<string, Float32Array>();
  for (const spec of expectedTensors(config)) {
    weights.set(spec.name, new Float32Array(spec.shape.reduce((a, b) => a * b, 1)).fill(0.01));
  }
  return { config, weights };
}

describe('on a device with the default limits', () => {
  let device: GPUDevice;
  let buffersAtStart: number;

  beforeAll(async () => {
    const { gpu } = await loadNodeGpu();
    const adapter = await gpu.requestAdapter();
    if (!adapter) throw new Error('no WebGPU adapter');
    device = await adapter.requestDevice({ label: 'default limits' });
    buffersAtStart = liveBufferCount();
  });

  afterAll(() => device?.destroy());

  it('has the limits WebGPU guarantees, and no more', () => {
    expect(device.limits.maxStorageBufferBindingSize).toBe(128 * MiB);
    expect(device.limits.maxBufferSize).toBe(256 * MiB);
  });

  it.each([
    defaultConfig({ cell: 'lstm', attention: 'additive', input_feeding: true, bidirectional: true, num_layers: 2 }),
    defaultConfig({ cell: 'gru', attention: 'general', input_feeding: false, num_layers: 1 }),
    defaultConfig({ cell: 'rnn_tanh', attention: 'none', bidirectional: true, num_layers: 2 }),
  ])('weightBuffers lists the labels and sizes the uploads create ($cell, $attention)', (config) => {
    const model = randomModel(config, 3);
    const encoder = uploadEncoderWeights(device, model);
    const decoder = uploadDecoderWeights(device, model);
    try {
      const uploaded = new Map([...uploadedSizes(encoder), ...uploadedSizes(decoder)]);
      const planned = new Map(weightBuffers(config).map((buffer) => [buffer.label, buffer.bytes]));
      expect(uploaded).toEqual(planned);
    } finally {
      encoder.dispose();
      decoder.dispose();
    }
  });

  it('refuses a buffer one word past a limit before creating it', () => {
    const before = liveBufferCount();
    expect(() => createStorageBuffer(device, 'one word too many', 128 * MiB + 4)).toThrow(
      'buffer "one word too many" needs 134217732 bytes (128.00 MiB), more than this device\'s maxStorageBufferBindingSize',
    );
    expect(liveBufferCount()).toBe(before);
  });

  // Generator [V × 8]: V = 2^22 is exactly 128 MiB; one row more is past maxStorageBufferBindingSize.
  const atLimit = defaultConfig({ tgt_vocab_size: 2 ** 22, hidden_size: 8, embedding_dim: 2, src_vocab_size: 20 });

  it('refuses a model whose generator is one row past maxStorageBufferBindingSize, before allocating anything', async () => {
    const before = liveBufferCount();
    const model = plainModel({ ...atLimit, tgt_vocab_size: 2 ** 22 + 1 });
    await expect(createGpuRunner(model, { device })).rejects.toThrow(
      new GpuError(
        'buffer "decoder generator" (holding generator.weight) needs 134217760 bytes (128.00 MiB), ' +
          "more than this device's maxStorageBufferBindingSize of 134217728 bytes (128.00 MiB)",
      ),
    );
    expect(liveBufferCount(), liveBufferLabels().join(', ')).toBe(before);
  });

  it('runs a model whose generator is exactly at the limit, with the results of the CPU reference', async () => {
    const model = randomModel(atLimit, 8, 0.5);
    const runner = await createGpuRunner(model, { device });
    try {
      const sources = [[4, 5, 6], [7]];
      const options = { maxLength: 3 };
      const [gpu, cpu] = [
        await runner.translate(sources, options),
        await createCpuRunner(model).translate(sources, options),
      ];
      gpu.forEach((nBest, i) => {
        expect(nBest[0].ids).toEqual(cpu[i][0].ids);
        // Scores: sums of up to 3 log-probs over a 2^22-word vocabulary, each within 1e-3.
        expect(Math.abs(nBest[0].score - cpu[i][0].score)).toBeLessThanOrEqual(3e-3);
      });
    } finally {
      runner.dispose();
    }
  });

  it('refuses an encode whose arena is past the limit, naming the buffer; the runner splits such a batch first', async () => {
    // embedded [B·T × E] with E = 64: 512 sentences of 1025 tokens need 134,348,800 bytes > 128 MiB.
    const model = randomModel(defaultConfig({ embedding_dim: 64, hidden_size: 4 }), 9);
    const rand = seededRandom(5);
    const huge = Array.from({ length: 512 }, () => Array.from({ length: 1025 }, () => 4 + Math.floor(rand() * 16)));
    const over =
      /^buffer "encoder embedded" needs 134348800 bytes \(128\.13 MiB\), more than this device's maxStorageBufferBindingSize/;
    // The runner sees it before any GPU work and halves the batch (test/faults/batch-limits.test.ts runs splits).
    expect(batchOverLimits(model.config, huge, { kind: 'encode' }, device.limits)?.message).toMatch(over);
    expect(batchOverLimits(model.config, huge.slice(0, 256), { kind: 'encode' }, device.limits)).toBeUndefined();
    // The encoder itself, given the whole batch, refuses it before creating the buffer.
    const encoder = await GpuEncoder.create(device, model);
    try {
      const before = liveBufferCount();
      await expect(encoder.encode(huge)).rejects.toThrow(over);
      expect(liveBufferCount()).toBe(before);
      const small = huge.slice(0, 2).map((source) => source.slice(0, 7));
      const { num_layers, hidden_size } = model.config;
      const gpu = await readEncoderResults(device, await encoder.encode(small), num_layers, hidden_size);
      const cpu = await createCpuRunner(model).encode(small);
      gpu.forEach((result, i) =>
        result.outputs.forEach((row, s) =>
          row.forEach((value, j) => expect(Math.abs(value - cpu[i].outputs[s][j])).toBeLessThanOrEqual(1e-4)),
        ),
      );
    } finally {
      encoder.dispose();
    }
  });

  it('every buffer these tests created is destroyed', () => {
    expect(liveBufferCount(), liveBufferLabels().join(', ')).toBe(buffersAtStart);
  });
});
