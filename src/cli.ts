// The `unroll` command line (docs/cli.md), wired to the process's stdin, stdout and stderr.
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { OutputClosedError, runCli } from './cli/main.ts';
import { UnrollError } from './errors.ts';
import { createRunner } from './cli/runners.ts';
import { loadModelDir } from './model/load-node.ts';

// A reader that closes the pipe early (`| head -1`) makes writes fail with EPIPE, and the stream
// then emits 'error', which would crash the process without a listener. The failed write itself
// reports the error, so the listener only has to exist.
process.stdout.on('error', () => {});
const closedByReader = (error: NodeJS.ErrnoException) =>
  error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED';

const exitCode = await runCli(process.argv.slice(2), {
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  writeOut: (text) =>
    new Promise<void>((resolve, reject) => {
      if (process.stdout.destroyed) return reject(new OutputClosedError());
      process.stdout.write(text, (error) =>
        error ? reject(closedByReader(error) ? new OutputClosedError() : error) : resolve(),
      );
    }),
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
