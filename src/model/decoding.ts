import { InputError } from '../errors.ts';

export interface DecodeOptions {
  /** Beam width K; 1 = greedy. Default 1. */
  beam?: number;
  /** Hypotheses returned per sentence, ≤ beam. Default 1. */
  nBest?: number;
  /** Most tokens generated per hypothesis, EOS included. Default 2·S + 10. */
  maxLength?: number;
  /** EOS is not allowed before this many tokens. Default 0. */
  minLength?: number;
  /** α in score / ((5 + n) / 6)^α. Default 0. */
  lengthPenalty?: number;
  /** Return attention weights [steps][S] of every generated step. Default false. */
  attention?: boolean;
}

/** Decode options with every default filled in (docs/decoding.md). */
export interface ResolvedDecodeOptions {
  readonly beam: number;
  readonly nBest: number;
  readonly maxLength: number;
  readonly minLength: number;
  readonly lengthPenalty: number;
  readonly attention: boolean;
}

/** The special target ids the search drivers treat specially; a StepModel has them all. */
export interface SpecialTargetIds {
  readonly padId: number;
  readonly bosId: number;
  readonly eosId: number;
}

/** Widest beam accepted: the search's buffers and work grow with K (docs/decoding.md, "Options"). */
export const MAX_BEAM = 64;
/** Most tokens a hypothesis may generate, and the most minLength may ask for. */
export const MAX_DECODE_LENGTH = 4096;
/** Largest α: ((5 + n) / 6)^α for n ≤ MAX_DECODE_LENGTH stays far below the f32 range. */
export const MAX_LENGTH_PENALTY = 10;

function checkInteger(name: string, value: number, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw new InputError(`decode option ${name} must be an integer >= ${min} (got ${String(value)})`);
  }
  if (value > max) throw new InputError(`decode option ${name} must be at most ${max} (got ${value})`);
}

declare const checkedBrand: unique symbol;

/**
 * Options that passed checkDecodeOptions: a frozen copy that is never checked again. A model whose
 * decoder reads one position per step (a Transformer's max_positions) adds `lengthLimit`, which caps
 * the default maxLength.
 */
export type CheckedDecodeOptions = Readonly<DecodeOptions> & {
  readonly [checkedBrand]: true;
  readonly lengthLimit?: number;
};

const checkedOptions = new WeakSet();

/**
 * The values' types and ranges; `bounded` adds the maxima, which limit what one call may allocate.
 * Unbounded, the reference search can be driven past them, as the tests that compare it with an
 * exhaustive search (K = V^(M−1)) do.
 */
function checkValues(options: DecodeOptions, bounded: boolean): void {
  const { beam, nBest, maxLength, minLength, lengthPenalty, attention } = options;
  const most = (max: number) => (bounded ? max : Number.MAX_SAFE_INTEGER);
  if (beam !== undefined) checkInteger('beam', beam, 1, most(MAX_BEAM));
  if (nBest !== undefined) {
    checkInteger('nBest', nBest, 1, most(MAX_BEAM));
    if (nBest > (beam ?? 1)) {
      throw new InputError(`decode option nBest (${nBest}) must not exceed beam (${beam ?? 1})`);
    }
  }
  if (maxLength !== undefined) checkInteger('maxLength', maxLength, 1, most(MAX_DECODE_LENGTH));
  // minLength may exceed maxLength: EOS is then never allowed and every hypothesis ends at maxLength.
  if (minLength !== undefined) checkInteger('minLength', minLength, 0, most(MAX_DECODE_LENGTH));
  if (lengthPenalty !== undefined) {
    if (typeof lengthPenalty !== 'number' || !Number.isFinite(lengthPenalty) || lengthPenalty < 0) {
      throw new InputError(`decode option lengthPenalty must be a finite number >= 0 (got ${String(lengthPenalty)})`);
    }
    if (bounded && lengthPenalty > MAX_LENGTH_PENALTY) {
      throw new InputError(`decode option lengthPenalty must be at most ${MAX_LENGTH_PENALTY} (got ${lengthPenalty})`);
    }
  }
  if (attention !== undefined && typeof attention !== 'boolean') {
    throw new InputError(`decode option attention must be true or false (got ${String(attention)})`);
  }
}

/**
 * Checks the options a caller gave, without filling defaults, once per call: the copy it returns is
 * recognised by every layer below (runner, decoder, search), which then skip the check. A bad value
 * is reported once for a whole batch rather than per sentence, and before anything is allocated.
 */
export function checkDecodeOptions(options: DecodeOptions = {}): CheckedDecodeOptions {
  if (checkedOptions.has(options)) return options as CheckedDecodeOptions;
  checkValues(options, true);
  const copy = Object.freeze({ ...options });
  checkedOptions.add(copy);
  return copy as CheckedDecodeOptions;
}

/**
 * The options against a model: the beam may not be wider than the target vocabulary; with
 * `max_positions` (Transformers: step t reads decoder position t) a hypothesis generates at most
 * max_positions tokens, so a larger maxLength is refused and the default is capped there.
 */
export function checkDecodeOptionsForModel(
  options: DecodeOptions | undefined,
  config: { readonly tgt_vocab_size: number; readonly max_positions?: number },
): CheckedDecodeOptions {
  const checked = checkDecodeOptions(options);
  const beam = checked.beam ?? 1;
  if (beam > config.tgt_vocab_size) {
    throw new InputError(
      `decode option beam (${beam}) must not exceed the target vocabulary size tgt_vocab_size (${config.tgt_vocab_size})`,
    );
  }
  const limit = config.max_positions;
  if (limit === undefined || checked.lengthLimit === limit) return checked;
  if (checked.maxLength !== undefined && checked.maxLength > limit) {
    throw new InputError(
      `decode option maxLength (${checked.maxLength}) must not exceed the model's max_positions (${limit}): step t of the decoder reads position t`,
    );
  }
  const limited = Object.freeze({ ...checked, lengthLimit: limit });
  checkedOptions.add(limited);
  return limited;
}

/**
 * Validates `options` and fills the defaults; maxLength defaults to 2·S + 10 for a source of S
 * tokens, at most MAX_DECODE_LENGTH (and at most the checked options' lengthLimit).
 */
export function resolveDecodeOptions(options: DecodeOptions | undefined, sourceLength: number): ResolvedDecodeOptions {
  // Options from an entry point arrive checked; others (the search's own callers) get the checks
  // without the maxima.
  const given: DecodeOptions & { lengthLimit?: number } = options ?? {};
  if (!checkedOptions.has(given)) checkValues(given, false);
  return {
    beam: given.beam ?? 1,
    nBest: given.nBest ?? 1,
    // The default stays within the bound a caller could give (sources of more than 2043 tokens)
    // and within the model's positions.
    maxLength: given.maxLength ?? Math.min(2 * sourceLength + 10, MAX_DECODE_LENGTH, given.lengthLimit ?? Infinity),
    minLength: given.minLength ?? 0,
    lengthPenalty: given.lengthPenalty ?? 0,
    attention: given.attention ?? false,
  };
}

/** The length penalty divisor ((5 + n) / 6)^α for n generated tokens, EOS included. */
export function lengthPenaltyDivisor(tokenCount: number, alpha: number): number {
  return alpha === 0 ? 1 : Math.pow((5 + tokenCount) / 6, alpha);
}

/**
 * The log-probs a driver may choose from at step `step` (= tokens generated so far, 0 at the
 * first step). pad and bos are never generated: −∞, no renormalisation. minLength counts the
 * tokens before EOS, as OpenNMT-py's min_length does: EOS is forbidden while fewer than
 * minLength tokens have been generated, so every hypothesis that ends with EOS has at least
 * minLength ids. Returns a new array; `logProbs` is left as it was.
 */
export function maskLogProbs(
  logProbs: Float64Array,
  step: number,
  options: Pick<ResolvedDecodeOptions, 'minLength'>,
  ids: SpecialTargetIds,
): Float64Array {
  const masked = Float64Array.from(logProbs);
  masked[ids.padId] = -Infinity;
  masked[ids.bosId] = -Infinity;
  if (step < options.minLength) masked[ids.eosId] = -Infinity;
  return masked;
}

/** Whether a masked log-prob can be chosen: −∞ (masked or impossible) and NaN never are. */
export function isAllowed(logProb: number): boolean {
  return logProb > -Infinity;
}
