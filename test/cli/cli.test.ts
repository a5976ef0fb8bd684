import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../src/cli/args.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { runCliWith } from '../helpers/cli-harness.ts';
import { makeVocab, writeModelDir } from '../helpers/model-files.ts';
import { FINITE_SOURCE, OVERFLOWING_SOURCE, overflowingModel } from '../helpers/overflow-model.ts';

let dir: string;
let modelDir: string;
let idsOnlyDir: string;
let model: RnnModel;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'unroll-cli-'));
  model = randomModel(
    defaultConfig({ cell: 'lstm', attention: 'general', input_feeding: true, bidirectional: true }),
    7,
  );
  model = { ...model, vocab: makeVocab(model.config) };
  modelDir = await writeModelDir(join(dir, 'model'), model, model.vocab);
  idsOnlyDir = await writeModelDir(join(dir, 'ids-only'), { ...model, vocab: undefined });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const cpu = ['--backend', 'cpu'];

describe('unroll translate', () => {
  it('answers every line in order with the CPU reference results', async () => {
    const run = await runCliWith(['translate', '--model', modelDir, ...cpu], 'w4 w5 w6\nw7\nw8 w9 w10 w11\n');
    expect(run.code).toBe(0);
    expect(run.objects).toHaveLength(3);
    const expected = await createCpuRunner(model).translate([[4, 5, 6], [7], [8, 9, 10, 11]]);
    run.objects.forEach((object, i) => {
      const hypotheses = object.hypotheses as { ids: number[]; tokens: string[]; score: number }[];
      expect(hypotheses).toHaveLength(1);
      expect(hypotheses[0].ids).toEqual(expected[i][0].ids);
      expect(hypotheses[0].score).toBeCloseTo(expected[i][0].score, 12);
      expect(hypotheses[0].tokens).toEqual(expected[i][0].ids.map((id) => model.vocab!.target[id]));
    });
  });

  it('gives n-best lists sorted by score, with attention rows over the source when asked', async () => {
    const run = await runCliWith(
      ['translate', '--model', modelDir, ...cpu, '--beam', '4', '--n-best', '3', '--attention', '--max-len', '6'],
      'w4 w5 w6\n',
    );
    expect(run.code).toBe(0);
    const hypotheses = run.objects[0].hypotheses as { ids: number[]; score: number; attention: number[][] }[];
    expect(hypotheses).toHaveLength(3);
    for (let i = 1; i < hypotheses.length; i++)
      expect(hypotheses[i - 1].score).toBeGreaterThanOrEqual(hypotheses[i].score);
    for (const hyp of hypotheses) {
      expect(hyp.ids.length).toBeLessThanOrEqual(6);
      for (const row of hyp.attention) {
        expect(row).toHaveLength(3);
        // Rounded to 4 decimals: each weight is off by at most 5e-5.
        expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(3 * 5e-5 + 1e-12);
        for (const weight of row) expect(Math.round(weight * 1e4) / 1e4).toBe(weight);
      }
    }
  });

  it('maps unknown words to unk and answers an empty line with no hypotheses', async () => {
    const run = await runCliWith(['translate', '--model', modelDir, ...cpu], 'zzz yyy\n\nw4\n');
    expect(run.code).toBe(0);
    const expected = await createCpuRunner(model).translate([[1, 1]]);
    expect((run.objects[0].hypotheses as { ids: number[] }[])[0].ids).toEqual(expected[0][0].ids);
    expect(run.objects[0].source).toEqual({ ids: [1, 1], tokens: ['<unk>', '<unk>'], unknown: ['zzz', 'yyy'] });
    expect(run.objects[1]).toEqual({ text: '', source: { ids: [], tokens: [], unknown: [] }, hypotheses: [] });
    expect((run.objects[2].hypotheses as unknown[]).length).toBe(1);
  });

  it('gives the same results whatever the batch size', async () => {
    const input = 'w4 w5\nw6 w7 w8 w9\n\nw10\nw11 w12 w13\n';
    const one = await runCliWith(['translate', '--model', modelDir, ...cpu, '--batch-size', '1', '--beam', '3'], input);
    const many = await runCliWith(
      ['translate', '--model', modelDir, ...cpu, '--batch-size', '32', '--beam', '3'],
      input,
    );
    expect(one.code).toBe(0);
    expect(one.stdout).toBe(many.stdout);
  });

  it('rejects an over-long line by number and still answers the other lines', async () => {
    const run = await runCliWith(
      ['translate', '--model', modelDir, ...cpu, '--max-source-len', '3'],
      'w4\nw4 w5 w6 w7\nw8\n',
    );
    expect(run.code).toBe(1);
    expect(run.objects).toHaveLength(3);
    expect(run.objects[1].error).toMatch(/^line 2: 4 tokens is more than the limit of 3/);
    expect(run.stderr).toContain('line 2');
    expect(run.objects[0].hypotheses).toBeDefined();
    expect(run.objects[2].hypotheses).toBeDefined();
  });

  it('accepts ids with --ids and rejects an id outside the vocabulary, naming the line', async () => {
    const ok = await runCliWith(['translate', '--model', idsOnlyDir, ...cpu, '--ids'], '4 5 6\n');
    expect(ok.code).toBe(0);
    expect((ok.objects[0].hypotheses as { tokens?: unknown }[])[0].tokens).toBeUndefined();
    const bad = await runCliWith(['translate', '--model', idsOnlyDir, ...cpu, '--ids'], '4 5\n4 99\n');
    expect(bad.code).toBe(1);
    expect(bad.objects[1].error).toBe('line 2: "99" is not an id in [0, 20)');
  });

  it('needs --ids for a model without vocab.json', async () => {
    const run = await runCliWith(['translate', '--model', idsOnlyDir, ...cpu], 'w4\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('has no vocab.json');
    expect(run.stdout).toBe('');
  });
});

describe('unroll score and encode', () => {
  it('scores each target line by teacher forcing, EOS last', async () => {
    const targets = join(dir, 'targets.txt');
    await writeFile(targets, 't4 t5\n\nt6\n');
    const run = await runCliWith(['score', '--model', modelDir, ...cpu, '--target', targets], 'w4 w5\nw6\n\n');
    expect(run.code).toBe(0);
    const expected = await createCpuRunner(model).score([[4, 5], [6]], [[4, 5], []]);
    expect(run.objects[0].logprobs).toHaveLength(3);
    expect(run.objects[0].total).toBeCloseTo(expected[0].total, 10);
    expect(run.objects[1].logprobs).toHaveLength(1);
    expect(run.objects[1].total).toBeCloseTo(expected[1].total, 10);
    expect(run.objects[2]).toEqual({});
  });

  it('reports a missing target line by number', async () => {
    const targets = join(dir, 'short.txt');
    await writeFile(targets, 't4\n');
    const run = await runCliWith(['score', '--model', modelDir, ...cpu, '--target', targets], 'w4\nw5\n');
    expect(run.code).toBe(1);
    expect(run.objects[1].error).toContain(`line 2: ${targets} has no line 2`);
  });

  it('encodes to outputs S×H, h and c L×H', async () => {
    const run = await runCliWith(['encode', '--model', modelDir, ...cpu], 'w4 w5 w6\n');
    expect(run.code).toBe(0);
    const { outputs, h, c } = run.objects[0] as { outputs: number[][]; h: number[][]; c: number[][] };
    const expected = (await createCpuRunner(model).encode([[4, 5, 6]]))[0];
    expect(outputs).toHaveLength(3);
    expect(h).toHaveLength(1);
    expect(c).toHaveLength(1);
    expect(outputs[2][0]).toBeCloseTo(expected.outputs[2][0], 6);
    expect(h[0]).toEqual(Array.from(expected.h?.[0] ?? []));
  });
});

/**
 * Spawns the real entry (src/cli.ts, wired to the process's stdin and stdout) through Vite's SSR
 * loader, as tools/run.mjs runs tools, so no build is needed.
 */
function spawnCli(argv: string[]) {
  const entry = resolve(import.meta.dirname, '../../src/cli.ts');
  const script = `
    import { createServer } from 'vite';
    process.argv = [process.argv[0], ${JSON.stringify(entry)}, ...process.argv.slice(1)];
    const server = await createServer({
      configFile: false, logLevel: 'error', appType: 'custom',
      server: { middlewareMode: true, hmr: false, ws: false, watch: null },
      optimizeDeps: { noDiscovery: true, include: [] },
    });
    try { await server.ssrLoadModule(${JSON.stringify(entry)}); } finally { await server.close(); }
  `;
  return spawn(process.execPath, ['--input-type=module', '-e', script, '--', ...argv], {
    cwd: resolve(import.meta.dirname, '../..'),
  });
}

describe('usage and errors', () => {
  it('ends quietly with status 0 when the reader closes stdout early (`| head -1`)', async () => {
    const child = spawnCli(['translate', '--model', modelDir, ...cpu, '--batch-size', '1']);
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // The CLI stops reading, so the rest of the input may not fit in the pipe.
    child.stdin.on('error', () => {});
    child.stdin.end('w4 w5 w6\n'.repeat(5000));
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('\n')) child.stdout.destroy();
    });
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect(JSON.parse(stdout.split('\n')[0])).toHaveProperty('hypotheses');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('exits 2 on usage errors with a one-line reason', async () => {
    for (const argv of [
      ['frobnicate', '--model', 'x'],
      ['translate'],
      ['translate', '--model', 'x', '--beam', '0'],
      ['encode', '--model', 'x', '--beam', '2'],
      ['translate', '--model', 'x', '--beam', '2', '--n-best', '3'],
      ['translate', '--model', 'x', '--bogus'],
      ['score', '--model', 'x'],
    ]) {
      const run = await runCliWith(argv, '');
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0]).toMatch(/^unroll: /);
      expect(run.stdout).toBe('');
    }
  });

  it('exits 1 naming the file when the model is broken, without a stack trace', async () => {
    const broken = join(dir, 'broken');
    await writeModelDir(broken, model, model.vocab);
    await writeFile(join(broken, 'config.json'), JSON.stringify({ ...model.config, cell: 'transformer' }));
    const run = await runCliWith(['translate', '--model', broken, ...cpu], 'w4\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('config.json: key "cell"');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    const missing = await runCliWith(['translate', '--model', join(dir, 'nope'), ...cpu], 'w4\n');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope');
  });

  it('takes only plain decimal numbers, within the decoding bounds, naming the flag', async () => {
    const refused: [string[], string][] = [
      [['--beam', '0x10'], '--beam must be a positive integer, got "0x10"'],
      [['--beam', '1e3'], '--beam must be a positive integer, got "1e3"'],
      [['--beam='], '--beam must be a positive integer, got ""'],
      [['--beam', ' 5'], '--beam must be a positive integer, got " 5"'],
      [['--beam', '100000'], '--beam must be at most 64, got "100000"'],
      [['--n-best', '65'], '--n-best must be at most 64, got "65"'],
      [['--max-len', 'Infinity'], '--max-len must be a positive integer, got "Infinity"'],
      [['--max-len', '4097'], '--max-len must be at most 4096, got "4097"'],
      [['--min-len', '-1'], '--min-len must be a non-negative integer, got "-1"'],
      [['--min-len', '99999'], '--min-len must be at most 4096, got "99999"'],
      [
        ['--batch-size', '99999999999999999999'],
        '--batch-size must be at most 9007199254740991, got "99999999999999999999"',
      ],
      [['--max-source-len', '1.5'], '--max-source-len must be a positive integer, got "1.5"'],
      [['--length-penalty', '1e3'], '--length-penalty must be a non-negative decimal number, got "1e3"'],
      [['--length-penalty', '0x10'], '--length-penalty must be a non-negative decimal number, got "0x10"'],
      [['--length-penalty', 'Infinity'], '--length-penalty must be a non-negative decimal number, got "Infinity"'],
      [['--length-penalty', '.5'], '--length-penalty must be a non-negative decimal number, got ".5"'],
      [['--length-penalty', '10.5'], '--length-penalty must be at most 10, got "10.5"'],
    ];
    for (const [flags, message] of refused) {
      const run = await runCliWith(['translate', '--model', modelDir, ...cpu, ...flags], 'w4\n');
      expect(run.code, flags.join(' ')).toBe(2);
      expect(run.stderr.split('\n')[0]).toBe(`unroll: ${message}`);
      expect(run.stdout).toBe('');
    }
    const parsed = parseArgs(['translate', '--model=m', '--beam=64', '--n-best=64', '--max-len=4096']);
    expect(parsed).toMatchObject({ options: { beam: 64, nBest: 64, maxLength: 4096 } });
    const penalty = parseArgs(['translate', '--model=m', '--length-penalty', '0.6', '--min-len', '0']);
    expect(penalty).toMatchObject({ options: { lengthPenalty: 0.6, minLength: 0 } });
  });

  it('exits 1 naming tgt_vocab_size for a beam wider than the target vocabulary', async () => {
    // The default config has 18 target tokens.
    const run = await runCliWith(['translate', '--model', modelDir, ...cpu, '--beam', '19'], 'w4 w5\n');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'decode option beam (19) must not exceed the target vocabulary size tgt_vocab_size (18)',
    );
    expect(run.stdout).toBe('');
    const full = await runCliWith(['translate', '--model', modelDir, ...cpu, '--beam', '18', '--max-len', '3'], 'w4\n');
    expect(full.code).toBe(0);
  });

  it('parses flags with = and defaults', () => {
    const parsed = parseArgs(['translate', '--model=m', '--beam=5']);
    expect(parsed).toMatchObject({ help: false, options: { model: 'm', beam: 5, backend: 'gpu', batchSize: 32 } });
  });
});

describe('a model that overflows f32 on some sentences', () => {
  const words = (ids: number[]) => ids.map((id) => `w${id}`).join(' ');
  const input = `${words(FINITE_SOURCE)}\n${words(OVERFLOWING_SOURCE)}\n${words(FINITE_SOURCE)}\n`;
  const refused =
    "line 2: the model's values overflowed f32 for this sentence (a log-prob or score is NaN or infinite)";

  it('answers the other lines and refuses that line, exit status 1 (translate, greedy and beam)', async () => {
    const overflowDir = await writeModelDir(join(dir, 'overflow'), overflowingModel(), overflowingModel().vocab);
    for (const beam of ['1', '3']) {
      const run = await runCliWith(
        ['translate', '--model', overflowDir, ...cpu, '--beam', beam, '--n-best', beam],
        input,
      );
      expect(run.code).toBe(1);
      expect(run.objects).toHaveLength(3);
      expect(run.objects[1]).toEqual({ error: refused });
      for (const i of [0, 2]) {
        const hypotheses = run.objects[i].hypotheses as { score: number }[];
        expect(hypotheses).toHaveLength(Number(beam));
        for (const h of hypotheses) expect(Number.isFinite(h.score)).toBe(true);
      }
      expect(run.stderr).toContain(refused);
    }
  });

  it('refuses that line when scoring, instead of printing null or 0', async () => {
    const overflowDir = await writeModelDir(join(dir, 'overflow-score'), overflowingModel(), overflowingModel().vocab);
    const targets = join(dir, 'overflow-targets.txt');
    await writeFile(targets, 't4 t5\nt4 t5\nt6\n');
    const run = await runCliWith(['score', '--model', overflowDir, ...cpu, '--target', targets], input);
    expect(run.code).toBe(1);
    expect(run.objects[1]).toEqual({ error: refused });
    expect(run.objects[0].logprobs).toHaveLength(3);
    expect(Number.isFinite(run.objects[2].total)).toBe(true);
  });
});
