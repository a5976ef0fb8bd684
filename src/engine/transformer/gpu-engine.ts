/**
 * The Transformer on the device behind GpuModelEngine: weights uploaded once, pipelines compiled
 * once, an encoder whose memory stays resident for the decoder, and the decoder's calls (teacher
 * forcing, greedy, beam search) with the key/value cache on the GPU.
 */
import { UnrollError } from '../../errors.ts';
import { sinusoidalTable } from '../../cpu/transformer/ops.ts';
import { withErrorScopes } from '../../gpu/buffers.ts';
import type { BufferLimits } from '../../gpu/limits.ts';
import { type TransformerWeightBuffers, uploadTransformerWeights } from '../../gpu/transformer-weights.ts';
import type { TransformerModel } from '../../model/model.ts';
import type { GpuModelEngine } from '../gpu-model-engine.ts';
import { transformerBatchOverLimits } from './batch-limits.ts';
import { TransformerGpuDecoder } from './decoder.ts';
import { readTransformerMemory, TransformerGpuEncoder } from './encoder.ts';
import { prepareTransformerPipelines } from './pipelines.ts';

export async function createTransformerGpuEngine(
  device: GPUDevice,
  model: TransformerModel,
  deviceLimits: BufferLimits,
  callLimits: BufferLimits,
): Promise<GpuModelEngine> {
  // Every weight buffer is checked against the device's limits as it is created (createTrackedBuffer),
  // and the runner hands its call limits to batchOverLimits.
  void deviceLimits;
  void callLimits;
  const config = model.config;
  // The reference's own table, so both backends add the same positions.
  const sinusoidal =
    config.positions === 'sinusoidal'
      ? Float32Array.from(sinusoidalTable(config.max_positions, config.d_model))
      : undefined;
  let uploaded: TransformerWeightBuffers | undefined;
  const weights = await withErrorScopes(device, 'transformer: uploading weights', () => {
    uploaded = uploadTransformerWeights(device, model, sinusoidal);
    return uploaded;
  }).catch((error: unknown) => {
    uploaded?.dispose();
    throw error;
  });
  let pipelines;
  try {
    pipelines = await withErrorScopes(device, 'transformer: compiling pipelines', () =>
      prepareTransformerPipelines(device, config),
    );
  } catch (error) {
    weights.dispose();
    throw error;
  }
  const encoder = new TransformerGpuEncoder(device, weights, pipelines);
  const decoder = new TransformerGpuDecoder(device, weights, pipelines);
  let disposed = false;
  const live = () => {
    if (disposed) throw new UnrollError('disposed', 'the gpu transformer engine was used after dispose()');
  };
  return {
    encode: async (batch) => {
      live();
      return readTransformerMemory(device, await encoder.encode(batch), config.d_model);
    },
    teacherForce: async (batch, targets) => {
      live();
      return decoder.teacherForce(await encoder.encode(batch), targets);
    },
    greedy: async (batch, options, onProgress) => {
      live();
      return decoder.greedy(await encoder.encode(batch), options, onProgress);
    },
    beamSearch: async (batch, options, onProgress) => {
      live();
      return decoder.beamSearch(await encoder.encode(batch), options, onProgress);
    },
    batchOverLimits: (batch, work, limits) => transformerBatchOverLimits(config, batch, work, limits),
    dispose() {
      if (disposed) return;
      disposed = true;
      decoder.dispose();
      encoder.dispose();
      weights.dispose();
    },
  };
}
