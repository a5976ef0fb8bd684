// Batches against the buffer limits (reproduction F2 of test/faults/README.md): a batch whose
// buffers would pass maxBufferSize or maxStorageBufferBindingSize is split before any GPU work and
// gives the results of its sentences one by one; a sentence too large alone is an InputError naming
// it, and on the command line only its line fails. The limits are made small through the runner's
// bufferLimits option so that small models and short sentences reach them.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchBuffers } from '../../src/engine/batch-limits.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { createGpuRunner, type GpuSeq2SeqRunner } from '../../src/engine/gpu-runner.ts';
import { InputError } from '../../src/errors.ts';
import { liveBufferLabels } from '../../src/gpu/debug.ts';
import type { BufferLimits } from '../../src/gpu/limits.ts';
import { loadNodeGpu } from '../../src/gpu/node-webgpu.ts';
import { checkDecodeOptionsForModel, type DecodeOptions } from '../../src/model/decoding.ts';
import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { runCliWith } from '../helpers/cli-harness.ts';
import { makeVocab, writeModelDir } from '../helpers/model-files.ts';

const config = defaultConfig({ cell: 'gru', attention: 'general', input_feeding: true });
const model: Model = { ...randomModel(config, 5), vocab: makeVocab(config) };
const BEAM: DecodeOptions = { beam: 2, nBest: 2 };
const sentence = (length: number, seed: number) => Array.from({ length }, (_, i) => 4 + ((seed * 7 + i * 3) % 16));

/** Limits that just hold the largest buffer of every batch in `batches`. */
function limitsFor(batches: number[][][], options: DecodeOptions): BufferLimits {
  const checked = checkDecodeOptionsForModel(options, config);
  const largest = Math.max(
    ...batches
      .flatMap((batch) => batchBuffers(config, batch, { kind: 'decode', options: checked }))
      .map((b) => b.bytes),
  );
  return { maxBufferSize: largest, maxStorageBufferBindingSize: largest };
}

function largestBuffer(batch: number[][], options: DecodeOptions): number {
  const checked = checkDecodeOptionsForModel(options, config);
  return Math.max(...batchBuffers(config, batch, { kind: 'decode', options: checked }).map((b) => b.bytes));
}

let device: GPUDevice;
let unlimited: GpuSeq2SeqRunner;

beforeAll(async () => {
  const { gpu } = await loadNodeGpu();
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter');
  device = await adapter.requestDevice({ label: 'batch limits' });
  unlimited = await createGpuRunner(model, { device });
});

afterAll(() => {
  unlimited?.dispose();
  device?.destroy();
});

describe('a batch past the buffer limits', () => {
  const short = [sentence(3, 1), sentence(5, 2), sentence(4, 3), sentence(6, 4)];

  it.each([{ beam: 1 }, BEAM])('is split and gives the results one by one (beam $beam)', async (options) => {
    const limits = limitsFor(
      short.map((s) => [s]),
      options,
    );
    expect(largestBuffer(short, options)).toBeGreaterThan(limits.maxStorageBufferBindingSize);
    const limited = await createGpuRunner(model, { device, bufferLimits: limits });
    try {
      const alone = [];
      for (const source of short) alone.push(...(await unlimited.translate([source], options)));
      expect(await limited.translate(short, options)).toEqual(alone);
    } finally {
      limited.dispose();
    }
  });

  it('refuses a sentence too large alone, naming it, and the cli answers every other line', async () => {
    const long = sentence(40, 5);
    const sources = [short[0], short[1], long, short[2]];
    const limits = limitsFor([[short[0], short[1], short[2]]], BEAM);
    expect(largestBuffer([long], BEAM)).toBeGreaterThan(limits.maxStorageBufferBindingSize);
    const limited = await createGpuRunner(model, { device, bufferLimits: limits });
    try {
      const refused = limited.translate(sources, BEAM);
      await expect(refused).rejects.toThrow(InputError);
      await expect(refused).rejects.toThrow(/^source sentence 2 \(40 tokens\) is too large for this device: buffer "/);
    } finally {
      limited.dispose();
    }

    const dir = await mkdtemp(join(tmpdir(), 'unroll-batch-limits-'));
    try {
      const modelDir = await writeModelDir(join(dir, 'model'), model, model.vocab);
      const text = (ids: number[]) => ids.map((id) => model.vocab?.source[id]).join(' ');
      const run = await runCliWith(
        ['translate', '--model', modelDir, '--backend', 'gpu', '--beam', '2', '--n-best', '2'],
        `${sources.map(text).join('\n')}\n`,
        {
          createRunner: (backend, m, log) =>
            backend === 'cpu'
              ? Promise.resolve(createCpuRunner(m))
              : createGpuRunner(m, { device, log, bufferLimits: limits }),
        },
      );
      expect(run.code).toBe(1);
      expect(run.objects).toHaveLength(4);
      expect(run.objects[2].error).toMatch(/^line 3: source sentence 0 \(40 tokens\) is too large for this device/);
      expect(run.stderr).toMatch(/unroll: line 3: source sentence 0/);
      for (const i of [0, 1, 3]) {
        const [expected] = await unlimited.translate([sources[i]], BEAM);
        const hypotheses = run.objects[i].hypotheses as { ids: number[]; score: number }[];
        expect(hypotheses.map((h) => h.ids)).toEqual(expected.map((h) => h.ids));
        hypotheses.forEach((h, k) => expect(h.score).toBe(expected[k].score));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('the alignments buffer', () => {
  const alignmentBuffers = () => liveBufferLabels().filter((label) => label.startsWith('decoder alignments'));

  it('holds one step unless attention is asked for, and every step when it is', async () => {
    const source = [sentence(7, 6)];
    const before = new Set(alignmentBuffers());
    const plain = await unlimited.translate(source, BEAM);
    // The shape key ends with "a" only for an arena that keeps α of every step.
    const made = alignmentBuffers().filter((label) => !before.has(label));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatch(/x\d+\)$/);
    const withAttention = await unlimited.translate(source, { ...BEAM, attention: true });
    expect(alignmentBuffers().some((label) => /x\d+a\)$/.test(label))).toBe(true);
    // Same hypotheses either way: only where α is written differs.
    expect(withAttention.map((hyps) => hyps.map((h) => [h.ids, h.score]))).toEqual(
      plain.map((hyps) => hyps.map((h) => [h.ids, h.score])),
    );
    const rows = withAttention[0][0].attention ?? [];
    expect(rows.length).toBeGreaterThanOrEqual(withAttention[0][0].ids.length);
    for (const row of rows) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-5);
  });
});
