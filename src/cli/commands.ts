import type { Seq2SeqRunner } from '../engine/runner.ts';
import { compareBackends } from '../engine/compare.ts';
import { NonFiniteResultError, finiteHypotheses, finiteScore } from '../model/finite-results.ts';
import type { Model } from '../model/model.ts';
import type { CliOptions } from './args.ts';
import { tokensOf } from './input.ts';

/** One batch of non-empty, valid inputs; `targets` only for `score`. */
export interface Batch {
  sources: number[][];
  targets?: number[][];
}

export interface CommandContext {
  options: CliOptions;
  model: Model;
  runner: Seq2SeqRunner;
  /** The cpu reference, for `compare` only. */
  reference?: Seq2SeqRunner;
}

/** Runs one batch and returns one JSON-ready object per input, in order. */
export type CommandRunner = (context: CommandContext, batch: Batch) => Promise<object[]>;

const rows = (list: ArrayLike<number>[]) => list.map((row) => Array.from(row));

export const COMMAND_RUNNERS: Record<CliOptions['command'], CommandRunner> = {
  async translate({ options, model, runner }, { sources }) {
    const nBest = await runner.translate(sources, {
      beam: options.beam,
      nBest: options.nBest,
      maxLength: options.maxLength,
      minLength: options.minLength,
      lengthPenalty: options.lengthPenalty,
      attention: options.attention,
    });
    // An input error makes the caller rerun the batch line by line, so only the line at fault fails.
    const allowed = { config: model.config, minLength: options.minLength ?? 0 };
    if (!nBest.every((hypotheses) => finiteHypotheses(hypotheses, allowed))) throw new NonFiniteResultError();
    return nBest.map((hypotheses) => ({
      hypotheses: hypotheses.map((hyp) => ({
        ids: hyp.ids,
        ...(model.vocab ? { tokens: tokensOf(hyp.ids, model.vocab.target) } : {}),
        score: hyp.score,
        ...(options.attention && hyp.attention ? { attention: hyp.attention } : {}),
      })),
    }));
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

/** The object written for an empty input line (docs/cli.md). */
export function emptyResult(command: CliOptions['command']): object {
  return command === 'translate' ? { hypotheses: [] } : {};
}
