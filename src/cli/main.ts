import type { Seq2SeqRunner } from '../engine/runner.ts';
import { SentenceTooLargeError } from '../engine/batch-limits.ts';
import { InputError, UnrollError, UsageError } from '../errors.ts';
import {
  type CheckedDecodeOptions,
  bucketedBatches,
  checkDecodeOptionsForModel,
  resolveDecodeOptions,
} from '../model/decoding.ts';
import type { Model } from '../model/model.ts';
import { tokenizerOf } from '../model/tokenizer/model-tokenizer.ts';
import type { Encoding } from '../model/tokenizer/types.ts';
import { type CliOptions, helpText, parseArgs } from './args.ts';
import { type Batch, type CommandContext, COMMAND_RUNNERS, batchPart, emptyResult } from './commands.ts';
import { type ParsedLine, parseLine, parsePrefix } from './input.ts';

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
      // Asked for, help is the answer (stdout, status 0); no arguments at all is a usage error.
      if (argv.length === 0) {
        io.writeErr(`${helpText()}\n`);
        return 2;
      }
      await io.writeOut(`${helpText(parsed.command)}\n`);
      return 0;
    }
    options = parsed.options;
    const model = await io.loadModel(options.model);
    const tokenizer = tokenizerOf(model);
    if (!options.ids && !tokenizer) {
      throw new UnrollError(
        'input',
        `model directory "${options.model}" has no vocab.json or tokenizer.json: pass --ids to give token ids`,
      );
    }
    const decode = options.command === 'translate' ? translateOptions(options, model) : undefined;
    const targetLines = options.target ? splitLines(await io.readTextFile(options.target)) : undefined;
    const prefixLines = options.prefixFile ? splitLines(await io.readTextFile(options.prefixFile)) : undefined;
    const runner = await io.createRunner(options.backend, model, log);
    runners.push(runner);
    const reference =
      options.command === 'compare' ? (runners.push(await io.createRunner('cpu', model, log)), runners[1]) : undefined;
    if (options.command === 'compare' && options.backend === 'cpu') {
      log('compare with --backend cpu compares the cpu reference with itself');
    }
    const context: CommandContext = { options, model, tokenizer, runner, reference, decode };
    const failedLines = await processLines(io, options, context, { targetLines, prefixLines }, log);
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

/**
 * The decode options of translate's flags, checked against the model: an option the model cannot
 * take (coverage or alignment without attention, a top-k past the vocabulary) is an input error
 * (exit 1), as a beam wider than the vocabulary is.
 */
function translateOptions(options: CliOptions, model: Model): CheckedDecodeOptions {
  const { config } = model;
  const aligned = options.alignment || options.replaceUnknowns;
  const noAttention = config.format === 'seq2seq-rnn' && config.attention === 'none';
  const needsAttention = [
    ...(options.coveragePenalty ? ['--coverage-penalty'] : []),
    ...(options.alignment ? ['--alignment'] : []),
    ...(options.replaceUnknowns ? ['--replace-unknowns'] : []),
  ];
  if (noAttention && needsAttention.length > 0) {
    throw new InputError(`${needsAttention[0]} needs a model with attention (this one has attention "none")`);
  }
  if (options.replaceUnknowns && !model.vocab) {
    throw new InputError(`--replace-unknowns needs tokens: model directory "${options.model}" has no vocab.json`);
  }
  const topK = options.sampling?.topK;
  if (topK !== undefined && topK > config.tgt_vocab_size) {
    throw new InputError(
      `--sampling-topk ${topK} is larger than the target vocabulary (${config.tgt_vocab_size} tokens)`,
    );
  }
  return checkDecodeOptionsForModel(
    {
      beam: options.beam,
      nBest: options.nBest,
      maxLength: options.maxLength,
      minLength: options.minLength,
      lengthPenalty: options.lengthPenalty,
      // Alignment is read from the attention rows: asked for whenever it is needed, printed only with --attention.
      attention: options.attention || aligned,
      alignment: aligned,
      noRepeatNgram: options.noRepeatNgram,
      coveragePenalty: options.coveragePenalty,
      sampling: options.sampling,
    },
    config,
  );
}

interface ExtraLines {
  /** score --target: line i is the target of input line i. */
  targetLines?: string[];
  /** translate --prefix-file: line i is the prefix of input line i. */
  prefixLines?: string[];
}

/** Reads stdin in batches, answers every line in order, and returns how many lines were rejected. */
async function processLines(
  io: CliIO,
  options: CliOptions,
  context: CommandContext,
  { targetLines, prefixLines }: ExtraLines,
  log: (line: string) => void,
): Promise<number> {
  const { model, tokenizer } = context;
  const rules = { ids: options.ids, maxTokens: options.maxSourceTokens };
  let lineNumber = 0;
  let failed = 0;
  let pending: { source: ParsedLine; target?: ParsedLine; prefix?: ParsedLine; words?: string[] }[] = [];

  // --stream: progress objects go out as the runner reports them; a line's final object waits for them.
  let streamed: Promise<void> = Promise.resolve();
  if (options.stream) {
    const shown = options.ids ? undefined : tokenizer;
    context.progress = (line, ids) => {
      const decoded = shown?.decodeTarget(ids);
      const object = decoded
        ? { line, tokens: decoded.tokens, text: decoded.text, done: false }
        : { line, ids, done: false };
      streamed = streamed.then(() => io.writeOut(`${JSON.stringify(object)}\n`));
      // Seen when the batch's answers are written; a batch that fails first must not leave it unhandled.
      streamed.catch(() => undefined);
    };
  }

  // A batch holding a sentence at fault (too large for the device, a non-finite result) is answered
  // line by line, so that only that line fails.
  const answerBatch = async (batch: Batch): Promise<object[]> => {
    const run = COMMAND_RUNNERS[options.command];
    try {
      return await run(context, batch);
    } catch (error) {
      if (!isSentenceError(error)) throw error;
      if (batch.sources.length === 1) {
        const message = `line ${batch.lines[0]}: ${error.message}`;
        failed++;
        log(message);
        return [{ error: message }];
      }
    }
    const answers: object[] = [];
    for (let i = 0; i < batch.sources.length; i++) answers.push(...(await answerBatch(batchPart(batch, [i]))));
    return answers;
  };

  // translate sorts a window of lines by length and answers it in batches of similar lengths
  // (bucketedBatches, src/model/decoding.ts); the answers come back in line order.
  const window = options.command === 'translate' ? options.bucketWindow : 0;
  const linesPerFlush = window > 1 ? Math.ceil(window / options.batchSize) * options.batchSize : options.batchSize;
  const answerWindow = async (batch: Batch): Promise<object[]> => {
    const answers: object[] = [];
    const lengths = batch.sources.map((ids) => ids.length);
    for (const positions of bucketedBatches(lengths, options.batchSize, window)) {
      const part = await answerBatch(batchPart(batch, positions));
      positions.forEach((position, k) => (answers[position] = part[k]));
    }
    return answers;
  };

  const flush = async () => {
    const firstLine = lineNumber - pending.length + 1;
    const batch: Batch = {
      sources: [],
      targets: targetLines ? [] : undefined,
      lines: [],
      prefixes: prefixLines ? [] : undefined,
      words: options.replaceUnknowns ? [] : undefined,
      encodings: [],
    };
    const answers: (object | undefined)[] = pending.map(({ source, target, prefix, words }, i) => {
      if (source.kind === 'empty') return emptyResult(options.command, model, tokenizer);
      for (const parsed of [source, target, prefix]) {
        if (parsed?.kind === 'error') {
          failed++;
          log(parsed.message);
          return { error: parsed.message };
        }
      }
      if (source.kind === 'ids') {
        batch.sources.push(source.ids);
        batch.encodings.push(source.encoding);
      }
      if (target) batch.targets?.push(target.kind === 'ids' ? target.ids : []);
      batch.lines.push(firstLine + i);
      batch.prefixes?.push(prefix?.kind === 'ids' ? prefix.ids : []);
      batch.words?.push(words ?? []);
      return undefined;
    });
    const results = batch.sources.length > 0 ? await answerWindow(batch) : [];
    await streamed;
    let next = 0;
    const text = answers
      .map((answer, i) => {
        const result = answer ?? results[next++];
        // compare: a line past the documented tolerance fails the run (exit status 1).
        if ((result as { within_tolerance?: boolean }).within_tolerance === false) {
          failed++;
          log(`line ${firstLine + i}: gpu and cpu differ past the tolerance`);
        }
        return JSON.stringify(options.stream ? { line: firstLine + i, ...result, done: true } : result);
      })
      .join('\n');
    if (pending.length > 0) await io.writeOut(`${text}\n`);
    if (io.progress) log(`${lineNumber} lines done`);
    pending = [];
  };

  let input: AsyncIterable<string> = io.stdinLines();
  if (prefixLines) {
    // Line i of the prefix file goes with input line i: both counts are known before any line runs.
    const lines: string[] = [];
    for await (const line of input) lines.push(line);
    if (lines.length !== prefixLines.length) {
      throw new UsageError(
        `--prefix-file ${options.prefixFile} has ${prefixLines.length} line(s) but the input has ${lines.length} (line i of the file is the prefix of input line i)`,
      );
    }
    input = (async function* () {
      yield* lines;
    })();
  }

  for await (const line of input) {
    lineNumber++;
    const source = parseLine(line, {
      ...rules,
      encode: tokenizer && ((text) => tokenizer.encodeSource(text)),
      vocabSize: model.config.src_vocab_size,
      where: `line ${lineNumber}`,
    });
    if (options.verbose && source.kind === 'ids') reportUnknown(source.encoding, `line ${lineNumber}`, log);
    let target: ParsedLine | undefined;
    if (targetLines) {
      const targetText = targetLines[lineNumber - 1];
      target =
        targetText === undefined
          ? { kind: 'error', message: `line ${lineNumber}: ${options.target} has no line ${lineNumber}` }
          : parseLine(targetText, {
              ...rules,
              encode: tokenizer && ((text) => tokenizer.encodeTarget(text)),
              vocabSize: model.config.tgt_vocab_size,
              where: `line ${lineNumber} of ${options.target}`,
            });
    }
    if (options.verbose && target?.kind === 'ids') {
      reportUnknown(target.encoding, `line ${lineNumber} of ${options.target}`, log);
    }
    const prefix = prefixLines && source.kind === 'ids' ? linePrefix(prefixLines, lineNumber, source.ids) : undefined;
    // The text an unk token takes back: a text line's pieces as typed, an --ids line's source tokens.
    const words =
      options.replaceUnknowns && source.kind === 'ids'
        ? (source.encoding?.typed ?? source.ids.map((id) => model.vocab?.source[id] ?? `<${id}>`))
        : undefined;
    pending.push({ source, target, prefix, words });
    if (pending.length >= linesPerFlush) await flush();
  }
  await flush();
  return failed;

  function linePrefix(lines: string[], number: number, sourceIds: number[]): ParsedLine {
    const where = `line ${number} of ${options.prefixFile}`;
    const parsed = parsePrefix(lines[number - 1], {
      ids: options.ids,
      encode: tokenizer && ((text) => tokenizer.encodeTarget(text)),
      vocabSize: model.config.tgt_vocab_size,
      special: { pad: model.config.pad_id, bos: model.config.bos_id, eos: model.config.eos_id },
      where,
    });
    if (parsed.kind !== 'ids' || !context.decode) return parsed;
    const { maxLength } = resolveDecodeOptions(context.decode, sourceIds.length);
    if (parsed.ids.length <= maxLength) return parsed;
    return {
      kind: 'error',
      message: `line ${number}: its prefix (${where}) has ${parsed.ids.length} tokens, more than the maximum length ${maxLength} of this line (--max-len)`,
    };
  }
}

/** --verbose: the typed words of a line that became the unk token, on stderr. */
function reportUnknown(encoding: Encoding | undefined, where: string, log: (line: string) => void): void {
  if (encoding && encoding.unknown.length > 0) log(`${where}: unknown words: ${encoding.unknown.join(' ')}`);
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
