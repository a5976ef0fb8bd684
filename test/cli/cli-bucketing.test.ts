// translate --bucket-window on --backend cpu with the shipped model models/en-es: the same output,
// line for line, with and without length bucketing (greedy, beam, sampling, --prefix-file with
// --alignment, --stream), and the flag's usage errors and help.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { helpText } from '../../src/cli/args.ts';
import { runCliWith } from '../helpers/cli-harness.ts';

const MODEL = resolve(import.meta.dirname, '../../models/en-es');
const BASE = ['translate', '--model', MODEL, '--backend', 'cpu', '--batch-size', '2'];
// Mixed lengths, two empty lines, and a batch size below the window.
const LINES = [
  'the dog sees the red cat and the boy is tall .',
  'the cat .',
  '',
  'the soup is cold .',
  'red .',
  'the very big houses are red .',
  '',
  'I see her .',
];
const INPUT = `${LINES.join('\n')}\n`;

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'unroll-cli-bucketing-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** stdout with bucketing off, by default and with a window of 3 (rounded up to 4 lines). */
async function outputs(flags: string[]): Promise<string[]> {
  const runs = await Promise.all(
    [['--bucket-window', '0'], [], ['--bucket-window', '3']].map((window) =>
      runCliWith([...BASE, ...flags, ...window], INPUT),
    ),
  );
  for (const run of runs) expect(run.code, run.stderr).toBe(0);
  return runs.map((run) => run.stdout);
}

describe('translate --bucket-window', () => {
  it.each([
    ['greedy', []],
    ['beam 3, 2-best', ['--beam', '3', '--n-best', '2']],
    ['sampling', ['--seed', '5', '--sampling-temperature', '1.5']],
  ])('%s: the same output with and without bucketing', async (_, flags) => {
    const [off, ...on] = await outputs(flags);
    expect(off.trim().split('\n')).toHaveLength(LINES.length);
    for (const stdout of on) expect(stdout).toBe(off);
  });

  it('--prefix-file and --alignment: each prefix stays with its line', async () => {
    const prefixes = join(root, 'prefixes.txt');
    await writeFile(prefixes, 'el\n\n\nla\n\nlas\n\nla\n');
    const [off, ...on] = await outputs(['--prefix-file', prefixes, '--alignment', '--beam', '2']);
    for (const stdout of on) expect(stdout).toBe(off);
    const first = JSON.parse(off.split('\n')[0]) as { hypotheses: { tokens: string[] }[] };
    expect(first.hypotheses[0].tokens[0]).toBe('el');
  });

  it('--stream: the final objects are the same, in line order', async () => {
    const finals = (stdout: string) =>
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { line: number; done: boolean })
        .filter((object) => object.done);
    const [off, ...on] = (await outputs(['--stream'])).map(finals);
    expect(off.map((object) => object.line)).toEqual(LINES.map((_, i) => i + 1));
    for (const objects of on) expect(objects).toEqual(off);
  });

  it.each(['-1', 'x', '65537', '1.5'])('refuses %s as a usage error (exit 2)', async (value) => {
    const run = await runCliWith([...BASE, '--bucket-window', value], INPUT);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--bucket-window must be');
  });

  it('applies to translate only, and is in the help', async () => {
    const run = await runCliWith(['encode', '--model', MODEL, '--bucket-window', '4'], INPUT);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--bucket-window applies to "unroll translate" only');
    expect(helpText('translate')).toContain('--bucket-window W');
  });
});
