// The installed `unroll` binary (bin/unroll.js → dist/cli.js, built by `npm test` before vitest runs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { makeVocab, writeModelDir } from '../helpers/model-files.ts';

const bin = join(import.meta.dirname, '../../bin/unroll.js');
let dir: string;
let modelDir: string;

beforeAll(async () => {
  if (!existsSync(join(import.meta.dirname, '../../dist/cli.js'))) {
    throw new Error('dist/cli.js is missing: run `npm run build` (npm test does) before these tests');
  }
  dir = await mkdtemp(join(tmpdir(), 'unroll-bin-'));
  const model = randomModel(defaultConfig({ cell: 'gru', attention: 'dot' }), 3);
  modelDir = await writeModelDir(join(dir, 'model'), model, makeVocab(model.config));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function unroll(args: string[], input: string) {
  return spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8' });
}

it('writes one JSON object per input line on stdout and exits 0', () => {
  const run = unroll(['translate', '--model', modelDir, '--backend', 'cpu'], 'w4 w5\n\nw6\n');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  const lines = run.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as { hypotheses: { ids: number[]; tokens: string[] }[] });
  expect(lines).toHaveLength(3);
  expect(lines[1]).toEqual({ text: '', source: { ids: [], tokens: [], unknown: [] }, hypotheses: [] });
  expect(lines[0].hypotheses[0].tokens.length).toBe(lines[0].hypotheses[0].ids.length);
});

it('exits 2 on a usage error and 1 on a bad model, with one line on stderr and no stack trace', () => {
  const usage = unroll(['translate'], '');
  expect(usage.status).toBe(2);
  expect(usage.stderr.split('\n')[0]).toBe('unroll: --model DIR is required');
  const missing = unroll(['encode', '--model', join(dir, 'absent'), '--backend', 'cpu'], 'w4\n');
  expect(missing.status).toBe(1);
  expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(missing.stderr).toContain('absent');
  expect(missing.stdout).toBe('');
});

it('on the gpu backend, writes only its own adapter line on stderr, also without XDG_RUNTIME_DIR', () => {
  const env = { ...process.env };
  delete env.XDG_RUNTIME_DIR;
  const run = spawnSync(process.execPath, [bin, 'translate', '--model', modelDir], {
    input: 'w4 w5\n',
    encoding: 'utf8',
    env,
  });
  expect(run.status).toBe(0);
  // The display probe of the WebGPU library would print "error: XDG_RUNTIME_DIR is invalid ...".
  expect(run.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^unroll: gpu backend on /)]);
  expect(JSON.parse(run.stdout)).toHaveProperty('hypotheses');
});
