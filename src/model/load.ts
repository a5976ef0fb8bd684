import { type ModelConfig, isTransformerConfig } from './config.ts';
import { parseConfig, parseConfigText } from './config-parse.ts';
import type { Model, Vocabulary } from './model.ts';
import { readSafetensors } from './safetensors.ts';
import { parseVocab, parseVocabText } from './vocab.ts';
import { bindWeights } from './weights.ts';

/** Model loading from file contents already in memory: no Node imports, so it runs in the browser. */

export interface ModelFiles {
  /** config.json as text or as a parsed object. */
  config: string | object;
  /** The bytes of model.safetensors. */
  safetensors: Uint8Array;
  /** vocab.json as text or as a parsed object; without it only ids are accepted. */
  vocab?: string | object;
}

/** The names errors use for each file (a path, when the files come from a directory). */
export interface ModelFileNames {
  config?: string;
  safetensors?: string;
  vocab?: string;
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
  if (files.vocab !== undefined) {
    const vocabFile = names.vocab ?? 'vocab.json';
    const vocab: Vocabulary =
      typeof files.vocab === 'string'
        ? parseVocabText(files.vocab, config, vocabFile)
        : parseVocab(files.vocab, config, vocabFile);
    model.vocab = vocab;
  }
  return model;
}
