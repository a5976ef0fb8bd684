import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.ts';
import { MAX_POSITIONS, MAX_TRANSFORMER_LAYERS, parseConfig, parseConfigText } from '../../src/model/config-parse.ts';
import type { ModelConfig, RnnConfig } from '../../src/model/config.ts';
import { defaultConfig } from '../../src/model/random-model.ts';

const valid = () => ({ ...defaultConfig({ attention: 'general', input_feeding: true }) }) as Record<string, unknown>;

/** The ModelFormatError thrown by fn (fails the test when nothing or something else is thrown). */
function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    return error as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError, nothing was thrown');
}

const parseRnnConfig = (json: unknown) => asRnnConfig(parseConfig(json));

describe('parseConfig', () => {
  it('accepts a valid config and ignores unknown keys', () => {
    const json = { ...valid(), comment: 'trained on toy data', dropout: 0.3 };
    const config = parseConfig(json);
    expect(config).toEqual(defaultConfig({ attention: 'general', input_feeding: true }));
    expect(config).not.toHaveProperty('comment');
  });

  it('accepts every cell and attention type', () => {
    for (const cell of ['lstm', 'gru', 'rnn_tanh', 'rnn_relu']) {
      for (const attention of ['none', 'dot', 'general', 'additive']) {
        const config = parseRnnConfig({ ...valid(), cell, attention, input_feeding: attention !== 'none' });
        expect([config.cell, config.attention]).toEqual([cell, attention]);
      }
    }
  });

  it('names the file and key of an unknown enum value', () => {
    const error = formatError(() => parseConfig({ ...valid(), cell: 'foo' }));
    expect(error.message).toBe('config.json: key "cell": expected one of lstm|gru|rnn_tanh|rnn_relu, found "foo"');
    expect(error.key).toBe('cell');
    expect(error.file).toBe('config.json');
    expect(formatError(() => parseConfig({ ...valid(), attention: 'luong' }, 'm/config.json')).message).toBe(
      'm/config.json: key "attention": expected one of none|dot|general|additive, found "luong"',
    );
  });

  it('checks format and version', () => {
    expect(formatError(() => parseConfig({ ...valid(), format: 'onnx' })).message).toBe(
      'config.json: key "format": expected one of seq2seq-rnn|seq2seq-transformer, found "onnx"',
    );
    expect(formatError(() => parseConfig({ ...valid(), version: 2 })).message).toBe(
      'config.json: key "version": expected 1, found 2',
    );
    expect(formatError(() => parseConfig({ ...valid(), version: '1' })).message).toContain('key "version"');
  });

  const requiredKeys = Object.keys(defaultConfig());
  it.each(requiredKeys)('reports missing key %s', (key) => {
    const json = valid();
    delete json[key];
    const error = formatError(() => parseConfig(json));
    expect(error.message).toBe(`config.json: key "${key}": required key is missing`);
  });

  const integerKeys: [string, number][] = [
    ['src_vocab_size', 1],
    ['tgt_vocab_size', 1],
    ['embedding_dim', 1],
    ['hidden_size', 1],
    ['num_layers', 1],
    ['pad_id', 0],
    ['unk_id', 0],
    ['bos_id', 0],
    ['eos_id', 0],
  ];
  it.each(integerKeys)('checks that %s is an integer >= %d', (key, min) => {
    for (const bad of [1.5, '12', null, true, [3]]) {
      const error = formatError(() => parseConfig({ ...valid(), [key]: bad }));
      expect(error.message).toBe(`config.json: key "${key}": expected an integer, found ${JSON.stringify(bad)}`);
    }
    const error = formatError(() => parseConfig({ ...valid(), [key]: min - 1 }));
    expect(error.message).toBe(`config.json: key "${key}": expected an integer >= ${min}, found ${min - 1}`);
  });

  it.each(['bidirectional', 'input_feeding'])('checks that %s is a boolean', (key) => {
    const error = formatError(() => parseConfig({ ...valid(), [key]: 'yes' }));
    expect(error.message).toBe(`config.json: key "${key}": expected true or false, found "yes"`);
  });

  it('requires an even hidden_size when bidirectional', () => {
    const error = formatError(() => parseConfig({ ...valid(), bidirectional: true, hidden_size: 13 }));
    expect(error.key).toBe('hidden_size');
    expect(error.message).toMatch(/^config\.json: key "hidden_size": must be even when bidirectional .* found 13$/);
    expect(parseRnnConfig({ ...valid(), bidirectional: false, hidden_size: 13 }).hidden_size).toBe(13);
    expect(parseRnnConfig({ ...valid(), bidirectional: true, hidden_size: 14 }).bidirectional).toBe(true);
  });

  it('rejects input_feeding without attention', () => {
    const error = formatError(() => parseConfig({ ...valid(), attention: 'none', input_feeding: true }));
    expect(error.key).toBe('input_feeding');
    expect(error.message).toContain('config.json: key "input_feeding": must be false when attention is "none"');
  });

  it('checks special ids against the vocabulary sizes', () => {
    // src 20, tgt 18 in the default config.
    expect(formatError(() => parseConfig({ ...valid(), eos_id: 18 })).message).toBe(
      'config.json: key "eos_id": must be less than tgt_vocab_size (18), found 18',
    );
    expect(formatError(() => parseConfig({ ...valid(), unk_id: 19 })).message).toBe(
      'config.json: key "unk_id": must be less than tgt_vocab_size (18), found 19',
    );
    expect(formatError(() => parseConfig({ ...valid(), src_vocab_size: 5, pad_id: 5 })).message).toBe(
      'config.json: key "pad_id": must be less than src_vocab_size (5), found 5',
    );
    // bos and eos are target tokens: a small source vocabulary need not hold them.
    const config = parseConfig({ ...valid(), src_vocab_size: 2, bos_id: 2, eos_id: 3 });
    expect(config.src_vocab_size).toBe(2);
  });

  it('rejects special ids that collide, naming both keys', () => {
    // pad 0, unk 1, bos 2, eos 3 in the default config.
    const cases: [Record<string, number>, string, string][] = [
      [{ bos_id: 0 }, 'bos_id', 'must differ from pad_id, found 0 for both'],
      [{ eos_id: 0 }, 'eos_id', 'must differ from pad_id, found 0 for both'],
      [{ eos_id: 2 }, 'eos_id', 'must differ from bos_id, found 2 for both'],
      [{ unk_id: 2 }, 'bos_id', 'must differ from unk_id, found 2 for both'],
      [{ unk_id: 3 }, 'eos_id', 'must differ from unk_id, found 3 for both'],
      [{ pad_id: 5, bos_id: 5, eos_id: 5 }, 'bos_id', 'must differ from pad_id, found 5 for both'],
    ];
    for (const [ids, key, detail] of cases) {
      const error = formatError(() => parseConfig({ ...valid(), ...ids }));
      expect(error.key, JSON.stringify(ids)).toBe(key);
      expect(error.message).toBe(`config.json: key "${key}": ${detail}`);
    }
  });

  it('accepts unk_id equal to pad_id (unknown words read as padding)', () => {
    expect(parseConfig({ ...valid(), unk_id: 0 })).toMatchObject({ pad_id: 0, unk_id: 0 });
  });

  it('rejects a config that is not an object', () => {
    expect(formatError(() => parseConfig([1, 2])).message).toBe('config.json: expected a JSON object, found an array');
    expect(formatError(() => parseConfig(null)).message).toBe('config.json: expected a JSON object, found null');
    expect(formatError(() => parseConfig('lstm')).message).toBe('config.json: expected a JSON object, found "lstm"');
  });
});

describe('parseConfigText', () => {
  it('parses valid text, with or without a byte order mark', () => {
    const text = JSON.stringify(valid(), null, 2);
    expect(parseConfigText(text)).toEqual(parseConfig(valid()));
    expect(parseConfigText(`\uFEFF${text}`)).toEqual(parseConfig(valid()));
  });

  it('reports invalid JSON with its line and column', () => {
    const text = '{\n  "cell": "lstm",\n  "hidden_size": 12,\n}';
    const error = formatError(() => parseConfigText(text, 'dir/config.json'));
    expect(error.message).toBe(
      `dir/config.json: file is not valid JSON: expected a double-quoted property name, found character "}" at line 4, column 1 (offset ${text.length - 1})`,
    );
    const bad = formatError(() => parseConfigText('{"cell": tru}'));
    expect(bad.message).toBe(
      'config.json: file is not valid JSON: unexpected character "t", expected a value at line 1, column 10 (offset 9)',
    );
    expect(formatError(() => parseConfigText('')).message).toBe(
      'config.json: file is not valid JSON: unexpected end of input, expected a value at line 1, column 1 (offset 0)',
    );
  });

  it('rejects a key given twice', () => {
    const text = '{"cell": "gru",\n "cell": "lstm"}';
    const error = formatError(() => parseConfigText(text));
    expect(error.key).toBe('cell');
    expect(error.message).toBe(
      'config.json: key "cell": appears more than once in the same object at line 2, column 2 (offset 17)',
    );
  });
});

function asRnnConfig(config: ModelConfig): RnnConfig {
  if (config.format !== 'seq2seq-rnn') throw new Error(`expected a seq2seq-rnn config, found ${config.format}`);
  return config;
}

describe('parseConfig, seq2seq-transformer', () => {
  const transformer = () => ({
    format: 'seq2seq-transformer',
    version: 1,
    src_vocab_size: 20,
    tgt_vocab_size: 18,
    d_model: 8,
    num_heads: 2,
    ffn_dim: 16,
    encoder_layers: 2,
    decoder_layers: 1,
    norm_first: false,
    activation: 'gelu',
    positions: 'learned',
    max_positions: 64,
    scale_embeddings: true,
    layer_norm_eps: 1e-5,
    pad_id: 0,
    unk_id: 1,
    bos_id: 2,
    eos_id: 3,
  });

  it('reads every key of the format', () => {
    expect(parseConfig(transformer())).toEqual(transformer());
  });

  it('refuses what the format does not allow, naming the key', () => {
    const refused: [Record<string, unknown>, string, RegExp][] = [
      [{ num_heads: 3 }, 'num_heads', /must divide d_model \(8\), found 3/],
      [{ num_heads: 16 }, 'num_heads', /must divide d_model/],
      [{ activation: 'swish' }, 'activation', /one of relu\|gelu/],
      [{ positions: 'rotary' }, 'positions', /one of sinusoidal\|learned/],
      [{ encoder_layers: MAX_TRANSFORMER_LAYERS + 1 }, 'encoder_layers', /<= 64/],
      [{ decoder_layers: 0 }, 'decoder_layers', />= 1/],
      [{ max_positions: MAX_POSITIONS + 1 }, 'max_positions', /<= 65536/],
      [{ layer_norm_eps: 0 }, 'layer_norm_eps', /a finite number > 0/],
      [{ layer_norm_eps: '1e-5' }, 'layer_norm_eps', /a finite number > 0/],
      [{ norm_first: 1 }, 'norm_first', /true or false/],
      [{ eos_id: 2 }, 'eos_id', /must differ from bos_id/],
    ];
    for (const [edit, key, message] of refused) {
      const error = formatError(() => parseConfig({ ...transformer(), ...edit }));
      expect(error.key, JSON.stringify(edit)).toBe(key);
      expect(error.message).toMatch(message);
    }
    const missing: Record<string, unknown> = transformer();
    delete missing.ffn_dim;
    expect(formatError(() => parseConfig(missing)).key).toBe('ffn_dim');
  });
});
