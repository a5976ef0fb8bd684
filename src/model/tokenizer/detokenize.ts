/**
 * Word-level detokenisation: the corpus puts a space between every token, punctuation included
 * ("¿ dónde está ?"), and readable text has none before closing punctuation or after opening marks.
 */

const NO_SPACE_BEFORE = new Set(['.', ',', ';', ':', '!', '?', ')', '»']);
const NO_SPACE_AFTER = new Set(['¿', '¡', '(', '«']);

/** Joins tokens into a sentence: no space before closing punctuation or after opening marks. */
export function detokenize(tokens: readonly string[]): string {
  return glued(tokens)
    .map(([glue, token]) => glue + token)
    .join('');
}

/** Each token with the space detokenize puts before it ('' or ' '), for drawing tokens one by one. */
export function glued(tokens: readonly string[]): [string, string][] {
  return tokens.map((token, i) => [
    i === 0 || NO_SPACE_BEFORE.has(token) || NO_SPACE_AFTER.has(tokens[i - 1]) ? '' : ' ',
    token,
  ]);
}
