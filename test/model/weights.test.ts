import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.ts';
import {
  defaultConfig,
  defaultTransformerConfig,
  randomModel,
  randomTransformerModel,
} from '../../src/model/random-model.ts';
import type { RawTensor } from '../../src/model/safetensors.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';
import { MAX_ABS_WEIGHT, bindWeights } from '../../src/model/weights.ts';

// E 8, H 12, gru: G·H = 36; decoder input E + H = 20 with input feeding.
const config = defaultConfig({ cell: 'gru', attention: 'general', input_feeding: true });

function rawTensors(): Map<string, RawTensor> {
  const model = randomModel(config, 5);
  const tensors = new Map<string, RawTensor>();
  for (const spec of expectedTensors(config)) {
    tensors.set(spec.name, { dtype: 'F32', shape: [...spec.shape], data: model.weights.get(spec.name)! });
  }
  return tensors;
}

function formatError(fn: () => unknown): ModelFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    return error as ModelFormatError;
  }
  throw new Error('expected a ModelFormatError, nothing was thrown');
}

describe('bindWeights', () => {
  it('binds every expected tensor in spec order and ignores extra tensors', () => {
    const tensors = rawTensors();
    tensors.set('encoder.rnn.weight_ih_l1', { dtype: 'F32', shape: [1], data: new Float32Array(1) });
    tensors.set('optimizer.step', { dtype: 'F32', shape: [], data: new Float32Array([3]) });
    const weights = bindWeights(config, tensors);
    expect([...weights.keys()]).toEqual(expectedTensors(config).map((s) => s.name));
    expect(weights.get('generator.weight')).toBe(tensors.get('generator.weight')!.data);
  });

  it('names a missing required tensor', () => {
    const tensors = rawTensors();
    tensors.delete('attention.linear_in.weight');
    const error = formatError(() => bindWeights(config, tensors, 'm/model.safetensors'));
    expect(error.tensor).toBe('attention.linear_in.weight');
    expect(error.message).toBe(
      'm/model.safetensors: tensor "attention.linear_in.weight": required tensor is missing (expected shape [12, 12])',
    );
  });

  it('zero-fills absent optional biases', () => {
    const tensors = rawTensors();
    const optional = expectedTensors(config).filter((s) => s.optional);
    expect(optional.map((s) => s.name)).toContain('generator.bias');
    for (const spec of optional) tensors.delete(spec.name);
    const weights = bindWeights(config, tensors);
    for (const spec of optional) {
      const size = spec.shape.reduce((a, b) => a * b, 1);
      expect(weights.get(spec.name)).toEqual(new Float32Array(size));
    }
  });

  it('names a tensor with the wrong shape, with both shapes', () => {
    const tensors = rawTensors();
    tensors.set('decoder.rnn.weight_ih_l0', { dtype: 'F32', shape: [36, 8], data: new Float32Array(36 * 8) });
    expect(formatError(() => bindWeights(config, tensors)).message).toBe(
      'model.safetensors: tensor "decoder.rnn.weight_ih_l0": expected shape [36, 20], found [36, 8]',
    );
    const flat = rawTensors();
    flat.set('generator.bias', { dtype: 'F32', shape: [1, 18], data: new Float32Array(18) });
    expect(formatError(() => bindWeights(config, flat)).message).toBe(
      'model.safetensors: tensor "generator.bias": expected shape [18], found [1, 18]',
    );
  });

  it('names a tensor holding NaN or Inf and the first bad index', () => {
    for (const [bad, shown] of [
      [NaN, 'NaN'],
      [Infinity, 'Infinity'],
      [-Infinity, '-Infinity'],
    ] as const) {
      const tensors = rawTensors();
      const data = tensors.get('encoder.rnn.weight_hh_l0')!.data.slice();
      data[29] = bad; // row 2, column 5 of [36, 12]
      data[40] = NaN;
      tensors.set('encoder.rnn.weight_hh_l0', { dtype: 'F32', shape: [36, 12], data });
      const error = formatError(() => bindWeights(config, tensors));
      expect(error.message).toBe(
        `model.safetensors: tensor "encoder.rnn.weight_hh_l0": contains ${shown} at index 29 (element [2, 5]); weights must be finite`,
      );
    }
    const tensors = rawTensors();
    tensors.set('generator.bias', { dtype: 'F32', shape: [18], data: new Float32Array(18).fill(NaN) });
    expect(formatError(() => bindWeights(config, tensors)).message).toBe(
      'model.safetensors: tensor "generator.bias": contains NaN at index 0; weights must be finite',
    );
  });

  it('refuses a finite weight past ±MAX_ABS_WEIGHT, naming the tensor, the element and the bound', () => {
    expect(MAX_ABS_WEIGHT).toBe(1e4);
    for (const [bad, shown] of [
      [3e38, '3.0000000054977558e+38'],
      [-20000, '-20000'],
      [10000.0009765625, '10000.0009765625'],
    ] as const) {
      const tensors = rawTensors();
      const data = tensors.get('generator.weight')!.data.slice();
      data[13] = bad; // row 1, column 1 of [18, 12]
      tensors.set('generator.weight', { dtype: 'F32', shape: [18, 12], data });
      const error = formatError(() => bindWeights(config, tensors));
      expect(error.tensor).toBe('generator.weight');
      expect(error.message).toBe(
        `model.safetensors: tensor "generator.weight": contains ${shown} at index 13 (element [1, 1]); weights must be within ±10000 so that f32 products cannot overflow`,
      );
    }
  });

  it('accepts weights exactly at ±MAX_ABS_WEIGHT', () => {
    const tensors = rawTensors();
    const data = tensors.get('attention.linear_in.weight')!.data.slice();
    data[0] = MAX_ABS_WEIGHT;
    data[1] = -MAX_ABS_WEIGHT;
    tensors.set('attention.linear_in.weight', { dtype: 'F32', shape: [12, 12], data });
    expect(bindWeights(config, tensors).get('attention.linear_in.weight')).toBe(data);
  });
});

describe('bindWeights, seq2seq-transformer', () => {
  const config = defaultTransformerConfig();
  const tensorsOf = (model: ReturnType<typeof randomTransformerModel>) =>
    new Map([...model.weights].map(([name, data]) => [name, { dtype: 'F32' as const, shape: shapeOf(name), data }]));
  const shapeOf = (name: string) => expectedTensors(config).find((spec) => spec.name === name)!.shape;

  it('keeps the final norms when present and leaves them out when both tensors are absent', () => {
    const withNorms = bindWeights(config, tensorsOf(randomTransformerModel(config, 1)));
    expect(withNorms.has('transformer.encoder.norm.weight')).toBe(true);
    const without = bindWeights(config, tensorsOf(randomTransformerModel(config, 1, 0.5, { finalNorms: false })));
    expect(without.has('transformer.encoder.norm.weight')).toBe(false);
    expect(without.has('transformer.decoder.norm.bias')).toBe(false);
    // Absent biases are zeros.
    const noBias = bindWeights(config, tensorsOf(randomTransformerModel(config, 1, 0.5, { biases: false })));
    expect(noBias.get('generator.bias')!.every((v) => v === 0)).toBe(true);
  });

  it('refuses a final norm with only one of its tensors, naming the missing one', () => {
    const tensors = tensorsOf(randomTransformerModel(config, 1));
    tensors.delete('transformer.decoder.norm.bias');
    expect(() => bindWeights(config, tensors)).toThrow(
      'model.safetensors: tensor "transformer.decoder.norm.bias": required with transformer.decoder.norm.weight (a final norm has both)',
    );
  });
});
