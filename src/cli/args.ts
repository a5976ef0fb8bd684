import { UsageError } from '../errors.ts';

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
  '--batch-size': (o, v, flag) => (o.batchSize = positiveInteger(v, flag)),
  '--beam': (o, v, flag) => (o.beam = positiveInteger(v, flag)),
  '--n-best': (o, v, flag) => (o.nBest = positiveInteger(v, flag)),
  '--max-len': (o, v, flag) => (o.maxLength = positiveInteger(v, flag)),
  '--min-len': (o, v, flag) => (o.minLength = nonNegativeInteger(v, flag)),
  '--length-penalty': (o, v, flag) => (o.lengthPenalty = nonNegativeNumber(v, flag)),
  '--target': (o, v) => (o.target = v),
  '--max-source-len': (o, v, flag) => (o.maxSourceTokens = positiveInteger(v, flag)),
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

function positiveInteger(value: string, flag: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1) throw new UsageError(`${flag} must be a positive integer, got "${value}"`);
  return n;
}

function nonNegativeInteger(value: string, flag: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${flag} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function nonNegativeNumber(value: string, flag: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${flag} must be a non-negative number, got "${value}"`);
  }
  return n;
}
