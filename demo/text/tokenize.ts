/**
 * Typed text → model tokens, and generated tokens → readable text. The corpus is tokenised by
 * spaces with punctuation as tokens of its own ("where is it ?", "¿ dónde está ?"), so typed
 * punctuation is split off, and a capitalised word the vocabulary only has in lower case
 * ("She") is looked up in lower case.
 */

export interface SourceToken {
  /** What the person typed (after splitting off punctuation). */
  typed: string;
  /** The vocabulary token it maps to; '<unk>' when there is none. */
  token: string;
  id: number;
  known: boolean;
}

const LEADING = /^([¿¡"'(«]+)(.*)$/u;
const TRAILING = /^(.*?)([.,;:!?"')»]+)$/u;

/** Splits on whitespace, then peels punctuation off both ends of each word, one mark per token. */
export function splitWords(text: string): string[] {
  const pieces: string[] = [];
  for (const word of text.trim().split(/\s+/u)) {
    if (word.length === 0) continue;
    let rest = word;
    const lead = LEADING.exec(rest);
    const before: string[] = [];
    if (lead && lead[2].length > 0) {
      before.push(...lead[1]);
      rest = lead[2];
    }
    const after: string[] = [];
    const trail = TRAILING.exec(rest);
    if (trail && trail[1].length > 0) {
      after.push(...trail[2]);
      rest = trail[1];
    }
    pieces.push(...before, rest, ...after);
  }
  return pieces;
}

/** Maps typed text to source ids; unknown words map to unkId, as the engine's text input does. */
export function tokenizeSource(text: string, vocabulary: readonly string[], unkId: number): SourceToken[] {
  const index = new Map<string, number>();
  vocabulary.forEach((token, id) => {
    if (!index.has(token)) index.set(token, id);
  });
  return splitWords(text).map((typed) => {
    const id = index.get(typed) ?? index.get(typed.toLowerCase());
    if (id === undefined) return { typed, token: vocabulary[unkId] ?? '<unk>', id: unkId, known: false };
    return { typed, token: vocabulary[id], id, known: true };
  });
}

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
