import { ModelFormatError } from '../errors.ts';
import type { ModelConfig } from './config.ts';
import type { WeightMap } from './model.ts';
import type { RawTensor } from './safetensors.ts';
import { FINAL_NORMS, tensorSpecs } from './tensor-spec.ts';

const showShape = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * The largest |w| a weight may have. Trained models stay far below it (the shipped model's largest
 * is 2.3; tests use up to ±25), and every activation that multiplies a weight is a σ or tanh
 * output in [-1, 1], an embedding row or a bias, themselves bounded by it, so a product or a row's
 * sum of products stays many orders of magnitude inside f32. A value like 3e38 passed the finite
 * check yet overflowed the first product to ±Infinity and then NaN on the gpu while the cpu
 * reference, in f64, still gave finite numbers. What the bound cannot catch (an `rnn_relu` state
 * that grows step after step) is caught while decoding (src/model/finite-results.ts).
 */
export const MAX_ABS_WEIGHT = 1e4;

/** Index of the first NaN, ±Infinity or value past ±MAX_ABS_WEIGHT, or -1. */
function firstOutOfBound(data: Float32Array): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (!(Math.abs(v) <= MAX_ABS_WEIGHT)) return i;
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
 * tensor present with its exact shape and finite values within ±MAX_ABS_WEIGHT; absent optional biases become zeros;
 * a Transformer's optional final norm stays absent when the file has neither of its tensors;
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
      const norm = FINAL_NORMS.find((prefix) => spec.name.startsWith(`${prefix}.`));
      if (norm) {
        // A final norm is all or nothing: γ without β (or β without γ) is a damaged file.
        const pair = [`${norm}.weight`, `${norm}.bias`].find((name) => tensors.has(name));
        if (pair)
          throw new ModelFormatError(file, `required with ${pair} (a final norm has both)`, { tensor: spec.name });
        continue;
      }
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
    const bad = firstOutOfBound(tensor.data);
    if (bad >= 0) {
      const value = tensor.data[bad];
      const at = spec.shape.length > 1 ? ` (element ${showShape(unflatten(bad, spec.shape))})` : '';
      const rule = Number.isFinite(value)
        ? `weights must be within ±${MAX_ABS_WEIGHT} so that f32 products cannot overflow`
        : 'weights must be finite';
      throw new ModelFormatError(file, `contains ${value} at index ${bad}${at}; ${rule}`, { tensor: spec.name });
    }
    weights.set(spec.name, tensor.data);
  }
  return weights;
}
