/**
 * The engine's LSTM encoder on one shape: the GPU encoder (whole unroll in one submit, outputs read
 * back to the host) and the CPU reference, cold (first call, the GPU's pipeline compiles and weight
 * upload included) and warm (median of repeated calls).
 */
import { encodeBatch } from '../src/cpu/encoder.ts';
import { readFloat32 } from '../src/gpu/buffers.ts';
import { acquireGpu } from '../src/gpu/device.ts';
import { GpuEncoder } from '../src/engine/encoder.ts';
import type { LstmShape } from './lstm-shapes.ts';
import { lstmModel, lstmSources } from './lstm-shapes.ts';
import { medianMs, timeMs } from './timing.ts';

export interface LstmTiming {
  coldMs: number;
  /** The part of the cold call spent before the first encode (engine GPU: weight upload and pipeline compiles). */
  setupMs?: number;
  warmMs: number;
  /** Top-layer outputs [B×T×H], to check that every implementation computed the same thing. */
  outputs: Float32Array;
  /** How the implementation ran (threads, backend flavour), for the table. */
  note?: string;
}

/** Runs on a device of its own, so no pipeline compiled earlier in the process is reused. */
export async function engineGpuLstm(shape: LstmShape, warmRuns: number): Promise<LstmTiming> {
  const model = lstmModel(shape);
  const sources = lstmSources(shape);
  const gpu = await acquireGpu();
  let encoder: GpuEncoder | undefined;
  try {
    const { device } = gpu;
    const elements = shape.batch * shape.length * shape.hidden;
    const encodeAndRead = async (enc: GpuEncoder) => readFloat32(device, (await enc.encode(sources)).outputs, elements);
    let setupMs = 0;
    const cold = await timeMs(async () => {
      const setup = await timeMs(() => GpuEncoder.create(device, model));
      setupMs = setup.ms;
      encoder = setup.value;
      return encodeAndRead(encoder);
    });
    const warmMs = await medianMs(warmRuns, () => encodeAndRead(encoder!));
    return { coldMs: cold.ms, setupMs, warmMs, outputs: cold.value };
  } finally {
    encoder?.dispose();
    gpu.destroy();
  }
}

export async function engineCpuLstm(shape: LstmShape, warmRuns: number): Promise<LstmTiming> {
  const model = lstmModel(shape);
  const sources = lstmSources(shape);
  const run = () => {
    const encoded = encodeBatch(model, sources);
    const outputs = new Float32Array(shape.batch * shape.length * shape.hidden);
    encoded.forEach((sentence, b) => outputs.set(sentence.outputs, b * shape.length * shape.hidden));
    return outputs;
  };
  const cold = await timeMs(run);
  const warmMs = await medianMs(warmRuns, run);
  return { coldMs: cold.ms, warmMs, outputs: cold.value };
}
