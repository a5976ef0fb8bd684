import { ModelFormatError } from '../errors.ts';
import type { ModelConfig } from './config.ts';
import type { WeightMap } from './model.ts';
import type { RawTensor } from './safetensors.ts';
import { tensorSpecs } from './tensor-spec.ts';

const showShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/** Index of the first NaN or ±Infinity, or -1. */
function firstNonFinite(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v || v === Infinity || v === -Infinity) return i;
  }
  return -1;
}

/** Row-major coordinates of a flat index. */
function unflatten(index: number, shape: readonly number[]): number[] {
  const coords = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    coords[d] = index % shape[d];
    index = Math.floor(index / shape[d]);
  }
  return coords;
}

/**
 * Matches the file's tensors to the config's expected tensors (docs/model-format.md): every required
 * tensor present with its exact shape and finite values; absent optional biases become zeros;
 * extra tensors are ignored. The result holds exactly the expected names, in spec order.
 */
export function bindWeights(
  config: ModelConfig,
  tensors: ReadonlyMap<string, RawTensor>,
  file = 'model.safetensors',
): WeightMap {
  const weights = new Map<string, Float32Array>();
  for (const spec of tensorSpecs(config)) {
    const tensor = tensors.get(spec.name);
    if (!tensor) {
      if (!spec.optional) {
        throw new ModelFormatError(file, `required tensor is missing (expected shape ${showShape(spec.shape)})`, {
          tensor: spec.name,
        });
      }
      weights.set(spec.name, new Float32Array(spec.shape.reduce((a, b) => a * b, 1)));
      continue;
    }
    const sameShape = tensor.shape.length === spec.shape.length && tensor.shape.every((d, i) => d === spec.shape[i]);
    if (!sameShape) {
      throw new ModelFormatError(file, `expected shape ${showShape(spec.shape)}, found ${showShape(tensor.shape)}`, {
        tensor: spec.name,
      });
    }
    const bad = firstNonFinite(tensor.data);
    if (bad >= 0) {
      const at = spec.shape.length > 1 ? ` (element ${showShape(unflatten(bad, spec.shape))})` : '';
      throw new ModelFormatError(file, `contains ${tensor.data[bad]} at index ${bad}${at}; weights must be finite`, {
        tensor: spec.name,
      });
    }
    weights.set(spec.name, tensor.data);
  }
  return weights;
}
