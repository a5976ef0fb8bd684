import type { Hypothesis } from '../../model/results.ts';
import { isAllowed, lengthPenaltyDivisor, maskLogProbs, type ResolvedDecodeOptions } from '../../model/decoding.ts';
import { type StepModel, overflowed } from './step-model.ts';

/** One generated token; hypotheses share their prefixes through parent links. */
interface TokenNode {
  readonly token: number;
  readonly parent: TokenNode | null;
  /** α of the step that generated this token, kept only when attention is asked for. */
  readonly attention?: Float64Array;
}

interface LiveHypothesis<S> {
  readonly state: S;
  readonly previous: number;
  readonly last: TokenNode | null;
  readonly logProbSum: number;
}

interface FinishedHypothesis {
  readonly last: TokenNode | null;
  readonly endedWithEos: boolean;
  readonly generated: number;
  readonly score: number;
}

/** What the candidate order looks at; the GPU search's select stage orders its candidates the same way. */
export interface OrderedCandidate {
  /** The parent's log-prob sum plus the token's log-prob. */
  readonly sum: number;
  /** Index of the parent in the live beam (its rank at the previous step). */
  readonly parent: number;
  /** The token's own log-prob, or its logit: both order a parent's children alike. */
  readonly tokenScore: number;
  readonly token: number;
}

/**
 * Candidate order: higher log-prob sum first, then lower parent index, then higher token
 * log-prob, then lower token id. The token log-prob key only matters when two children of
 * one parent round to the same sum; it keeps a parent's children in the order greedy
 * decoding ranks them, so K = 1 reproduces greedy exactly.
 */
export function compareCandidates(a: OrderedCandidate, b: OrderedCandidate): number {
  if (a.sum !== b.sum) return a.sum > b.sum ? -1 : 1;
  if (a.parent !== b.parent) return a.parent - b.parent;
  if (a.tokenScore !== b.tokenScore) return a.tokenScore > b.tokenScore ? -1 : 1;
  return a.token - b.token;
}

/**
 * The `k` allowed tokens with the highest log-probs, best first, lower id first on ties. No parent
 * can place more than k children in the next beam, so the others need not be considered.
 */
export function topAllowedTokens(logProbs: Float64Array, k: number): number[] {
  const top: number[] = [];
  for (let id = 0; id < logProbs.length; id++) {
    const value = logProbs[id];
    if (!isAllowed(value)) continue;
    if (top.length === k && !(value > logProbs[top[k - 1]])) continue;
    // Ids arrive in increasing order, so an equal value goes after the ones already in place.
    let at = top.length;
    while (at > 0 && logProbs[top[at - 1]] < value) at--;
    top.splice(at, 0, id);
    if (top.length > k) top.pop();
  }
  return top;
}

/** Keeps the `limit` best finished hypotheses, best first; an equal score ranks after earlier ones. */
function insertFinished(finished: FinishedHypothesis[], entry: FinishedHypothesis, limit: number): void {
  let at = finished.length;
  while (at > 0 && finished[at - 1].score < entry.score) at--;
  if (at >= limit) return;
  finished.splice(at, 0, entry);
  if (finished.length > limit) finished.pop();
}

function toHypothesis(entry: FinishedHypothesis, withAttention: boolean): Hypothesis {
  const nodes: TokenNode[] = [];
  for (let node = entry.last; node; node = node.parent) nodes.push(node);
  nodes.reverse();
  const tokens = entry.endedWithEos ? nodes.slice(0, -1) : nodes;
  const hypothesis: Hypothesis = { ids: tokens.map((node) => node.token), score: entry.score };
  if (withAttention && nodes.length > 0 && nodes.every((node) => node.attention)) {
    hypothesis.attention = nodes.map((node) => Array.from(node.attention as Float64Array));
  }
  return hypothesis;
}

/**
 * The highest final score any descendant of a live hypothesis could still reach. Log-probs are
 * ≤ 0, so the sum can only fall; the divisor ((5 + n) / 6)^α is largest at n = maxLength, which
 * gives the least negative score. A positive sum (rounding) has no safe bound.
 */
function scoreUpperBound(logProbSum: number, options: ResolvedDecodeOptions): number {
  if (logProbSum > 0) return Infinity;
  return logProbSum / lengthPenaltyDivisor(options.maxLength, options.lengthPenalty);
}

/**
 * Beam search (docs/decoding.md). Each step expands every live hypothesis over the whole target
 * vocabulary and keeps the K best candidates. A kept candidate that is EOS, or that reaches
 * maxLength, finishes with score sum / ((5 + n) / 6)^α; the others stay live, so the next step
 * refills the beam from their children. A live hypothesis with no allowed token finishes there
 * without EOS (greedy decoding does the same). The search stops when nothing is live, or early
 * when N hypotheses have finished and no live one can still beat the N-th of them. With α = 0 and
 * K ≥ V^(maxLength−1) nothing is ever pruned before the last step, so the N-best list is that of
 * an exhaustive search. Returns at most N hypotheses, best first. Log-probs that overflowed end the
 * search at once with that hypothesis alone, scored NaN (the caller reports the sentence).
 */
export function beamSearch<S>(model: StepModel<S>, source: number[], options: ResolvedDecodeOptions): Hypothesis[] {
  const { beam, nBest, maxLength } = options;
  const finished: FinishedHypothesis[] = [];
  let live: LiveHypothesis<S>[] = [{ state: model.begin(source), previous: model.bosId, last: null, logProbSum: 0 }];
  for (let step = 0; live.length > 0; step++) {
    // Every live hypothesis has generated exactly `step` tokens.
    const candidates: OrderedCandidate[] = [];
    const outputs = live.map((hypothesis) => model.step(hypothesis.state, hypothesis.previous));
    const broken = outputs.findIndex((out) => overflowed(out.logProbs));
    if (broken >= 0) {
      const entry = { last: live[broken].last, endedWithEos: false, generated: step, score: NaN };
      return [toHypothesis(entry, false)];
    }
    live.forEach((hypothesis, parent) => {
      const out = outputs[parent];
      const masked = maskLogProbs(out.logProbs, step, options, model);
      const tokens = topAllowedTokens(masked, beam);
      if (tokens.length === 0) {
        const score = hypothesis.logProbSum / lengthPenaltyDivisor(step, options.lengthPenalty);
        insertFinished(finished, { last: hypothesis.last, endedWithEos: false, generated: step, score }, nBest);
      }
      for (const token of tokens) {
        candidates.push({ parent, token, tokenScore: masked[token], sum: hypothesis.logProbSum + masked[token] });
      }
    });
    candidates.sort(compareCandidates);

    const next: LiveHypothesis<S>[] = [];
    const generated = step + 1;
    for (const candidate of candidates.slice(0, beam)) {
      const out = outputs[candidate.parent];
      const attention = options.attention && out.attention ? Float64Array.from(out.attention) : undefined;
      const last: TokenNode = { token: candidate.token, parent: live[candidate.parent].last, attention };
      const endedWithEos = candidate.token === model.eosId;
      if (endedWithEos || generated >= maxLength) {
        const score = candidate.sum / lengthPenaltyDivisor(generated, options.lengthPenalty);
        insertFinished(finished, { last, endedWithEos, generated, score }, nBest);
      } else {
        next.push({ state: out.state, previous: candidate.token, last, logProbSum: candidate.sum });
      }
    }
    live = next;

    if (live.length > 0 && finished.length >= nBest) {
      // The beam is built in candidate order, so live[0] has the highest sum.
      if (scoreUpperBound(live[0].logProbSum, options) < finished[nBest - 1].score) break;
    }
  }
  return finished.map((entry) => toHypothesis(entry, options.attention));
}
