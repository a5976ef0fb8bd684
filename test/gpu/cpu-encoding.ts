/**
 * EncoderResultBuffers built from the CPU reference encoder, so decoder tests do not depend on
 * the GPU encoder. Padded positions of the outputs hold NaN: a decoder that reads them poisons
 * its results.
 */
import { encodeBatch } from '../../src/cpu/encoder.ts';
import { createStorageBuffer } from '../../src/gpu/buffers.ts';
import type { RnnModel } from '../../src/model/model.ts';
import type { EncoderResultBuffers } from '../../src/engine/encoder-result.ts';

export interface UploadedEncoding extends EncoderResultBuffers {
  destroy(): void;
}

export function uploadCpuEncoding(device: GPUDevice, model: RnnModel, sources: number[][]): UploadedEncoding {
  const encoded = encodeBatch(model, sources);
  const { hidden_size: H, num_layers: L, cell } = model.config;
  const B = sources.length;
  const T = Math.max(...sources.map((source) => source.length));
  const outputs = new Float32Array(B * T * H).fill(NaN);
  const finalH = new Float32Array(L * B * H);
  const finalC = new Float32Array(L * B * H);
  encoded.forEach((sentence, b) => {
    outputs.set(sentence.outputs, b * T * H);
    for (let l = 0; l < L; l++) {
      finalH.set(sentence.h[l], (l * B + b) * H);
      if (sentence.c) finalC.set(sentence.c[l], (l * B + b) * H);
    }
  });
  const buffers = {
    outputs: createStorageBuffer(device, 'cpu encoding outputs', outputs),
    finalH: createStorageBuffer(device, 'cpu encoding final h', finalH),
    finalC: cell === 'lstm' ? createStorageBuffer(device, 'cpu encoding final c', finalC) : undefined,
    lengths: createStorageBuffer(
      device,
      'cpu encoding lengths',
      Uint32Array.from(sources, (source) => source.length),
    ),
  };
  return {
    ...buffers,
    batch: B,
    maxLength: T,
    sourceLengths: sources.map((source) => source.length),
    destroy() {
      for (const buffer of Object.values(buffers)) buffer?.destroy();
    },
  };
}
