/**
 * A model loaded on a backend: texts and id lists in, results with tokens out, in batches, over
 * one Seq2SeqRunner that it owns.
 */
import type { EncodeResult, ScoreResult } from '../model/results.ts';
import type { Seq2SeqRunner } from '../engine/runner.ts';
import { checkDecodeOptionsForModel } from '../model/decoding.ts';
import { InputError, UnrollError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import { NonFiniteResultError, finiteHypotheses, finiteScore } from '../model/finite-results.ts';
import type { Model, Vocabulary } from '../model/model.ts';
import { type Side, sourceTokens, targetTokens, toSentences, tokenize } from './inputs.ts';
import type { LoadedModel, SentenceInput, TranslateOptions, TranslatedHypothesis, Translation } from './types.ts';

export const DEFAULT_BATCH_SIZE = 32;

export class EngineModel implements LoadedModel {
  readonly backend: 'gpu' | 'cpu';
  readonly config: ModelConfig;
  readonly vocab?: Vocabulary;
  private runner: Seq2SeqRunner | undefined;

  constructor(
    model: Model,
    runner: Seq2SeqRunner,
    private readonly batchSize: number,
    private readonly onDispose: () => void,
  ) {
    this.backend = runner.backend;
    this.config = model.config;
    this.vocab = model.vocab;
    this.runner = runner;
  }

  tokenize(text: string, side: Side = 'source'): number[] {
    return tokenize(text, side, this.config, this.vocab);
  }

  translate(input: string, options?: TranslateOptions): Promise<Translation>;
  translate(input: readonly (string | readonly number[])[], options?: TranslateOptions): Promise<Translation[]>;
  async translate(input: SentenceInput, options: TranslateOptions = {}): Promise<Translation | Translation[]> {
    const runner = this.live('translate');
    // Checked once here, before tokenising; the engine recognises the checked copy.
    const checked = checkDecodeOptionsForModel(options, this.config);
    const sentences = toSentences(input, 'source', this.config, this.vocab, 'source');
    // An empty source has no hypotheses (docs/cli.md); the others go to the engine.
    const nonEmpty = sentences.ids.filter((ids) => ids.length > 0);
    const nBest = await this.inBatches(nonEmpty, (batch) => runner.translate(batch, checked));
    refuseNonFinite(
      nonEmpty.map((_, i) => finiteHypotheses(nBest[i], { config: this.config, minLength: checked.minLength ?? 0 })),
      sentences.ids.flatMap((ids, i) => (ids.length > 0 ? [i] : [])),
    );
    let next = 0;
    const results = sentences.ids.map((ids): Translation => {
      const hypotheses = ids.length === 0 ? [] : nBest[next++].map((h) => this.hypothesis(h.ids, h.score, h.attention));
      return { source: { ids, tokens: sourceTokens(ids, this.vocab) }, hypotheses };
    });
    return sentences.single ? results[0] : results;
  }

  encode(input: string): Promise<EncodeResult>;
  encode(input: readonly (string | readonly number[])[]): Promise<EncodeResult[]>;
  async encode(input: SentenceInput): Promise<EncodeResult | EncodeResult[]> {
    const runner = this.live('encode');
    const sentences = toSentences(input, 'source', this.config, this.vocab, 'source');
    refuseEmpty(sentences.ids, 'source');
    const results = await this.inBatches(sentences.ids, (batch) => runner.encode(batch));
    return sentences.single ? results[0] : results;
  }

  score(source: string, target: string): Promise<ScoreResult>;
  score(
    sources: readonly (string | readonly number[])[],
    targets: readonly (string | readonly number[])[],
  ): Promise<ScoreResult[]>;
  async score(sourceInput: SentenceInput, targetInput: SentenceInput): Promise<ScoreResult | ScoreResult[]> {
    const runner = this.live('score');
    const sources = toSentences(sourceInput, 'source', this.config, this.vocab, 'source');
    const targets = toSentences(targetInput, 'target', this.config, this.vocab, 'target');
    if (sources.single !== targets.single || sources.ids.length !== targets.ids.length) {
      throw new InputError(
        `score needs as many targets as sources, in the same form (a text each, or lists): got ${sources.ids.length} source(s) and ${targets.ids.length} target(s)`,
      );
    }
    refuseEmpty(sources.ids, 'source');
    const pairs = sources.ids.map((ids, i) => ({ source: ids, target: targets.ids[i] }));
    const results = await this.inBatches(pairs, (batch) =>
      runner.score(
        batch.map((pair) => pair.source),
        batch.map((pair) => pair.target),
      ),
    );
    refuseNonFinite(
      results.map(finiteScore),
      results.map((_, i) => i),
    );
    return sources.single ? results[0] : results;
  }

  dispose(): void {
    if (!this.runner) return;
    const runner = this.runner;
    this.runner = undefined;
    runner.dispose();
    this.onDispose();
  }

  private live(what: string): Seq2SeqRunner {
    if (!this.runner) throw new UnrollError('disposed', `model.${what}() after model.dispose()`);
    return this.runner;
  }

  private hypothesis(ids: number[], score: number, attention: number[][] | undefined): TranslatedHypothesis {
    const tokens = targetTokens(ids, this.vocab);
    return {
      ids,
      ...(tokens ? { tokens, text: tokens.join(' ') } : {}),
      score,
      ...(attention ? { attention } : {}),
    };
  }

  /** Runs `items` through `work` batchSize at a time, results in order. */
  private async inBatches<I, R>(items: readonly I[], work: (batch: I[]) => Promise<R[]>): Promise<R[]> {
    const results: R[] = [];
    for (let start = 0; start < items.length; start += this.batchSize) {
      try {
        results.push(...(await work(items.slice(start, start + this.batchSize))));
      } catch (error) {
        throw start > 0 ? renumbered(error, start) : error;
      }
    }
    return results;
  }
}

function refuseEmpty(sentences: readonly number[][], what: string): void {
  const empty = sentences.findIndex((ids) => ids.length === 0);
  if (empty >= 0) throw new InputError(`${what} ${empty} is empty: there is nothing to encode`);
}

/** Rejects the call when a sentence's result is NaN or infinite (src/model/finite-results.ts). */
function refuseNonFinite(finite: readonly boolean[], sentenceIndex: readonly number[]): void {
  const bad = finite.indexOf(false);
  if (bad >= 0) throw new NonFiniteResultError(`sentence ${sentenceIndex[bad]}`);
}

/** An input error that names a sentence by its index in a batch, renamed by its index in the call. */
function renumbered(error: unknown, offset: number): unknown {
  if (!(error instanceof InputError)) return error;
  const match = /^source sentence (\d+)\b/.exec(error.message);
  if (!match) return error;
  const index = Number(match[1]) + offset;
  return new InputError(`source sentence ${index}${error.message.slice(match[0].length)}`);
}
