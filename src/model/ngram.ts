/**
 * noRepeatNgram (docs/decoding.md): the tokens a hypothesis may not take next because they would
 * repeat an n-gram it already contains. A pure statement of the rule, shared by the CPU reference
 * and the tests; the drivers leave EOS and forced (prefix) tokens unblocked.
 */

/**
 * The tokens v such that the last n − 1 of `tokens` followed by v form an n-gram that already
 * occurs in `tokens` (the hypothesis's ids so far, prefix included, BOS excluded). n = 1: every
 * token already present. n ≤ 0: nothing is blocked. Ascending, without duplicates.
 */
export function blockedNextTokens(tokens: readonly number[], n: number): number[] {
  if (n <= 0 || tokens.length < n) return [];
  const context = tokens.length - (n - 1);
  const blocked = new Set<number>();
  // An n-gram starting at i matches when its first n − 1 tokens equal the hypothesis's last n − 1.
  for (let i = 0; i + n <= tokens.length; i++) {
    let matches = true;
    for (let k = 0; k < n - 1 && matches; k++) matches = tokens[i + k] === tokens[context + k];
    if (matches) blocked.add(tokens[i + n - 1]);
  }
  return [...blocked].sort((a, b) => a - b);
}
