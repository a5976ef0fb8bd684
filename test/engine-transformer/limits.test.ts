// Limits before GPU work, on both backends alike: max_positions (a longer source, teacher forcing
// past it, a maxLength past it) is an InputError naming max_positions, and the default maxLength is
// capped there; buffers past the call's
// limits split the batch with unchanged results, and a sentence too large alone is that line's error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { InputError } from '../../src/errors.ts';
import { MHA_MAX_KEYS } from '../../src/gpu/kernels/mha.ts';
import { type GpuContext, acquireGpu } from '../../src/gpu/device.ts';
import { expectSameHypotheses, sentences, tinyModel } from './helpers.ts';

let gpu: GpuContext;

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => gpu?.destroy());

describe('max_positions', () => {
  // max_positions 6: sources of up to 6 tokens, at most 6 decoder positions.
  const model = tinyModel({ max_positions: 6 }, { seed: 7 });
  let cpu: Seq2SeqRunner;
  let runner: Seq2SeqRunner;

  beforeAll(async () => {
    cpu = createCpuRunner(model);
    runner = await createGpuRunner(model, { device: gpu.device });
  });

  afterAll(() => {
    runner?.dispose();
    cpu?.dispose();
  });

  const both = () => [cpu, runner];

  it('refuses a source longer than max_positions', async () => {
    const sources = [
      [4, 5],
      [4, 5, 6, 7, 8, 9, 10],
    ];
    for (const backend of both()) {
      await expect(backend.encode(sources), backend.backend).rejects.toThrow(/max_positions = 6/);
      await expect(backend.encode(sources), backend.backend).rejects.toBeInstanceOf(InputError);
      await expect(backend.translate(sources), backend.backend).rejects.toThrow(/max_positions = 6/);
    }
  });

  it('refuses teacher forcing that needs position max_positions', async () => {
    for (const backend of both()) {
      await expect(backend.score([[4, 5]], [[4, 5, 6, 7, 8, 9]]), backend.backend).rejects.toThrow(/max_positions/);
      // 5 target tokens + EOS = 6 positions fit.
      await expect(backend.score([[4, 5]], [[4, 5, 6, 7, 8]]), backend.backend).resolves.toHaveLength(1);
    }
  });

  it('refuses a maxLength past max_positions and caps the default maxLength there', async () => {
    const sources = sentences(model.config.src_vocab_size, [3, 2], 9);
    for (const options of [{ maxLength: 7 }, { maxLength: 7, beam: 2 }]) {
      for (const backend of both()) {
        await expect(backend.translate(sources, options), backend.backend).rejects.toThrow(/max_positions \(6\)/);
      }
    }
    // The default maxLength (2·S + 10) is capped at 6; minLength past it keeps every hypothesis
    // going up to position 5, the last one.
    for (const options of [{ minLength: 20 }, { minLength: 20, beam: 2, nBest: 2 }, { maxLength: 6 }]) {
      const [a, b] = [await cpu.translate(sources, options), await runner.translate(sources, options)];
      a.forEach((nBest, i) => expectSameHypotheses(nBest, b[i], `sentence ${i}`));
      if (options.minLength) b.forEach((nBest) => expect(nBest[0].ids).toHaveLength(6));
    }
  });
});

describe('buffer limits', () => {
  const model = tinyModel({}, { seed: 8 });
  const sources = sentences(model.config.src_vocab_size, [5, 2, 3, 4], 10);

  it('splits a batch past the limits with the same results', async () => {
    const whole = await createGpuRunner(model, { device: gpu.device });
    // The beam cache spare of one sentence (2·K·steps·D floats for maxLength 8) fits, four do not.
    const split = await createGpuRunner(model, {
      device: gpu.device,
      bufferLimits: { maxStorageBufferBindingSize: 2000 },
    });
    try {
      const options = { beam: 3, nBest: 2, maxLength: 8 };
      const [a, b] = [await whole.translate(sources, options), await split.translate(sources, options)];
      a.forEach((nBest, i) => expectSameHypotheses(nBest, b[i], `sentence ${i}`));
    } finally {
      whole.dispose();
      split.dispose();
    }
  });

  it('names a sentence too large alone', async () => {
    const runner = await createGpuRunner(model, {
      device: gpu.device,
      bufferLimits: { maxStorageBufferBindingSize: 256 },
    });
    try {
      await expect(runner.translate(sources, { beam: 3, maxLength: 8 })).rejects.toThrow(
        /source sentence 0 .*too large/,
      );
    } finally {
      runner.dispose();
    }
  });
});

describe("the attention kernel's key limit", () => {
  it('makes a source past MHA_MAX_KEYS positions its line’s error on the gpu; the cpu reference encodes it', async () => {
    const model = tinyModel({ max_positions: 4096 }, { seed: 3 });
    const long = Array.from({ length: MHA_MAX_KEYS + 1 }, (_, i) => 4 + (i % 9));
    const runner = await createGpuRunner(model, { device: gpu.device });
    const cpu = createCpuRunner(model);
    try {
      const failure = await runner.encode([[4, 5], long]).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(InputError);
      expect((failure as Error).message).toMatch(
        new RegExp(
          `^source sentence 1 \\(${MHA_MAX_KEYS + 1} tokens\\) is too large for this device: .*attention over ${MHA_MAX_KEYS + 1} source positions`,
        ),
      );
      // The sentence that fits is unaffected.
      const [alone] = await runner.encode([[4, 5]]);
      expect(alone.outputs).toHaveLength(2);
      expect((await cpu.encode([long]))[0].outputs).toHaveLength(MHA_MAX_KEYS + 1);
    } finally {
      runner.dispose();
      cpu.dispose();
    }
  });
});
