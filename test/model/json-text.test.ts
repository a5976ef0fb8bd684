import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.ts';
import { decodeUtf8, lineAndColumn, parseJsonText, scanJson } from '../../src/model/json-text.ts';

const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('scanJson', () => {
  it('accepts what JSON.parse accepts and rejects what it rejects', () => {
    const samples = [
      '0',
      '-0.5e+3',
      '"a\\u00e9\\n"',
      'true',
      'null',
      ' [1, [2, {}], {"a": []}] ',
      '{"a":{"b":[true,false,null]}}',
      '01',
      '1.',
      '.5',
      '+1',
      '"\\x"',
      '"\u0001"',
      '[1,]',
      '{"a":1,}',
      '{a:1}',
      "{'a':1}",
      '[1 2]',
      'nul',
      '[',
      '"abc',
      '{"a" 1}',
      '{} {}',
      '\u00a0{}',
      'NaN',
      '-',
      '1e',
      '"\\u12G4"',
    ];
    for (const text of samples) expect(scanJson(text).error === undefined, text).toBe(parses(text));
  });

  it('agrees with JSON.parse on generated documents and their damaged variants', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.nat(),
        fc.constantFrom('', ',', '}', ']', '"', ':', ' ', 'x', '\\'),
        (value, cut, insert) => {
          const text = JSON.stringify(value, null, cut % 2 ? 1 : undefined);
          expect(scanJson(text).error).toBeUndefined();
          const at = text.length === 0 ? 0 : cut % text.length;
          const damaged = text.slice(0, at) + insert + text.slice(at + (cut % 3 === 0 ? 1 : 0));
          expect(scanJson(damaged).error === undefined).toBe(parses(damaged));
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('finds duplicate keys at any depth with their path', () => {
    expect(scanJson('{"a": 1, "b": {"a": 2}}').duplicate).toBeUndefined();
    expect(scanJson('{"a": 1, "\\u0061": 2}').duplicate).toEqual({ key: 'a', path: [], position: 9 });
    expect(scanJson('{"t": {"dtype": "F32", "dtype": "F16"}}').duplicate).toEqual({
      key: 'dtype',
      path: ['t'],
      position: 23,
    });
    expect(scanJson('{"x": [{"k": 1, "k": 2}]}').duplicate?.path).toEqual(['x', '[]']);
  });

  it('handles deep nesting without recursion', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(scanJson(deep).error).toBeUndefined();
    expect(scanJson(deep.slice(0, -1)).error?.reason).toBe("expected ',' or ']', found end of input");
  });
});

describe('parseJsonText', () => {
  it('names the line and column of a syntax error', () => {
    expect(lineAndColumn('ab\ncd\nef', 7)).toEqual({ line: 3, column: 2 });
    expect(() => parseJsonText('{\n"a": [1, 2,]\n}', 'vocab.json')).toThrow(
      'vocab.json: file is not valid JSON: unexpected character "]", expected a value at line 2, column 12 (offset 13)',
    );
  });

  it('rejects duplicate keys naming the key path', () => {
    const error = (() => {
      try {
        parseJsonText('{"source": {"x": 1, "x": 2}}', 'vocab.json');
      } catch (e) {
        return e as ModelFormatError;
      }
    })();
    expect(error).toBeInstanceOf(ModelFormatError);
    expect(error?.message).toBe(
      'vocab.json: key "source.x": appears more than once in the same object at line 1, column 21 (offset 20)',
    );
  });

  it('decodes strict UTF-8 only', () => {
    expect(decodeUtf8(new Uint8Array([0x7b, 0xc3, 0xa9, 0x7d]), 'f')).toBe('{é}');
    expect(() => decodeUtf8(new Uint8Array([0x7b, 0xff, 0x7d]), 'vocab.json')).toThrow(
      'vocab.json: file is not valid UTF-8',
    );
  });
});
