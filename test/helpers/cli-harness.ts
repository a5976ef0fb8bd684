import { type CliIO, runCli } from '../../src/cli/main.ts';
import { createRunner } from '../../src/cli/runners.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import { readFile } from 'node:fs/promises';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed, one object per line. */
  objects: Record<string, unknown>[];
}

/** Runs the CLI in-process with `stdin` as its input, the real model loader and runners. */
export async function runCliWith(argv: string[], stdin: string, overrides: Partial<CliIO> = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const lines = stdin === '' ? [] : stdin.replace(/\n$/, '').split('\n');
  const code = await runCli(argv, {
    stdinLines: async function* () {
      yield* lines;
    },
    writeOut: (text) => {
      stdout += text;
    },
    writeErr: (text) => {
      stderr += text;
    },
    readTextFile: (path) => readFile(path, 'utf8'),
    loadModel: loadModelDir,
    createRunner,
    progress: false,
    ...overrides,
  });
  const objects = stdout
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { code, stdout, stderr, objects };
}
