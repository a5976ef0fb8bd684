/** The recurrent family on the device: GpuEncoder and GpuDecoder behind GpuModelEngine. */
import type { RnnModel } from '../model/model.ts';
import { checkModelFitsDevice, type BufferLimits } from '../gpu/limits.ts';
import { batchOverLimits } from './batch-limits.ts';
import { GpuDecoder } from './decoder.ts';
import { GpuEncoder, readEncoderResults } from './encoder.ts';
import type { GpuModelEngine } from './gpu-model-engine.ts';

export async function createRnnGpuEngine(
  device: GPUDevice,
  model: RnnModel,
  deviceLimits: BufferLimits,
  callLimits: BufferLimits,
): Promise<GpuModelEngine> {
  // Every weight buffer against the device's limits, before any is created.
  checkModelFitsDevice(model.config, deviceLimits);
  // One sentence is the commonest call (a translate of one line): its step compiles at load, so
  // the first such call compiles nothing; other batch sizes compile at their first encode.
  const encoder = await GpuEncoder.create(device, model, { stepBatches: [1] });
  let decoder: GpuDecoder;
  try {
    decoder = await GpuDecoder.create(device, model);
  } catch (error) {
    encoder.dispose();
    throw error;
  }
  encoder.bufferLimits = callLimits;
  const { num_layers, hidden_size } = model.config;
  return {
    encode: async (batch) => readEncoderResults(device, await encoder.encode(batch), num_layers, hidden_size),
    teacherForce: async (batch, targets) => decoder.teacherForce(await encoder.encode(batch), targets),
    greedy: async (batch, options, onProgress) => decoder.greedy(await encoder.encode(batch), options, onProgress),
    beamSearch: async (batch, options, onProgress) =>
      decoder.beamSearch(await encoder.encode(batch), options, onProgress),
    batchOverLimits: (batch, work, limits) => batchOverLimits(model.config, batch, work, limits),
    dispose() {
      decoder.dispose();
      encoder.dispose();
    },
  };
}
