// The command line on the gpu backend (real WGSL through Dawn; SwiftShader without a GPU).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import { createRunner } from '../../src/cli/runners.ts';
import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { runCliWith } from '../helpers/cli-harness.ts';
import { makeVocab, writeModelDir } from '../helpers/model-files.ts';
import { FINITE_SOURCE, OVERFLOWING_SOURCE, overflowingModel } from '../helpers/overflow-model.ts';

let dir: string;
let modelDir: string;
let model: Model;
const input = 'w4 w5 w6\n\nw7\nw8 w9 w10 w11 w12\n';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unroll-cli-gpu-'));
  const config = defaultConfig({
    cell: 'lstm',
    attention: 'additive',
    input_feeding: true,
    bidirectional: true,
    num_layers: 2,
  });
  model = { ...randomModel(config, 11), vocab: makeVocab(config) };
  modelDir = await writeModelDir(join(dir, 'model'), model, model.vocab);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('unroll --backend gpu', () => {
  it('translates like the cpu backend and names its adapter on stderr', async () => {
    const gpu = await runCliWith(['translate', '--model', modelDir, '--backend', 'gpu'], input);
    const cpu = await runCliWith(['translate', '--model', modelDir, '--backend', 'cpu'], input);
    expect(gpu.code).toBe(0);
    expect(gpu.stderr).toMatch(/^unroll: gpu backend on /m);
    expect(gpu.objects).toHaveLength(4);
    gpu.objects.forEach((object, i) => {
      const [g, c] = [object.hypotheses, cpu.objects[i].hypotheses] as { ids: number[]; score: number }[][];
      expect(g.map((h) => h.ids)).toEqual(c.map((h) => h.ids));
      g.forEach((h, k) => expect(Math.abs(h.score - c[k].score)).toBeLessThanOrEqual(1e-3));
    });
  });

  it('encodes within 1e-4 of the cpu backend', async () => {
    const gpu = await runCliWith(['encode', '--model', modelDir], input);
    const cpu = await runCliWith(['encode', '--model', modelDir, '--backend', 'cpu'], input);
    expect(gpu.code).toBe(0);
    expect(gpu.objects[1]).toEqual({});
    gpu.objects.forEach((object, i) => {
      for (const key of ['outputs', 'h', 'c'] as const) {
        const [g, c] = [object[key] ?? [], cpu.objects[i][key] ?? []] as number[][][];
        expect(g.length).toBe(c.length);
        g.forEach((row, r) => row.forEach((v, j) => expect(Math.abs(v - c[r][j])).toBeLessThanOrEqual(1e-4)));
      }
    });
  });

  it('compare reports every line within tolerance and exits 0', async () => {
    const run = await runCliWith(['compare', '--model', modelDir], input);
    expect(run.code).toBe(0);
    expect(run.objects[1]).toEqual({});
    for (const object of [run.objects[0], run.objects[2], run.objects[3]]) {
      expect(object.within_tolerance).toBe(true);
      const diff = object.max_abs_diff as Record<string, number>;
      expect(Object.keys(diff).sort()).toEqual(['c', 'h', 'logprobs', 'outputs']);
      expect(diff.outputs).toBeGreaterThanOrEqual(0);
    }
  });

  it('compare exits 1 when the gpu results stray past the tolerance', async () => {
    // The real gpu runner, with its encoder outputs shifted by 1e-3 (ten times the state tolerance).
    const straying = async (backend: 'cpu' | 'gpu', m: Model, log: (line: string) => void): Promise<Seq2SeqRunner> => {
      const runner = await createRunner(backend, m, log);
      if (backend === 'cpu') return runner;
      return {
        ...runner,
        backend: runner.backend,
        encode: async (sources) =>
          (await runner.encode(sources)).map((e) => ({
            ...e,
            outputs: e.outputs.map((row) => row.map((v) => v + 1e-3)),
          })),
        translate: runner.translate.bind(runner),
        score: runner.score.bind(runner),
        forcedLogProbs: runner.forcedLogProbs.bind(runner),
        dispose: runner.dispose.bind(runner),
      };
    };
    const run = await runCliWith(['compare', '--model', modelDir], 'w4 w5\n', { createRunner: straying });
    expect(run.code).toBe(1);
    expect(run.objects[0].within_tolerance).toBe(false);
  });

  it('compare refuses a line the model overflows f32 on, and compares the others', async () => {
    const overflowDir = await writeModelDir(join(dir, 'overflow'), overflowingModel(), overflowingModel().vocab);
    const words = (ids: number[]) => ids.map((id) => `w${id}`).join(' ');
    const run = await runCliWith(
      ['compare', '--model', overflowDir],
      `${words(FINITE_SOURCE)}\n${words(OVERFLOWING_SOURCE)}\n${words(FINITE_SOURCE)}\n`,
    );
    expect(run.code).toBe(1);
    expect(run.objects).toHaveLength(3);
    expect(run.objects[1]).toEqual({
      error: "line 2: the model's values overflowed f32 for this sentence (a log-prob or score is NaN or infinite)",
    });
    for (const i of [0, 2]) expect(run.objects[i].within_tolerance).toBe(true);
  });

  it('beam search gives the n-best lists of the cpu backend, attention included, at any batch size', async () => {
    const flags = [
      'translate',
      '--model',
      modelDir,
      '--beam',
      '3',
      '--n-best',
      '2',
      '--length-penalty',
      '0.6',
      '--attention',
    ];
    const gpu = await runCliWith([...flags, '--batch-size', '2'], input);
    const cpu = await runCliWith([...flags, '--backend', 'cpu'], input);
    expect(gpu.code).toBe(0);
    expect(gpu.objects).toHaveLength(4);
    expect(gpu.objects[1]).toEqual({ text: '', source: { ids: [], tokens: [], unknown: [] }, hypotheses: [] });
    gpu.objects.forEach((object, i) => {
      type Listed = { ids: number[]; tokens: string[]; score: number; attention: number[][] };
      const [g, c] = [object.hypotheses, cpu.objects[i].hypotheses] as Listed[][];
      expect(g.map((h) => h.ids)).toEqual(c.map((h) => h.ids));
      expect(g.map((h) => h.tokens)).toEqual(c.map((h) => h.tokens));
      g.forEach((h, k) => {
        expect(Math.abs(h.score - c[k].score)).toBeLessThanOrEqual(1e-3);
        expect(h.attention).toHaveLength(c[k].attention.length);
        h.attention.forEach((row, s) =>
          row.forEach((v, j) => expect(Math.abs(v - c[k].attention[s][j])).toBeLessThanOrEqual(1e-4)),
        );
      });
    });
    const oneBatch = await runCliWith([...flags, '--batch-size', '32'], input);
    expect(oneBatch.objects).toEqual(gpu.objects);
  });
});
