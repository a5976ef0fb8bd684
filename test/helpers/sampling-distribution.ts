/**
 * The distribution sampling draws from (docs/decoding.md), stated for tests without drawToken:
 * softmax(logit / T) over the allowed tokens, cut to the topK most likely (ties: lower id), then to
 * the smallest leading set of mass ≥ topP, renormalised. Returns a probability per token id.
 */
export function cutDistribution(
  logits: ArrayLike<number>,
  allowed: (id: number) => boolean,
  sampling: { topK: number; topP: number; temperature: number },
): number[] {
  const ids = Array.from({ length: logits.length }, (_, id) => id).filter(
    (id) => allowed(id) && logits[id] > -Infinity,
  );
  ids.sort((a, b) => (logits[a] === logits[b] ? a - b : logits[b] - logits[a]));
  const weights = ids.map((id) => Math.exp((logits[id] - logits[ids[0]]) / sampling.temperature));
  let kept = sampling.topK > 0 ? Math.min(sampling.topK, ids.length) : ids.length;
  const mass = (count: number) => weights.slice(0, count).reduce((a, b) => a + b, 0);
  const total = mass(kept);
  for (let count = 1; count <= kept; count++) {
    if (mass(count) / total >= sampling.topP) {
      kept = count;
      break;
    }
  }
  const probabilities = new Array<number>(logits.length).fill(0);
  const keptMass = mass(kept);
  for (let i = 0; i < kept; i++) probabilities[ids[i]] = weights[i] / keptMass;
  return probabilities;
}
