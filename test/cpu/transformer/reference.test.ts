/**
 * The Transformer reference as a StepModel: searches over it agree with an exhaustive search,
 * states are immutable values sharing their past, the cache gives what a full causal pass gives,
 * sentences do not depend on their batch, and max_positions is enforced.
 */
import { describe, expect, it } from 'vitest';
import { beamSearch } from '../../../src/cpu/search/beam.ts';
import { greedyDecode } from '../../../src/cpu/search/greedy.ts';
import { translateWithSearch } from '../../../src/cpu/search/search.ts';
import { applyLinear, feedForward, finalNorm, project, sublayer } from '../../../src/cpu/transformer/blocks.ts';
import type { TransformerDecoderState } from '../../../src/cpu/transformer/decoder.ts';
import { encodeTransformerSentence } from '../../../src/cpu/transformer/encoder.ts';
import { attention, embedPositions } from '../../../src/cpu/transformer/ops.ts';
import { TransformerStepModel, transformerReference } from '../../../src/cpu/transformer/reference.ts';
import { traceTransformer } from '../../../src/cpu/transformer/trace.ts';
import { InputError } from '../../../src/errors.ts';
import type { TransformerConfig } from '../../../src/model/config.ts';
import { resolveDecodeOptions } from '../../../src/model/decoding.ts';
import { defaultTransformerConfig, randomTransformerModel } from '../../../src/model/random-model.ts';
import { expectedTensors } from '../../../src/model/tensor-spec.ts';
import { transformerWeights } from '../../../src/model/transformer-weights.ts';
import { expectEqualsExhaustive, exhaustiveSearch } from '../../helpers/exhaustive-search.ts';

/** Every layout the format allows, on models small enough to search exhaustively. */
const variants: {
  name: string;
  config: Partial<TransformerConfig>;
  options?: { biases?: boolean; finalNorms?: boolean };
}[] = [
  { name: 'post-norm relu sinusoidal', config: {} },
  {
    name: 'pre-norm gelu learned, 2+2 layers',
    config: { norm_first: true, activation: 'gelu', positions: 'learned', encoder_layers: 2, decoder_layers: 2 },
  },
  {
    name: 'one head, no biases, no final norms, unscaled',
    config: { num_heads: 1, scale_embeddings: false },
    options: { biases: false, finalNorms: false },
  },
  { name: 'four heads, 1+3 layers', config: { num_heads: 4, decoder_layers: 3, norm_first: true } },
];

/** Six target ids: pad and bos are never generated, so unk, eos, 4 and 5 branch 4 ways. */
const SMALL_TARGET = 6;
const sources = [[4, 5, 6], [7], [8, 9, 10, 11, 12, 4, 5], [4, 5, 6]];

function stepModelOf(config: Partial<TransformerConfig>, seed: number, options = {}): TransformerStepModel {
  return new TransformerStepModel(randomTransformerModel(defaultTransformerConfig(config), seed, 0.8, options));
}

describe.each(variants)('Transformer reference: $name', ({ config, options }) => {
  it('finds the exhaustive n-best lists with a beam as wide as the search space', () => {
    const model = stepModelOf({ ...config, tgt_vocab_size: SMALL_TARGET }, 31, options);
    const maxLength = 4; // 4 branches per step: 4³ = 64 ≤ MAX_BEAM continuations before the last step
    for (const minLength of [0, 2]) {
      for (const source of sources.slice(0, 3)) {
        const decode = { beam: 64, nBest: 5, maxLength, minLength, lengthPenalty: 0 };
        const [hypotheses] = translateWithSearch(model, [source], decode);
        const exhaustive = exhaustiveSearch(model, source, { maxLength, minLength, lengthPenalty: 0 });
        expectEqualsExhaustive(hypotheses, exhaustive, 5, maxLength);
      }
    }
  });

  it('gives with beam 1 exactly the greedy result', () => {
    const model = stepModelOf(config, 32, options);
    for (const source of sources) {
      const resolved = resolveDecodeOptions({ beam: 1, attention: true }, source.length);
      expect(beamSearch(model, source, resolved)).toEqual([greedyDecode(model, source, resolved)]);
    }
  });

  it('gives every sentence the result and memory it gets alone', () => {
    const model = randomTransformerModel(defaultTransformerConfig(config), 33, 0.8, options);
    const reference = transformerReference(model);
    for (const decode of [{ attention: true }, { beam: 3, nBest: 2, attention: true, lengthPenalty: 0.6 }]) {
      const together = translateWithSearch(reference.stepModel, sources, decode);
      sources.forEach((source, i) =>
        expect(translateWithSearch(reference.stepModel, [source], decode)).toEqual([together[i]]),
      );
      expect(together[3]).toEqual(together[0]);
    }
    const encoded = reference.encode(sources);
    sources.forEach((source, i) => expect(reference.encode([source])).toEqual([encoded[i]]));
  });

  it('never mutates a state: stepping the same state twice gives the same output, the past is shared', () => {
    const model = stepModelOf(config, 34, options);
    const start = model.begin(sources[2]);
    const first = model.step(start, model.bosId);
    const a = model.step(first.state, 4);
    const b = model.step(first.state, 5);
    const again = model.step(first.state, 4);
    expect(again.logProbs).toEqual(a.logProbs);
    expect(again.attention).toEqual(a.attention);
    expect(b.logProbs).not.toEqual(a.logProbs);
    expect(model.step(start, model.bosId).logProbs).toEqual(first.logProbs);
    // One row per step per layer; forks share the parent's rows and memory rather than copying them.
    expect(start.cache.every((layer) => layer.keys.length === 0)).toBe(true);
    expect(first.state.cache.every((layer) => layer.keys.length === 1 && layer.values.length === 1)).toBe(true);
    a.state.cache.forEach((layer, l) => {
      expect(layer.keys).toHaveLength(2);
      expect(layer.keys[0]).toBe(first.state.cache[l].keys[0]);
      expect(layer.values[0]).toBe(b.state.cache[l].values[0]);
    });
    expect(a.state.memory).toBe(start.memory);
  });

  it('gives with the cache what a full causal pass over the whole prefix gives', () => {
    const model = stepModelOf(config, 35, options);
    const source = sources[2];
    const inputs = [model.bosId, 7, 4, 9, 1, 5];
    let state: TransformerDecoderState = model.begin(source);
    const cached: Float64Array[] = [];
    for (const token of inputs) {
      const out = model.step(state, token);
      cached.push(out.logProbs);
      state = out.state;
    }
    const full = fullDecoderPass(model, source, inputs);
    cached.forEach((row, t) => {
      for (let v = 0; v < row.length; v++) expect(Math.abs(row[v] - full[t][v])).toBeLessThan(1e-12);
    });
  });
});

/**
 * The decoder over all positions at once with a causal mask, the way torch runs it in training:
 * an independent check that the cache neither loses nor repeats a row.
 */
function fullDecoderPass(model: TransformerStepModel, source: number[], inputs: number[]): Float64Array[] {
  const { weights, tables } = model;
  const config = weights.config;
  const D = weights.dModel;
  const T = inputs.length;
  const memory = encodeTransformerSentence(weights, tables, source);
  const S = memory.length;
  let x = embedPositions(inputs, 0, weights.decoderEmbedding, D, tables.scale, tables.decoderPositions);
  for (const layer of weights.decoderLayers) {
    x = sublayer(config, layer.norm1, x, T, (input) => {
      const q = project(layer.selfAttention, 'query', input, T, D);
      const k = project(layer.selfAttention, 'key', input, T, D);
      const v = project(layer.selfAttention, 'value', input, T, D);
      const causal = attention(q, T, k, v, T, D, weights.heads, (i, j) => j <= i);
      return applyLinear(layer.selfAttention.outProj, causal.out, T);
    });
    x = sublayer(config, layer.norm2, x, T, (input) => {
      const q = project(layer.crossAttention, 'query', input, T, D);
      const k = project(layer.crossAttention, 'key', memory.outputs, S, D);
      const v = project(layer.crossAttention, 'value', memory.outputs, S, D);
      return applyLinear(layer.crossAttention.outProj, attention(q, T, k, v, S, D, weights.heads, () => true).out, T);
    });
    x = sublayer(config, layer.norm3, x, T, (input) => feedForward(config, layer.linear1, layer.linear2, input, T).out);
  }
  const logits = applyLinear(weights.generator, finalNorm(config, weights.decoderNorm, x, T), T);
  const V = config.tgt_vocab_size;
  return Array.from({ length: T }, (_, t) => {
    const row = logits.subarray(t * V, (t + 1) * V);
    const max = Math.max(...row);
    const log = max + Math.log(row.reduce((a, v) => a + Math.exp(v - max), 0));
    return row.map((v) => v - log);
  });
}

describe('max_positions', () => {
  const config = defaultTransformerConfig({ max_positions: 5 });
  const model = randomTransformerModel(config, 40);

  it('accepts sources of max_positions tokens and rejects longer ones with an InputError naming the limit', () => {
    const reference = transformerReference(model);
    expect(reference.encode([[4, 5, 6, 7, 8]])[0].outputs).toHaveLength(5);
    expect(() => reference.encode([[4, 5, 6, 7, 8, 9]])).toThrow(InputError);
    expect(() => reference.stepModel.begin([4, 5, 6, 7, 8, 9])).toThrow(/max_positions = 5/);
  });

  it('decodes positions 0..max_positions−1 and rejects the step that would read position max_positions', () => {
    const stepModel = new TransformerStepModel(model);
    let state = stepModel.begin([4, 5]);
    for (let t = 0; t < 5; t++) state = stepModel.step(state, t === 0 ? stepModel.bosId : 4).state;
    expect(state.position).toBe(5);
    expect(() => stepModel.step(state, 4)).toThrow(InputError);
    expect(() => stepModel.step(state, 4)).toThrow(/max_positions = 5/);
    // A search asked for more tokens than positions fails the same way; maxLength = max_positions works.
    const never = randomTransformerModel(config, 41); // minLength keeps EOS out
    expect(
      translateWithSearch(new TransformerStepModel(never), [[4]], { maxLength: 5, minLength: 5 })[0][0].ids,
    ).toHaveLength(5);
    expect(() => translateWithSearch(new TransformerStepModel(never), [[4]], { maxLength: 6, minLength: 6 })).toThrow(
      /max_positions = 5/,
    );
  });
});

describe('randomTransformerModel', () => {
  it('makes every expected tensor, zero biases without biases, no final norms without them', () => {
    const config = defaultTransformerConfig({ positions: 'learned' });
    const full = randomTransformerModel(config, 3);
    expect([...full.weights.keys()].sort()).toEqual(
      expectedTensors(config)
        .map((spec) => spec.name)
        .sort(),
    );
    for (const spec of expectedTensors(config)) {
      const data = full.weights.get(spec.name)!;
      expect(data).toHaveLength(spec.shape.reduce((a, b) => a * b, 1));
      if (/norm\d*\.weight$/.test(spec.name)) expect(data.every((v) => v >= 0.75 && v <= 1.25)).toBe(true);
      else expect(data.every((v) => Math.abs(v) <= 0.5)).toBe(true);
    }

    const bare = randomTransformerModel(config, 3, 0.5, { biases: false, finalNorms: false });
    const optionalBiases = expectedTensors(config).filter((spec) => spec.optional && !spec.name.includes('.norm.'));
    expect(optionalBiases.length).toBeGreaterThan(0);
    for (const spec of optionalBiases) expect(bare.weights.get(spec.name)!.every((v) => v === 0)).toBe(true);
    expect(bare.weights.has('transformer.encoder.norm.weight')).toBe(false);
    expect(bare.weights.has('transformer.decoder.norm.bias')).toBe(false);
    const weights = transformerWeights(bare);
    expect(weights.encoderNorm).toBeUndefined();
    expect(weights.decoderNorm).toBeUndefined();
    expect(transformerWeights(full).encoderNorm).toBeDefined();
  });

  it('is reproducible from its seed and defaults to the documented small config', () => {
    const config = defaultTransformerConfig();
    expect(config).toMatchObject({ src_vocab_size: 13, tgt_vocab_size: 11, d_model: 8, num_heads: 2, ffn_dim: 16 });
    expect(randomTransformerModel(config, 7)).toEqual(randomTransformerModel(config, 7));
    expect(randomTransformerModel(config, 7)).not.toEqual(randomTransformerModel(config, 8));
  });
});

describe('the reference past f32 range', () => {
  it('gives NaN log-probs when values overflow f32, as the GPU would', () => {
    const model = randomTransformerModel(defaultTransformerConfig({ activation: 'relu' }), 50, 1e20);
    const stepModel = new TransformerStepModel(model);
    const out = stepModel.step(stepModel.begin([4, 5]), stepModel.bosId);
    expect(out.logProbs.every((v) => Number.isNaN(v))).toBe(true);
  });
});

describe('traceTransformer', () => {
  it('returns every attention map with the cache growing by one row per step', () => {
    const config = defaultTransformerConfig({ encoder_layers: 2, decoder_layers: 2, num_heads: 2 });
    const model = randomTransformerModel(config, 60);
    const source = [4, 5, 6];
    const targets = [7, 8];
    const trace = traceTransformer(model, source, targets);
    expect(trace.encoderSelfAttention).toHaveLength(2);
    for (const layer of trace.encoderSelfAttention) {
      expect(layer).toHaveLength(2);
      for (const head of layer) {
        expect(head).toHaveLength(3);
        for (const row of head) expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }
    }
    expect(trace.steps.map((step) => step.input)).toEqual([config.bos_id, 7, 8]);
    const stepModel = new TransformerStepModel(model);
    let state = stepModel.begin(source);
    trace.steps.forEach((step, t) => {
      expect(step.position).toBe(t);
      expect(step.selfAttention).toHaveLength(2);
      for (const layer of step.selfAttention) for (const head of layer) expect(head).toHaveLength(t + 1);
      for (const layer of step.crossAttention) for (const head of layer) expect(head).toHaveLength(3);
      const out = stepModel.step(state, step.input);
      expect(step.logProbs).toEqual(Array.from(out.logProbs));
      expect(step.attention).toEqual(Array.from(out.attention!));
      state = out.state;
    });
  });
});
