// translate's decoding flags on --backend cpu with the shipped model models/en-es: --prefix-file,
// --no-repeat-ngram, --coverage-penalty, sampling (independent of --batch-size), --replace-unknowns,
// --alignment, --stream, and the usage errors (exit status 2) of bad values.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliWith } from '../helpers/cli-harness.ts';

const MODEL = resolve(import.meta.dirname, '../../models/en-es');
const BASE = ['translate', '--model', MODEL, '--backend', 'cpu'];

interface Hyp {
  ids: number[];
  tokens?: string[];
  score: number;
  alignment?: number[];
  attention?: number[][];
}
const best = (object: Record<string, unknown>) => (object.hypotheses as Hyp[])[0];

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unroll-cli-options-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function file(name: string, text: string): Promise<string> {
  const path = join(root, name);
  await writeFile(path, text);
  return path;
}

describe('--prefix-file', () => {
  it('forces line i of the file on input line i (text; an empty line forces nothing)', async () => {
    const prefixes = await file('prefix.txt', 'un\n\nla\n');
    const input = 'the red cat .\nthe dog .\nthe soup is cold .\n';
    const run = await runCliWith([...BASE, '--prefix-file', prefixes, '--beam', '2'], input);
    expect(run.code).toBe(0);
    expect(run.objects).toHaveLength(3);
    expect(best(run.objects[0]).tokens?.[0]).toBe('un');
    const plain = await runCliWith([...BASE, '--beam', '2'], 'the dog .\n');
    expect(run.objects[1]).toEqual(plain.objects[0]);
    expect(best(run.objects[2]).tokens?.[0]).toBe('la');
  });

  it('reads ids with --ids', async () => {
    const prefixes = await file('prefix-ids.txt', '13 451\n');
    const run = await runCliWith([...BASE, '--ids', '--prefix-file', prefixes], '5 78 503 4\n');
    expect(run.code).toBe(0);
    expect(best(run.objects[0]).ids.slice(0, 2)).toEqual([13, 451]);
  });

  it('refuses a file whose line count differs from the input, naming the file (exit 2)', async () => {
    const prefixes = await file('short.txt', 'el\n');
    const run = await runCliWith([...BASE, '--prefix-file', prefixes], 'the red cat .\nthe dog .\n');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--prefix-file ${prefixes} has 1 line(s) but the input has 2`);
  });

  it('fails only the line of a bad prefix: an unknown word, an id out of range, eos', async () => {
    const prefixes = await file('bad.txt', 'el\nel Zorblax\nla\n');
    const run = await runCliWith([...BASE, '--prefix-file', prefixes], 'the red cat .\nthe dog .\nthe soup .\n');
    expect(run.code).toBe(1);
    expect(run.objects).toHaveLength(3);
    expect(best(run.objects[0]).tokens?.[0]).toBe('el');
    expect(run.objects[1]).toEqual({ error: `line 2 of ${prefixes}: "Zorblax" is not in the target vocabulary` });
    expect(best(run.objects[2]).tokens?.[0]).toBe('la');
    const ids = await file('bad-ids.txt', '9999\n3\n');
    const byIds = await runCliWith([...BASE, '--ids', '--prefix-file', ids], '5 503\n5 503\n');
    expect(byIds.code).toBe(1);
    expect(byIds.objects[0].error).toMatch(/"9999" is not a target id in \[0, 1494\)/);
    expect(byIds.objects[1].error).toMatch(/"3" is the eos token, which cannot be forced/);
  });
});

describe('--no-repeat-ngram, --coverage-penalty', () => {
  it('--no-repeat-ngram 1: no id twice in a hypothesis', async () => {
    const plain = await runCliWith([...BASE], 'the dog sees the cat .\n');
    expect(new Set(best(plain.objects[0]).ids).size).toBeLessThan(best(plain.objects[0]).ids.length);
    const run = await runCliWith([...BASE, '--no-repeat-ngram', '1'], 'the dog sees the cat .\n');
    expect(run.code).toBe(0);
    const { ids } = best(run.objects[0]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('--coverage-penalty: the greedy path stays, its score gains a non-positive term', async () => {
    const plain = await runCliWith([...BASE], 'the dog sees the red cat .\n');
    const run = await runCliWith([...BASE, '--coverage-penalty', '0.5'], 'the dog sees the red cat .\n');
    expect(run.code).toBe(0);
    expect(best(run.objects[0]).ids).toEqual(best(plain.objects[0]).ids);
    expect(best(run.objects[0]).score).toBeLessThanOrEqual(best(plain.objects[0]).score);
  });
});

describe('sampling', () => {
  const input = 'the dog sees the red cat .\nthe soup is cold .\n\nthe boy is tall .\nI see her .\n';
  const flags = ['--sampling-temperature', '1.5', '--sampling-topk', '20', '--sampling-topp', '0.9', '--seed', '5'];

  it('draws the same output whatever --batch-size', async () => {
    const runs = await Promise.all(
      ['1', '2', '32'].map((b) => runCliWith([...BASE, ...flags, '--batch-size', b], input)),
    );
    for (const run of runs) expect(run.code).toBe(0);
    expect(runs[1].stdout).toBe(runs[0].stdout);
    expect(runs[2].stdout).toBe(runs[0].stdout);
    expect(runs[0].objects).toHaveLength(5);
    // Any one sampling flag turns sampling on.
    const seedOnly = await runCliWith([...BASE, '--seed', '5'], 'the red cat .\n');
    expect(seedOnly.code).toBe(0);
  });
});

describe('--alignment, --replace-unknowns', () => {
  it('--alignment: one source position per id', async () => {
    const run = await runCliWith([...BASE, '--alignment', '--beam', '2', '--n-best', '2'], 'the red cat .\n');
    expect(run.code).toBe(0);
    for (const hyp of run.objects[0].hypotheses as Hyp[]) {
      expect(hyp.alignment).toHaveLength(hyp.ids.length);
      expect(hyp.alignment!.every((j) => j >= 0 && j < 4)).toBe(true);
      expect(hyp.attention).toBeUndefined();
    }
  });

  it('--replace-unknowns: an unk output token prints as the aligned source word as typed', async () => {
    const prefixes = await file('unk.txt', '<unk>\n');
    const run = await runCliWith(
      [...BASE, '--replace-unknowns', '--alignment', '--prefix-file', prefixes],
      'Zorblax sees the red cat .\n',
    );
    expect(run.code).toBe(0);
    const hyp = best(run.objects[0]);
    expect(hyp.ids[0]).toBe(1);
    expect(hyp.tokens?.[0]).toBe('Zorblax');
    expect(hyp.alignment?.[0]).toBe(0);
  });
});

describe('--stream', () => {
  it('prints progress objects before each line final object', async () => {
    const input = 'the dog sees the red cat and the boy sees the very big houses .\n\nthe soup is cold .\n';
    const run = await runCliWith([...BASE, '--stream', '--beam', '2'], input);
    expect(run.code).toBe(0);
    const finals = run.objects.filter((o) => o.done === true);
    expect(finals.map((o) => o.line)).toEqual([1, 2, 3]);
    expect(finals[1]).toEqual({
      line: 2,
      text: '',
      source: { ids: [], tokens: [], unknown: [] },
      hypotheses: [],
      done: true,
    });
    const plain = await runCliWith([...BASE, '--beam', '2'], input);
    expect(finals.map(({ line: _line, done: _done, ...result }) => result)).toEqual(plain.objects);
    const progress = run.objects.filter((o) => o.done === false);
    expect(progress.length).toBeGreaterThan(0);
    for (const object of progress) {
      expect(Object.keys(object)).toEqual(['line', 'tokens', 'text', 'done']);
      expect(Array.isArray(object.tokens)).toBe(true);
      const finalAt = run.objects.findIndex((o) => o.done === true && o.line === object.line);
      expect(run.objects.indexOf(object)).toBeLessThan(finalAt);
    }
  });

  it('prints ids with --ids', async () => {
    const run = await runCliWith([...BASE, '--stream', '--ids'], '5 498 658 5 78 503 4\n');
    expect(run.code).toBe(0);
    const progress = run.objects.filter((o) => o.done === false);
    expect(progress.length).toBeGreaterThan(0);
    for (const object of progress) expect(Object.keys(object)).toEqual(['line', 'ids', 'done']);
    expect(run.objects.at(-1)).toMatchObject({ line: 1, done: true });
  });
});

describe('bad values', () => {
  const cases: [string[], string][] = [
    [['--no-repeat-ngram', '0'], 'n-gram size 0 with blocking requested'],
    [['--no-repeat-ngram', '-1'], '--no-repeat-ngram must be a positive integer, got "-1"'],
    [['--no-repeat-ngram', '2.5'], '--no-repeat-ngram must be a positive integer, got "2.5"'],
    [['--no-repeat-ngram', '17'], '--no-repeat-ngram must be at most 16'],
    [['--coverage-penalty', '-1'], '--coverage-penalty must be a non-negative decimal number, got "-1"'],
    [['--coverage-penalty', '1e2'], '--coverage-penalty must be a non-negative decimal number, got "1e2"'],
    [['--coverage-penalty', '11'], '--coverage-penalty must be at most 10'],
    [['--sampling-topk', '0'], '--sampling-topk must be a positive integer, got "0"'],
    [['--sampling-topp', '0'], '--sampling-topp must be in (0, 1], got "0"'],
    [['--sampling-topp', '1.5'], '--sampling-topp must be at most 1, got "1.5"'],
    [['--sampling-temperature', '0'], '--sampling-temperature must be at least 0.001, got "0"'],
    [['--sampling-temperature', 'hot'], '--sampling-temperature must be a non-negative decimal number, got "hot"'],
    [['--seed', '4294967296'], '--seed must be at most 4294967295'],
    [['--seed', '1', '--beam', '3'], 'it needs --beam 1, got --beam 3'],
    [['--prefix-file'], '--prefix-file needs a value'],
  ];
  for (const [flags, message] of cases) {
    it(`${flags.join(' ')}: a usage error (exit 2)`, async () => {
      const run = await runCliWith([...BASE, ...flags], 'the red cat .\n');
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
    });
  }

  it('exits 1 (an input error, as for --beam) when the model cannot take the value', async () => {
    const run = await runCliWith([...BASE, '--sampling-topk', '1495'], 'the red cat .\n');
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--sampling-topk 1495 is larger than the target vocabulary (1494 tokens)');
  });

  it('refuses the translate flags on other commands', async () => {
    const run = await runCliWith(['encode', '--model', MODEL, '--backend', 'cpu', '--stream'], 'the cat .\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--stream applies to "unroll translate" only');
  });

  it('--help and translate --help list every new flag, on stdout', async () => {
    for (const argv of [['--help'], ['translate', '--help']]) {
      // Help is text, not JSON lines: read stdout as written.
      let stdout = '';
      const run = await runCliWith(argv, '', { writeOut: (text) => void (stdout += text) });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      for (const flag of [
        '--prefix-file F',
        '--no-repeat-ngram n',
        '--coverage-penalty b',
        '--sampling-topk k',
        '--sampling-topp p',
        '--sampling-temperature T',
        '--seed s',
        '--replace-unknowns',
        '--alignment',
        '--stream',
      ]) {
        expect(stdout).toContain(flag);
      }
    }
  });
});
