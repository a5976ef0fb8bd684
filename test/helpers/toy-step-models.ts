import type { StepModel, StepOutput } from '../../src/cpu/search/step-model.ts';
import { seededRandom } from '../../src/model/random-model.ts';

/**
 * Small StepModels for testing the search drivers. The state is the source and the tokens fed
 * so far, so every distribution is a pure function of (source, prefix) and hypotheses can be
 * re-scored or enumerated independently of the drivers.
 */
export interface ToyState {
  readonly source: readonly number[];
  /** Tokens fed so far, bos first. */
  readonly fed: readonly number[];
}

/** The usual special ids of the project's configs. */
export const SPECIAL = { padId: 0, bosId: 2, eosId: 3 } as const;

function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  const logSum = max + Math.log(sum);
  return Float64Array.from(logits, (value) => value - logSum);
}

/** FNV-1a over integers: a seed for the distribution after a given (source, prefix). */
function hashInts(values: readonly number[]): number {
  let hash = 0x811c9dc5;
  for (const value of values) {
    hash ^= value & 0xffff;
    hash = Math.imul(hash, 0x01000193);
    hash ^= value >>> 16;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface HashedModelOptions {
  vocabSize: number;
  seed: number;
  /** Logits are uniform in [-scale, scale] (default 2). */
  scale?: number;
  /** Added to the EOS logit: positive makes early EOS likely (default 0). */
  eosBias?: number;
  /** When set, logits are rounded to this many distinct levels so that exact ties are common. */
  levels?: number;
  /** Whether the model returns attention over the source positions (default false). */
  attention?: boolean;
}

/** Counts calls so tests can check how much work a search did. */
export interface CountingStepModel<State> extends StepModel<State> {
  readonly calls: { begin: number; step: number };
}

/** A random "language model": log_softmax of logits drawn from a seeded hash of (source, prefix). */
export function hashedModel(options: HashedModelOptions): CountingStepModel<ToyState> {
  const { vocabSize, seed, scale = 2, eosBias = 0, levels, attention = false } = options;
  const calls = { begin: 0, step: 0 };
  return {
    vocabSize,
    ...SPECIAL,
    calls,
    begin(source) {
      calls.begin++;
      return { source: [...source], fed: [] };
    },
    step(state, previousToken): StepOutput<ToyState> {
      calls.step++;
      const fed = [...state.fed, previousToken];
      const rand = seededRandom(hashInts([seed, ...state.source, -1, ...fed]));
      const logits = new Float64Array(vocabSize);
      for (let id = 0; id < vocabSize; id++) {
        const raw = (rand() * 2 - 1) * scale;
        logits[id] = levels ? Math.round(((raw / scale + 1) / 2) * (levels - 1)) : raw;
      }
      logits[SPECIAL.eosId] += eosBias;
      const out: StepOutput<ToyState> = { logProbs: logSoftmax(logits), state: { source: state.source, fed } };
      if (attention) {
        out.attention = Float64Array.from(logSoftmax(state.source.map(() => rand() * 4)), Math.exp);
      }
      return out;
    },
  };
}

/**
 * A model given by a table: for a generated prefix (ids joined by ',', '' at the first step) the
 * probabilities of some tokens; the remaining mass is spread evenly over every other token,
 * pad and bos included (they are masked later, without renormalisation).
 */
export function scriptedModel(vocabSize: number, table: Record<string, Record<number, number>>): StepModel<ToyState> {
  return {
    vocabSize,
    ...SPECIAL,
    begin: (source) => ({ source: [...source], fed: [] }),
    step(state, previousToken) {
      const fed = [...state.fed, previousToken];
      const given = table[fed.slice(1).join(',')] ?? {};
      const givenIds = Object.keys(given).map(Number);
      const rest = 1 - givenIds.reduce((sum, id) => sum + given[id], 0);
      const share = rest / (vocabSize - givenIds.length);
      const logProbs = new Float64Array(vocabSize);
      for (let id = 0; id < vocabSize; id++) logProbs[id] = Math.log(id in given ? given[id] : share);
      return { logProbs, state: { source: state.source, fed } };
    },
  };
}
