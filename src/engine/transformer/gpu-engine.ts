import { UnrollError } from '../../errors.ts';
import type { BufferLimits } from '../../gpu/limits.ts';
import type { TransformerModel } from '../../model/model.ts';
import type { GpuModelEngine } from '../gpu-model-engine.ts';

/** The Transformer on the device (placeholder until the engine lands). */
export function createTransformerGpuEngine(
  device: GPUDevice,
  model: TransformerModel,
  deviceLimits: BufferLimits,
  callLimits: BufferLimits,
): Promise<GpuModelEngine> {
  void device;
  void deviceLimits;
  void callLimits;
  return Promise.reject(new UnrollError('input', `Transformer models are not supported yet (${model.config.format})`));
}
