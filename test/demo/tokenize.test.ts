import { describe, expect, it } from 'vitest';
import { detokenize, splitWords, tokenizeSource } from '../../demo/text/tokenize.ts';
import { pickExamples } from '../../demo/app/examples.ts';
import * as demoText from '../../demo/text/tokenize.ts';
import * as detokenizer from '../../src/model/tokenizer/detokenize.ts';
import * as words from '../../src/model/tokenizer/words.ts';

const VOCAB = ['<pad>', '<unk>', '<s>', '</s>', 'she', 'reads', 'the', 'book', '.', '?', 'where', 'is', 'Sofia', ','];

describe('the demo’s tokenizer', () => {
  it('is the engine’s own module, the one the API and the command line use', () => {
    expect(demoText.tokenizeSource).toBe(words.tokenizeSource);
    expect(demoText.splitWords).toBe(words.splitWords);
    expect(demoText.detokenize).toBe(detokenizer.detokenize);
    expect(demoText.glued).toBe(detokenizer.glued);
  });
});

describe('typed text to source tokens', () => {
  it('splits punctuation off words, one mark per token', () => {
    expect(splitWords('  Where is Sofia?  ')).toEqual(['Where', 'is', 'Sofia', '?']);
    expect(splitWords('¿dónde está? "yes", she said...')).toEqual([
      '¿',
      'dónde',
      'está',
      '?',
      '"',
      'yes',
      '"',
      ',',
      'she',
      'said',
      '.',
      '.',
      '.',
    ]);
    expect(splitWords('the book .')).toEqual(['the', 'book', '.']);
    expect(splitWords('')).toEqual([]);
  });

  it('looks capitalised words up in lower case when only that is known, and maps the rest to unk', () => {
    const tokens = tokenizeSource('She reads the Book, Sofia!', VOCAB, 1);
    expect(tokens.map((t) => t.id)).toEqual([4, 5, 6, 7, 13, 12, 1]);
    expect(tokens.map((t) => t.known)).toEqual([true, true, true, true, true, true, false]);
    expect(tokens[6]).toEqual({ typed: '!', token: '<unk>', id: 1, known: false });
  });
});

describe('generated tokens to text', () => {
  it('glues punctuation to its word', () => {
    expect(detokenize(['¿', 'dónde', 'está', 'Sofia', '?'])).toBe('¿dónde está Sofia?');
    expect(detokenize(['ella', 'lee', 'el', 'libro', ',', 'sí', '.'])).toBe('ella lee el libro, sí.');
    expect(detokenize([])).toBe('');
  });
});

describe('examples', () => {
  it('picks short sentences spread over the file', () => {
    const lines = Array.from({ length: 100 }, (_, i) => (i % 2 === 0 ? `w${i} a b c d` : 'too short'));
    const picked = pickExamples(lines, 5);
    expect(picked).toEqual(['w0 a b c d', 'w20 a b c d', 'w40 a b c d', 'w60 a b c d', 'w80 a b c d']);
  });
});
