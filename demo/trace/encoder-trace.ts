/**
 * The encoder unrolled with every intermediate state kept: the h of each layer, direction and
 * source position. It runs the CPU reference's own cell and kernels in the same order as
 * src/cpu/encoder.ts, so its top layer equals the encoder outputs the decoder attends over.
 */
import { cellStep } from '../../src/cpu/cells.ts';
import { embeddingGather, matmulBias } from '../../src/cpu/kernels.ts';
import { type WeightsByRole, gateRows } from '../../src/model/weights-by-role.ts';

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
    const layerStates = layerDirections.map((layer, d) => {
      const rows = gateRows(weights, layer);
      const projections = matmulBias(inputs, layer.Wih, layer.bih, S, rows, layer.inputSize);
      const byPosition: Float64Array[] = new Array<Float64Array>(S);
      let h: Float64Array = new Float64Array(units);
      let c: Float64Array | undefined = weights.cell === 'lstm' ? new Float64Array(units) : undefined;
      for (let step = 0; step < S; step++) {
        const t = d === 1 ? S - 1 - step : step;
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
        byPosition[t] = h;
      }
      return byPosition;
    });
    states.push(layerStates);
    inputs = new Float64Array(S * units * directions);
    for (let t = 0; t < S; t++) {
      layerStates.forEach((byPosition, d) => inputs.set(byPosition[t], (t * directions + d) * units));
    }
  }
  return { length: S, layers: weights.encoderLayers.length, directions, units, states, outputs: inputs };
}
