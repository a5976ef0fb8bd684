/**
 * The encoder unrolled with every intermediate state kept: the h of each layer, direction and
 * source position. It runs the CPU reference encoder's own directions (src/cpu/encoder.ts), so its
 * top layer equals the encoder outputs the decoder attends over.
 */
import { concatRows, runDirection } from '../../src/cpu/encoder.ts';
import { embeddingGather } from '../../src/cpu/kernels.ts';
import type { WeightsByRole } from '../../src/model/weights-by-role.ts';

export interface EncoderTrace {
  /** S: source positions. */
  length: number;
  layers: number;
  /** 1, or 2 when bidirectional (0 forward, 1 backward). */
  directions: number;
  /** Units per direction. */
  units: number;
  /** states[layer][direction][position]: h right after that direction read that position. */
  states: Float64Array[][][];
  /** Top layer outputs [S × units·directions], rows [forward ; backward]: the decoder's memory. */
  outputs: Float64Array;
}

export function traceEncoder(weights: WeightsByRole, source: readonly number[]): EncoderTrace {
  const S = source.length;
  let inputs = embeddingGather(weights.encoderEmbedding, source, weights.embedding);
  const states: Float64Array[][][] = [];
  const directions = weights.encoderLayers[0].length;
  const units = weights.encoderLayers[0][0].units;
  for (const layerDirections of weights.encoderLayers) {
    // The reference encoder's own directions; the trace keeps every position's state.
    const outputs = layerDirections.map((layer, d) => runDirection(weights, layer, inputs, S, d === 1).outputs);
    states.push(outputs.map((rows) => Array.from({ length: S }, (_, t) => rows.subarray(t * units, (t + 1) * units))));
    inputs = concatRows(outputs, S, units);
  }
  return { length: S, layers: weights.encoderLayers.length, directions, units, states, outputs: inputs };
}
