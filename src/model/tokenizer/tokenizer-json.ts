/**
 * Hugging Face tokenizer.json files (BPE, Unigram/SentencePiece, WordPiece, WordLevel), run by
 * @huggingface/tokenizers, which works in browsers and in Node. A model has one shared file or one
 * per side; each is checked against config.json before use (docs/model-format.md, "Tokenizers").
 */
import { Tokenizer as HfTokenizer } from '@huggingface/tokenizers';
import { ModelFormatError } from '../../errors.ts';
import type { ModelConfig } from '../config.ts';
import { parseJsonText, showValue } from '../json-text.ts';
import type { Vocabulary } from '../model.ts';
import type { Encoding, Tokenizer } from './types.ts';

/** One tokenizer.json: its text or parsed JSON, and the name errors give it. */
export interface TokenizerFile {
  json: string | object;
  file: string;
}

/** A shared tokenizer.json, or source.tokenizer.json and target.tokenizer.json. */
export type TokenizerFiles = { shared: TokenizerFile } | { source: TokenizerFile; target: TokenizerFile };

type SpecialKey = 'pad_id' | 'unk_id' | 'bos_id' | 'eos_id';

/**
 * The strings a special token goes by, first match wins: SentencePiece / fairseq / Marian names,
 * then BERT's. Documented in docs/model-format.md.
 */
const SPECIAL_TOKENS: Record<SpecialKey, readonly string[]> = {
  pad_id: ['<pad>', '[PAD]'],
  unk_id: ['<unk>', '[UNK]'],
  bos_id: ['<s>', '<bos>', '[CLS]'],
  eos_id: ['</s>', '<eos>', '[SEP]'],
};

/** The special ids each side must agree on: bos and eos only exist in the target vocabulary. */
const SIDE_KEYS = {
  source: { sizeKey: 'src_vocab_size', specials: ['pad_id', 'unk_id'] },
  target: { sizeKey: 'tgt_vocab_size', specials: ['pad_id', 'unk_id', 'bos_id', 'eos_id'] },
} as const;

interface Side {
  hf: HfTokenizer;
  /** Token string by id. */
  tokens: string[];
  /** The id the tokenizer gives an unknown piece; undefined when it has no unk token (byte-level BPE). */
  unkId: number | undefined;
}

/** The model's tokenizer and its vocabularies (token strings by id), checked against the config. */
export function parseTokenizerFiles(
  files: TokenizerFiles,
  config: ModelConfig,
): { tokenizer: Tokenizer; vocab: Vocabulary } {
  let source: Side;
  let target: Side;
  if ('shared' in files) {
    const hf = loadTokenizer(files.shared);
    source = checkSide(hf, files.shared.file, config, 'source');
    target = checkSide(hf, files.shared.file, config, 'target');
  } else {
    source = checkSide(loadTokenizer(files.source), files.source.file, config, 'source');
    target = checkSide(loadTokenizer(files.target), files.target.file, config, 'target');
  }
  const tokenizer: Tokenizer = {
    kind: 'tokenizer.json',
    encodeSource: (text) => encode(source, text),
    encodeTarget: (text) => encode(target, text),
    decodeTarget: (ids) => {
      const tokens = ids.map((id) => target.tokens[id] ?? `<${id}>`);
      const known = ids.filter((id) => Number.isInteger(id) && id >= 0 && id < target.tokens.length);
      return { tokens, text: target.hf.decode(known, { skip_special_tokens: true }) };
    },
    detokenizeTarget: (tokens) => (target.hf.decoder ? target.hf.decoder.decode([...tokens]) : tokens.join(' ')),
  };
  return { tokenizer, vocab: { source: source.tokens, target: target.tokens } };
}

function loadTokenizer({ json, file }: TokenizerFile): HfTokenizer {
  const parsed = typeof json === 'string' ? parseJsonText(json, file) : json;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !('model' in parsed)) {
    throw new ModelFormatError(
      file,
      `expected a tokenizer.json object with a "model", found ${Array.isArray(parsed) ? 'an array' : showValue(parsed)}`,
    );
  }
  try {
    // Decoding as the Rust `tokenizers` library does: the decoder alone, no extra clean-up of spaces.
    return new HfTokenizer(parsed, { clean_up_tokenization_spaces: false });
  } catch (error) {
    throw new ModelFormatError(
      file,
      `cannot be read as a tokenizer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

/** The side's token list and unk id; its size and special ids must be config.json's. */
function checkSide(hf: HfTokenizer, file: string, config: ModelConfig, side: 'source' | 'target'): Side {
  const { sizeKey, specials } = SIDE_KEYS[side];
  const vocab = hf.get_vocab(true);
  let size = 0;
  for (const id of vocab.values()) size = Math.max(size, id + 1);
  if (size !== config[sizeKey]) {
    throw new ModelFormatError(file, `has ${size} tokens but config.json ${sizeKey} is ${config[sizeKey]}`, {
      key: sizeKey,
    });
  }
  const tokens = new Array<string | undefined>(size).fill(undefined);
  for (const [token, id] of vocab) tokens[id] ??= token;
  const hole = tokens.indexOf(undefined);
  if (hole >= 0) throw new ModelFormatError(file, `has no token of id ${hole} (ids must run from 0 to ${size - 1})`);

  for (const key of specials) {
    const found = SPECIAL_TOKENS[key].find((token) => vocab.has(token));
    if (found === undefined) {
      // A tokenizer that cannot produce unknowns (byte-level BPE) has no unk token to check.
      if (key === 'unk_id') continue;
      throw new ModelFormatError(
        file,
        `has none of the tokens ${SPECIAL_TOKENS[key].map((t) => `"${t}"`).join(', ')} for config.json ${key}`,
        { key },
      );
    }
    const id = vocab.get(found)!;
    if (id !== config[key]) {
      throw new ModelFormatError(
        file,
        `special token "${found}" has id ${id} but config.json ${key} is ${config[key]}`,
        {
          key,
        },
      );
    }
  }
  const hasUnk = SPECIAL_TOKENS.unk_id.some((token) => vocab.has(token));
  return { hf, tokens: tokens as string[], unkId: hasUnk ? config.unk_id : undefined };
}

function encode(side: Side, text: string): Encoding {
  // Whitespace alone is no sentence (a SentencePiece tokenizer would give it a lone "▁").
  if (text.trim().length === 0) return { ids: [], tokens: [], typed: [], unknown: [] };
  const { ids, tokens } = side.hf.encode(text, { add_special_tokens: false });
  const typed = [...tokens];
  const unknown: string[] = [];
  const { unkId } = side;
  if (unkId !== undefined && ids.includes(unkId)) {
    // The words holding an unk piece, found by encoding each word alone; each unk token shows its word.
    const owners: string[] = [];
    for (const word of text.trim().split(/\s+/u)) {
      const count = side.hf.encode(word, { add_special_tokens: false }).ids.filter((id) => id === unkId).length;
      if (count === 0) continue;
      if (!unknown.includes(word)) unknown.push(word);
      for (let k = 0; k < count; k++) owners.push(word);
    }
    let next = 0;
    ids.forEach((id, i) => {
      if (id === unkId && next < owners.length) typed[i] = owners[next++];
    });
  }
  return { ids, tokens, typed, unknown };
}
