import type { Seq2SeqRunner } from '../engine/runner.ts';
import { SentenceTooLargeError } from '../engine/batch-limits.ts';
import { UnrollError, UsageError } from '../errors.ts';
import type { Model } from '../model/model.ts';
import { type CliOptions, USAGE, parseArgs } from './args.ts';
import { type Batch, COMMAND_RUNNERS, emptyResult } from './commands.ts';
import { type ParsedLine, parseLine } from './input.ts';

/**
 * What `writeOut` throws once the reader has closed stdout (`unroll ... | head -1`): nobody reads
 * the remaining answers, so the run stops reading input and ends quietly with status 0.
 */
export class OutputClosedError extends Error {
  constructor() {
    super('stdout was closed by its reader');
    this.name = 'OutputClosedError';
  }
}

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIO {
  stdinLines(): AsyncIterable<string>;
  /** Rejects with OutputClosedError when the reader of stdout has gone. */
  writeOut(text: string): Promise<void> | void;
  writeErr(text: string): void;
  readTextFile(path: string): Promise<string>;
  loadModel(dir: string): Promise<Model>;
  createRunner(backend: 'cpu' | 'gpu', model: Model, log: (line: string) => void): Promise<Seq2SeqRunner>;
  /** Print progress on stderr (when it is a terminal). */
  progress: boolean;
}

/** Runs one `unroll` invocation and returns its exit status (docs/cli.md). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const log = (line: string) => io.writeErr(`unroll: ${line}\n`);
  let options: CliOptions | undefined;
  const runners: Seq2SeqRunner[] = [];
  try {
    const parsed = parseArgs(argv);
    if (parsed.help) {
      io.writeErr(`${USAGE}\n`);
      return argv.length === 0 ? 2 : 0;
    }
    options = parsed.options;
    const model = await io.loadModel(options.model);
    if (!options.ids && !model.vocab) {
      throw new UnrollError(
        'input',
        `model directory "${options.model}" has no vocab.json: pass --ids to give token ids`,
      );
    }
    const targetLines = options.target ? splitLines(await io.readTextFile(options.target)) : undefined;
    const runner = await io.createRunner(options.backend, model, log);
    runners.push(runner);
    const reference =
      options.command === 'compare' ? (runners.push(await io.createRunner('cpu', model, log)), runners[1]) : undefined;
    if (options.command === 'compare' && options.backend === 'cpu') {
      log('compare with --backend cpu compares the cpu reference with itself');
    }
    const failedLines = await processLines(io, options, { options, model, runner, reference }, targetLines, log);
    return failedLines > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof OutputClosedError) return 0;
    if (error instanceof UsageError) {
      log(error.message);
      io.writeErr('run `unroll --help` for usage\n');
      return 2;
    }
    log(error instanceof Error ? error.message : String(error));
    if (options?.debug && error instanceof Error && error.stack) io.writeErr(`${error.stack}\n`);
    else if (!(error instanceof UnrollError))
      io.writeErr('(an internal error: run with --debug for its stack trace)\n');
    return 1;
  } finally {
    for (const runner of runners) runner.dispose();
  }
}

/** Reads stdin in batches, answers every line in order, and returns how many lines were rejected. */
async function processLines(
  io: CliIO,
  options: CliOptions,
  context: Parameters<(typeof COMMAND_RUNNERS)['translate']>[0],
  targetLines: string[] | undefined,
  log: (line: string) => void,
): Promise<number> {
  const { model } = context;
  const rules = {
    ids: options.ids,
    unkId: model.config.unk_id,
    maxTokens: options.maxSourceTokens,
  };
  let lineNumber = 0;
  let failed = 0;
  let pending: { source: ParsedLine; target?: ParsedLine }[] = [];

  // A batch holding a sentence at fault (too large for the device, a non-finite result) is answered
  // line by line, so that only that line fails.
  const answerBatch = async (batch: Batch, lines: number[]): Promise<object[]> => {
    const run = COMMAND_RUNNERS[options.command];
    try {
      return await run(context, batch);
    } catch (error) {
      if (!isSentenceError(error)) throw error;
      if (batch.sources.length === 1) {
        const message = `line ${lines[0]}: ${error.message}`;
        failed++;
        log(message);
        return [{ error: message }];
      }
    }
    const answers: object[] = [];
    for (let i = 0; i < batch.sources.length; i++) {
      const single = { sources: [batch.sources[i]], targets: batch.targets ? [batch.targets[i]] : undefined };
      answers.push(...(await answerBatch(single, [lines[i]])));
    }
    return answers;
  };

  const flush = async () => {
    const batch: Batch = { sources: [], targets: targetLines ? [] : undefined };
    const answers: (object | undefined)[] = pending.map(({ source, target }) => {
      if (source.kind === 'empty') return emptyResult(options.command);
      for (const parsed of [source, target]) {
        if (parsed?.kind === 'error') {
          failed++;
          log(parsed.message);
          return { error: parsed.message };
        }
      }
      if (source.kind === 'ids') batch.sources.push(source.ids);
      if (target) batch.targets?.push(target.kind === 'ids' ? target.ids : []);
      return undefined;
    });
    const firstLine = lineNumber - pending.length + 1;
    const batchLines = answers.flatMap((answer, i) => (answer ? [] : [firstLine + i]));
    const results = batch.sources.length > 0 ? await answerBatch(batch, batchLines) : [];
    let next = 0;
    const text = answers
      .map((answer, i) => {
        const result = answer ?? results[next++];
        // compare: a line past the documented tolerance fails the run (exit status 1).
        if ((result as { within_tolerance?: boolean }).within_tolerance === false) {
          failed++;
          log(`line ${firstLine + i}: gpu and cpu differ past the tolerance`);
        }
        return JSON.stringify(result);
      })
      .join('\n');
    if (pending.length > 0) await io.writeOut(`${text}\n`);
    if (io.progress) log(`${lineNumber} lines done`);
    pending = [];
  };

  for await (const line of io.stdinLines()) {
    lineNumber++;
    const source = parseLine(line, {
      ...rules,
      tokens: model.vocab?.source,
      vocabSize: model.config.src_vocab_size,
      where: `line ${lineNumber}`,
    });
    let target: ParsedLine | undefined;
    if (targetLines) {
      const targetText = targetLines[lineNumber - 1];
      target =
        targetText === undefined
          ? { kind: 'error', message: `line ${lineNumber}: ${options.target} has no line ${lineNumber}` }
          : parseLine(targetText, {
              ...rules,
              tokens: model.vocab?.target,
              vocabSize: model.config.tgt_vocab_size,
              where: `line ${lineNumber} of ${options.target}`,
            });
    }
    pending.push({ source, target });
    if (pending.length >= options.batchSize) await flush();
  }
  await flush();
  return failed;
}

/** An error of one sentence rather than of the run (a bad option is the run's). */
function isSentenceError(error: unknown): error is UnrollError {
  return (
    error instanceof SentenceTooLargeError || (error instanceof UnrollError && error.name === 'NonFiniteResultError')
  );
}

function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
