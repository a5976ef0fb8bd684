/**
 * One translation as the page shows it: the GPU backend decodes (the CPU reference when there is
 * no GPU, or when the GPU cannot run the asked search), the CPU reference decodes the same input
 * again with every step recorded for the step-through and the beam tree.
 */
import type { Hypothesis } from '../../src/model/results.ts';
import type { ProgressListener, Seq2SeqRunner } from '../../src/engine/runner.ts';
import { alignmentOf, replaceUnknownTokens } from '../../src/model/alignment.ts';
import type { DecodeOptions, SamplingOptions } from '../../src/model/decoding.ts';
import type { Model } from '../../src/model/model.ts';
import { tokenizerOf } from '../../src/model/tokenizer/model-tokenizer.ts';
import type { Tokenizer } from '../../src/model/tokenizer/types.ts';
import { sourceTokensOf } from '../text/model-text.ts';
import type { SourceToken } from '../text/tokenize.ts';
import type { DecodeTrace, TracedHypothesis } from '../trace/decode-trace.ts';
import type { RunDetail } from '../trace/model-tracer.ts';
import type { Backends } from './backends.ts';

export interface RunOptions {
  beam: number;
  nBest: number;
  /** Spanish words forced at the start of the translation ('' or absent: none). */
  prefix?: string;
  /** No hypothesis repeats an n-gram of this size (0 or absent: off). */
  noRepeatNgram?: number;
  /** β of the coverage penalty (0 or absent: off). */
  coveragePenalty?: number;
  /** Draw each token instead of searching: beam 1, one hypothesis. */
  sampling?: SamplingOptions;
  /** An output unk token shows the source word it is aligned with. */
  replaceUnknowns?: boolean;
}

export interface EngineResult {
  hypotheses: Hypothesis[];
  /** Wall time of the translate() call, readback included. */
  ms: number;
}

export interface ShownHypothesis {
  ids: number[];
  tokens: string[];
  text: string;
  score: number;
  /** [generated steps][S], EOS step included; absent for models without attention. */
  attention?: number[][];
  /** Per token, the source position it attends to most (with attention). */
  alignment?: number[];
  /** Positions of tokens that were unk and show the aligned source word instead. */
  replaced: number[];
  /** The CPU's recorded path for the same ids; undefined when the CPU found other ids. */
  traced?: TracedHypothesis;
}

export interface TranslationRun {
  text: string;
  source: SourceToken[];
  sourceIds: number[];
  options: RunOptions;
  shown: { backend: 'gpu' | 'cpu'; hypotheses: ShownHypothesis[] };
  gpu?: EngineResult;
  /** Why the GPU did not decode this input (no WebGPU, or a search it cannot run). */
  gpuError?: string;
  cpu: EngineResult;
  decode: DecodeTrace;
  /** The family's own recorded values: encoder states (recurrent) or attention maps (Transformer). */
  detail: RunDetail;
  /** How many partial translations the shown backend reported while it decoded. */
  progress: number;
  /** Milliseconds from the reader's request to this result (queue, both engines and the recording); set by the page. */
  waitedMs?: number;
}

async function timed(
  runner: Seq2SeqRunner,
  source: number[],
  options: DecodeOptions,
  onProgress?: ProgressListener,
): Promise<EngineResult> {
  const started = performance.now();
  const [hypotheses] = await runner.translate([source], { ...options, attention: true }, onProgress);
  return { hypotheses, ms: performance.now() - started };
}

/**
 * The prefix as target ids. Word-level: each space-separated word looked up as typed in the Spanish
 * vocabulary (a word outside it is refused by name). A tokenizer.json model: the tokenizer's
 * pieces, refused when a word would become the unk token (forcing unk is never what was meant).
 */
function prefixIds(model: Model, tokenizer: Tokenizer, prefix: string): number[] {
  if (tokenizer.kind !== 'words') {
    const encoded = tokenizer.encodeTarget(prefix);
    const [word] = encoded.unknown;
    if (word !== undefined) throw new Error(`the prefix word "${word}" is not in the Spanish vocabulary`);
    return encoded.ids;
  }
  const target = model.vocab?.target ?? [];
  const words = prefix
    .trim()
    .split(/\s+/u)
    .filter((word) => word.length > 0);
  return words.map((word) => {
    const id = target.indexOf(word);
    if (id < 0) throw new Error(`the prefix word "${word}" is not in the Spanish vocabulary`);
    return id;
  });
}

/** The engine's options for the page's: the prefix as ids, sampling with beam 1, the off values left out. */
function decodeOptionsOf(model: Model, tokenizer: Tokenizer, options: RunOptions): DecodeOptions {
  const prefix = prefixIds(model, tokenizer, options.prefix ?? '');
  return {
    beam: options.sampling ? 1 : options.beam,
    nBest: options.sampling ? 1 : options.nBest,
    ...(prefix.length > 0 ? { prefix: [prefix] } : {}),
    ...(options.noRepeatNgram ? { noRepeatNgram: options.noRepeatNgram } : {}),
    ...(options.coveragePenalty ? { coveragePenalty: options.coveragePenalty } : {}),
    ...(options.sampling ? { sampling: options.sampling } : {}),
  };
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tokenises `text` with the model's tokenizer; an input with no tokens is refused before any work. */
export async function runTranslation(
  model: Model,
  backends: Backends,
  text: string,
  asked: RunOptions,
  onPartial?: (tokens: string[]) => void,
): Promise<TranslationRun> {
  const tokenizer = tokenizerOf(model);
  if (!tokenizer) throw new Error('the model has no vocabulary');
  const source = sourceTokensOf(tokenizer, text, model.config.unk_id);
  if (source.length === 0) throw new Error('type a sentence first');
  const sourceIds = source.map((token) => token.id);
  const decodeOptions = decodeOptionsOf(model, tokenizer, asked);
  const options: RunOptions = { ...asked, beam: decodeOptions.beam ?? 1, nBest: decodeOptions.nBest ?? 1 };

  // The translation grows on the page while the first engine decodes (the GPU's at its readbacks).
  let progress = 0;
  const listener: ProgressListener = (list) => {
    const best = list.find((entry) => entry.sentence === 0);
    if (!best) return;
    progress++;
    onPartial?.(tokenizer.decodeTarget(best.ids).tokens);
  };

  let gpu: EngineResult | undefined;
  let gpuError = backends.gpuUnavailable;
  if (backends.gpu) {
    try {
      gpu = await timed(backends.gpu.runner, sourceIds, decodeOptions, listener);
    } catch (error) {
      gpuError = describeError(error);
      progress = 0;
    }
  }
  const cpu = await timed(backends.cpu, sourceIds, decodeOptions, gpu ? undefined : listener);
  const { decode, detail } = backends.tracer.trace(sourceIds, decodeOptions);

  const chosen = gpu ?? cpu;
  const unk = model.vocab?.target[model.config.unk_id] ?? '<unk>';
  const hypotheses = chosen.hypotheses.map((hypothesis): ShownHypothesis => {
    const decoded = tokenizer.decodeTarget(hypothesis.ids);
    const plain = decoded.tokens;
    const alignment =
      hypothesis.alignment ?? (hypothesis.attention && alignmentOf(hypothesis.attention, hypothesis.ids.length));
    const typed = source.map((token) => token.typed);
    const tokens = options.replaceUnknowns && alignment ? replaceUnknownTokens(plain, alignment, typed, unk) : plain;
    const replaced = tokens.flatMap((token, i) => (token !== plain[i] ? [i] : []));
    return {
      ids: hypothesis.ids,
      tokens,
      // The tokenizer's own decoding unless an unk token was replaced by a typed word.
      text: replaced.length === 0 ? decoded.text : tokenizer.detokenizeTarget(tokens),
      score: hypothesis.score,
      attention: hypothesis.attention,
      alignment,
      replaced,
      traced: decode.hypotheses.find((traced) => sameIds(traced.ids, hypothesis.ids)),
    };
  });
  return {
    text,
    source,
    sourceIds,
    options,
    shown: { backend: gpu ? 'gpu' : 'cpu', hypotheses },
    gpu,
    gpuError,
    cpu,
    decode,
    detail,
    progress,
  };
}
