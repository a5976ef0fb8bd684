/**
 * TensorFlow.js for training, on its WASM backend (XNNPACK kernels). The backend runs one
 * thread unless the threaded build is usable, and its results do not depend on thread count.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export { tf };

export type TfBackend = 'wasm' | 'cpu';

export async function initTf(backend: TfBackend = 'wasm'): Promise<void> {
  if (tf.getBackend() === backend) return;
  if (!(await tf.setBackend(backend))) throw new Error(`the TensorFlow.js ${backend} backend did not start`);
  await tf.ready();
}
