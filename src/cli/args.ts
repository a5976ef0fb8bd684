import { UsageError } from '../errors.ts';
import { MAX_BEAM, MAX_DECODE_LENGTH, MAX_LENGTH_PENALTY } from '../model/decoding.ts';

export const COMMANDS = ['translate', 'score', 'encode', 'compare'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CliOptions {
  command: CommandName;
  model: string;
  backend: 'gpu' | 'cpu';
  ids: boolean;
  batchSize: number;
  beam?: number;
  nBest?: number;
  maxLength?: number;
  minLength?: number;
  lengthPenalty?: number;
  attention: boolean;
  target?: string;
  maxSourceTokens: number;
  debug: boolean;
}

export const USAGE = `usage: unroll <command> --model DIR [options] < input.txt

commands (one input per stdin line, one JSON object per line on stdout):
  translate   [--beam K] [--n-best N] [--max-len M] [--min-len m] [--length-penalty a] [--attention]
  score       --target FILE      log-probs of each line of FILE given the source line (teacher forcing)
  encode                         encoder outputs and final states
  compare                        cpu vs gpu: largest differences and greedy agreement; exit 1 past tolerance

common options:
  --model DIR         model directory: config.json, model.safetensors, optional vocab.json (required)
  --backend gpu|cpu   default gpu (falls back to a software adapter without a GPU, and says so)
  --ids               lines are whitespace-separated integer ids instead of text
  --batch-size B      lines processed together (default 32); results never depend on B
  --max-source-len N  longest accepted source line in tokens (default 1024)
  --debug             print stack traces of errors
  --help              this text`;

/** Flags that take a value, mapped to how they are parsed. */
const VALUE_FLAGS: Record<string, (options: Partial<CliOptions>, value: string, flag: string) => void> = {
  '--model': (o, v) => (o.model = v),
  '--backend': (o, v, flag) => {
    if (v !== 'gpu' && v !== 'cpu') throw new UsageError(`${flag} must be gpu or cpu, got "${v}"`);
    o.backend = v;
  },
  '--batch-size': (o, v, flag) => (o.batchSize = integerFlag(v, flag, 1)),
  // The decoding maxima of docs/decoding.md, refused here as usage errors naming the flag.
  '--beam': (o, v, flag) => (o.beam = integerFlag(v, flag, 1, MAX_BEAM)),
  '--n-best': (o, v, flag) => (o.nBest = integerFlag(v, flag, 1, MAX_BEAM)),
  '--max-len': (o, v, flag) => (o.maxLength = integerFlag(v, flag, 1, MAX_DECODE_LENGTH)),
  '--min-len': (o, v, flag) => (o.minLength = integerFlag(v, flag, 0, MAX_DECODE_LENGTH)),
  '--length-penalty': (o, v, flag) => (o.lengthPenalty = numberFlag(v, flag, MAX_LENGTH_PENALTY)),
  '--target': (o, v) => (o.target = v),
  '--max-source-len': (o, v, flag) => (o.maxSourceTokens = integerFlag(v, flag, 1)),
};

const BOOLEAN_FLAGS: Record<string, (options: Partial<CliOptions>) => void> = {
  '--ids': (o) => (o.ids = true),
  '--attention': (o) => (o.attention = true),
  '--debug': (o) => (o.debug = true),
};

/** Flags that only make sense for one command. */
const COMMAND_ONLY: Record<string, CommandName> = {
  '--beam': 'translate',
  '--n-best': 'translate',
  '--max-len': 'translate',
  '--min-len': 'translate',
  '--length-penalty': 'translate',
  '--attention': 'translate',
  '--target': 'score',
};

export type ParsedArgs = { help: true } | { help: false; options: CliOptions };

export function parseArgs(argv: string[]): ParsedArgs {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { help: true };
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
  const options: CliOptions = {
    command: command as CommandName,
    model: partial.model,
    backend: partial.backend ?? 'gpu',
    ids: partial.ids ?? false,
    batchSize: partial.batchSize ?? 32,
    attention: partial.attention ?? false,
    maxSourceTokens: partial.maxSourceTokens ?? 1024,
    debug: partial.debug ?? false,
    beam: partial.beam,
    nBest: partial.nBest,
    maxLength: partial.maxLength,
    minLength: partial.minLength,
    lengthPenalty: partial.lengthPenalty,
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
