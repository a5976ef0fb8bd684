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
import type { SentenceInput } from './types.ts';

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
