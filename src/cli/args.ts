import { UsageError } from '../errors.ts';
import {
  DEFAULT_BUCKET_WINDOW,
  MAX_BEAM,
  MAX_BUCKET_WINDOW,
  MAX_COVERAGE_PENALTY,
  MAX_DECODE_LENGTH,
  MAX_LENGTH_PENALTY,
  MAX_NO_REPEAT_NGRAM,
  MAX_TEMPERATURE,
  MIN_TEMPERATURE,
  type SamplingOptions,
} from '../model/decoding.ts';

export const COMMANDS = ['translate', 'score', 'encode', 'compare'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
  command: CommandName;
  model: string;
  backend: 'gpu' | 'cpu';
  ids: boolean;
  batchSize: number;
  /** translate: lines sorted by length together before being cut into batches; 0 or 1: input order. */
  bucketWindow: number;
  beam?: number;
  nBest?: number;
  maxLength?: number;
  minLength?: number;
  lengthPenalty?: number;
  attention: boolean;
  /** Line i of this file is the prefix of input line i (ids with --ids). */
  prefixFile?: string;
  noRepeatNgram?: number;
  coveragePenalty?: number;
  /** Set by any --sampling-* flag or --seed. */
  sampling?: SamplingOptions;
  replaceUnknowns: boolean;
  alignment: boolean;
  /** Print each line's best hypothesis so far while it decodes. */
  stream: boolean;
  target?: string;
  maxSourceTokens: number;
  /** Report each line's unknown words on stderr. */
  verbose: boolean;
  debug: boolean;
}

const SYNOPSIS = 'usage: unroll <command> --model DIR [options] < input.txt';

const COMMAND_SUMMARY = `commands (one input per stdin line, one JSON object per line on stdout):
  translate   translations: {"text", "source": {"ids", "tokens", "unknown"}, "hypotheses": [...]}
  score       --target FILE      log-probs of each line of FILE given the source line (teacher forcing)
  encode                         encoder outputs and final states
  compare                        cpu vs gpu: largest differences and greedy agreement; exit 1 past tolerance`;

const COMMON_OPTIONS = `common options:
  --model DIR         model directory: config.json, model.safetensors, and vocab.json or tokenizer.json
                      (or source.tokenizer.json + target.tokenizer.json); without either, --ids (required)
  --backend gpu|cpu   default gpu (falls back to a software adapter without a GPU, and says so)
  --ids               lines are whitespace-separated integer ids instead of text
  --batch-size B      lines processed together (default 32); results never depend on B
  --max-source-len N  longest accepted source line in tokens (default 1024)
  --verbose           write each line's unknown words on stderr ("unroll: line 3: unknown words: Zorbak")
  --debug             print stack traces of errors
  --help              this text; \`unroll <command> --help\`: that command's options`;

const TRANSLATE_OPTIONS = `translate options (docs/decoding.md):
  --beam K                  beam width, 1 = greedy (default 1, at most ${MAX_BEAM})
  --n-best N                hypotheses per line, N <= K (default 1)
  --max-len M, --min-len m  most / fewest tokens per hypothesis (EOS counts in M; default 2*S+10 and 0)
  --length-penalty a        score / ((5 + n) / 6)^a (default 0)
  --attention               also print each hypothesis's attention weights [steps][S], rounded to 4 decimals;
                            column j is source token j (the result's source.tokens)
  --prefix-file F           line i of F: tokens forced at the start of line i's output (ids with --ids);
                            F has as many lines as the input, an empty line forces nothing
  --no-repeat-ngram n       no hypothesis repeats an n-gram, n in 1..${MAX_NO_REPEAT_NGRAM} (default: off)
  --coverage-penalty b      final score += b * sum_j log(min(attention mass on j, 1)), b in [0, ${MAX_COVERAGE_PENALTY}]
  --alignment               also print per generated token the source position it attends to most
  --replace-unknowns        an output unk token's text becomes the aligned source word
  --sampling-topk k         sample each token from the k most likely (turns sampling on; needs --beam 1)
  --sampling-topp p         sample from the smallest set of mass >= p, p in (0, 1] (turns sampling on)
  --sampling-temperature T  sample from softmax(logits / T), T in [${MIN_TEMPERATURE}, ${MAX_TEMPERATURE}] (turns sampling on)
  --seed s                  sampling seed, an integer in [0, 2^32) (default 0; turns sampling on)
  --bucket-window W         sort each W lines by length before cutting them into batches, so a batch holds
                            lines of similar length (default ${DEFAULT_BUCKET_WINDOW}, at most ${MAX_BUCKET_WINDOW}; 0 or 1: input
                            order); results and their order are the same, only faster
  --stream                  before each line's result, print {"line": i, "tokens": [...], "text": "...", "done": false}
                            objects with its best hypothesis so far ("ids" with --ids or without vocab)`;

/** Each command's own help: what it prints, then the flags it takes. */
const COMMAND_HELP: Record<CommandName, string> = {
  translate: `usage: unroll translate --model DIR [options] < input.txt

Translates each stdin line; prints per line {"text", "source": {"ids", "tokens", "unknown"}, "hypotheses":
[{"ids", "tokens", "text", "score"}, ...]} (docs/cli.md).

${TRANSLATE_OPTIONS}`,
  score: `usage: unroll score --model DIR --target FILE [options] < sources.txt

Prints per line {"logprobs", "total"}: log p of each token of line i of FILE, then of EOS, given
source line i (teacher forcing).

score options:
  --target FILE       the target sentences, one per line (ids with --ids)`,
  encode: `usage: unroll encode --model DIR [options] < input.txt

Prints per line {"outputs", "h", "c"}: the top-layer encoder outputs [S][H] and the final states.`,
  compare: `usage: unroll compare --model DIR [options] < input.txt

Runs each line on the gpu backend and the cpu reference; prints {"max_abs_diff", "tolerance_used",
"greedy_agree", "within_tolerance"}; exits 1 when a line is past the tolerance.`,
};

/** `unroll --help` (every command), or `unroll <command> --help` (that command's own). */
export function helpText(command?: CommandName): string {
  if (command) return `${COMMAND_HELP[command]}\n\n${COMMON_OPTIONS}`;
  return `${SYNOPSIS}\n\n${COMMAND_SUMMARY}\n\n${COMMON_OPTIONS}\n\n${TRANSLATE_OPTIONS}\n\nrun \`unroll <command> --help\` for one command's options`;
}

/** Flags that take a value, mapped to how they are parsed. */
const VALUE_FLAGS: Record<string, (options: Partial<CliOptions>, value: string, flag: string) => void> = {
  '--model': (o, v) => (o.model = v),
  '--backend': (o, v, flag) => {
    if (v !== 'gpu' && v !== 'cpu') throw new UsageError(`${flag} must be gpu or cpu, got "${v}"`);
    o.backend = v;
  },
  '--batch-size': (o, v, flag) => (o.batchSize = integerFlag(v, flag, 1)),
  '--bucket-window': (o, v, flag) => (o.bucketWindow = integerFlag(v, flag, 0, MAX_BUCKET_WINDOW)),
  // The decoding maxima of docs/decoding.md, refused here as usage errors naming the flag.
  '--beam': (o, v, flag) => (o.beam = integerFlag(v, flag, 1, MAX_BEAM)),
  '--n-best': (o, v, flag) => (o.nBest = integerFlag(v, flag, 1, MAX_BEAM)),
  '--max-len': (o, v, flag) => (o.maxLength = integerFlag(v, flag, 1, MAX_DECODE_LENGTH)),
  '--min-len': (o, v, flag) => (o.minLength = integerFlag(v, flag, 0, MAX_DECODE_LENGTH)),
  '--length-penalty': (o, v, flag) => (o.lengthPenalty = numberFlag(v, flag, MAX_LENGTH_PENALTY)),
  '--prefix-file': (o, v) => (o.prefixFile = v),
  '--no-repeat-ngram': (o, v, flag) => {
    if (/^\d+$/.test(v) && Number(v) === 0) {
      throw new UsageError(
        `${flag}: n-gram size 0 with blocking requested (n must be at least 1; leave the flag out for no blocking)`,
      );
    }
    o.noRepeatNgram = integerFlag(v, flag, 1, MAX_NO_REPEAT_NGRAM);
  },
  '--coverage-penalty': (o, v, flag) => (o.coveragePenalty = numberFlag(v, flag, MAX_COVERAGE_PENALTY)),
  '--sampling-topk': (o, v, flag) => (sampling(o).topK = integerFlag(v, flag, 1)),
  '--sampling-topp': (o, v, flag) => {
    const p = numberFlag(v, flag, 1);
    if (p === 0) throw new UsageError(`${flag} must be in (0, 1], got "${v}"`);
    sampling(o).topP = p;
  },
  '--sampling-temperature': (o, v, flag) => {
    const t = numberFlag(v, flag, MAX_TEMPERATURE);
    if (t < MIN_TEMPERATURE) throw new UsageError(`${flag} must be at least ${MIN_TEMPERATURE}, got "${v}"`);
    sampling(o).temperature = t;
  },
  '--seed': (o, v, flag) => (sampling(o).seed = integerFlag(v, flag, 0, 0xffffffff)),
  '--target': (o, v) => (o.target = v),
  '--max-source-len': (o, v, flag) => (o.maxSourceTokens = integerFlag(v, flag, 1)),
};

const BOOLEAN_FLAGS: Record<string, (options: Partial<CliOptions>) => void> = {
  '--ids': (o) => (o.ids = true),
  '--attention': (o) => (o.attention = true),
  '--debug': (o) => (o.debug = true),
  '--verbose': (o) => (o.verbose = true),
  '--replace-unknowns': (o) => (o.replaceUnknowns = true),
  '--alignment': (o) => (o.alignment = true),
  '--stream': (o) => (o.stream = true),
};

/** Any sampling flag turns sampling on. */
function sampling(options: Partial<CliOptions>): SamplingOptions {
  return (options.sampling ??= {});
}

/** Flags that only make sense for one command. */
const COMMAND_ONLY: Record<string, CommandName> = {
  '--beam': 'translate',
  '--n-best': 'translate',
  '--max-len': 'translate',
  '--min-len': 'translate',
  '--length-penalty': 'translate',
  '--attention': 'translate',
  '--prefix-file': 'translate',
  '--no-repeat-ngram': 'translate',
  '--coverage-penalty': 'translate',
  '--sampling-topk': 'translate',
  '--sampling-topp': 'translate',
  '--sampling-temperature': 'translate',
  '--seed': 'translate',
  '--replace-unknowns': 'translate',
  '--alignment': 'translate',
  '--stream': 'translate',
  '--bucket-window': 'translate',
  '--target': 'score',
};

/** `command`: the help of that command was asked for (`unroll translate --help`). */
export type ParsedArgs = { help: true; command?: CommandName } | { help: false; options: CliOptions };

export function parseArgs(argv: string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    const command = COMMANDS.find((name) => name === argv[0]);
    return command ? { help: true, command } : { help: true };
  }
  const [command, ...rest] = argv;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw new UsageError(`unknown command "${command}" (expected one of ${COMMANDS.join(', ')})`);
  }
  const partial: Partial<CliOptions> = {};
  for (let i = 0; i < rest.length; i++) {
    const [flag, inlineValue] = splitFlag(rest[i]);
    const only = COMMAND_ONLY[flag];
    if (only && only !== command) throw new UsageError(`${flag} applies to "unroll ${only}" only`);
    if (flag in VALUE_FLAGS) {
      const value = inlineValue ?? rest[++i];
      if (value === undefined) throw new UsageError(`${flag} needs a value`);
      VALUE_FLAGS[flag](partial, value, flag);
    } else if (flag in BOOLEAN_FLAGS && inlineValue === undefined) {
      BOOLEAN_FLAGS[flag](partial);
    } else {
      throw new UsageError(`unknown option "${rest[i]}"`);
    }
  }
  if (!partial.model) throw new UsageError('--model DIR is required');
  if (command === 'score' && !partial.target) throw new UsageError('unroll score needs --target FILE');
  if (partial.nBest !== undefined && partial.nBest > (partial.beam ?? 1)) {
    throw new UsageError(`--n-best ${partial.nBest} is larger than --beam ${partial.beam ?? 1}`);
  }
  if (partial.sampling && (partial.beam ?? 1) > 1) {
    throw new UsageError(
      `sampling (--sampling-topk, --sampling-topp, --sampling-temperature, --seed) draws one token at a time: it needs --beam 1, got --beam ${partial.beam}`,
    );
  }
  const options: CliOptions = {
    command: command as CommandName,
    model: partial.model,
    backend: partial.backend ?? 'gpu',
    ids: partial.ids ?? false,
    batchSize: partial.batchSize ?? 32,
    bucketWindow: partial.bucketWindow ?? DEFAULT_BUCKET_WINDOW,
    attention: partial.attention ?? false,
    maxSourceTokens: partial.maxSourceTokens ?? 1024,
    verbose: partial.verbose ?? false,
    debug: partial.debug ?? false,
    beam: partial.beam,
    nBest: partial.nBest,
    maxLength: partial.maxLength,
    minLength: partial.minLength,
    lengthPenalty: partial.lengthPenalty,
    prefixFile: partial.prefixFile,
    noRepeatNgram: partial.noRepeatNgram,
    coveragePenalty: partial.coveragePenalty,
    sampling: partial.sampling,
    replaceUnknowns: partial.replaceUnknowns ?? false,
    alignment: partial.alignment ?? false,
    stream: partial.stream ?? false,
    target: partial.target,
  };
  return { help: false, options };
}

function splitFlag(arg: string): [string, string | undefined] {
  const eq = arg.indexOf('=');
  return arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
}

/**
 * Numbers are plain decimals only: Number() would also take "0x10", "1e3", "Infinity", " 5" and
 * "" (as 0), and a run of digits past 2^53 would be rounded.
 */
function integerFlag(value: string, flag: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min) {
    throw new UsageError(`${flag} must be ${min === 0 ? 'a non-negative' : 'a positive'} integer, got "${value}"`);
  }
  // Also every run of digits that is not a safe integer (max is at most 2^53 − 1).
  if (n > max) throw new UsageError(`${flag} must be at most ${max}, got "${value}"`);
  return n;
}

function numberFlag(value: string, flag: string, max: number): number {
  if (!/^\d+(\.\d+)?$/.test(value)) {
    throw new UsageError(`${flag} must be a non-negative decimal number, got "${value}"`);
  }
  const n = Number(value);
  if (n > max) throw new UsageError(`${flag} must be at most ${max}, got "${value}"`);
  return n;
}
