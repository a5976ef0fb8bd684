// The demo's text through the model's own tokenizer: a word-level model reads and writes exactly as
// the word-level functions always did; a tokenizer.json model shows its pieces, and its translation
// cut into per-token pieces joins to the tokenizer's own decoding.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceTokensOf, targetPieces } from '../../demo/text/model-text.ts';
import { detokenize, glued, tokenizeSource } from '../../demo/text/tokenize.ts';
import { defaultConfig } from '../../src/model/random-model.ts';
import { parseTokenizerFiles } from '../../src/model/tokenizer/tokenizer-json.ts';
import { wordTokenizer } from '../../src/model/tokenizer/words.ts';

const VOCAB = {
  source: [
    '<pad>',
    '<unk>',
    '<s>',
    '</s>',
    'she',
    'reads',
    'the',
    'book',
    '.',
    '?',
    'where',
    'is',
    'Sofia',
    ',',
    '<unk>',
  ],
  target: ['<pad>', '<unk>', '<s>', '</s>', 'ella', 'lee', 'el', 'libro', '.', '¿', 'dónde', 'está', 'Sofia', '?', ','],
};
const WORD_CONFIG = defaultConfig({ src_vocab_size: VOCAB.source.length, tgt_vocab_size: VOCAB.target.length });

/** The BPE fixture: 40 tokens, <pad> <unk> <s> </s> at 0..3, Metaspace pieces ("▁the", "▁gato"). */
const BPE_JSON = readFileSync(join(import.meta.dirname, '../fixtures/tokenizers/bpe.tokenizer.json'), 'utf8');
const BPE_CONFIG = defaultConfig({ src_vocab_size: 40, tgt_vocab_size: 40 });
const bpe = parseTokenizerFiles({ shared: { json: BPE_JSON, file: 'tokenizer.json' } }, BPE_CONFIG).tokenizer;

describe('source tokens through the model’s tokenizer', () => {
  it('are the word-level function’s tokens for a vocab.json model, unknown words included', () => {
    const words = wordTokenizer(VOCAB, WORD_CONFIG);
    for (const text of ['She reads the Book, Zorbak Zorbak!', 'where is Sofia?', '   ', 'the <unk> book']) {
      expect(sourceTokensOf(words, text, WORD_CONFIG.unk_id)).toEqual(
        tokenizeSource(text, VOCAB.source, WORD_CONFIG.unk_id),
      );
    }
  });

  it('are the pieces of a tokenizer.json model, with its ids', () => {
    const tokens = sourceTokensOf(bpe, 'the red cat.', BPE_CONFIG.unk_id);
    const encoding = bpe.encodeSource('the red cat.');
    expect(tokens.map((token) => token.token)).toEqual(encoding.tokens);
    expect(tokens.map((token) => token.id)).toEqual(encoding.ids);
    expect(tokens.map((token) => token.token)).toEqual(['▁the', '▁red', '▁cat', '.']);
    expect(tokens.every((token) => token.known)).toBe(true);
  });
});

describe('target tokens as the displayed sentence', () => {
  it('keeps the word-level spacing for a vocab.json model', () => {
    const words = wordTokenizer(VOCAB, WORD_CONFIG);
    const tokens = ['¿', 'dónde', 'está', 'Sofia', '?'];
    expect(targetPieces(words, tokens)).toEqual(glued(tokens));
    expect(targetPieces(words, tokens).flat().join('')).toBe(detokenize(tokens));
  });

  it('joins subword pieces to the tokenizer’s own decoding, one piece per token', () => {
    const ids = bpe.encodeTarget('el gato rojo.').ids;
    const decoded = bpe.decodeTarget(ids);
    const pieces = targetPieces(bpe, decoded.tokens);
    expect(pieces).toHaveLength(ids.length);
    expect(pieces.flat().join('')).toBe(decoded.text);
    expect(decoded.text).toBe('el gato rojo.');
    // A piece inside a word has no space before it; a word's first piece has one (but the sentence's first).
    expect(pieces[0][0]).toBe('');
    expect(pieces.filter(([space]) => space === ' ')).toHaveLength(2);
  });

  it('decodes from the ids when given, so special tokens add no text, as in the hypothesis’s text', () => {
    const ids = [...bpe.encodeTarget('el gato').ids, 1, ...bpe.encodeTarget('rojo').ids];
    const decoded = bpe.decodeTarget(ids);
    const pieces = targetPieces(bpe, decoded.tokens, ids);
    expect(pieces.flat().join('')).toBe(decoded.text);
    expect(pieces[ids.indexOf(1)]).toEqual(['', '']);
  });

  it('shows a decoder that rewrites earlier text as the whole sentence on the first token', () => {
    // Text of a prefix that is not a prefix of the whole: "ab" then "Xc".
    const rewriting = { ...bpe, detokenizeTarget: (tokens: readonly string[]) => (tokens.length < 2 ? 'ab' : 'Xc') };
    expect(targetPieces(rewriting, ['a', 'b'])).toEqual([
      ['', 'Xc'],
      ['', ''],
    ]);
  });

  it('gives no pieces for no tokens', () => {
    expect(targetPieces(bpe, [])).toEqual([]);
  });
});
