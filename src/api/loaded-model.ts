/**
 * A model loaded on a backend: texts and id lists in, results with tokens out, in batches, over
 * one Seq2SeqRunner that it owns.
 */
import type { EncodeResult, ScoreResult } from '../model/results.ts';
import type { Seq2SeqRunner, TranslateProgress } from '../engine/runner.ts';
import {
  type DecodeOptions,
  bucketedBatches,
  checkBucketWindow,
  checkDecodeOptionsForModel,
  resolveDecodeOptions,
} from '../model/decoding.ts';
import { alignmentOf, replaceUnknownTokens } from '../model/alignment.ts';
import type { Hypothesis } from '../model/results.ts';
import { InputError, UnrollError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import { NonFiniteResultError, finiteHypotheses, finiteScore } from '../model/finite-results.ts';
import type { Model, Vocabulary } from '../model/model.ts';
import { tokenizerOf } from '../model/tokenizer/model-tokenizer.ts';
import type { Encoding, Tokenizer } from '../model/tokenizer/types.ts';
import { type Side, encodeText, prefixIds, sourceTokens, sourceWords, toSentences } from './inputs.ts';
import type {
  LoadedModel,
  SentenceInput,
  TranslateEvent,
  TranslateOptions,
  TranslatedHypothesis,
  Translation,
} from './types.ts';

export const DEFAULT_BATCH_SIZE = 32;

export class EngineModel implements LoadedModel {
  readonly backend: 'gpu' | 'cpu';
  readonly config: ModelConfig;
  readonly vocab?: Vocabulary;
  /** The model's tokenizer (src/model/tokenizer), the one the command line and the demo use. */
  private readonly tokenizer?: Tokenizer;
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
    this.tokenizer = tokenizerOf(model);
    this.runner = runner;
  }

  tokenize(text: string, side: Side = 'source'): number[] {
    return encodeText(text, side, this.tokenizer).ids;
  }

  translate(input: string, options?: TranslateOptions): Promise<Translation>;
  translate(input: readonly (string | readonly number[])[], options?: TranslateOptions): Promise<Translation[]>;
  async translate(input: SentenceInput, options: TranslateOptions = {}): Promise<Translation | Translation[]> {
    const { single, translations } = await this.decode(input, options);
    return single ? translations[0] : translations;
  }

  translateStream(input: SentenceInput, options: TranslateOptions = {}): AsyncIterable<TranslateEvent> {
    return { [Symbol.asyncIterator]: () => this.events(input, options) };
  }

  /** translateStream's events: the decode's progress and results, queued until the caller takes them. */
  private async *events(input: SentenceInput, options: TranslateOptions): AsyncGenerator<TranslateEvent> {
    const queue: TranslateEvent[] = [];
    let wake: (() => void) | undefined;
    let stopped = false;
    let settled = false;
    let failed = false;
    let failure: unknown;
    const push = (events: TranslateEvent[]) => {
      queue.push(...events);
      wake?.();
    };
    void this.decode(input, options, { progress: push, done: push, stopped: () => stopped })
      .then(
        () => (settled = true),
        (error: unknown) => {
          settled = failed = true;
          failure = error;
        },
      )
      .finally(() => wake?.());
    try {
      for (;;) {
        const next = queue.shift();
        if (next) {
          yield next;
          continue;
        }
        if (settled) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
    } finally {
      stopped = true;
    }
    if (failed) throw failure;
  }

  /**
   * The translation of every input, batchSize non-empty sources at a time, length-bucketed
   * (bucketedBatches). Each batch gets the options of its own inputs (their prefixes, their
   * random-number keys: sentenceOffset + input index), so no result depends on the batching.
   */
  private async decode(
    input: SentenceInput,
    options: TranslateOptions,
    listener?: DecodeListener,
  ): Promise<{ single: boolean; translations: Translation[] }> {
    const runner = this.live('translate');
    const { prefix, replaceUnknowns, bucketWindow, ...decodeOptions } = options ?? {};
    const window = checkBucketWindow(bucketWindow);
    if (replaceUnknowns !== undefined && typeof replaceUnknowns !== 'boolean') {
      throw new InputError(`option replaceUnknowns must be true or false (got ${String(replaceUnknowns)})`);
    }
    // Checked once here, before tokenising; each batch's options are checked again (cheaply).
    const checked = checkDecodeOptionsForModel(decodeOptions, this.config);
    const withAlignment = checked.alignment === true || replaceUnknowns === true;
    if (withAlignment && this.config.format === 'seq2seq-rnn' && this.config.attention === 'none') {
      const option = replaceUnknowns ? 'replaceUnknowns' : 'alignment';
      throw new InputError(`option ${option} needs a model with attention (this one has attention "none")`);
    }
    if (replaceUnknowns && !this.vocab) {
      throw new InputError('option replaceUnknowns needs a vocabulary (the model has no vocab.json or tokenizer.json)');
    }
    const sentences = toSentences(input, 'source', this.config, this.tokenizer, 'source');
    const { ids } = sentences;
    const prefixes = prefixIds(prefix, sentences.single, ids.length, this.config, this.tokenizer);
    prefixes?.forEach((forced, i) => {
      if (!forced || ids[i].length === 0) return;
      const { maxLength } = resolveDecodeOptions(checked, ids[i].length);
      if (forced.length > maxLength) {
        throw new InputError(
          `option prefix of input ${i} has ${forced.length} tokens, more than maxLength ${maxLength} for that sentence`,
        );
      }
    });
    const words = replaceUnknowns ? sourceWords(sentences, this.vocab) : undefined;
    // Alignment comes from the attention rows: asked for internally, handed out only when asked.
    const engineOptions: DecodeOptions = withAlignment ? { ...checked, alignment: true, attention: true } : checked;
    const shape = { attention: checked.attention === true, alignment: checked.alignment === true };

    const source = (i: number) => this.source(ids[i], sentences.encodings[i]);
    const translations: (Translation | undefined)[] = ids.map((sourceIds, i) =>
      sourceIds.length > 0 ? undefined : this.translation(source(i), []),
    );
    // Results are announced in input order: every input before `announced` has had its event, and
    // an input is announced once it and every input before it have their translation.
    let announced = 0;
    const announce = () => {
      const events: TranslateEvent[] = [];
      for (; announced < ids.length && translations[announced]; announced++) {
        events.push({ index: announced, translation: translations[announced] as Translation, done: true });
      }
      if (events.length > 0) listener?.done(events);
    };
    const batches = this.batchesOf(ids, window);
    const base = checked.sentenceOffset ?? 0;
    for (const batch of batches) {
      announce();
      if (listener?.stopped()) break;
      const part = checkDecodeOptionsForModel(
        {
          ...engineOptions,
          ...(prefixes ? { prefix: batch.map((i) => prefixes[i] ?? []) } : {}),
          // Keys travel with the inputs (mod 2^32, as the kernel's u32 arithmetic had them).
          sentenceKeys: batch.map((i) => (base + i) >>> 0),
        },
        this.config,
      );
      const onProgress =
        listener &&
        ((progress: readonly TranslateProgress[]) =>
          listener.progress(
            progress.map(({ sentence, ids: sofar }): TranslateEvent => {
              const text = this.tokenizer?.decodeTarget(sofar);
              return { index: batch[sentence], ids: [...sofar], ...text, done: false };
            }),
          ));
      let nBest: Hypothesis[][];
      try {
        nBest = await runner.translate(
          batch.map((i) => ids[i]),
          part,
          onProgress,
        );
      } catch (error) {
        throw renumbered(error, batch);
      }
      const minLength = checked.minLength ?? 0;
      refuseNonFinite(
        nBest.map((hypotheses) => finiteHypotheses(hypotheses, { config: this.config, minLength })),
        batch,
      );
      batch.forEach((i, k) => {
        const hypotheses = nBest[k].map((h) => this.hypothesis(h, shape, words?.[i]));
        translations[i] = this.translation(source(i), hypotheses);
      });
    }
    if (!listener?.stopped()) announce();
    return { single: sentences.single, translations: translations as Translation[] };
  }

  /** The non-empty inputs' indices in batches of at most batchSize, length-bucketed by `window`. */
  private batchesOf(ids: readonly number[][], window: number): number[][] {
    const nonEmpty = ids.flatMap((sourceIds, i) => (sourceIds.length > 0 ? [i] : []));
    const lengths = nonEmpty.map((i) => ids[i].length);
    return bucketedBatches(lengths, this.batchSize, window).map((batch) => batch.map((k) => nonEmpty[k]));
  }

  encode(input: string): Promise<EncodeResult>;
  encode(input: readonly (string | readonly number[])[]): Promise<EncodeResult[]>;
  async encode(input: SentenceInput): Promise<EncodeResult | EncodeResult[]> {
    const runner = this.live('encode');
    const sentences = toSentences(input, 'source', this.config, this.tokenizer, 'source');
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
    const sources = toSentences(sourceInput, 'source', this.config, this.tokenizer, 'source');
    const targets = toSentences(targetInput, 'target', this.config, this.tokenizer, 'target');
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

  /** The source as the model saw it; with a tokenizer, its tokens and the typed words that became unk. */
  private source(ids: number[], encoding: Encoding | undefined): Translation['source'] {
    if (!this.tokenizer) return { ids, tokens: sourceTokens(ids, this.vocab) };
    return { ids, tokens: encoding?.tokens ?? sourceTokens(ids, this.vocab), unknown: encoding?.unknown ?? [] };
  }

  /** A result, with the best hypothesis's text on top when the model has a tokenizer. */
  private translation(source: Translation['source'], hypotheses: TranslatedHypothesis[]): Translation {
    return this.tokenizer ? { text: hypotheses[0]?.text ?? '', source, hypotheses } : { source, hypotheses };
  }

  /** A runner's hypothesis with tokens, its alignment and attention as asked, unknowns replaced with `words`. */
  private hypothesis(
    h: Hypothesis,
    shape: { attention: boolean; alignment: boolean },
    words: string[] | undefined,
  ): TranslatedHypothesis {
    const alignment = h.alignment ?? (h.attention && alignmentOf(h.attention, h.ids.length));
    const decoded = this.tokenizer?.decodeTarget(h.ids);
    let text = decoded && { tokens: decoded.tokens, text: decoded.text };
    if (text && words && alignment && this.vocab) {
      const tokens = replaceUnknownTokens(text.tokens, alignment, words, this.vocab.target[this.config.unk_id]);
      // Only a replaced token changes the text: otherwise the tokenizer's own decoding stands.
      if (tokens.some((token, t) => token !== text?.tokens[t])) {
        text = { tokens, text: this.tokenizer!.detokenizeTarget(tokens) };
      }
    }
    return {
      ids: h.ids,
      ...text,
      score: h.score,
      ...(shape.attention && h.attention ? { attention: h.attention } : {}),
      ...(shape.alignment && alignment ? { alignment } : {}),
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

/**
 * An input error that names a sentence by its index in a batch ("source sentence 2 ...", "prefix of
 * sentence 2 ..."), renamed by its index in the call: `indexes` maps one to the other.
 */
function renumbered(error: unknown, indexes: readonly number[] | number): unknown {
  if (!(error instanceof InputError) || error.name === 'NonFiniteResultError') return error;
  const match = /^(source sentence|prefix of sentence) (\d+)\b/.exec(error.message);
  if (!match) return error;
  const inBatch = Number(match[2]);
  const index = typeof indexes === 'number' ? inBatch + indexes : (indexes[inBatch] ?? inBatch);
  return new InputError(`${match[1]} ${index}${error.message.slice(match[0].length)}`);
}

/** Who follows a decode: translateStream. */
interface DecodeListener {
  progress(events: TranslateEvent[]): void;
  done(events: TranslateEvent[]): void;
  /** The caller stopped listening: no further batch is started. */
  stopped(): boolean;
}
