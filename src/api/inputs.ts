/**
 * Sentence inputs of the public API to token ids: texts through the model's tokenizer (the one the
 * command line and the demo use, src/model/tokenizer), id lists checked against the vocabulary size.
 */
import { describeValue } from './describe-value.ts';
import { checkIds } from '../model/validate.ts';
import { InputError } from '../errors.ts';
import type { ModelConfig } from '../model/config.ts';
import type { Vocabulary } from '../model/model.ts';
import type { Encoding, Tokenizer } from '../model/tokenizer/types.ts';
import type { PrefixInput, SentenceInput, TranslateOptions } from './types.ts';

export interface Sentences {
  /** A single text was given: the caller returns one result instead of a list. */
  single: boolean;
  ids: number[][];
  /** Per entry, the tokenizer's encoding of a text entry; undefined for an id list. */
  encodings: (Encoding | undefined)[];
}

export type Side = 'source' | 'target';

const NO_TOKENIZER =
  'the model has no vocab.json or tokenizer.json: give sentences as token ids (number[][]) instead of text';

/** The encoding of one text on one side; a model without a tokenizer takes ids only. */
export function encodeText(text: string, side: Side, tokenizer: Tokenizer | undefined): Encoding {
  if (typeof text !== 'string') throw new InputError(`tokenize needs a string, found ${typeof text}`);
  if (!tokenizer) throw new InputError(NO_TOKENIZER);
  return side === 'source' ? tokenizer.encodeSource(text) : tokenizer.encodeTarget(text);
}

/** Every entry of `input` as ids; `what` names entries in errors ("source 3"). */
export function toSentences(
  input: SentenceInput,
  side: Side,
  config: ModelConfig,
  tokenizer: Tokenizer | undefined,
  what: string,
): Sentences {
  if (typeof input === 'string') {
    const encoding = encodeText(input, side, tokenizer);
    return { single: true, ids: [encoding.ids], encodings: [encoding] };
  }
  if (!Array.isArray(input)) {
    throw new InputError(
      `${what}s must be a string or an array of strings and id arrays, found ${describeValue(input)}`,
    );
  }
  const vocabSize = side === 'source' ? config.src_vocab_size : config.tgt_vocab_size;
  const encodings: (Encoding | undefined)[] = [];
  const ids = input.map((entry: unknown, i) => {
    if (typeof entry === 'string') {
      const encoding = encodeText(entry, side, tokenizer);
      encodings.push(encoding);
      return encoding.ids;
    }
    encodings.push(undefined);
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
  return { single: false, ids, encodings };
}

/** Source tokens of an id list as the model saw them. */
export function sourceTokens(ids: readonly number[], vocab: Vocabulary | undefined): string[] | undefined {
  return vocab ? ids.map((id) => vocab.source[id]) : undefined;
}

/**
 * Per input, the words a replaced unknown token takes its text from: a text's pieces as typed (a word
 * outside the vocabulary stays as written), an id list's source tokens. Undefined without a vocabulary.
 */
export function sourceWords(sentences: Sentences, vocab: Vocabulary | undefined): string[][] | undefined {
  if (!vocab) return undefined;
  return sentences.ids.map((ids, i) => sentences.encodings[i]?.typed ?? ids.map((id) => vocab.source[id]));
}

/**
 * The `prefix` option as target ids, one entry per input (undefined: no prefix), or undefined when
 * no prefix was given. Texts go through the target side of the tokenizer: a word it does not know
 * is refused, naming it (an unknown word cannot be forced as unk_id by accident). Ids must be in the
 * target vocabulary and not pad_id, bos_id or eos_id.
 */
export function prefixIds(
  prefix: TranslateOptions['prefix'],
  single: boolean,
  count: number,
  config: ModelConfig,
  tokenizer: Tokenizer | undefined,
): (number[] | undefined)[] | undefined {
  if (prefix === undefined) return undefined;
  if (single) {
    const isIds = Array.isArray(prefix) && prefix.every((id: unknown) => typeof id === 'number');
    if (typeof prefix !== 'string' && !isIds) {
      throw new InputError(
        `option prefix of a single text must be a text or an id list, found ${describeValue(prefix)}`,
      );
    }
    return [onePrefix(prefix, 'option prefix', config, tokenizer)];
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
    return onePrefix(entry as PrefixInput, where, config, tokenizer);
  });
}

function onePrefix(
  prefix: PrefixInput,
  where: string,
  config: ModelConfig,
  tokenizer: Tokenizer | undefined,
): number[] {
  if (typeof prefix === 'string') {
    if (!tokenizer) {
      throw new InputError(
        `${where}: the model has no vocab.json or tokenizer.json: give the prefix as target token ids`,
      );
    }
    const { ids, tokens, unknown } = tokenizer.encodeTarget(prefix);
    if (unknown.length > 0) throw new InputError(`${where}: "${unknown[0]}" is not in the target vocabulary`);
    ids.forEach((id, t) => checkForcible(id, tokens[t], where, config));
    return ids;
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
