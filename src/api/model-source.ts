/**
 * Turns a ModelSource into a validated Model: file contents in memory, a base URL (fetched), or
 * a directory through a loader the Node entry supplies. No Node imports, so browsers can bundle it.
 */
import { describeValue } from './describe-value.ts';
import { InputError, ModelFormatError } from '../errors.ts';
import {
  describeBytes,
  MAX_TOKENIZER_FILE_BYTES,
  MODEL_FILE_LIMITS,
  type ModelFileLimits,
  tooLarge,
} from '../model/file-limits.ts';
import { decodeUtf8 } from '../model/json-text.ts';
import { loadModelFromFiles } from '../model/load.ts';
import type { Model } from '../model/model.ts';
import type { ModelFileContents, ModelSource } from './types.ts';

/** Loads a model directory; only the Node entry has one. */
export type DirectoryLoader = (dir: string) => Promise<Model>;

/** `limits` caps the size of fetched files (by default MODEL_FILE_LIMITS). */
export async function resolveModel(
  source: ModelSource,
  loadDirectory?: DirectoryLoader,
  limits: ModelFileLimits = MODEL_FILE_LIMITS,
): Promise<Model> {
  if (source instanceof URL) return fetchModel(source, limits);
  if (typeof source === 'string') return resolveString(source, limits, loadDirectory);
  if (typeof source !== 'object' || source === null) {
    throw new InputError(`a model source must be a URL, a path or the model's files, found ${describeValue(source)}`);
  }
  if ('weights' in source && source.weights instanceof Map) return source;
  if ('url' in source) return fetchModel(toUrl(source.url), limits);
  if ('safetensors' in source) return loadModelFromFiles(toFiles(source));
  throw new InputError('a model source object needs either "url", or "config" and "safetensors"');
}

function resolveString(source: string, limits: ModelFileLimits, loadDirectory?: DirectoryLoader): Promise<Model> {
  if (/^https?:\/\//i.test(source)) return fetchModel(new URL(source), limits);
  if (loadDirectory) return loadDirectory(source);
  if (typeof document !== 'undefined' && typeof location !== 'undefined') return fetchModel(toUrl(source), limits);
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
    tokenizer: files.tokenizer,
    sourceTokenizer: files.sourceTokenizer,
    targetTokenizer: files.targetTokenizer,
    safetensors: bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes),
  };
}

/**
 * Fetches config.json, model.safetensors and (when present) vocab.json and the tokenizer files
 * relative to `base`; a 404 for an optional file means the model does not have it.
 */
async function fetchModel(base: URL, limits: ModelFileLimits): Promise<Model> {
  // A base without a trailing slash names a directory, not a file to replace.
  const directory = new URL(base.href.endsWith('/') ? base.href : `${base.href}/`);
  // The first failure stops the other downloads.
  const abort = new AbortController();
  const get = (file: string, required: boolean, limit: number) =>
    fetchFile(new URL(file, directory).href, required, limit, abort.signal).catch((error: unknown) => {
      abort.abort();
      throw error;
    });
  const tokenizerLimit = limits.tokenizer ?? MAX_TOKENIZER_FILE_BYTES;
  const [config, safetensors, vocab, tokenizer, sourceTokenizer, targetTokenizer] = await Promise.all([
    get('config.json', true, limits.json),
    get('model.safetensors', true, limits.safetensors),
    get('vocab.json', false, limits.json),
    get('tokenizer.json', false, tokenizerLimit),
    get('source.tokenizer.json', false, tokenizerLimit),
    get('target.tokenizer.json', false, tokenizerLimit),
  ]);
  const names = {
    config: name(directory, 'config.json'),
    safetensors: name(directory, 'model.safetensors'),
    vocab: name(directory, 'vocab.json'),
    tokenizer: name(directory, 'tokenizer.json'),
    sourceTokenizer: name(directory, 'source.tokenizer.json'),
    targetTokenizer: name(directory, 'target.tokenizer.json'),
  };
  const text = (bytes: Uint8Array | undefined, file: string) => bytes && decodeUtf8(bytes, file);
  return loadModelFromFiles(
    {
      config: decodeUtf8(config!, names.config),
      safetensors: safetensors!,
      vocab: text(vocab, names.vocab),
      tokenizer: text(tokenizer, names.tokenizer),
      sourceTokenizer: text(sourceTokenizer, names.sourceTokenizer),
      targetTokenizer: text(targetTokenizer, names.targetTokenizer),
    },
    names,
  );
}

function name(directory: URL, file: string): string {
  return new URL(file, directory).href;
}

/**
 * The file's bytes, at most `limit` of them; undefined for an optional file the server does not
 * have (404). The body is read as a stream and counted, since Content-Length may be missing,
 * wrong, or the size before decompression.
 */
async function fetchFile(
  url: string,
  required: boolean,
  limit: number,
  signal: AbortSignal,
): Promise<Uint8Array | undefined> {
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw new ModelFormatError(url, `cannot be fetched: ${error instanceof Error ? error.message : String(error)}`);
  }
  const refuse = (detail: string): never => {
    discard(response);
    throw new ModelFormatError(url, detail);
  };
  if (!required && response.status === 404) return discard(response);
  if (!response.ok) refuse(`cannot be fetched: HTTP ${response.status} ${response.statusText}`.trimEnd());
  // A model file is never a web page: a dev server or a login wall answered instead of the file.
  const type = response.headers.get('content-type') ?? '';
  if (/^\s*text\/html\b/i.test(type)) {
    refuse(`the server answered with an HTML page (content-type ${type}) instead of the file: check the URL`);
  }
  const declared = response.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) {
    refuse(`${tooLarge(Number(declared), limit)} (Content-Length)`);
  }
  return readBody(response, url, limit);
}

/** Drops the body unread, so that it is not downloaded. */
function discard(response: Response): undefined {
  response.body?.cancel().catch(() => undefined);
  return undefined;
}

/** The whole body, refused as soon as it passes `limit` bytes. */
async function readBody(response: Response, url: string, limit: number): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch (error) {
      throw new ModelFormatError(url, `cannot be fetched: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (chunk.done) break;
    total += chunk.value.byteLength;
    if (total > limit) {
      reader.cancel().catch(() => undefined);
      throw new ModelFormatError(
        url,
        `is more than the ${describeBytes(limit)} limit (the server sent at least ${total} bytes)`,
      );
    }
    chunks.push(chunk.value);
  }
  if (chunks.length === 1) return chunks[0];
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
