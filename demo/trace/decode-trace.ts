/**
 * Decoding with every search step recorded. The CPU reference's step model is wrapped so that
 * each step the search driver takes (one per live hypothesis per step) is kept with its
 * attention, decoder states and best candidates; the search itself is the engine's own
 * (greedy or beam, src/cpu/search/search.ts), so the recorded run is the CPU backend's result.
 */
import type { DecodeOptions } from '../../src/model/decoding.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import type { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { topAllowedTokens } from '../../src/cpu/search/beam.ts';
import { maskLogProbs } from '../../src/model/decoding.ts';
import { translateWithSearch } from '../../src/cpu/search/search.ts';
import type { StepModel, StepOutput } from '../../src/cpu/search/step-model.ts';

export interface Candidate {
  token: number;
  /** Masked log-prob of the token at this step (pad, bos, early EOS: −∞, never listed). */
  logProb: number;
}

/** One decoder step of one live hypothesis: the search fed `input` and got a distribution. */
export interface Expansion {
  id: number;
  /** The expansion whose output state this one continued; −1 for the first step. */
  parent: number;
  /** Tokens generated before this step (0 at the first step). */
  depth: number;
  /** The token fed at this step: bos at depth 0, else the hypothesis's last token. */
  input: number;
  /** Place in the beam at this depth (0 = best sum so far). */
  rank: number;
  /** Sum of the log-probs of the tokens generated before this step. */
  logProbSum: number;
  attention?: Float64Array;
  /** Decoder h of every layer after this step (recurrent models; empty for a Transformer, whose state is its cache). */
  decoderStates: Float64Array[];
  /** The best allowed tokens of this step, best first. */
  candidates: Candidate[];
  /** Next expansions by the token they were fed. */
  children: Map<number, number>;
}

/** A returned hypothesis as a path through the recorded steps. */
export interface TracedHypothesis extends Hypothesis {
  /** The expansion that produced each generated token (EOS included when generated). */
  path: number[];
  /** The generated tokens step by step: ids, then EOS when the hypothesis ended with it. */
  generated: number[];
  endedWithEos: boolean;
}

export interface DecodeTrace {
  expansions: Expansion[];
  hypotheses: TracedHypothesis[];
  /** Most expansions at one depth: the beam's width as it was used. */
  widest: number;
}

/** Candidates listed per step: enough to show the beam's choice and what it passed over. */
function candidatesShown(beam: number): number {
  return Math.min(Math.max(beam, 5), 10);
}

export function traceDecode(stepModel: CpuStepModel, source: number[], options: DecodeOptions = {}): DecodeTrace {
  return traceSearch(stepModel, source, options, (state) => state.decoder.h);
}

/** The recorded search of any step model; `statesOf` picks the per-layer vectors a step shows of its state. */
export function traceSearch<State extends object>(
  stepModel: StepModel<State>,
  source: number[],
  options: DecodeOptions,
  statesOf: (state: State) => readonly Float64Array[],
): DecodeTrace {
  const expansions: Expansion[] = [];
  const maskedRows: Float64Array[] = [];
  const producer = new WeakMap<State, number>();
  const perDepth: number[] = [];
  const shown = candidatesShown(options.beam ?? 1);
  const minLength = options.minLength ?? 0;

  const recorder: StepModel<State> = {
    vocabSize: stepModel.vocabSize,
    padId: stepModel.padId,
    bosId: stepModel.bosId,
    eosId: stepModel.eosId,
    begin: (ids) => stepModel.begin(ids),
    step(state, previousToken): StepOutput<State> {
      const parent = producer.get(state) ?? -1;
      const parentExpansion = parent >= 0 ? expansions[parent] : undefined;
      const depth = parentExpansion ? parentExpansion.depth + 1 : 0;
      const out = stepModel.step(state, previousToken);
      const masked = maskLogProbs(out.logProbs, depth, { minLength }, stepModel);
      const id = expansions.length;
      const rank = perDepth[depth] ?? 0;
      perDepth[depth] = rank + 1;
      expansions.push({
        id,
        parent,
        depth,
        input: previousToken,
        rank,
        logProbSum: parentExpansion ? parentExpansion.logProbSum + maskedRows[parent][previousToken] : 0,
        attention: out.attention ? Float64Array.from(out.attention) : undefined,
        decoderStates: statesOf(out.state).map((h) => Float64Array.from(h)),
        candidates: topAllowedTokens(masked, shown).map((token) => ({ token, logProb: masked[token] })),
        children: new Map(),
      });
      maskedRows.push(masked);
      parentExpansion?.children.set(previousToken, id);
      producer.set(out.state, id);
      return out;
    },
  };

  const [hypotheses] = translateWithSearch(recorder, [source], { ...options, attention: true });
  return {
    expansions,
    hypotheses: hypotheses.map((hypothesis) => tracePath(hypothesis, expansions, stepModel.eosId)),
    widest: Math.max(0, ...perDepth),
  };
}

/** Follows a hypothesis's ids from the first step; a step that was never expanded ends the path. */
function tracePath(hypothesis: Hypothesis, expansions: Expansion[], eosId: number): TracedHypothesis {
  const path: number[] = [];
  let current: Expansion | undefined = expansions.find((e) => e.parent === -1);
  for (const token of hypothesis.ids) {
    if (!current) break;
    path.push(current.id);
    const next = current.children.get(token);
    current = next === undefined ? undefined : expansions[next];
  }
  if (current) path.push(current.id);
  // A step that found no allowed token was expanded but generated nothing: the attention rows
  // (one per generated token) tell it apart from one that generated EOS.
  const generatedCount = hypothesis.attention?.length ?? path.length;
  const endedWithEos = generatedCount === hypothesis.ids.length + 1;
  if (path.length > generatedCount) path.length = generatedCount;
  return {
    ...hypothesis,
    path,
    endedWithEos,
    generated: endedWithEos ? [...hypothesis.ids, eosId] : [...hypothesis.ids],
  };
}
