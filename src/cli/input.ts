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
