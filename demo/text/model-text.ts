/**
 * The page's text through the loaded model's own tokenizer (src/model/tokenizer): vocab.json's
 * word-level one or a tokenizer.json one, so the page reads and writes a sentence exactly as the
 * API and the command line do for that model. Pure: no DOM, no network.
 */
import type { Tokenizer } from '../../src/model/tokenizer/types.ts';
import { glued } from './tokenize.ts';
import type { SourceToken } from './tokenize.ts';

/**
 * The typed text as the model reads it, one entry per source id. A token is unknown when the
 * tokenizer turned a typed word it lacks into the unk token: checked against its list of unknown
 * words, so a typed "<unk>" (a word the vocabulary has) stays known, as the word-level tokenizer
 * always had it.
 */
export function sourceTokensOf(tokenizer: Tokenizer, text: string, unkId: number): SourceToken[] {
  const { ids, tokens, typed, unknown } = tokenizer.encodeSource(text);
  return ids.map((id, i) => {
    const known = !(id === unkId && unknown.includes(typed[i]));
    return { typed: typed[i], token: tokens[i], id, known };
  });
}

/**
 * Target tokens as the displayed sentence, cut into one piece per token: [the space before it,
 * its text]. Word-level tokens keep the word-level spacing rules (glued). Subword pieces ("▁gat",
 * "o") have no text of their own, so each piece is what it adds to the text of the tokens up to
 * it: decoded from `ids` when given (the tokenizer's own decoding, special tokens left out, so the
 * pieces join to exactly the hypothesis's text), else detokenised from the tokens (an unk token
 * replaced by a typed word has no id). A decoder whose text of a prefix is not a prefix of the
 * whole (it rewrites earlier text) gets the whole sentence as one piece on the first token and
 * empty pieces after it, rather than pieces that read wrong.
 */
export function targetPieces(
  tokenizer: Tokenizer,
  tokens: readonly string[],
  ids?: readonly number[],
): [string, string][] {
  if (tokenizer.kind === 'words') return glued(tokens);
  const textUpTo = (end: number) =>
    ids && ids.length === tokens.length
      ? tokenizer.decodeTarget(ids.slice(0, end)).text
      : tokenizer.detokenizeTarget(tokens.slice(0, end));
  const pieces: [string, string][] = [];
  let before = '';
  for (let i = 0; i < tokens.length; i++) {
    const upTo = textUpTo(i + 1);
    if (!upTo.startsWith(before)) {
      const whole = textUpTo(tokens.length);
      return tokens.map((_, j) => (j === 0 ? ['', whole] : ['', '']));
    }
    const added = upTo.slice(before.length);
    const space = /^\s*/u.exec(added)![0];
    pieces.push([space, added.slice(space.length)]);
    before = upTo;
  }
  return pieces;
}
