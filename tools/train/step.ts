/** One optimisation step: loss and gradients by backpropagation, global-norm clipping, Adam. */
import type { RnnConfig } from '../../src/model/config.ts';
import { lossAndGradients } from './backprop.ts';
import { type HostBatch, batchTensors, disposeBatch } from './data.ts';
import type { Parameters } from './parameters.ts';
import { tf } from './tf.ts';

/** Runs one step on a batch and returns its mean loss per target token. */
export function trainStep(
  parameters: Parameters,
  config: RnnConfig,
  optimizer: tf.Optimizer,
  batch: HostBatch,
  clipNorm: number,
): number {
  const tensors = batchTensors(batch);
  try {
    const { loss, grads } = lossAndGradients(parameters, config, tensors);
    tf.tidy(() => optimizer.applyGradients(clipByGlobalNorm(grads, clipNorm)));
    tf.dispose(grads);
    const value = loss.dataSync()[0];
    loss.dispose();
    return value;
  } finally {
    disposeBatch(tensors);
  }
}

/** Scales every gradient by min(1, maxNorm / global L2 norm). */
function clipByGlobalNorm(grads: tf.NamedTensorMap, maxNorm: number): tf.NamedTensorMap {
  const names = Object.keys(grads);
  const norm = tf.sqrt(tf.addN(names.map((name) => tf.sum(tf.square(grads[name])))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-6)));
  const clipped: tf.NamedTensorMap = {};
  for (const name of names) clipped[name] = tf.mul(grads[name], scale);
  return clipped;
}

/** tfjs keeps Adam's learning rate in a field it does not expose; the moments must survive a change. */
export function setLearningRate(optimizer: tf.AdamOptimizer, learningRate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = learningRate;
}
