/**
 * Trainable parameters under their PyTorch state_dict names and layouts (docs/model-format.md),
 * so exporting is a copy: no renaming, no transposing, no gate reordering.
 */
import type { RnnConfig } from '../../src/model/config.ts';
import type { RnnModel, Vocabulary } from '../../src/model/model.ts';
import { seededRandom } from '../../src/model/random-model.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';
import { tf } from './tf.ts';

export type Parameters = ReadonlyMap<string, tf.Variable>;

/** The architectures the training graph implements; anything else is refused up front. */
function checkTrainableConfig(config: RnnConfig): void {
  const problems: string[] = [];
  if (config.cell !== 'lstm') problems.push(`cell "${config.cell}" (only lstm)`);
  if (config.num_layers !== 1) problems.push(`num_layers ${config.num_layers} (only 1)`);
  if (config.attention !== 'general' && config.attention !== 'dot')
    problems.push(`attention "${config.attention}" (only general or dot)`);
  if (problems.length > 0) throw new Error(`the training graph does not implement ${problems.join(', ')}`);
}

/**
 * Uniform(−scale, scale) weights from a seeded generator (as OpenNMT's param_init), zero
 * biases except the LSTM forget gates, which start at 1 so early gradients flow through time.
 * Embeddings take their own scale: larger embeddings give the encoder outputs, and so the
 * attention, a clear signal of each word from the first updates.
 */
export function initParameters(config: RnnConfig, seed: number, scale = 0.1, embeddingScale = scale): Parameters {
  checkTrainableConfig(config);
  const random = seededRandom(seed);
  const parameters = new Map<string, tf.Variable>();
  for (const spec of expectedTensors(config)) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    const isBias = spec.name.includes('bias');
    const range = spec.name.includes('embedding') ? embeddingScale : scale;
    if (!isBias) for (let i = 0; i < size; i++) data[i] = (random() * 2 - 1) * range;
    if (spec.name.includes('rnn.bias_ih')) data.fill(1, size / 4, size / 2); // rows i, f, g, o: f is the second quarter
    parameters.set(spec.name, tf.variable(tf.tensor(data, spec.shape), true, spec.name));
  }
  return parameters;
}

/** Variables holding a loaded model's weights (for checking an exported model against this graph). */
export function parametersFromModel(model: RnnModel): Parameters {
  checkTrainableConfig(model.config);
  const parameters = new Map<string, tf.Variable>();
  for (const spec of expectedTensors(model.config)) {
    const data = model.weights.get(spec.name);
    if (!data) throw new Error(`model has no tensor ${spec.name}`);
    parameters.set(spec.name, tf.variable(tf.tensor(data, spec.shape), false));
  }
  return parameters;
}

/** A snapshot of the parameters as an engine Model (f32 copies). */
export function parametersToModel(parameters: Parameters, config: RnnConfig, vocab?: Vocabulary): RnnModel {
  const weights = new Map<string, Float32Array>();
  for (const [name, variable] of parameters) weights.set(name, Float32Array.from(variable.dataSync() as Float32Array));
  return { config, weights, vocab };
}

export function parameterCount(parameters: Parameters): number {
  let count = 0;
  for (const variable of parameters.values()) count += variable.size;
  return count;
}

export function disposeParameters(parameters: Parameters): void {
  for (const variable of parameters.values()) variable.dispose();
}
