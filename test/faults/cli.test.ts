// Bad input lines on the gpu backend (the cpu backend's are in test/cli/cli.test.ts): in one batch,
// a line of unknown words, an empty line, an over-long line and a good one; every line gets its
// object in order, the over-long one an error naming its line, and the exit status is 1
// (docs/cli.md).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import type { Model } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { runCliWith } from '../helpers/cli-harness.ts';
import { makeVocab, writeModelDir } from '../helpers/model-files.ts';

let dir: string;
let modelDir: string;
let model: Model;
// Line 1: all unknown; 2: empty; 3: four tokens, past --max-source-len 3; 4: fine.
const input = 'zzz yyy\n\nw4 w5 w6 w7\nw8 w9\n';
const limit = ['--max-source-len', '3'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unroll-faults-cli-'));
  const config = defaultConfig({ cell: 'gru', attention: 'dot', input_feeding: true, bidirectional: true });
  model = { ...randomModel(config, 81), vocab: makeVocab(config) };
  modelDir = await writeModelDir(join(dir, 'model'), model, model.vocab);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bad lines on the gpu backend', () => {
  it('translate: unknown words become unk, an empty line no hypotheses, an over-long line an error by number; the rest are answered', async () => {
    const run = await runCliWith(['translate', '--model', modelDir, '--backend', 'gpu', ...limit], input);
    expect(run.code).toBe(1);
    expect(run.objects).toHaveLength(4);
    const cpu = createCpuRunner(model);
    const [unknown, good] = await cpu.translate([
      [model.config.unk_id, model.config.unk_id],
      [8, 9],
    ]);
    const ids = (object: Record<string, unknown>) => (object.hypotheses as { ids: number[] }[]).map((h) => h.ids);
    expect(ids(run.objects[0])).toEqual([unknown[0].ids]);
    expect(run.objects[1]).toEqual({ text: '', source: { ids: [], tokens: [], unknown: [] }, hypotheses: [] });
    expect(run.objects[2]).toEqual({ error: 'line 3: 4 tokens is more than the limit of 3 (--max-source-len)' });
    expect(ids(run.objects[3])).toEqual([good[0].ids]);
    // stderr: the adapter line, then one line for the rejected input, no stack trace.
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('line 3'))).toEqual([
      'unroll: line 3: 4 tokens is more than the limit of 3 (--max-source-len)',
    ]);
    expect(run.stderr).not.toMatch(/\n\s+at /);

    // The same answers whatever the batch size.
    const one = await runCliWith(
      ['translate', '--model', modelDir, '--backend', 'gpu', ...limit, '--batch-size', '1'],
      input,
    );
    expect(one.code).toBe(1);
    expect(one.stdout).toBe(run.stdout);
  });

  it('encode and score: empty objects for empty lines, errors by number, the other lines answered', async () => {
    const encode = await runCliWith(['encode', '--model', modelDir, '--backend', 'gpu', ...limit], input);
    expect(encode.code).toBe(1);
    expect(encode.objects).toHaveLength(4);
    expect((encode.objects[0].outputs as number[][]).length).toBe(2);
    expect(encode.objects[1]).toEqual({});
    expect(encode.objects[2].error).toMatch(/^line 3: /);
    expect((encode.objects[3].outputs as number[][]).length).toBe(2);

    const targets = join(dir, 'targets.txt');
    await writeFile(targets, 't4\n\nt5\nt6 t7 t8 t9\n');
    const score = await runCliWith(
      ['score', '--model', modelDir, '--backend', 'gpu', ...limit, '--target', targets],
      input,
    );
    expect(score.code).toBe(1);
    expect(score.objects).toHaveLength(4);
    expect((score.objects[0].logprobs as number[]).length).toBe(2);
    expect(score.objects[1]).toEqual({});
    expect(score.objects[2].error).toMatch(/^line 3: /);
    // An over-long target line is named by its file and line.
    expect(score.objects[3]).toEqual({
      error: `line 4 of ${targets}: 4 tokens is more than the limit of 3 (--max-source-len)`,
    });
  });

  it('exits 0 when every line is answered, unknown words and empty lines included', async () => {
    const run = await runCliWith(['translate', '--model', modelDir, '--backend', 'gpu'], 'zzz\n\nw4 w5\n');
    expect(run.code).toBe(0);
    expect(run.objects).toHaveLength(3);
    expect(run.objects[1]).toEqual({ text: '', source: { ids: [], tokens: [], unknown: [] }, hypotheses: [] });
  });
});
