import type { Model } from '../model.ts';
import type { Tokenizer } from './types.ts';
import { wordTokenizer } from './words.ts';

/** Word-level tokenizers, made once per model (models are long-lived). */
const wordTokenizers = new WeakMap<object, Tokenizer>();

/**
 * The tokenizer of a model: its tokenizer.json one, else the word-level one of its vocab.json,
 * else none (the model takes ids only). A Model built by hand with a `vocab` gets the word-level one.
 */
export function tokenizerOf(model: Pick<Model, 'config' | 'vocab' | 'tokenizer'>): Tokenizer | undefined {
  if (model.tokenizer) return model.tokenizer;
  const { vocab } = model;
  if (!vocab) return undefined;
  let tokenizer = wordTokenizers.get(model);
  if (!tokenizer) {
    tokenizer = wordTokenizer(vocab, model.config);
    wordTokenizers.set(model, tokenizer);
  }
  return tokenizer;
}
