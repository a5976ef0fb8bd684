import { InputError, ModelFormatError } from '../errors.ts';
import type { ModelConfig } from './config.ts';
import type { Vocabulary } from './model.ts';
import { parseJsonText, showValue } from './json-text.ts';

/** vocab.json (docs/model-format.md): `{"source": [...], "target": [...]}`, token of id i at index i. */

const SIDES = [
  { key: 'source', sizeKey: 'src_vocab_size' },
  { key: 'target', sizeKey: 'tgt_vocab_size' },
] as const;

/** Checks a parsed vocab.json against the config; unknown keys are ignored. */
export function parseVocab(json: unknown, config: ModelConfig, file = 'vocab.json'): Vocabulary {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError(
      file,
      `expected a JSON object with "source" and "target", found ${Array.isArray(json) ? 'an array' : showValue(json)}`,
    );
  }
  const record = json as Record<string, unknown>;
  const sides: Record<string, string[]> = {};
  for (const { key, sizeKey } of SIDES) {
    const fail = (detail: string): never => {
      throw new ModelFormatError(file, detail, { key });
    };
    if (!Object.prototype.hasOwnProperty.call(record, key)) fail('required key is missing');
    const tokens = record[key];
    if (!Array.isArray(tokens)) fail(`expected an array of token strings, found ${showValue(tokens)}`);
    const list = tokens as unknown[];
    if (list.length !== config[sizeKey]) {
      fail(`has ${list.length} tokens but config.json ${sizeKey} is ${config[sizeKey]}`);
    }
    const firstId = new Map<string, number>();
    list.forEach((token, id) => {
      if (typeof token !== 'string') fail(`token of id ${id} must be a string, found ${showValue(token)}`);
      const earlier = firstId.get(token as string);
      if (earlier !== undefined) fail(`token ${showValue(token)} appears twice, at ids ${earlier} and ${id}`);
      firstId.set(token as string, id);
    });
    sides[key] = list as string[];
  }
  return { source: sides.source, target: sides.target };
}

/** Parses the text of vocab.json: invalid JSON is reported with its line and column. */
export function parseVocabText(text: string, config: ModelConfig, file = 'vocab.json'): Vocabulary {
  return parseVocab(parseJsonText(text, file), config, file);
}

/** Token → id lookups, built once per token list (vocabularies are long-lived). */
const indexCache = new WeakMap<readonly string[], Map<string, number>>();

function tokenIndex(tokens: readonly string[]): Map<string, number> {
  let index = indexCache.get(tokens);
  if (!index) {
    index = new Map();
    // The first id of a token wins (a validated vocabulary has no duplicates anyway).
    for (let id = tokens.length - 1; id >= 0; id--) index.set(tokens[id], id);
    indexCache.set(tokens, index);
  }
  return index;
}

/** Splits a line on whitespace and maps each token to its id; unknown tokens become unkId. */
export function encodeTokens(text: string, tokens: readonly string[], unkId: number): number[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  const index = tokenIndex(tokens);
  return words.map((w) => index.get(w) ?? unkId);
}

/** The token strings of ids; an id outside the vocabulary is an InputError. */
export function decodeIds(ids: readonly number[], tokens: readonly string[]): string[] {
  return ids.map((id) => {
    if (!Number.isInteger(id) || id < 0 || id >= tokens.length) {
      throw new InputError(`id ${id} is outside the vocabulary (ids 0..${tokens.length - 1})`);
    }
    return tokens[id];
  });
}
