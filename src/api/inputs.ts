/**
 * Sentence inputs of the public API to token ids: texts split on whitespace with unknown words
 * mapped to unk_id (as the command line does), id lists checked against the vocabulary size.
 */
import { describeValue } from './describe-value.ts';
import { checkIds } from '../model/validate.ts';
import { InputError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import type { Vocabulary } from '../model/model.ts';
import { encodeTokens } from '../model/vocab.ts';
import type { PrefixInput, SentenceInput, TranslateOptions } from './types.ts';

export interface Sentences {
  /** A single text was given: the caller returns one result instead of a list. */
  single: boolean;
  ids: number[][];
}

export type Side = 'source' | 'target';

/** Ids of one text on one side; a model without a vocabulary takes ids only. */
export function tokenize(text: string, side: Side, config: ModelConfig, vocab: Vocabulary | undefined): number[] {
  if (typeof text !== 'string') throw new InputError(`tokenize needs a string, found ${typeof text}`);
  if (!vocab) {
    throw new InputError('the model has no vocab.json: give sentences as token ids (number[][]) instead of text');
  }
  return encodeTokens(text, side === 'source' ? vocab.source : vocab.target, config.unk_id);
}

/** Every entry of `input` as ids; `what` names entries in errors ("source 3"). */
export function toSentences(
  input: SentenceInput,
  side: Side,
  config: ModelConfig,
  vocab: Vocabulary | undefined,
  what: string,
): Sentences {
  if (typeof input === 'string') return { single: true, ids: [tokenize(input, side, config, vocab)] };
  if (!Array.isArray(input)) {
    throw new InputError(
      `${what}s must be a string or an array of strings and id arrays, found ${describeValue(input)}`,
    );
  }
  const vocabSize = side === 'source' ? config.src_vocab_size : config.tgt_vocab_size;
  const ids = input.map((entry: unknown, i) => {
    if (typeof entry === 'string') return tokenize(entry, side, config, vocab);
    if (!Array.isArray(entry))
      throw new InputError(`${what} ${i} must be a string or an array of ids, found ${describeValue(entry)}`);
    // A string id would be reported by its value ("id 5") as if it were a number.
    const notNumber = entry.findIndex((id: unknown) => typeof id !== 'number');
    if (notNumber >= 0) {
      const found = entry[notNumber] as unknown;
      const described = typeof found === 'string' ? `a string ${JSON.stringify(found)}` : describeValue(found);
      throw new InputError(`${what} ${i}: ids must be numbers, found ${described} at position ${notNumber}`);
    }
    checkIds(entry as number[], vocabSize, `${what} ${i}`);
    return [...(entry as number[])];
  });
  return { single: false, ids };
}

/** Source tokens as the model saw them (unknown words become the unk token). */
export function sourceTokens(ids: readonly number[], vocab: Vocabulary | undefined): string[] | undefined {
  return vocab ? ids.map((id) => vocab.source[id]) : undefined;
}

export function targetTokens(ids: readonly number[], vocab: Vocabulary | undefined): string[] | undefined {
  return vocab ? ids.map((id) => vocab.target[id] ?? `<${id}>`) : undefined;
}

/**
 * Per input, the words a replaced unknown token takes its text from: a text's words as typed (a word
 * outside the vocabulary stays as written), an id list's source tokens. Undefined without a vocabulary.
 */
export function sourceWords(input: SentenceInput, ids: readonly number[][], vocab: Vocabulary | undefined) {
  if (!vocab) return undefined;
  const entries = typeof input === 'string' ? [input] : input;
  return entries.map((entry, i) =>
    typeof entry === 'string' ? splitWords(entry) : ids[i].map((id) => vocab.source[id]),
  );
}

function splitWords(text: string): string[] {
  return text.split(/\s+/).filter((w) => w.length > 0);
}

const targetIndexes = new WeakMap<readonly string[], Map<string, number>>();

function targetIndex(tokens: readonly string[]): Map<string, number> {
  let index = targetIndexes.get(tokens);
  if (!index) {
    index = new Map(tokens.map((token, id) => [token, id]));
    targetIndexes.set(tokens, index);
  }
  return index;
}

/**
 * The `prefix` option as target ids, one entry per input (undefined: no prefix), or undefined when
 * no prefix was given. Texts are looked up word by word in the target vocabulary: a word outside it
 * is refused, naming it (an unknown word cannot be forced as unk_id by accident). Ids must be in the
 * target vocabulary and not pad_id, bos_id or eos_id.
 */
export function prefixIds(
  prefix: TranslateOptions['prefix'],
  single: boolean,
  count: number,
  config: ModelConfig,
  vocab: Vocabulary | undefined,
): (number[] | undefined)[] | undefined {
  if (prefix === undefined) return undefined;
  if (single) {
    const isIds = Array.isArray(prefix) && prefix.every((id: unknown) => typeof id === 'number');
    if (typeof prefix !== 'string' && !isIds) {
      throw new InputError(
        `option prefix of a single text must be a text or an id list, found ${describeValue(prefix)}`,
      );
    }
    return [onePrefix(prefix, 'option prefix', config, vocab)];
  }
  if (!Array.isArray(prefix)) {
    throw new InputError(
      `option prefix of a list input must be a list with one entry per input (a text, an id list or undefined), found ${describeValue(prefix)}`,
    );
  }
  if (prefix.length !== count) {
    throw new InputError(`option prefix has ${prefix.length} entries for ${count} inputs (one per input)`);
  }
  return (prefix as readonly unknown[]).map((entry, i) => {
    if (entry === undefined || entry === null) return undefined;
    const where = `option prefix of input ${i}`;
    if (typeof entry !== 'string' && !Array.isArray(entry)) {
      throw new InputError(`${where} must be a text, an id list or undefined, found ${describeValue(entry)}`);
    }
    return onePrefix(entry as PrefixInput, where, config, vocab);
  });
}

function onePrefix(prefix: PrefixInput, where: string, config: ModelConfig, vocab: Vocabulary | undefined): number[] {
  if (typeof prefix === 'string') {
    if (!vocab) {
      throw new InputError(`${where}: the model has no vocab.json: give the prefix as target token ids`);
    }
    const index = targetIndex(vocab.target);
    return splitWords(prefix).map((word) => {
      const id = index.get(word);
      if (id === undefined) throw new InputError(`${where}: "${word}" is not in the target vocabulary`);
      checkForcible(id, word, where, config);
      return id;
    });
  }
  return prefix.map((id: unknown, t) => {
    if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id >= config.tgt_vocab_size) {
      throw new InputError(
        `${where}: ${typeof id === 'number' ? `id ${id}` : describeValue(id)} at position ${t} is outside the target vocabulary (ids 0..${config.tgt_vocab_size - 1})`,
      );
    }
    checkForcible(id, `id ${id}`, where, config);
    return id;
  });
}

function checkForcible(id: number, what: string, where: string, config: ModelConfig): void {
  const special =
    id === config.pad_id ? 'pad_id' : id === config.bos_id ? 'bos_id' : id === config.eos_id ? 'eos_id' : '';
  if (special) throw new InputError(`${where}: ${what} is ${special}, which cannot be forced`);
}
