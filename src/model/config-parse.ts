import { ModelFormatError } from '../errors.ts';
import type {
  AttentionType,
  CellType,
  ModelConfig,
  PositionKind,
  RnnConfig,
  SharedConfig,
  TransformerActivation,
  TransformerConfig,
} from './config.ts';
import { parseJsonText, showValue } from './json-text.ts';

/** Validation of config.json (docs/model-format.md): every required key, its type and its range. */

const CELL_TYPES: readonly CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];
const ATTENTION_TYPES: readonly AttentionType[] = ['none', 'dot', 'general', 'additive'];
const ACTIVATIONS: readonly TransformerActivation[] = ['relu', 'gelu'];
const POSITION_KINDS: readonly PositionKind[] = ['sinusoidal', 'learned'];
const FORMATS = ['seq2seq-rnn', 'seq2seq-transformer'] as const;

/**
 * Largest sizes a config may claim. They bound what a load can allocate before any tensor is read
 * (a config claiming 10^9 heads or positions is refused by name, not by running out of memory).
 */
export const MAX_TRANSFORMER_LAYERS = 64;
export const MAX_POSITIONS = 65536;

type SpecialIdKey = 'pad_id' | 'unk_id' | 'bos_id' | 'eos_id';

class ConfigReader {
  constructor(
    private readonly json: Record<string, unknown>,
    private readonly file: string,
  ) {}

  fail(key: string, detail: string): never {
    throw new ModelFormatError(this.file, detail, { key });
  }

  private present(key: string): unknown {
    if (!Object.prototype.hasOwnProperty.call(this.json, key)) this.fail(key, 'required key is missing');
    return this.json[key];
  }

  oneOf<T extends string | number>(key: string, allowed: readonly T[]): T {
    const value = this.present(key);
    if (!allowed.includes(value as T)) {
      const expected = allowed.length === 1 ? showValue(allowed[0]) : `one of ${allowed.join('|')}`;
      this.fail(key, `expected ${expected}, found ${showValue(value)}`);
    }
    return value as T;
  }

  integer(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
    const value = this.present(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      this.fail(key, `expected an integer, found ${showValue(value)}`);
    }
    if (value < min) this.fail(key, `expected an integer >= ${min}, found ${value}`);
    if (value > max) this.fail(key, `expected an integer <= ${max}, found ${value}`);
    return value;
  }

  positiveNumber(key: string): number {
    const value = this.present(key);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      this.fail(key, `expected a finite number > 0, found ${showValue(value)}`);
    }
    return value;
  }

  boolean(key: string): boolean {
    const value = this.present(key);
    if (typeof value !== 'boolean') this.fail(key, `expected true or false, found ${showValue(value)}`);
    return value;
  }
}

/** Checks a parsed config.json; unknown keys are ignored. Throws ModelFormatError naming the key. */
export function parseConfig(json: unknown, file = 'config.json'): ModelConfig {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ModelFormatError(
      file,
      `expected a JSON object, found ${Array.isArray(json) ? 'an array' : showValue(json)}`,
    );
  }
  const read = new ConfigReader(json as Record<string, unknown>, file);
  const format = read.oneOf('format', FORMATS);
  const config = format === 'seq2seq-rnn' ? parseRnn(read) : parseTransformer(read);
  checkSpecialIds(read, config);
  return config;
}

function sharedKeys(read: ConfigReader): SharedConfig {
  return {
    version: read.oneOf('version', [1] as const),
    src_vocab_size: read.integer('src_vocab_size', 1),
    tgt_vocab_size: read.integer('tgt_vocab_size', 1),
    pad_id: read.integer('pad_id', 0),
    unk_id: read.integer('unk_id', 0),
    bos_id: read.integer('bos_id', 0),
    eos_id: read.integer('eos_id', 0),
  };
}

function parseRnn(read: ConfigReader): RnnConfig {
  const shared = sharedKeys(read);
  const config: RnnConfig = {
    format: 'seq2seq-rnn',
    ...shared,
    cell: read.oneOf('cell', CELL_TYPES),
    embedding_dim: read.integer('embedding_dim', 1),
    hidden_size: read.integer('hidden_size', 1),
    num_layers: read.integer('num_layers', 1),
    bidirectional: read.boolean('bidirectional'),
    attention: read.oneOf('attention', ATTENTION_TYPES),
    input_feeding: read.boolean('input_feeding'),
  };

  if (config.bidirectional && config.hidden_size % 2 !== 0) {
    read.fail(
      'hidden_size',
      `must be even when bidirectional is true (each direction has hidden_size/2 units), found ${config.hidden_size}`,
    );
  }
  if (config.input_feeding && config.attention === 'none') {
    read.fail(
      'input_feeding',
      'must be false when attention is "none" (input feeding feeds the attentional hidden state)',
    );
  }
  return config;
}

function parseTransformer(read: ConfigReader): TransformerConfig {
  const shared = sharedKeys(read);
  const config: TransformerConfig = {
    format: 'seq2seq-transformer',
    ...shared,
    d_model: read.integer('d_model', 1),
    num_heads: read.integer('num_heads', 1),
    ffn_dim: read.integer('ffn_dim', 1),
    encoder_layers: read.integer('encoder_layers', 1, MAX_TRANSFORMER_LAYERS),
    decoder_layers: read.integer('decoder_layers', 1, MAX_TRANSFORMER_LAYERS),
    norm_first: read.boolean('norm_first'),
    activation: read.oneOf('activation', ACTIVATIONS),
    positions: read.oneOf('positions', POSITION_KINDS),
    max_positions: read.integer('max_positions', 1, MAX_POSITIONS),
    scale_embeddings: read.boolean('scale_embeddings'),
    layer_norm_eps: read.positiveNumber('layer_norm_eps'),
  };
  if (config.num_heads > config.d_model || config.d_model % config.num_heads !== 0) {
    read.fail('num_heads', `must divide d_model (${config.d_model}), found ${config.num_heads}`);
  }
  return config;
}

function checkSpecialIds(read: ConfigReader, config: ModelConfig): void {
  // pad and unk appear on both sides (source padding, unknown words of either side);
  // bos and eos are target tokens only: the engine adds neither to the source.
  const idRanges: [SpecialIdKey, ('src_vocab_size' | 'tgt_vocab_size')[]][] = [
    ['pad_id', ['src_vocab_size', 'tgt_vocab_size']],
    ['unk_id', ['src_vocab_size', 'tgt_vocab_size']],
    ['bos_id', ['tgt_vocab_size']],
    ['eos_id', ['tgt_vocab_size']],
  ];
  for (const [idKey, sizeKeys] of idRanges) {
    for (const sizeKey of sizeKeys) {
      if (config[idKey] >= config[sizeKey]) {
        read.fail(idKey, `must be less than ${sizeKey} (${config[sizeKey]}), found ${config[idKey]}`);
      }
    }
  }
  // The decoder tells the special tokens apart by id: pad and bos are masked, EOS ends a hypothesis
  // and pad marks a finished row, so the three must differ. unk must differ from bos and eos (an
  // unknown target word would start or end the sentence); unk = pad is allowed: unknown words then
  // read as padding and are never generated.
  const distinct: [SpecialIdKey, SpecialIdKey][] = [
    ['pad_id', 'bos_id'],
    ['pad_id', 'eos_id'],
    ['bos_id', 'eos_id'],
    ['unk_id', 'bos_id'],
    ['unk_id', 'eos_id'],
  ];
  for (const [first, second] of distinct) {
    if (config[first] === config[second]) {
      read.fail(second, `must differ from ${first}, found ${config[second]} for both`);
    }
  }
}

/** Parses the text of config.json: invalid JSON is reported with its line and column. */
export function parseConfigText(text: string, file = 'config.json'): ModelConfig {
  return parseConfig(parseJsonText(text, file), file);
}
