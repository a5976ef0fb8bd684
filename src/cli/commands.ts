import type { Seq2SeqRunner, TranslateProgress } from '../engine/runner.ts';
import { compareBackends } from '../engine/compare.ts';
import { alignmentOf, replaceUnknownTokens } from '../model/alignment.ts';
import { type CheckedDecodeOptions, checkDecodeOptionsForModel } from '../model/decoding.ts';
import type { Hypothesis } from '../model/results.ts';
import { NonFiniteResultError, finiteHypotheses, finiteScore } from '../model/finite-results.ts';
import type { Model } from '../model/model.ts';
import type { Encoding, Tokenizer } from '../model/tokenizer/types.ts';
import type { CliOptions } from './args.ts';

/** One batch of non-empty, valid inputs; `targets` only for `score`. */
export interface Batch {
  sources: number[][];
  targets?: number[][];
  /** Each source's input line number (from 1): its sampling key is line − 1, whatever the batching or order. */
  lines: number[];
  /** translate --prefix-file: each source's forced tokens ([] for none). */
  prefixes?: number[][];
  /** translate --replace-unknowns: each source's words as typed (the text an unk token takes). */
  words?: string[][];
  /** Each source's tokenizer encoding (undefined for an --ids line). */
  encodings: (Encoding | undefined)[];
}

/**
 * The inputs at `positions` of a batch as a batch of their own, in that order: a length bucket, or
 * one input (a batch at fault is answered line by line).
 */
export function batchPart(batch: Batch, positions: readonly number[]): Batch {
  const at = <T>(list: T[]) => positions.map((i) => list[i]);
  return {
    sources: at(batch.sources),
    targets: batch.targets && at(batch.targets),
    lines: at(batch.lines),
    prefixes: batch.prefixes && at(batch.prefixes),
    words: batch.words && at(batch.words),
    encodings: at(batch.encodings),
  };
}

export interface CommandContext {
  options: CliOptions;
  model: Model;
  /** The model's tokenizer (src/model/tokenizer); undefined for a model that takes ids only. */
  tokenizer?: Tokenizer;
  runner: Seq2SeqRunner;
  /** The cpu reference, for `compare` only. */
  reference?: Seq2SeqRunner;
  /** translate: the decode options of the flags, checked against the model (alignment and attention as needed). */
  decode?: CheckedDecodeOptions;
  /** translate --stream: each line's best hypothesis so far. */
  progress?: (line: number, ids: number[]) => void;
}

/** Runs one batch and returns one JSON-ready object per input, in order. */
export type CommandRunner = (context: CommandContext, batch: Batch) => Promise<object[]>;

const rows = (list: ArrayLike<number>[]) => list.map((row) => Array.from(row));

export const COMMAND_RUNNERS: Record<CliOptions['command'], CommandRunner> = {
  async translate({ options, model, tokenizer, runner, decode, progress }, batch) {
    if (!decode) throw new Error('translate needs its decode options');
    // With sampling, a line's random numbers are keyed by its line number, whichever lines share its batch.
    const part = checkDecodeOptionsForModel(
      {
        ...decode,
        ...(batch.prefixes ? { prefix: batch.prefixes } : {}),
        sentenceKeys: batch.lines.map((line) => line - 1),
      },
      model.config,
    );
    const onProgress =
      progress &&
      ((list: readonly TranslateProgress[]) =>
        list.forEach(({ sentence, ids }) => progress(batch.lines[sentence], ids)));
    const nBest: Hypothesis[][] = await runner.translate(batch.sources, part, onProgress);
    // An input error makes the caller rerun the batch line by line, so only the line at fault fails.
    const allowed = { config: model.config, minLength: options.minLength ?? 0 };
    if (!nBest.every((hypotheses) => finiteHypotheses(hypotheses, allowed))) throw new NonFiniteResultError();
    const unkToken = model.vocab?.target[model.config.unk_id];
    return nBest.map((list, k) => {
      const hypotheses = list.map((hyp) => {
        const alignment =
          options.alignment || options.replaceUnknowns
            ? (hyp.alignment ?? (hyp.attention && alignmentOf(hyp.attention, hyp.ids.length)))
            : undefined;
        let text = tokenizer?.decodeTarget(hyp.ids);
        const words = batch.words?.[k];
        if (text && tokenizer && options.replaceUnknowns && alignment && words && unkToken !== undefined) {
          const tokens = replaceUnknownTokens(text.tokens, alignment, words, unkToken);
          // Only a replaced token changes the text: otherwise the tokenizer's own decoding stands.
          if (tokens.some((token, t) => token !== text?.tokens[t])) {
            text = { tokens, text: tokenizer.detokenizeTarget(tokens) };
          }
        }
        return {
          ids: hyp.ids,
          ...(text ? { tokens: text.tokens, text: text.text } : {}),
          score: hyp.score,
          ...(options.attention && hyp.attention ? { attention: hyp.attention.map(roundedRow) } : {}),
          ...(options.alignment && alignment ? { alignment } : {}),
        };
      });
      return translateResult(model, tokenizer, batch.sources[k], batch.encodings[k], hypotheses);
    });
  },

  async score({ runner }, { sources, targets }) {
    const scores = await runner.score(sources, targets ?? []);
    if (!scores.every(finiteScore)) throw new NonFiniteResultError();
    return scores.map((s) => ({ logprobs: s.logprobs, total: s.total }));
  },

  async encode({ runner }, { sources }) {
    const encoded = await runner.encode(sources);
    return encoded.map((e) => ({
      outputs: rows(e.outputs),
      ...(e.h ? { h: rows(e.h) } : {}),
      ...(e.c ? { c: rows(e.c) } : {}),
    }));
  },

  async compare({ model, runner, reference }, { sources }) {
    if (!reference) throw new Error('compare needs the cpu reference runner');
    const results = await compareBackends(reference, runner, sources, model.config.eos_id);
    // A sentence the reference itself overflows on has nothing to compare against: its line's error.
    if (!results.every((r) => r.referenceFinite)) throw new NonFiniteResultError();
    return results.map((r) => ({
      max_abs_diff: r.maxAbsDiff,
      tolerance_used: r.toleranceUsed,
      greedy_agree: r.greedyAgree,
      ...(r.greedyAgree ? {} : { near_tie: r.nearTie }),
      within_tolerance: r.withinTolerance,
    }));
  },
};

/** Decimals of the printed attention weights: enough to read a heat map, short enough to read the line. */
const ATTENTION_DECIMALS = 4;
const ATTENTION_SCALE = 10 ** ATTENTION_DECIMALS;

function roundedRow(row: readonly number[]): number[] {
  // `+ 0` turns a rounded -0 into 0, which JSON would print as 0 anyway but tests compare exactly.
  return row.map((weight) => Math.round(weight * ATTENTION_SCALE) / ATTENTION_SCALE + 0);
}

/**
 * A translate result: with a tokenizer, the best hypothesis's text on top and the source as the
 * model saw it (ids, tokens, the typed words that became unk), as the API's Translation has them.
 */
function translateResult(
  model: Model,
  tokenizer: Tokenizer | undefined,
  ids: number[],
  encoding: Encoding | undefined,
  hypotheses: { text?: string }[],
): object {
  if (!tokenizer) return { hypotheses };
  const tokens = encoding?.tokens ?? ids.map((id) => model.vocab?.source[id] ?? `<${id}>`);
  return {
    text: hypotheses[0]?.text ?? '',
    source: { ids, tokens, unknown: encoding?.unknown ?? [] },
    hypotheses,
  };
}

/** The object written for an empty input line (docs/cli.md). */
export function emptyResult(command: CliOptions['command'], model: Model, tokenizer: Tokenizer | undefined): object {
  return command === 'translate' ? translateResult(model, tokenizer, [], undefined, []) : {};
}
