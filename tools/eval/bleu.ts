/**
 * Corpus BLEU-4 on pre-tokenised text, defined as sacreBLEU's defaults (one reference,
 * tokenize="none", smooth_method="exp"): n-gram matches clipped by the reference counts and
 * summed over the corpus, precisions combined by a geometric mean, times the brevity penalty.
 */

export interface BleuResult {
  /** 0–100. */
  score: number;
  /** Modified n-gram precisions, 0–100, n = 1..4 (after smoothing). */
  precisions: number[];
  brevityPenalty: number;
  hypothesisLength: number;
  referenceLength: number;
}

const MAX_ORDER = 4;

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    // A separator that cannot occur inside a whitespace-split token.
    const key = tokens.slice(i, i + n).join(' ');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export function corpusBleu(
  hypotheses: readonly (readonly string[])[],
  references: readonly (readonly string[])[],
): BleuResult {
  if (hypotheses.length !== references.length) {
    throw new Error(`${hypotheses.length} hypotheses but ${references.length} references`);
  }
  const matches = new Array<number>(MAX_ORDER).fill(0);
  const totals = new Array<number>(MAX_ORDER).fill(0);
  let hypothesisLength = 0;
  let referenceLength = 0;
  hypotheses.forEach((hypothesis, i) => {
    const reference = references[i];
    hypothesisLength += hypothesis.length;
    referenceLength += reference.length;
    for (let n = 1; n <= MAX_ORDER; n++) {
      const referenceCounts = ngramCounts(reference, n);
      for (const [gram, count] of ngramCounts(hypothesis, n)) {
        matches[n - 1] += Math.min(count, referenceCounts.get(gram) ?? 0);
      }
      totals[n - 1] += Math.max(0, hypothesis.length - n + 1);
    }
  });

  const precisions = new Array<number>(MAX_ORDER).fill(0);
  let smooth = 1;
  for (let n = 1; n <= MAX_ORDER; n++) {
    if (totals[n - 1] === 0) break;
    if (matches[n - 1] === 0) {
      // "exp" smoothing: each order without a match gets half the previous pseudo-count.
      smooth *= 2;
      precisions[n - 1] = 100 / (smooth * totals[n - 1]);
    } else {
      precisions[n - 1] = (100 * matches[n - 1]) / totals[n - 1];
    }
  }
  if (hypothesisLength === 0) return { score: 0, precisions, brevityPenalty: 0, hypothesisLength, referenceLength };
  const brevityPenalty = hypothesisLength >= referenceLength ? 1 : Math.exp(1 - referenceLength / hypothesisLength);
  const logMean = precisions.reduce((sum, p) => sum + (p > 0 ? Math.log(p) : -9999999999), 0) / MAX_ORDER;
  return { score: brevityPenalty * Math.exp(logMean), precisions, brevityPenalty, hypothesisLength, referenceLength };
}
