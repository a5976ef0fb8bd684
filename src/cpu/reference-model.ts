/**
 * One model family's CPU reference as the runner sees it: decoder steps for the search drivers and
 * the encoder's results. The RNN family is built here; the Transformer's is src/cpu/transformer/.
 */
import { encodeBatch } from './encoder.ts';
import { CpuStepModel } from './reference-step-model.ts';
import type { StepModel } from './search/step-model.ts';
import type { RnnModel } from '../model/model.ts';
import type { EncodeResult } from '../model/results.ts';

export interface ReferenceModel<State> {
  stepModel: StepModel<State>;
  /** Encoder results of non-empty, checked sources. */
  encode(sources: number[][]): EncodeResult[];
}

/** Rows of `width` of a flat f64 matrix, as f32. */
export function f32Rows(flat: Float64Array, width: number): Float32Array[] {
  const out: Float32Array[] = [];
  for (let offset = 0; offset < flat.length; offset += width)
    out.push(Float32Array.from(flat.subarray(offset, offset + width)));
  return out;
}

export function rnnReference(model: RnnModel): ReferenceModel<unknown> {
  const H = model.config.hidden_size;
  return {
    stepModel: new CpuStepModel(model),
    encode: (sources) =>
      encodeBatch(model, sources).map((encoded) => ({
        outputs: f32Rows(encoded.outputs, H),
        h: encoded.h.map((v) => Float32Array.from(v)),
        c: encoded.c?.map((v) => Float32Array.from(v)),
      })),
  };
}
