/**
 * The one tokenizer interface of the engine: the API, the command line and the demo turn text into
 * ids and ids into text through it, so one sentence gives the same tokens everywhere
 * (docs/model-format.md, "Tokenizers").
 */

/** A text as ids of one side. */
export interface Encoding {
  ids: number[];
  /** The token string of each id (an unknown word is the unk token). */
  tokens: string[];
  /** Per id, the text it stands for as typed: what an unk token shows when unknowns are replaced. */
  typed: string[];
  /** The typed words that became the unk token, in order, each once. */
  unknown: string[];
}

/** Target ids as text. */
export interface Decoded {
  tokens: string[];
  /** The detokenised sentence. */
  text: string;
}

export interface Tokenizer {
  /** 'words': vocab.json with the word-level normalisation; 'tokenizer.json': a Hugging Face tokenizer. */
  readonly kind: 'words' | 'tokenizer.json';
  encodeSource(text: string): Encoding;
  /** Target text as ids (score targets, prefixes); BOS and EOS are never added. */
  encodeTarget(text: string): Encoding;
  /** Generated ids (BOS and EOS excluded) as tokens and text; an id outside the vocabulary shows as `<id>`. */
  decodeTarget(ids: readonly number[]): Decoded;
  /**
   * Target tokens as text, for tokens that are not all the vocabulary's own (an unk token replaced
   * by the source word it is aligned with).
   */
  detokenizeTarget(tokens: readonly string[]): string;
}
