import type { Encoding } from '../model/tokenizer/types.ts';

/** One stdin line turned into ids (with the tokenizer's encoding of a text line), or why it cannot be. */
export type ParsedLine =
  { kind: 'empty' } | { kind: 'ids'; ids: number[]; encoding?: Encoding } | { kind: 'error'; message: string };

export interface LineRules {
  /** Parse whitespace-separated integer ids instead of text. */
  ids: boolean;
  /** The tokenizer side that turns a text line into ids (src/model/tokenizer); required unless `ids`. */
  encode?: (text: string) => Encoding;
  vocabSize: number;
  maxTokens: number;
  /** Names the input in messages: "line 3" or "line 3 of targets.txt". */
  where: string;
}

function splitOnSpaces(line: string): string[] {
  return line
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
}

export function parseLine(line: string, rules: LineRules): ParsedLine {
  const tooMany = (count: number): ParsedLine => ({
    kind: 'error',
    message: `${rules.where}: ${count} tokens is more than the limit of ${rules.maxTokens} (--max-source-len)`,
  });
  if (!rules.ids) {
    if (!rules.encode) throw new Error('a text line needs a tokenizer');
    const encoding = rules.encode(line);
    if (encoding.ids.length === 0) return { kind: 'empty' };
    if (encoding.ids.length > rules.maxTokens) return tooMany(encoding.ids.length);
    return { kind: 'ids', ids: encoding.ids, encoding };
  }
  const words = splitOnSpaces(line);
  if (words.length === 0) return { kind: 'empty' };
  if (words.length > rules.maxTokens) return tooMany(words.length);
  const ids: number[] = [];
  for (const word of words) {
    if (!/^\d+$/.test(word) || Number(word) >= rules.vocabSize) {
      return { kind: 'error', message: `${rules.where}: "${word}" is not an id in [0, ${rules.vocabSize})` };
    }
    ids.push(Number(word));
  }
  return { kind: 'ids', ids };
}

export interface PrefixRules {
  /** Whitespace-separated integer ids instead of target text. */
  ids: boolean;
  /** The target side of the tokenizer; required unless `ids`. */
  encode?: (text: string) => Encoding;
  vocabSize: number;
  /** pad, bos and eos: never forced. */
  special: { pad: number; bos: number; eos: number };
  /** Names the prefix in messages: "line 3 of prefixes.txt". */
  where: string;
}

/**
 * A --prefix-file line as target ids: a text goes through the target tokenizer and a word it does
 * not know is refused by name rather than forced as unk; every id must be in the vocabulary, and
 * none pad, bos or eos. An empty line forces nothing.
 */
export function parsePrefix(line: string, rules: PrefixRules): ParsedLine {
  let ids: number[];
  let shown: string[];
  if (rules.ids) {
    shown = splitOnSpaces(line);
    ids = [];
    for (const word of shown) {
      if (!/^\d+$/.test(word) || Number(word) >= rules.vocabSize) {
        return { kind: 'error', message: `${rules.where}: "${word}" is not a target id in [0, ${rules.vocabSize})` };
      }
      ids.push(Number(word));
    }
  } else {
    if (!rules.encode) throw new Error('a text prefix needs a tokenizer');
    const encoding = rules.encode(line);
    if (encoding.unknown.length > 0) {
      return { kind: 'error', message: `${rules.where}: "${encoding.unknown[0]}" is not in the target vocabulary` };
    }
    ({ ids, tokens: shown } = encoding);
  }
  const { pad, bos, eos } = rules.special;
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    const special = id === pad ? 'pad' : id === bos ? 'bos' : id === eos ? 'eos' : undefined;
    if (special) {
      return {
        kind: 'error',
        message: `${rules.where}: "${shown[t]}" is the ${special} token, which cannot be forced`,
      };
    }
  }
  return { kind: 'ids', ids };
}
