/**
 * The encoder (docs/model-format.md): embeddings, then L stacked layers, each one input GEMM for
 * all time steps followed by the recurrent steps; bidirectional layers run a backward
 * direction from x_S down to x_1. Sentences are encoded one by one, so a sentence's result
 * never depends on the rest of its batch.
 */
import type { RnnModel } from '../model/model.ts';
import { cellStep } from './cells.ts';
import { embeddingGather, matmulBias } from './kernels.ts';
import { checkSource } from '../model/validate.ts';
import { type WeightsByRole, type RecurrentWeights, weightsByRole, gateRows } from '../model/weights-by-role.ts';

export interface EncodedSentence {
  /** S, the number of source tokens. */
  length: number;
  /** Top layer outputs [S×H]; bidirectional rows are [forward_j ; backward_j]. */
  outputs: Float64Array;
  /** Final h per layer (H wide): forward after x_S, then backward after x_1 when bidirectional. */
  h: Float64Array[];
  /** Final c per layer, same layout (LSTM only). */
  c?: Float64Array[];
}

interface DirectionResult {
  /** [S × units], row t = the state after x_t (in source order). */
  outputs: Float64Array;
  h: Float64Array;
  c?: Float64Array;
}

/** Runs one direction of one layer over inputs [S × inputSize], from zero initial states. */
export function runDirection(
  weights: WeightsByRole,
  layer: RecurrentWeights,
  inputs: Float64Array,
  S: number,
  backward: boolean,
): DirectionResult {
  const units = layer.units;
  const rows = gateRows(weights, layer);
  const projections = matmulBias(inputs, layer.Wih, layer.bih, S, rows, layer.inputSize);
  const outputs = new Float64Array(S * units);
  let h: Float64Array = new Float64Array(units);
  let c: Float64Array | undefined = weights.cell === 'lstm' ? new Float64Array(units) : undefined;
  for (let step = 0; step < S; step++) {
    const t = backward ? S - 1 - step : step;
    const next = cellStep(
      weights.cell,
      projections.subarray(t * rows, (t + 1) * rows),
      h,
      c,
      layer.Whh,
      layer.bhh,
      units,
    );
    h = next.h;
    c = next.c;
    outputs.set(h, t * units);
  }
  return { outputs, h, c };
}

/** Row-wise concatenation of per-direction [S × units] outputs into [S × units·D]. */
export function concatRows(parts: Float64Array[], S: number, units: number): Float64Array {
  const width = units * parts.length;
  const out = new Float64Array(S * width);
  for (let t = 0; t < S; t++) {
    parts.forEach((part, d) => out.set(part.subarray(t * units, (t + 1) * units), t * width + d * units));
  }
  return out;
}

function concatVectors(parts: Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Encodes one non-empty sentence of source ids. */
export function encodeSentence(weights: WeightsByRole, source: readonly number[]): EncodedSentence {
  checkSource(source, weights.config.src_vocab_size);
  const S = source.length;
  let inputs = embeddingGather(weights.encoderEmbedding, source, weights.embedding);
  const h: Float64Array[] = [];
  const c: Float64Array[] = [];
  for (const directions of weights.encoderLayers) {
    const results = directions.map((layer, d) => runDirection(weights, layer, inputs, S, d === 1));
    inputs = concatRows(
      results.map((r) => r.outputs),
      S,
      directions[0].units,
    );
    h.push(concatVectors(results.map((r) => r.h)));
    if (weights.cell === 'lstm') c.push(concatVectors(results.map((r) => r.c as Float64Array)));
  }
  return { length: S, outputs: inputs, h, c: weights.cell === 'lstm' ? c : undefined };
}

/** Encodes every sentence of a batch; each result is exactly what the sentence gives alone. */
export function encodeBatch(model: RnnModel, sources: readonly (readonly number[])[]): EncodedSentence[] {
  const weights = weightsByRole(model);
  return sources.map((source, i) => {
    checkSource(source, model.config.src_vocab_size, `source sentence ${i}`);
    return encodeSentence(weights, source);
  });
}
