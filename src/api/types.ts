// GPUDevice in the public types: declarations of the package bring the WebGPU types with them.
/// <reference types="@webgpu/types" preserve="true" />
/**
 * The public API's types: what `createBackend`, `backend.load` and a loaded model take and give.
 * The engine underneath is the Seq2SeqRunner of src/engine/runner.ts; these types add text, batching
 * and ownership on top of it.
 */
import type { DecodeOptions } from '../model/decoding.ts';
import type { EncodeResult, ScoreResult } from '../model/results.ts';
import type { AdapterSummary } from '../gpu/device.ts';
import type { ModelConfig } from '../model/config.ts';
import type { ModelFiles } from '../model/load.ts';
import type { Model, Vocabulary } from '../model/model.ts';

export type { AdapterSummary } from '../gpu/device.ts';
export type { DecodeOptions } from '../model/decoding.ts';
export type { EncodeResult, ScoreResult } from '../model/results.ts';
export type { ModelConfig } from '../model/config.ts';
export type { Model, Vocabulary } from '../model/model.ts';

export type BackendOptions =
  | {
      kind: 'gpu';
      /** A device of the caller's: the backend uses it and leaves it alive on dispose(). */
      device?: GPUDevice;
      /** Receives the adapter line, device losses and uncaptured WebGPU errors. */
      log?: (line: string) => void;
    }
  | { kind: 'cpu' };

/**
 * Where a model comes from:
 * - `{ config, safetensors, vocab?, tokenizer?, sourceTokenizer?, targetTokenizer? }`: the files'
 *   contents (text or parsed JSON, bytes);
 * - `{ url }` or a URL: a base address holding config.json, model.safetensors and the optional
 *   vocab.json or tokenizer files (a 404 means the model does not have that file);
 * - a string: a base address in a browser; in Node (the `unroll/node` entry) a directory path,
 *   unless it starts with http:// or https://;
 * - a Model returned by loadModel(), to run one parsed model on several backends.
 */
export type ModelSource = ModelFileContents | { url: string | URL } | URL | string | Model;

/** ModelFiles, with the weights also accepted as an ArrayBuffer (what `fetch` gives). */
export interface ModelFileContents extends Omit<ModelFiles, 'safetensors'> {
  safetensors: Uint8Array | ArrayBuffer;
}

export interface LoadOptions {
  /** Sentences sent to the engine at a time (default 32); results never depend on it. */
  batchSize?: number;
}

/**
 * Sentences to run: one text (one result back), or a list of texts and/or token-id lists (one
 * result per entry). Texts go through the model's tokenizer, as on the command line and in the demo
 * (docs/model-format.md, "Tokenizers"): vocab.json's word-level one (punctuation split off, a
 * capitalised word only known in lower case looked up so, unknown words as unk_id) or tokenizer.json's;
 * ids exclude BOS and EOS.
 */
export type SentenceInput = string | readonly (string | readonly number[])[];

/**
 * A translation's prefix: target tokens forced at the start of every hypothesis (docs/decoding.md,
 * "prefix"). A text goes through the target side of the model's tokenizer (a word it does not know
 * is an InputError naming the word); an id list is taken as it is (no BOS or EOS; pad, bos and eos
 * may not be forced).
 */
export type PrefixInput = string | readonly number[];

/**
 * Decoding options (docs/decoding.md), with the prefix given per input and text-level unknown
 * replacement on top.
 */
export interface TranslateOptions extends Omit<DecodeOptions, 'prefix' | 'sentenceKeys'> {
  /**
   * Tokens forced at the start of the output. For a single text: that text's prefix (a text or an id
   * list). For a list input: a list aligned with it, one entry per input: a text, an id list, or
   * undefined for no prefix. The forced tokens are part of every hypothesis (`ids`, `tokens`, score)
   * and count in maxLength and minLength; a prefix longer than the sentence's maxLength is refused.
   */
  prefix?: PrefixInput | readonly (PrefixInput | undefined)[];
  /**
   * An output token equal to the unk token is replaced, in `tokens` and `text`, by the source word
   * it is aligned with (its largest attention weight), as typed: a word outside the source
   * vocabulary comes back as it was written. `ids` keep unk_id. Needs a model with attention and a
   * vocabulary. Default false.
   */
  replaceUnknowns?: boolean;
  /**
   * The random-number key of the first input: input i draws its samples with key (seed,
   * sentenceOffset + i, step), i counting every entry of the input (empty ones too). Batching never
   * changes it, so a sampled result depends on the seed and the input's position only. Default 0.
   */
  sentenceOffset?: number;
  /**
   * Length bucketing (docs/decoding.md, "Batching"; src/model/decoding.ts): the non-empty inputs are taken bucketWindow at
   * a time, sorted by source length (stable: equal lengths keep their order) and then cut into
   * batches of the load's batchSize, so a batch holds sentences of similar length and stops sooner.
   * Results are the same as without it and come back in input order. 0 or 1: batches in input
   * order. An integer in [0, MAX_BUCKET_WINDOW]; default DEFAULT_BUCKET_WINDOW (256).
   */
  bucketWindow?: number;
}

export interface TranslatedHypothesis {
  /** Generated target ids, BOS and EOS excluded. */
  ids: number[];
  /** Their tokens (with a vocabulary or tokenizer). */
  tokens?: string[];
  /**
   * The detokenised text (with a vocabulary or tokenizer): vocab.json's tokens joined with no space
   * before closing punctuation or after opening marks, or tokenizer.json's decoder output.
   */
  text?: string;
  /**
   * Sum of token log-probs (EOS included when generated, forced prefix tokens too), divided by the
   * length penalty, plus the coverage penalty's term when `coveragePenalty` > 0.
   */
  score: number;
  /** α of every generated step, [steps][S], with `attention: true` on a model with attention. */
  attention?: number[][];
  /**
   * With `alignment: true`: per id (EOS excluded), the source position with the largest attention
   * weight at that step (ties: the lowest position).
   */
  alignment?: number[];
}

export interface Translation {
  /** The best hypothesis's text ('' when there is none), with a vocabulary or tokenizer. */
  text?: string;
  /**
   * The source as the model saw it: ids, and with a vocabulary or tokenizer its tokens (unknown
   * words as the unk token) and `unknown`, the typed words that became the unk token (each once;
   * empty for an id list).
   */
  source: { ids: number[]; tokens?: string[]; unknown?: string[] };
  /** Best first; empty for an empty source. */
  hypotheses: TranslatedHypothesis[];
}

/**
 * An event of `translateStream`: the best hypothesis so far of input `index` while it decodes
 * (`done: false`: its ids, prefix included, and with a vocabulary their tokens, unknowns not yet
 * replaced), then its result (`done: true`: the Translation `translate` gives for that input).
 */
export type TranslateEvent =
  | { index: number; ids: number[]; tokens?: string[]; text?: string; done: false }
  | { index: number; translation: Translation; done: true };

export interface LoadedModel {
  readonly backend: 'gpu' | 'cpu';
  readonly config: ModelConfig;
  readonly vocab?: Vocabulary;
  /** Source (default) or target text to ids, as inputs are tokenised. */
  tokenize(text: string, side?: 'source' | 'target'): number[];
  translate(input: string, options?: TranslateOptions): Promise<Translation>;
  translate(input: readonly (string | readonly number[])[], options?: TranslateOptions): Promise<Translation[]>;
  /**
   * The same translation as `translate`, as events while it decodes (a single text is input 0).
   * Inputs are decoded in batches of the load's batchSize. While a batch decodes, `done: false`
   * events carry the best hypothesis so far of its sentences still decoding, at the points where the
   * backend looks at its progress anyway (the gpu backend: once per chunk of steps; the cpu backend:
   * every few steps), so a short sentence may have none. `done: true` events come in input order, as
   * batches finish: each input gets exactly one, once it and every input before it are done, with
   * the result `translate` returns for it (an empty input: no hypotheses). An error (a bad option, a
   * non-finite result) ends the iteration by throwing; options and inputs are checked before any
   * event. Leaving the loop early does not stop the batch in progress; later batches are not run.
   * With length bucketing (`bucketWindow`) batches run in length order within a window, so an
   * input's `done` event may wait for a later batch of its window that holds an earlier input.
   */
  translateStream(
    input: string | readonly (string | readonly number[])[],
    options?: TranslateOptions,
  ): AsyncIterable<TranslateEvent>;
  /** Top-layer encoder outputs and final states; every source must be non-empty. */
  encode(input: string): Promise<EncodeResult>;
  encode(input: readonly (string | readonly number[])[]): Promise<EncodeResult[]>;
  /** log p of each target token then of EOS (teacher forcing); sources and targets pair up in order. */
  score(source: string, target: string): Promise<ScoreResult>;
  score(
    sources: readonly (string | readonly number[])[],
    targets: readonly (string | readonly number[])[],
  ): Promise<ScoreResult[]>;
  /** Frees the model's GPU buffers; later calls reject with UnrollError kind 'disposed'. */
  dispose(): void;
}

export interface Backend {
  readonly kind: 'gpu' | 'cpu';
  /** The adapter the gpu backend runs on (isSoftware: SwiftShader or another CPU implementation). */
  readonly adapter?: AdapterSummary;
  /** The gpu backend's device. */
  readonly device?: GPUDevice;
  /** Loads a model; a load that fails frees whatever it had allocated. */
  load(source: ModelSource, options?: LoadOptions): Promise<LoadedModel>;
  /** Disposes every model loaded here, then the device unless the caller supplied it. */
  dispose(): void;
}
