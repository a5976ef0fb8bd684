import { ModelFormatError } from '../errors.ts';
import { type ModelConfig, isTransformerConfig } from './config.ts';
import { parseConfig, parseConfigText } from './config-parse.ts';
import type { Model, Vocabulary } from './model.ts';
import { readSafetensors } from './safetensors.ts';
import { type TokenizerFiles, parseTokenizerFiles } from './tokenizer/tokenizer-json.ts';
import { parseVocab, parseVocabText } from './vocab.ts';
import { bindWeights } from './weights.ts';

/** Model loading from file contents already in memory: no Node imports, so it runs in the browser. */

export interface ModelFiles {
  /** config.json as text or as a parsed object. */
  config: string | object;
  /** The bytes of model.safetensors. */
  safetensors: Uint8Array;
  /** vocab.json as text or as a parsed object; without it (or a tokenizer) only ids are accepted. */
  vocab?: string | object;
  /** tokenizer.json, shared by both sides (text or parsed JSON); replaces vocab.json. */
  tokenizer?: string | object;
  /** source.tokenizer.json and target.tokenizer.json: one tokenizer per side, both or neither. */
  sourceTokenizer?: string | object;
  targetTokenizer?: string | object;
}

/** The names errors use for each file (a path, when the files come from a directory). */
export interface ModelFileNames {
  config?: string;
  safetensors?: string;
  vocab?: string;
  tokenizer?: string;
  sourceTokenizer?: string;
  targetTokenizer?: string;
}

/** Validates and binds a model's files; any problem is a ModelFormatError naming the file. */
export function loadModelFromFiles(files: ModelFiles, names: ModelFileNames = {}): Model {
  const configFile = names.config ?? 'config.json';
  const config: ModelConfig =
    typeof files.config === 'string'
      ? parseConfigText(files.config, configFile)
      : parseConfig(files.config, configFile);

  const weightsFile = names.safetensors ?? 'model.safetensors';
  const weights = bindWeights(config, readSafetensors(files.safetensors, weightsFile), weightsFile);

  const model: Model = isTransformerConfig(config) ? { config, weights } : { config, weights };
  const tokenizerFiles = chooseTokenizerFiles(files, names);
  if (tokenizerFiles) {
    const { tokenizer, vocab } = parseTokenizerFiles(tokenizerFiles, config);
    model.tokenizer = tokenizer;
    model.vocab = vocab;
  } else if (files.vocab !== undefined) {
    const vocabFile = names.vocab ?? 'vocab.json';
    const vocab: Vocabulary =
      typeof files.vocab === 'string'
        ? parseVocabText(files.vocab, config, vocabFile)
        : parseVocab(files.vocab, config, vocabFile);
    model.vocab = vocab;
  }
  return model;
}

/**
 * The tokenizer files given, if any. Exactly one way of tokenising is accepted: a directory with
 * both vocab.json and a tokenizer, or both kinds of tokenizer file, is refused rather than guessed.
 */
function chooseTokenizerFiles(files: ModelFiles, names: ModelFileNames): TokenizerFiles | undefined {
  const file = {
    tokenizer: names.tokenizer ?? 'tokenizer.json',
    sourceTokenizer: names.sourceTokenizer ?? 'source.tokenizer.json',
    targetTokenizer: names.targetTokenizer ?? 'target.tokenizer.json',
  };
  const { tokenizer, sourceTokenizer, targetTokenizer } = files;
  const perSide = sourceTokenizer !== undefined || targetTokenizer !== undefined;
  if (tokenizer === undefined && !perSide) return undefined;
  if (files.vocab !== undefined) {
    const other =
      tokenizer !== undefined
        ? file.tokenizer
        : file[sourceTokenizer !== undefined ? 'sourceTokenizer' : 'targetTokenizer'];
    throw new ModelFormatError(
      names.vocab ?? 'vocab.json',
      `the model also has ${other}: keep one way of tokenising (a tokenizer replaces vocab.json)`,
    );
  }
  if (tokenizer !== undefined) {
    if (perSide) {
      throw new ModelFormatError(
        file.tokenizer,
        `the model also has ${file[sourceTokenizer !== undefined ? 'sourceTokenizer' : 'targetTokenizer']}: give one shared tokenizer.json or one per side, not both`,
      );
    }
    return { shared: { json: tokenizer, file: file.tokenizer } };
  }
  if (sourceTokenizer === undefined) {
    throw new ModelFormatError(
      file.sourceTokenizer,
      `is missing: ${file.targetTokenizer} needs it (one tokenizer per side)`,
    );
  }
  if (targetTokenizer === undefined) {
    throw new ModelFormatError(
      file.targetTokenizer,
      `is missing: ${file.sourceTokenizer} needs it (one tokenizer per side)`,
    );
  }
  return {
    source: { json: sourceTokenizer, file: file.sourceTokenizer },
    target: { json: targetTokenizer, file: file.targetTokenizer },
  };
}
