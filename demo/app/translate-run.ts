/**
 * One translation as the page shows it: the GPU backend decodes (the CPU reference when there is
 * no GPU, or when the GPU cannot run the asked search), the CPU reference decodes the same input
 * again with every step recorded for the step-through and the beam tree.
 */
import type { Hypothesis } from '../../src/model/results.ts';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import type { Model } from '../../src/model/model.ts';
import { type SourceToken, detokenize, tokenizeSource } from '../text/tokenize.ts';
import type { DecodeTrace, TracedHypothesis } from '../trace/decode-trace.ts';
import type { RunDetail } from '../trace/model-tracer.ts';
import type { Backends } from './backends.ts';

export interface RunOptions {
  beam: number;
  nBest: number;
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
}

async function timed(runner: Seq2SeqRunner, source: number[], options: RunOptions): Promise<EngineResult> {
  const started = performance.now();
  const [hypotheses] = await runner.translate([source], { ...options, attention: true });
  return { hypotheses, ms: performance.now() - started };
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tokenises `text`; an input with no words is refused before any work. */
export async function runTranslation(
  model: Model,
  backends: Backends,
  text: string,
  options: RunOptions,
): Promise<TranslationRun> {
  const vocab = model.vocab;
  if (!vocab) throw new Error('the model has no vocabulary');
  const source = tokenizeSource(text, vocab.source, model.config.unk_id);
  if (source.length === 0) throw new Error('type a sentence first');
  const sourceIds = source.map((token) => token.id);

  let gpu: EngineResult | undefined;
  let gpuError = backends.gpuUnavailable;
  if (backends.gpu) {
    try {
      gpu = await timed(backends.gpu.runner, sourceIds, options);
    } catch (error) {
      gpuError = describeError(error);
    }
  }
  const cpu = await timed(backends.cpu, sourceIds, options);
  const { decode, detail } = backends.tracer.trace(sourceIds, options);

  const chosen = gpu ?? cpu;
  const hypotheses = chosen.hypotheses.map((hypothesis): ShownHypothesis => {
    const tokens = hypothesis.ids.map((id) => vocab.target[id] ?? `<${id}>`);
    return {
      ids: hypothesis.ids,
      tokens,
      text: detokenize(tokens),
      score: hypothesis.score,
      attention: hypothesis.attention,
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
  };
}
