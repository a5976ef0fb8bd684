/**
 * The CPU backend: the reference engine behind the Seq2SeqRunner interface. Everything is
 * computed in f64 and converted to f32 only where the interface hands out Float32Arrays.
 */
import { type DecodeOptions, checkDecodeOptionsForModel, checkPrefixCount } from '../model/decoding.ts';
import type { EncodeResult, Hypothesis, ScoreResult } from '../model/results.ts';
import type { ProgressListener, Seq2SeqRunner } from './runner.ts';
import { translateWithSearch } from '../cpu/search/search.ts';
import { InputError, UnrollError } from '../errors.ts';
import { type Model, isTransformerModel } from '../model/model.ts';
import { type ReferenceModel, rnnReference } from '../cpu/reference-model.ts';
import type { StepModel } from '../cpu/search/step-model.ts';
import { transformerReference } from '../cpu/transformer/reference.ts';
import { checkIds, checkSource } from '../model/validate.ts';

class CpuRunner implements Seq2SeqRunner {
  readonly backend = 'cpu' as const;
  private model: Model | undefined;
  private reference: ReferenceModel<unknown> | undefined;

  constructor(model: Model) {
    this.model = model;
    this.reference = isTransformerModel(model) ? transformerReference(model) : rnnReference(model);
  }

  private live(): { model: Model; stepModel: StepModel<unknown>; reference: ReferenceModel<unknown> } {
    if (!this.model || !this.reference) throw new UnrollError('disposed', 'the cpu runner was used after dispose()');
    return { model: this.model, stepModel: this.reference.stepModel, reference: this.reference };
  }

  private checkSources(sources: number[][]): void {
    const { model } = this.live();
    sources.forEach((source, i) => checkSource(source, model.config.src_vocab_size, `source sentence ${i}`));
  }

  /** The full log-prob vector of every teacher-forced step: targets.length + 1 steps, the last predicting EOS. */
  private forced(sources: number[][], targets: number[][]): Float64Array[][] {
    const { model, stepModel } = this.live();
    if (sources.length !== targets.length) {
      throw new InputError(`${sources.length} source sentences but ${targets.length} targets`);
    }
    this.checkSources(sources);
    targets.forEach((target, i) => checkIds(target, model.config.tgt_vocab_size, `target sentence ${i}`));
    return sources.map((source, i) => {
      let state = stepModel.begin(source);
      const steps: Float64Array[] = [];
      for (const previous of [stepModel.bosId, ...targets[i]]) {
        const output = stepModel.step(state, previous);
        steps.push(output.logProbs);
        state = output.state;
      }
      return steps;
    });
  }

  async encode(sources: number[][]): Promise<EncodeResult[]> {
    const { reference } = this.live();
    this.checkSources(sources);
    return reference.encode(sources);
  }

  async score(sources: number[][], targets: number[][]): Promise<ScoreResult[]> {
    const { model } = this.live();
    const eos = model.config.eos_id;
    return this.forced(sources, targets).map((steps, i) => {
      const next = [...targets[i], eos];
      const logprobs = steps.map((logProbs, t) => logProbs[next[t]]);
      return { logprobs, total: logprobs.reduce((sum, lp) => sum + lp, 0) };
    });
  }

  async forcedLogProbs(sources: number[][], targets: number[][]): Promise<Float32Array[][]> {
    return this.forced(sources, targets).map((steps) => steps.map((logProbs) => Float32Array.from(logProbs)));
  }

  async translate(
    sources: number[][],
    options?: DecodeOptions,
    onProgress?: ProgressListener,
  ): Promise<Hypothesis[][]> {
    const { model, stepModel } = this.live();
    // Options first: a bad beam or length is refused before any source is looked at.
    const checked = checkDecodeOptionsForModel(options, model.config);
    checkPrefixCount(checked, sources.length);
    this.checkSources(sources);
    // The search refuses a prefix longer than its sentence's maxLength before decoding any sentence;
    // progress is reported synchronously, so never after the promise settles.
    return translateWithSearch(stepModel, sources, checked, onProgress);
  }

  dispose(): void {
    this.model = undefined;
    this.reference = undefined;
  }
}

/** A Seq2SeqRunner that computes everything on the CPU with the reference kernels. */
export function createCpuRunner(model: Model): Seq2SeqRunner {
  const runner = new CpuRunner(model);
  return {
    backend: runner.backend,
    encode: (sources) => guarded('encode', () => runner.encode(sources)),
    score: (sources, targets) => guarded('score', () => runner.score(sources, targets)),
    forcedLogProbs: (sources, targets) => guarded('teacher forcing', () => runner.forcedLogProbs(sources, targets)),
    translate: (sources, options, onProgress) =>
      guarded('translate', () => runner.translate(sources, options, onProgress)),
    dispose: () => runner.dispose(),
  };
}

/** Every error leaves as an UnrollError: a RangeError from a typed-array allocation names the call. */
async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof UnrollError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`cpu runner: ${what} failed: ${message}`);
  }
}
