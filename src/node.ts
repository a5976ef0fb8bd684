/**
 * unroll's public API for Node: the same as the browser entry, plus model directories given by
 * path (config.json, model.safetensors and an optional vocab.json).
 *
 *   import { createBackend } from 'unroll/node';
 *   const model = await (await createBackend({ kind: 'gpu' })).load('models/en-es');
 */
import { fileURLToPath } from 'node:url';
import { createBackendWith } from './api/backend.ts';
import { type DirectoryLoader, resolveModel } from './api/model-source.ts';
import type { Backend, BackendOptions, Model, ModelSource } from './api/types.ts';
import { loadModelDir } from './model/load-node.ts';

export type * from './api/types.ts';
export { GpuError, InputError, ModelFormatError, UnrollError, UsageError, type UnrollErrorKind } from './errors.ts';

const loadDirectory: DirectoryLoader = (dir) => loadModelDir(dir);

/** A gpu backend (Dawn: a hardware adapter, else SwiftShader) or the cpu reference. */
export function createBackend(options: BackendOptions): Promise<Backend> {
  return createBackendWith(options, loadDirectory);
}

/** Reads and validates a model (a directory path, file: URL, http(s) URL or the files) without a backend. */
export function loadModel(source: ModelSource): Promise<Model> {
  return resolveModel(fileUrlToPath(source), loadDirectory);
}

function fileUrlToPath(source: ModelSource): ModelSource {
  return source instanceof URL && source.protocol === 'file:' ? fileURLToPath(source) : source;
}
