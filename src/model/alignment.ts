/**
 * Alignment (docs/decoding.md): per generated id, the source position it attended to most, and the
 * text-level unknown-token replacement built on it.
 */

/**
 * The argmax source position of each of the first `ids` attention rows (ties: the lowest j).
 * `attention` has a row per generated step, EOS included when generated; the EOS row is left out
 * because `ids` counts the ids only. A row whose weights are all NaN aligns to 0.
 */
export function alignmentOf(attention: number[][], ids: number): number[] {
  const alignment: number[] = [];
  for (let t = 0; t < ids; t++) {
    const row = attention[t];
    let best = 0;
    for (let j = 1; j < row.length; j++) if (row[j] > row[best]) best = j;
    alignment.push(best);
  }
  return alignment;
}

/**
 * The output tokens with each `unkToken` replaced by the source token at its alignment position;
 * a position outside the source (no alignment for that token) leaves the unk as it was.
 */
export function replaceUnknownTokens(
  tokens: string[],
  alignment: number[],
  sourceTokens: string[],
  unkToken: string,
): string[] {
  return tokens.map((token, t) => {
    if (token !== unkToken) return token;
    const position = alignment[t];
    return position !== undefined && position >= 0 && position < sourceTokens.length ? sourceTokens[position] : token;
  });
}
