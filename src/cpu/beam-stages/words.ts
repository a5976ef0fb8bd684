/**
 * The GPU beam search's buffers as its CPU twins read and write them (shaders/beam_search.wgsl):
 * where each word lies, f32 values held as u32 words, and the token rules of shaders/lib/tokens.wgsl.
 *
 * The region offsets are given (BeamStageLayout, the shape of what src/gpu/kernels/beam-layout.ts
 * computes), so a twin fed the host's layout and a kernel that computes its own disagree when the
 * two layouts do; the word order inside each region is the one that file documents.
 */

/** "No token": an empty candidate, or a finished entry that ended with nothing allowed. */
export const NO_TOKEN = 0xffffffff;

/** The lowest finite f32: the kernels' start value for a max, and `x >= LOWEST` rejects −∞ and NaN. */
export const LOWEST = -3.4028234663852886e38;

/** Words of one finished entry: penalised score (f32), log-prob sum (f32), step, slot, token. */
export const FINISHED_ENTRY_WORDS = 5;

/** The sizes of one beam search call (BeamParams of the shader). */
export interface BeamStageShape {
  /** B. */
  readonly sentences: number;
  /** K. */
  readonly beam: number;
  /** V. */
  readonly vocab: number;
  readonly sliceWidth: number;
  readonly nBest: number;
  /** Decoder steps the parents history holds. */
  readonly steps: number;
}

/** The ids and the length the token rules name. */
export interface BeamTokenRules {
  readonly padId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly minLength: number;
}

/** Region offsets, in words, of the three buffers the search owns. */
export interface BeamStageLayout {
  readonly state: {
    readonly live: number;
    readonly finishedCount: number;
    readonly finished: number;
    readonly parents: number;
    readonly scores: number;
    /** [B]: 1 once a live row of the sentence had a NaN or +∞ logit. */
    readonly overflow: number;
  };
  readonly scratch: {
    readonly candidates: number;
    readonly sliceStats: number;
    readonly rowNormaliser: number;
    readonly rowHasToken: number;
  };
  readonly table: { readonly maxLengths: number; readonly divisors: number };
}

export interface BeamStageSpec {
  readonly shape: BeamStageShape;
  readonly rules: BeamTokenRules;
  readonly layout: BeamStageLayout;
}

/** Word indices into the beams, scratch and table buffers (the shader's *_at functions). */
export class BeamWords {
  /** N = B·K. */
  readonly rows: number;
  /** S = ceil(V / slice width). */
  readonly slices: number;

  constructor(
    readonly shape: BeamStageShape,
    private readonly layout: BeamStageLayout,
  ) {
    this.rows = shape.sentences * shape.beam;
    this.slices = Math.ceil(shape.vocab / shape.sliceWidth);
  }

  live(b: number): number {
    return this.layout.state.live + b;
  }

  finishedCount(b: number): number {
    return this.layout.state.finishedCount + b;
  }

  finished(b: number, i: number): number {
    return this.layout.state.finished + (b * this.shape.nBest + i) * FINISHED_ENTRY_WORDS;
  }

  parents(t: number, n: number): number {
    return this.layout.state.parents + t * this.rows + n;
  }

  scores(parity: number, n: number): number {
    return this.layout.state.scores + parity * this.rows + n;
  }

  overflow(b: number): number {
    return this.layout.state.overflow + b;
  }

  /** Two words: logit bits, token. */
  candidate(row: number, slice: number, rank: number): number {
    return this.layout.scratch.candidates + ((row * this.slices + slice) * this.shape.beam + rank) * 2;
  }

  /** Two words: max logit bits, Σ exp(logit − max) bits. */
  sliceStats(row: number, slice: number): number {
    return this.layout.scratch.sliceStats + (row * this.slices + slice) * 2;
  }

  normaliser(row: number): number {
    return this.layout.scratch.rowNormaliser + row;
  }

  hasToken(row: number): number {
    return this.layout.scratch.rowHasToken + row;
  }

  maxLength(b: number): number {
    return this.layout.table.maxLengths + b;
  }

  divisor(tokens: number): number {
    return this.layout.table.divisors + tokens;
  }
}

/** The same words read and written as f32 (the shader's bitcasts). */
export function floatView(words: Uint32Array): Float32Array {
  return new Float32Array(words.buffer, words.byteOffset, words.length);
}

/** A copy in a buffer of its own, so that a twin never writes into its caller's arrays. */
export function copyWords(words: Uint32Array): Uint32Array<ArrayBuffer> {
  return Uint32Array.from(words);
}

/**
 * Whether token `id` with logit `value` may be chosen after t generated tokens (tokens.wgsl
 * allowed): pad and bos never, EOS not while t < min length, no −∞ or NaN logit.
 */
export function tokenAllowed(rules: BeamTokenRules, id: number, value: number, t: number): boolean {
  if (id === rules.padId || id === rules.bosId || !(value >= LOWEST)) return false;
  return id !== rules.eosId || t >= rules.minLength;
}

/** NaN or +∞: a logit the cpu reference's search treats as the model's overflow (step-model.ts). */
export function logitOverflows(value: number): boolean {
  return value !== value || value === Infinity;
}

/** Within a row: higher logit first, then lower id (tokens.wgsl ranks_before, as a sort comparator). */
export function compareRankedTokens(a: { logit: number; token: number }, b: { logit: number; token: number }): number {
  if (a.logit !== b.logit) return a.logit > b.logit ? -1 : 1;
  return a.token - b.token;
}
