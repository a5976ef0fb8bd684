import type { Hypothesis } from '../../model/results.ts';
import { isAllowed, lengthPenaltyDivisor, type ResolvedDecodeOptions } from '../../model/decoding.ts';
import { type StepModel, overflowed } from './step-model.ts';
import { allowedLogProbs } from './constraints.ts';
import { finalScore, needsAttention, toHypothesis } from './finish.ts';
import { PROGRESS_CHUNK, type SentenceProgress } from './progress.ts';

/** One generated token; hypotheses share their prefixes through parent links. */
interface TokenNode {
  readonly token: number;
  readonly parent: TokenNode | null;
  /** α of the step that generated this token, kept only when attention, alignment or coverage need it. */
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

/** The nodes from the first generated token to `last`. */
function pathTo(last: TokenNode | null): TokenNode[] {
  const nodes: TokenNode[] = [];
  for (let node = last; node; node = node.parent) nodes.push(node);
  return nodes.reverse();
}

/** The ids of a live hypothesis (prefix included; a live one has no EOS). */
function idsOf(last: TokenNode | null): number[] {
  return pathTo(last).map((node) => node.token);
}

/** Every step's attention row, or undefined when some step had none. */
function rowsOf(nodes: TokenNode[]): Float64Array[] | undefined {
  return nodes.every((node) => node.attention) ? nodes.map((node) => node.attention as Float64Array) : undefined;
}

function finishedToHypothesis(entry: FinishedHypothesis, options: ResolvedDecodeOptions): Hypothesis {
  const nodes = pathTo(entry.last);
  const tokens = entry.endedWithEos ? nodes.slice(0, -1) : nodes;
  const rows = needsAttention(options) ? rowsOf(nodes)?.map((row) => Array.from(row)) : undefined;
  return toHypothesis(
    tokens.map((node) => node.token),
    entry.score,
    rows,
    options,
  );
}

/**
 * The highest final score any descendant of a live hypothesis could still reach. Log-probs are
 * ≤ 0, so the sum can only fall; the divisor ((5 + n) / 6)^α is largest at n = maxLength, which
 * gives the least negative score; the coverage term is ≤ 0, so leaving it out keeps the bound.
 * A positive sum (rounding) has no safe bound.
 */
function scoreUpperBound(logProbSum: number, options: ResolvedDecodeOptions): number {
  if (logProbSum > 0) return Infinity;
  return logProbSum / lengthPenaltyDivisor(options.maxLength, options.lengthPenalty);
}

/**
 * Beam search (docs/decoding.md). Each step expands every live hypothesis over the whole target
 * vocabulary and keeps the K best candidates. A kept candidate that is EOS, or that reaches
 * maxLength, finishes with score sum / ((5 + n) / 6)^α plus the coverage term; the others stay
 * live, so the next step refills the beam from their children. Live beams are ranked by their
 * log-prob sums only: coverage (≤ 0) orders the finished n-best list. A live hypothesis with no
 * allowed token finishes there without EOS (greedy decoding does the same). The prefix and
 * n-gram blocking act through the allowed log-probs (allowedLogProbs): during the prefix a parent
 * has one child, so the beam holds one hypothesis. The search stops when nothing is live, or early
 * when N hypotheses have finished and no live one can still beat the N-th of them. With α = 0,
 * β = 0 and K ≥ V^(maxLength−1) nothing is ever pruned before the last step, so the N-best list
 * is that of an exhaustive search (with β > 0 too: every complete sequence finishes). Returns at
 * most N hypotheses, best first. Log-probs that overflowed end the search at once with that
 * hypothesis alone, scored NaN (the caller reports the sentence). `onProgress` gets the ids of
 * the live hypothesis with the highest sum after every PROGRESS_CHUNK steps, and the best
 * finished one's at the end.
 */
export function beamSearch<S>(
  model: StepModel<S>,
  source: number[],
  options: ResolvedDecodeOptions,
  onProgress?: SentenceProgress,
): Hypothesis[] {
  const { beam, nBest, maxLength } = options;
  const keepRows = needsAttention(options);
  const finish = (last: TokenNode | null, endedWithEos: boolean, generated: number, sum: number): void => {
    const rows = keepRows ? (rowsOf(pathTo(last)) ?? []) : [];
    const score = finalScore(sum, generated, rows, source.length, options);
    insertFinished(finished, { last, endedWithEos, generated, score }, nBest);
  };
  const finished: FinishedHypothesis[] = [];
  let live: LiveHypothesis<S>[] = [{ state: model.begin(source), previous: model.bosId, last: null, logProbSum: 0 }];
  for (let step = 0; live.length > 0; step++) {
    // Every live hypothesis has generated exactly `step` tokens.
    const candidates: OrderedCandidate[] = [];
    const outputs = live.map((hypothesis) => model.step(hypothesis.state, hypothesis.previous));
    const broken = outputs.findIndex((out) => overflowed(out.logProbs));
    if (broken >= 0) {
      const entry = { last: live[broken].last, endedWithEos: false, generated: step, score: NaN };
      return [finishedToHypothesis(entry, { ...options, attention: false, alignment: false })];
    }
    // Only n-gram blocking reads a hypothesis's tokens; the prefix needs the step alone.
    const readsTokens = options.noRepeatNgram > 0 && step >= options.prefix.length;
    live.forEach((hypothesis, parent) => {
      const out = outputs[parent];
      const tokensSoFar = readsTokens ? idsOf(hypothesis.last) : new Array<number>(step);
      const masked = allowedLogProbs(out.logProbs, tokensSoFar, options, model);
      const tokens = topAllowedTokens(masked, beam);
      if (tokens.length === 0) finish(hypothesis.last, false, step, hypothesis.logProbSum);
      for (const token of tokens) {
        candidates.push({ parent, token, tokenScore: masked[token], sum: hypothesis.logProbSum + masked[token] });
      }
    });
    candidates.sort(compareCandidates);

    const next: LiveHypothesis<S>[] = [];
    const generated = step + 1;
    for (const candidate of candidates.slice(0, beam)) {
      const out = outputs[candidate.parent];
      const attention = keepRows && out.attention ? Float64Array.from(out.attention) : undefined;
      const last: TokenNode = { token: candidate.token, parent: live[candidate.parent].last, attention };
      const endedWithEos = candidate.token === model.eosId;
      if (endedWithEos || generated >= maxLength) {
        finish(last, endedWithEos, generated, candidate.sum);
      } else {
        next.push({ state: out.state, previous: candidate.token, last, logProbSum: candidate.sum });
      }
    }
    live = next;
    // The beam is built in candidate order, so live[0] has the highest sum.
    if (onProgress && live.length > 0 && generated % PROGRESS_CHUNK === 0) onProgress(idsOf(live[0].last));

    if (live.length > 0 && finished.length >= nBest) {
      if (scoreUpperBound(live[0].logProbSum, options) < finished[nBest - 1].score) break;
    }
  }
  const hypotheses = finished.map((entry) => finishedToHypothesis(entry, options));
  if (onProgress && hypotheses.length > 0) onProgress([...hypotheses[0].ids]);
  return hypotheses;
}
