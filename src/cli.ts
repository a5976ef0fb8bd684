// The `unroll` command line (docs/cli.md), wired to the process's stdin, stdout and stderr.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { runCli } from './cli/main.ts';
import { UnrollError } from './errors.ts';
import { createRunner } from './cli/runners.ts';
import { loadModelDir } from './model/load-node.ts';

const exitCode = await runCli(process.argv.slice(2), {
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  writeOut: (text) =>
    new Promise<void>((resolve, reject) => process.stdout.write(text, (error) => (error ? reject(error) : resolve()))),
  writeErr: (text) => process.stderr.write(text),
  readTextFile: (path) =>
    readFile(path, 'utf8').catch((error: unknown) => {
      const reason = error instanceof Error ? ((error as NodeJS.ErrnoException).code ?? error.message) : String(error);
      throw new UnrollError('input', `cannot read "${path}": ${reason}`);
    }),
  loadModel: loadModelDir,
  createRunner,
  progress: process.stderr.isTTY === true,
});
process.exitCode = exitCode;
