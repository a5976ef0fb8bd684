/**
 * Turns a ModelSource into a validated Model: file contents in memory, a base URL (fetched), or
 * a directory through a loader the Node entry supplies. No Node imports, so browsers can bundle it.
 */
import { describeValue } from './describe-value.ts';
import { InputError, ModelFormatError } from '../errors.ts';
import { decodeUtf8 } from '../model/json-text.ts';
import { loadModelFromFiles } from '../model/load.ts';
import type { Model } from '../model/model.ts';
import type { ModelFileContents, ModelSource } from './types.ts';

/** Loads a model directory; only the Node entry has one. */
export type DirectoryLoader = (dir: string) => Promise<Model>;

export async function resolveModel(source: ModelSource, loadDirectory?: DirectoryLoader): Promise<Model> {
  if (source instanceof URL) return fetchModel(source);
  if (typeof source === 'string') return resolveString(source, loadDirectory);
  if (typeof source !== 'object' || source === null) {
    throw new InputError(`a model source must be a URL, a path or the model's files, found ${describeValue(source)}`);
  }
  if ('weights' in source && source.weights instanceof Map) return source;
  if ('url' in source) return fetchModel(toUrl(source.url));
  if ('safetensors' in source) return loadModelFromFiles(toFiles(source));
  throw new InputError('a model source object needs either "url", or "config" and "safetensors"');
}

function resolveString(source: string, loadDirectory?: DirectoryLoader): Promise<Model> {
  if (/^https?:\/\//i.test(source)) return fetchModel(new URL(source));
  if (loadDirectory) return loadDirectory(source);
  if (typeof document !== 'undefined' && typeof location !== 'undefined') return fetchModel(toUrl(source));
  throw new InputError(
    `model source "${source}": loading a model directory needs the Node entry (import { createBackend } from 'unroll/node')`,
  );
}

function toUrl(address: string | URL): URL {
  try {
    const base = typeof location !== 'undefined' ? location.href : undefined;
    return new URL(address, base);
  } catch {
    throw new InputError(`model source "${String(address)}" is not a valid URL`);
  }
}

function toFiles(files: ModelFileContents) {
  const bytes = files.safetensors;
  if (!(bytes instanceof Uint8Array) && !(bytes instanceof ArrayBuffer)) {
    throw new InputError(
      `the model's "safetensors" must be a Uint8Array or an ArrayBuffer, found ${describeValue(bytes)}`,
    );
  }
  return {
    config: files.config,
    vocab: files.vocab,
    safetensors: bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
  };
}

/** Fetches config.json, model.safetensors and (when present) vocab.json relative to `base`. */
async function fetchModel(base: URL): Promise<Model> {
  // A base without a trailing slash names a directory, not a file to replace.
  const directory = new URL(base.href.endsWith('/') ? base.href : `${base.href}/`);
  const [config, safetensors, vocab] = await Promise.all([
    fetchFile(directory, 'config.json', true),
    fetchFile(directory, 'model.safetensors', true),
    fetchFile(directory, 'vocab.json', false),
  ]);
  const name = (file: string) => new URL(file, directory).href;
  return loadModelFromFiles(
    {
      config: decodeText(config!, name('config.json')),
      safetensors: new Uint8Array(safetensors!),
      vocab: vocab && decodeText(vocab, name('vocab.json')),
    },
    { config: name('config.json'), safetensors: name('model.safetensors'), vocab: name('vocab.json') },
  );
}

/** The file's bytes; undefined for an optional file the server does not have (404). */
async function fetchFile(directory: URL, file: string, required: boolean): Promise<ArrayBuffer | undefined> {
  const url = new URL(file, directory).href;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new ModelFormatError(url, `cannot be fetched: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!required && response.status === 404) return undefined;
  if (!response.ok)
    throw new ModelFormatError(url, `cannot be fetched: HTTP ${response.status} ${response.statusText}`.trimEnd());
  return response.arrayBuffer();
}

function decodeText(bytes: ArrayBuffer, file: string): string {
  return decodeUtf8(new Uint8Array(bytes), file);
}
