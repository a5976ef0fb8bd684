import { InputError } from '../errors.ts';
import type { ModelConfig } from './config.ts';

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
  /**
   * Target ids forced at the start of every hypothesis, one list per source sentence of the call
   * (an empty list forces nothing). They are part of the hypothesis and of its score, and count in
   * maxLength and minLength. pad, bos and eos may not be forced.
   */
  prefix?: readonly (readonly number[])[];
  /** No hypothesis contains the same n-gram twice (n ≥ 1); 0 or absent: off. */
  noRepeatNgram?: number;
  /**
   * β of the GNMT coverage penalty: the final score gains β·Σ_j log(max(min(Σ_t α_tj, 1), COVERAGE_FLOOR)).
   * Needs a model with attention. Default 0.
   */
  coveragePenalty?: number;
  /** Draw each token instead of taking the best; beam 1 only. */
  sampling?: SamplingOptions;
  /** Return, per generated id, the source position with the largest attention weight. Default false. */
  alignment?: boolean;
  /**
   * The index of the call's first source in the whole input: sentence i of the call draws its
   * random numbers with key (seed, sentenceOffset + i, step), so results never depend on batching.
   * Default 0.
   */
  sentenceOffset?: number;
  /**
   * Each source's own random-number key, one per source sentence of the call, integers in
   * [0, 2^32): sentence i draws with key (seed, sentenceKeys[i], step) and sentenceOffset is not
   * used. For a caller that batches sentences out of order (length bucketing): a key travels with
   * its sentence, so a sampled result does not depend on the batch it lands in.
   */
  sentenceKeys?: readonly number[];
}

/** Sampling (docs/decoding.md): softmax(logits / temperature) cut to the top k and/or the top-p mass. */
export interface SamplingOptions {
  /** Keep the k most likely tokens (k ≥ 1); absent: no cut. */
  topK?: number;
  /** Keep the smallest set of most likely tokens whose mass is ≥ p, p in (0, 1]; absent: 1. */
  topP?: number;
  /** T > 0; absent: 1. */
  temperature?: number;
  /** An integer in [0, 2^32); absent: 0. The same seed gives the same draws on both backends. */
  seed?: number;
}

/** Decode options with every default filled in (docs/decoding.md). */
export interface ResolvedDecodeOptions {
  readonly beam: number;
  readonly nBest: number;
  readonly maxLength: number;
  readonly minLength: number;
  readonly lengthPenalty: number;
  readonly attention: boolean;
  /** The sentence's forced tokens ([] when none). */
  readonly prefix: readonly number[];
  /** 0: off. */
  readonly noRepeatNgram: number;
  readonly coveragePenalty: number;
  /** Present when sampling, every field filled (topK 0 = no cut). */
  readonly sampling?: Readonly<Required<SamplingOptions>>;
  readonly alignment: boolean;
  /** The key of the sentence's random numbers: its sentenceKeys entry, else sentenceOffset + its index in the call. */
  readonly sentence: number;
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
/** Largest n of noRepeatNgram: the check reads the last n − 1 tokens of a hypothesis at every step. */
export const MAX_NO_REPEAT_NGRAM = 16;
/** Largest β of the coverage penalty (the term is at most S·log(COVERAGE_FLOOR) per unit of β). */
export const MAX_COVERAGE_PENALTY = 10;
/** Coverage below this counts as this, so a source position never attended to costs a finite amount. */
export const COVERAGE_FLOOR = 1e-6;
/** Temperatures accepted for sampling: logits / T stays within f32 for T ≥ this. */
export const MIN_TEMPERATURE = 1e-3;
export const MAX_TEMPERATURE = 100;

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
  checkMoreOptions(options, bounded);
}

function checkBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new InputError(`decode option ${name} must be true or false (got ${JSON.stringify(value) ?? typeof value})`);
  }
}

/** prefix, noRepeatNgram, coveragePenalty, sampling, alignment, sentence keys (docs/decoding.md). */
function checkMoreOptions(options: DecodeOptions, bounded: boolean): void {
  const { prefix, noRepeatNgram, coveragePenalty, sampling, alignment } = options;
  if (prefix !== undefined) {
    if (!Array.isArray(prefix) || !prefix.every((ids) => Array.isArray(ids))) {
      throw new InputError('decode option prefix must be a list of id lists, one per source sentence');
    }
    prefix.forEach((ids, i) =>
      ids.forEach((id, t) => {
        if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
          throw new InputError(`decode option prefix: sentence ${i}, position ${t}: ${String(id)} is not a token id`);
        }
      }),
    );
  }
  if (noRepeatNgram !== undefined) {
    checkInteger('noRepeatNgram', noRepeatNgram, 0, bounded ? MAX_NO_REPEAT_NGRAM : Number.MAX_SAFE_INTEGER);
  }
  if (coveragePenalty !== undefined) {
    if (typeof coveragePenalty !== 'number' || !Number.isFinite(coveragePenalty) || coveragePenalty < 0) {
      throw new InputError(
        `decode option coveragePenalty must be a finite number >= 0 (got ${String(coveragePenalty)})`,
      );
    }
    if (bounded && coveragePenalty > MAX_COVERAGE_PENALTY) {
      throw new InputError(
        `decode option coveragePenalty must be at most ${MAX_COVERAGE_PENALTY} (got ${coveragePenalty})`,
      );
    }
  }
  checkBoolean('alignment', alignment);
  checkSentenceKeys(options);
  if (sampling !== undefined) checkSampling(sampling, options.beam ?? 1);
}

function checkSentenceKeys({ sentenceOffset, sentenceKeys }: DecodeOptions): void {
  if (sentenceOffset !== undefined) checkInteger('sentenceOffset', sentenceOffset, 0, 0xffffffff);
  if (sentenceKeys === undefined) return;
  if (!Array.isArray(sentenceKeys)) {
    throw new InputError('decode option sentenceKeys must be a list of integers, one per source sentence');
  }
  sentenceKeys.forEach((key: number, i) => checkInteger(`sentenceKeys[${i}]`, key, 0, 0xffffffff));
}

function checkSampling(sampling: SamplingOptions, beam: number): void {
  if (typeof sampling !== 'object' || sampling === null || Array.isArray(sampling)) {
    throw new InputError('decode option sampling must be an object { topK, topP, temperature, seed }');
  }
  if (beam !== 1) throw new InputError(`decode option sampling needs beam 1 (got beam ${beam})`);
  const { topK, topP, temperature, seed } = sampling;
  if (topK !== undefined) checkInteger('sampling.topK', topK, 1, Number.MAX_SAFE_INTEGER);
  if (topP !== undefined && (typeof topP !== 'number' || !(topP > 0 && topP <= 1))) {
    throw new InputError(`decode option sampling.topP must be in (0, 1] (got ${String(topP)})`);
  }
  if (
    temperature !== undefined &&
    (typeof temperature !== 'number' || !(temperature >= MIN_TEMPERATURE && temperature <= MAX_TEMPERATURE))
  ) {
    throw new InputError(
      `decode option sampling.temperature must be a number in [${MIN_TEMPERATURE}, ${MAX_TEMPERATURE}] (got ${String(temperature)})`,
    );
  }
  if (seed !== undefined) checkInteger('sampling.seed', seed, 0, 0xffffffff);
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
  config: ModelConfig,
): CheckedDecodeOptions {
  const checked = checkDecodeOptions(options);
  const beam = checked.beam ?? 1;
  if (beam > config.tgt_vocab_size) {
    throw new InputError(
      `decode option beam (${beam}) must not exceed the target vocabulary size tgt_vocab_size (${config.tgt_vocab_size})`,
    );
  }
  checked.prefix?.forEach((ids, i) =>
    ids.forEach((id, t) => {
      const where = `decode option prefix: sentence ${i}, position ${t}`;
      if (id >= config.tgt_vocab_size) {
        throw new InputError(`${where}: id ${id} is outside the target vocabulary (size ${config.tgt_vocab_size})`);
      }
      if (id === config.pad_id || id === config.bos_id || id === config.eos_id) {
        throw new InputError(`${where}: id ${id} is pad_id, bos_id or eos_id, which cannot be forced`);
      }
    }),
  );
  if ((checked.coveragePenalty ?? 0) > 0 && config.format === 'seq2seq-rnn' && config.attention === 'none') {
    throw new InputError('decode option coveragePenalty needs a model with attention (this one has attention "none")');
  }
  const topK = checked.sampling?.topK;
  if (topK !== undefined && topK > config.tgt_vocab_size) {
    throw new InputError(
      `decode option sampling.topK (${topK}) must not exceed the target vocabulary size tgt_vocab_size (${config.tgt_vocab_size})`,
    );
  }
  const limit = config.format === 'seq2seq-transformer' ? config.max_positions : undefined;
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
 * Validates `options` and fills the defaults for sentence `sentence` of the call (its prefix, its
 * random-number key); maxLength defaults to 2·S + 10 for a source of S tokens, at most
 * MAX_DECODE_LENGTH (and at most the checked options' lengthLimit).
 */
export function resolveDecodeOptions(
  options: DecodeOptions | undefined,
  sourceLength: number,
  sentence = 0,
): ResolvedDecodeOptions {
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
    prefix: given.prefix?.[sentence] ?? [],
    noRepeatNgram: given.noRepeatNgram ?? 0,
    coveragePenalty: given.coveragePenalty ?? 0,
    sampling: given.sampling && {
      topK: given.sampling.topK ?? 0,
      topP: given.sampling.topP ?? 1,
      temperature: given.sampling.temperature ?? 1,
      seed: given.sampling.seed ?? 0,
    },
    alignment: given.alignment ?? false,
    sentence: given.sentenceKeys?.[sentence] ?? (given.sentenceOffset ?? 0) + sentence,
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

/**
 * The options of sources first..end−1 of a call, for a part of it decoded on its own (a batch):
 * their prefixes, and their random-number keys (their sentenceKeys, else the key of their first
 * sentence). Checked like the whole.
 */
export function optionsForPart(options: CheckedDecodeOptions, first: number, end: number): CheckedDecodeOptions {
  const whole = (list: readonly unknown[] | undefined) => list === undefined || list.length === end;
  if (first === 0 && whole(options.prefix) && whole(options.sentenceKeys)) return options;
  const part: DecodeOptions & { lengthLimit?: number } = {
    ...options,
    prefix: options.prefix?.slice(first, end),
    sentenceOffset: (options.sentenceOffset ?? 0) + first,
    sentenceKeys: options.sentenceKeys?.slice(first, end),
  };
  if (part.prefix === undefined) delete part.prefix;
  if (part.sentenceKeys === undefined) delete part.sentenceKeys;
  const copy = Object.freeze(part);
  checkValues(copy, true);
  checkedOptions.add(copy);
  return copy as CheckedDecodeOptions;
}

/** A call's prefix and sentenceKeys lists have one entry per source sentence. */
export function checkPrefixCount(options: CheckedDecodeOptions, sources: number): void {
  for (const [name, list] of [
    ['prefix', options.prefix],
    ['sentenceKeys', options.sentenceKeys],
  ] as const) {
    if (list !== undefined && list.length !== sources) {
      throw new InputError(
        `decode option ${name} has ${list.length} entries for ${sources} source sentences (one per sentence)`,
      );
    }
  }
}

// Length bucketing (Marian's maxi-batch; docs/decoding.md, "Batching"): inputs sorted by source
// length inside windows, then cut into batches, so a batch, which decodes until its longest
// sentence ends, holds sentences of similar length. Only the order of the work changes: each
// sentence keeps its options and its random-number key (sentenceKeys), and the API and the command
// line hand results back in input order.

/** Inputs sorted together by default: 8 batches of the default batch size. */
export const DEFAULT_BUCKET_WINDOW = 256;
/** Largest window: sorting costs nothing, but a stream's first result waits for the window's order. */
export const MAX_BUCKET_WINDOW = 65536;

/** The window of an option value (undefined: the default), refused unless an integer in [0, MAX]. */
export function checkBucketWindow(value: unknown, name = 'option bucketWindow'): number {
  if (value === undefined) return DEFAULT_BUCKET_WINDOW;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_BUCKET_WINDOW) {
    throw new InputError(
      `${name} must be an integer in [0, ${MAX_BUCKET_WINDOW}] (got ${JSON.stringify(value) ?? typeof value})`,
    );
  }
  return value;
}

/**
 * Positions 0..lengths.length−1 in batches of at most batchSize, in processing order. With a window
 * above 1, it is rounded up to whole batches (no batch straddles two windows) and each window's
 * positions are sorted by length, shortest first; equal lengths keep their order (the sort is
 * stable). A window of 0 or 1 keeps the input order.
 */
export function bucketedBatches(lengths: readonly number[], batchSize: number, window: number): number[][] {
  const order = lengths.map((_, i) => i);
  if (window > 1) {
    const span = Math.ceil(window / batchSize) * batchSize;
    for (let start = 0; start < order.length; start += span) {
      const sorted = order.slice(start, start + span).sort((a, b) => lengths[a] - lengths[b]);
      sorted.forEach((position, k) => (order[start + k] = position));
    }
  }
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}
