/** One stdin line turned into ids, or why it cannot be. */
export type ParsedLine = { kind: 'empty' } | { kind: 'ids'; ids: number[] } | { kind: 'error'; message: string };

export interface LineRules {
  /** Parse whitespace-separated integer ids instead of text. */
  ids: boolean;
  /** Token strings by id; required unless `ids`. */
  tokens?: string[];
  unkId: number;
  vocabSize: number;
  maxTokens: number;
  /** Names the input in messages: "line 3" or "line 3 of targets.txt". */
  where: string;
}

export function parseLine(line: string, rules: LineRules): ParsedLine {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return { kind: 'empty' };
  if (words.length > rules.maxTokens) {
    return {
      kind: 'error',
      message: `${rules.where}: ${words.length} tokens is more than the limit of ${rules.maxTokens} (--max-source-len)`,
    };
  }
  if (rules.ids) {
    const ids: number[] = [];
    for (const word of words) {
      if (!/^\d+$/.test(word) || Number(word) >= rules.vocabSize) {
        return { kind: 'error', message: `${rules.where}: "${word}" is not an id in [0, ${rules.vocabSize})` };
      }
      ids.push(Number(word));
    }
    return { kind: 'ids', ids };
  }
  const index = tokenIndex(rules.tokens ?? []);
  return { kind: 'ids', ids: words.map((w) => index.get(w) ?? rules.unkId) };
}

const indexCache = new WeakMap<string[], Map<string, number>>();

function tokenIndex(tokens: string[]): Map<string, number> {
  let index = indexCache.get(tokens);
  if (!index) {
    index = new Map(tokens.map((token, id) => [token, id]));
    indexCache.set(tokens, index);
  }
  return index;
}

/** Target ids to tokens, or undefined without a vocabulary. */
export function tokensOf(ids: number[], tokens: string[] | undefined): string[] | undefined {
  return tokens ? ids.map((id) => tokens[id] ?? `<${id}>`) : undefined;
}

export interface PrefixRules {
  /** Whitespace-separated integer ids instead of target tokens. */
  ids: boolean;
  /** Target token strings by id; required unless `ids`. */
  tokens?: string[];
  vocabSize: number;
  /** pad, bos and eos: never forced. */
  special: { pad: number; bos: number; eos: number };
  /** Names the prefix in messages: "line 3 of prefixes.txt". */
  where: string;
}

/**
 * A --prefix-file line as target ids: every word must be a target token (a word outside the
 * vocabulary is refused by name rather than forced as unk), every id in the vocabulary, and none
 * pad, bos or eos. An empty line forces nothing.
 */
export function parsePrefix(line: string, rules: PrefixRules): ParsedLine {
  const words = line
    .trim()
    .split(/\s+/)
    .filter((w) => w.length > 0);
  const ids: number[] = [];
  const index = rules.ids ? undefined : tokenIndex(rules.tokens ?? []);
  for (const word of words) {
    let id: number | undefined;
    if (index) {
      id = index.get(word);
      if (id === undefined)
        return { kind: 'error', message: `${rules.where}: "${word}" is not in the target vocabulary` };
    } else {
      if (!/^\d+$/.test(word) || Number(word) >= rules.vocabSize) {
        return { kind: 'error', message: `${rules.where}: "${word}" is not a target id in [0, ${rules.vocabSize})` };
      }
      id = Number(word);
    }
    const { pad, bos, eos } = rules.special;
    const special = id === pad ? 'pad' : id === bos ? 'bos' : id === eos ? 'eos' : undefined;
    if (special) {
      return { kind: 'error', message: `${rules.where}: "${word}" is the ${special} token, which cannot be forced` };
    }
    ids.push(id);
  }
  return { kind: 'ids', ids };
}
