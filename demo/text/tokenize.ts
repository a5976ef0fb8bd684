/**
 * The demo tokenises with the engine's own word-level tokenizer (src/model/tokenizer), so a sentence
 * typed here gives the same tokens and translation as through the API and the command line.
 */
export { detokenize, glued } from '../../src/model/tokenizer/detokenize.ts';
export { type SourceToken, splitWords, tokenizeSource } from '../../src/model/tokenizer/words.ts';
