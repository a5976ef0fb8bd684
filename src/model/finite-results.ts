/**
 * The check every result passes before it is handed out, on both backends. Weights are bounded at
 * load (MAX_ABS_WEIGHT), but a model can still overflow f32 while it runs (an `rnn_relu` state that
 * grows step after step); the gpu then computes NaN or ±Infinity, and the cpu reference reports the
 * same steps as NaN log-probs (src/cpu/decoder.ts). Such a result is refused for its sentence alone
 * rather than returned as numbers that mean nothing.
 */
import { InputError } from '../errors.ts';
import type { ModelConfig } from './config.ts';
import type { Hypothesis, ScoreResult } from './results.ts';

/** Why a sentence's result was refused; the CLI prefixes the line, the API the sentence. */
const NON_FINITE_RESULT =
  "the model's values overflowed f32 for this sentence (a log-prob or score is NaN or infinite)";

/**
 * A sentence whose result is not finite: an input error of that sentence alone, so the command
 * line answers it on its line (rerunning the batch line by line) and the API rejects the call.
 */
export class NonFiniteResultError extends InputError {
  constructor(where?: string) {
    super(where ? `${where}: ${NON_FINITE_RESULT}` : NON_FINITE_RESULT);
    this.name = 'NonFiniteResultError';
  }
}

const isFiniteNumber = (value: number) => Number.isFinite(value);

/**
 * Hypotheses that ended because no token was allowed at their last step. The gpu search treats a
 * NaN log-prob as not allowed, so NaN log-probs end a hypothesis this way with a finite score; a
 * set rather than a field keeps the mark out of results, their JSON and their comparisons.
 */
const endedWithNothingAllowed = new WeakSet<Hypothesis>();

export function markNothingAllowed(hypothesis: Hypothesis): void {
  endedWithNothingAllowed.add(hypothesis);
}

/** What decides whether a step can legitimately have no allowed token (docs/decoding.md). */
export interface AllowedTokens {
  config: Pick<ModelConfig, 'tgt_vocab_size' | 'pad_id' | 'bos_id' | 'eos_id'>;
  minLength: number;
}

/** Whether every token is masked after `generated` tokens: pad, bos, and eos before minLength. */
function nothingAllowed(generated: number, { config, minLength }: AllowedTokens): boolean {
  const masked = new Set([config.pad_id, config.bos_id]);
  if (generated < minLength) masked.add(config.eos_id);
  return masked.size >= config.tgt_vocab_size;
}

/**
 * Whether a sentence's hypotheses are all usable: finite scores and attention weights, and none
 * ended for want of an allowed token at a step where the vocabulary had one.
 */
export function finiteHypotheses(hypotheses: readonly Hypothesis[], allowed: AllowedTokens): boolean {
  return hypotheses.every(
    (h) =>
      Number.isFinite(h.score) &&
      (h.attention ?? []).every((row) => row.every(isFiniteNumber)) &&
      !(endedWithNothingAllowed.has(h) && !nothingAllowed(h.ids.length, allowed)),
  );
}

/** Whether a teacher-forced score is usable: every log-prob and the total finite. */
export function finiteScore(result: ScoreResult): boolean {
  return Number.isFinite(result.total) && result.logprobs.every(isFiniteNumber);
}
