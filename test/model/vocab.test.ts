import { describe, expect, it } from 'vitest';
import { InputError, ModelFormatError } from '../../src/errors.ts';
import { defaultConfig } from '../../src/model/random-model.ts';
import { decodeIds, encodeTokens, parseVocab, parseVocabText } from '../../src/model/vocab.ts';
import { makeVocab } from '../helpers/model-files.ts';

const config = defaultConfig({ src_vocab_size: 7, tgt_vocab_size: 6 });

function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    return error as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError, nothing was thrown');
}

describe('makeVocab', () => {
  it('puts the special tokens at their ids and readable words after them', () => {
    expect(makeVocab(config)).toEqual({
      source: ['<pad>', '<unk>', '<s>', '</s>', 'w4', 'w5', 'w6'],
      target: ['<pad>', '<unk>', '<s>', '</s>', 't4', 't5'],
    });
  });
});

describe('parseVocab', () => {
  it('accepts a vocabulary matching the config and ignores other keys', () => {
    const vocab = makeVocab(config);
    expect(parseVocab({ ...vocab, version: 3 }, config)).toEqual(vocab);
    expect(parseVocabText(JSON.stringify(vocab), config)).toEqual(vocab);
  });

  it('rejects a wrong length, naming the side and the config size', () => {
    const vocab = makeVocab(config);
    const error = formatError(() => parseVocab({ ...vocab, target: vocab.target.slice(0, 5) }, config, 'm/vocab.json'));
    expect(error.key).toBe('target');
    expect(error.message).toBe('m/vocab.json: key "target": has 5 tokens but config.json tgt_vocab_size is 6');
    expect(formatError(() => parseVocab({ ...vocab, source: [...vocab.source, 'w7'] }, config)).message).toBe(
      'vocab.json: key "source": has 8 tokens but config.json src_vocab_size is 7',
    );
  });

  it('rejects duplicates within one side, naming the token', () => {
    const vocab = makeVocab(config);
    const source = [...vocab.source];
    source[6] = 'w4';
    expect(formatError(() => parseVocab({ ...vocab, source }, config)).message).toBe(
      'vocab.json: key "source": token "w4" appears twice, at ids 4 and 6',
    );
    // The same token on both sides is fine.
    expect(parseVocab({ source: vocab.source, target: ['w4', ...vocab.target.slice(1)] }, config).target[0]).toBe('w4');
  });

  it('rejects missing sides, non-arrays and non-string tokens', () => {
    const vocab = makeVocab(config);
    expect(formatError(() => parseVocab({ source: vocab.source }, config)).message).toBe(
      'vocab.json: key "target": required key is missing',
    );
    expect(formatError(() => parseVocab({ ...vocab, source: 'abc' }, config)).message).toBe(
      'vocab.json: key "source": expected an array of token strings, found "abc"',
    );
    expect(formatError(() => parseVocab({ ...vocab, target: [...vocab.target.slice(0, 5), 5] }, config)).message).toBe(
      'vocab.json: key "target": token of id 5 must be a string, found 5',
    );
    expect(formatError(() => parseVocab([vocab.source], config)).message).toContain(
      'vocab.json: expected a JSON object',
    );
    expect(formatError(() => parseVocabText('{"source": [', config)).message).toContain(
      'vocab.json: file is not valid JSON',
    );
  });
});

describe('encodeTokens / decodeIds', () => {
  const tokens = makeVocab(config).source;

  it('splits on any whitespace and maps unknown words to unk', () => {
    expect(encodeTokens('  w4\tw6   w5\n', tokens, 1)).toEqual([4, 6, 5]);
    expect(encodeTokens('w4 zebra </s> W4', tokens, 1)).toEqual([4, 1, 3, 1]);
    expect(encodeTokens('   ', tokens, 1)).toEqual([]);
    expect(encodeTokens('', tokens, 1)).toEqual([]);
  });

  it('decodes ids to tokens and rejects ids outside the vocabulary', () => {
    expect(decodeIds([4, 1, 6], tokens)).toEqual(['w4', '<unk>', 'w6']);
    expect(() => decodeIds([7], tokens)).toThrow(InputError);
    expect(() => decodeIds([-1], tokens)).toThrow('id -1 is outside the vocabulary (ids 0..6)');
  });
});
