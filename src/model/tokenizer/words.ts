/**
 * The word-level tokenizer of vocab.json. The corpus is tokenised by spaces with punctuation as
 * tokens of its own ("where is it ?", "¿ dónde está ?"), so typed punctuation is split off, and a
 * capitalised word the vocabulary only has in lower case ("She") is looked up in lower case.
 */
import type { ModelConfig } from '../config.ts';
import type { Vocabulary } from '../model.ts';
import { detokenize } from './detokenize.ts';
import type { Encoding, Tokenizer } from './types.ts';

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

/**
 * Splits on whitespace, then peels punctuation off both ends of each word, one mark per token. A word
 * the vocabulary has as it is (`isToken`) stays whole: the corpus has tokens such as "'s" that start
 * with a mark.
 */
export function splitWords(text: string, isToken: (word: string) => boolean = () => false): string[] {
  const pieces: string[] = [];
  for (const word of text.trim().split(/\s+/u)) {
    if (word.length === 0) continue;
    if (isToken(word)) {
      pieces.push(word);
      continue;
    }
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

/** Token → first id, built once per token list (vocabularies are long-lived). */
const indexCache = new WeakMap<readonly string[], Map<string, number>>();

function tokenIndex(vocabulary: readonly string[]): Map<string, number> {
  let index = indexCache.get(vocabulary);
  if (!index) {
    index = new Map();
    for (let id = vocabulary.length - 1; id >= 0; id--) index.set(vocabulary[id], id);
    indexCache.set(vocabulary, index);
  }
  return index;
}

/** Maps typed text to source ids; unknown words map to unkId. */
export function tokenizeSource(text: string, vocabulary: readonly string[], unkId: number): SourceToken[] {
  const index = tokenIndex(vocabulary);
  const known = (word: string) => index.has(word) || index.has(word.toLowerCase());
  return splitWords(text, known).map((typed) => {
    const id = index.get(typed) ?? index.get(typed.toLowerCase());
    if (id === undefined) return { typed, token: vocabulary[unkId] ?? '<unk>', id: unkId, known: false };
    return { typed, token: vocabulary[id], id, known: true };
  });
}

function encode(text: string, vocabulary: readonly string[], unkId: number): Encoding {
  const pieces = tokenizeSource(text, vocabulary, unkId);
  const unknown = [...new Set(pieces.filter((piece) => !piece.known).map((piece) => piece.typed))];
  return {
    ids: pieces.map((piece) => piece.id),
    tokens: pieces.map((piece) => piece.token),
    typed: pieces.map((piece) => piece.typed),
    unknown,
  };
}

/** The tokenizer of a vocab.json vocabulary. */
export function wordTokenizer(vocab: Vocabulary, config: ModelConfig): Tokenizer {
  const tokensOf = (ids: readonly number[]) => ids.map((id) => vocab.target[id] ?? `<${id}>`);
  return {
    kind: 'words',
    encodeSource: (text) => encode(text, vocab.source, config.unk_id),
    encodeTarget: (text) => encode(text, vocab.target, config.unk_id),
    decodeTarget: (ids) => {
      const tokens = tokensOf(ids);
      return { tokens, text: detokenize(tokens) };
    },
    detokenizeTarget: (tokens) => detokenize(tokens),
  };
}
