/**
 * unroll's public API, safe to bundle for browsers (no Node imports). In Node, import from
 * 'unroll/node' to also load model directories by path.
 *
 *   const backend = await createBackend({ kind: 'gpu' });
 *   const model = await backend.load({ url: '/models/en-es/' });
 *   const { hypotheses } = await model.translate('the red cat', { beam: 5 });
 */
import { createBackendWith } from './api/backend.ts';
import { resolveModel } from './api/model-source.ts';
import type { Backend, BackendOptions, Model, ModelSource } from './api/types.ts';

export type * from './api/types.ts';
export { GpuError, InputError, ModelFormatError, UnrollError, UsageError, type UnrollErrorKind } from './errors.ts';

/** A gpu backend (WebGPU: the browser's, or Dawn in Node) or the cpu reference. */
export function createBackend(options: BackendOptions): Promise<Backend> {
  return createBackendWith(options);
}

/** Reads and validates a model without putting it on a backend: load it on several with backend.load(model). */
export function loadModel(source: ModelSource): Promise<Model> {
  return resolveModel(source);
}
