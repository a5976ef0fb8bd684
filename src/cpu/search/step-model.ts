/**
 * What the search drivers (greedy, beam) need of a model: start from a source sentence,
 * then advance one hypothesis by one token. The CPU reference implements it directly;
 * states are immutable values so a beam can fork them freely.
 */
export interface StepOutput<State> {
  /**
   * log_softmax over the whole target vocabulary, before pad/bos masking (length V). NaN or
   * +Infinity means the model overflowed: the search ends the sentence with a NaN score.
   */
  logProbs: Float64Array;
  /** α over the S source positions, when the model has attention. */
  attention?: Float64Array;
  /** The decoder state after this step. */
  state: State;
}

export interface StepModel<State> {
  readonly vocabSize: number;
  readonly padId: number;
  readonly bosId: number;
  readonly eosId: number;
  /** Encodes the source (non-empty ids) and returns the decoder's initial state. */
  begin(source: number[]): State;
  /** Feeds `previousToken` (bos_id at the first step) and returns the next distribution. */
  step(state: State, previousToken: number): StepOutput<State>;
}

/** Whether a step's log-probs hold NaN or +Infinity: the model's values overflowed. */
export function overflowed(logProbs: Float64Array): boolean {
  for (const v of logProbs) if (v !== v || v === Infinity) return true;
  return false;
}
