/**
 * The benchmark's LSTM encoder in TensorFlow.js: tf.layers.embedding then tf.layers.lstm (returning
 * the whole sequence) holding the engine model's weights, PyTorch layouts converted to Keras ones.
 */
import type { Model } from '../src/model/model.ts';
import type { LstmShape } from './lstm-shapes.ts';
import { lstmModel, lstmSources } from './lstm-shapes.ts';
import type { LstmTiming } from './engine-lstm.ts';
import { medianMs, timeMs } from './timing.ts';
import type { Tf } from './tfjs-webgpu.ts';

/** W [rows × cols] row-major to Wᵀ [cols × rows]. */
function transpose(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

/**
 * Keras' LSTM kernel is W_ihᵀ [E × 4H], its recurrent kernel W_hhᵀ [H × 4H], one bias b_ih + b_hh;
 * its gate columns come in PyTorch's order (i, f, c, o). The recurrent activation is set to the
 * logistic sigmoid (TensorFlow.js defaults to the hard sigmoid).
 */
function buildLayers(tf: Tf, model: Model, shape: LstmShape, defaultInitializers: boolean) {
  // The weights are given, so the random initialisers are skipped by default: TensorFlow.js's
  // orthogonal recurrent initialiser alone runs for minutes on SwiftShader (a QR decomposition
  // made of many small WebGPU ops). `defaultInitializers` measures that path too.
  const zeros = defaultInitializers
    ? {}
    : ({ kernelInitializer: 'zeros', recurrentInitializer: 'zeros', biasInitializer: 'zeros' } as const);
  const { embedding: E, hidden: H } = shape;
  const vocab = model.config.src_vocab_size;
  const weight = (name: string) => model.weights.get(name)!;
  const bias = weight('encoder.rnn.bias_ih_l0').map((value, i) => value + weight('encoder.rnn.bias_hh_l0')[i]);
  return tf.sequential({
    layers: [
      tf.layers.embedding({
        inputDim: vocab,
        outputDim: E,
        inputLength: shape.length,
        ...(defaultInitializers ? {} : { embeddingsInitializer: 'zeros' as const }),
        weights: [tf.tensor2d(weight('encoder.embedding.weight'), [vocab, E])],
      }),
      tf.layers.lstm({
        units: H,
        returnSequences: true,
        recurrentActivation: 'sigmoid',
        ...zeros,
        weights: [
          tf.tensor2d(transpose(weight('encoder.rnn.weight_ih_l0'), 4 * H, E), [E, 4 * H]),
          tf.tensor2d(transpose(weight('encoder.rnn.weight_hh_l0'), 4 * H, H), [H, 4 * H]),
          tf.tensor1d(bias),
        ],
      }),
    ],
  });
}

/**
 * Cold: building the layers (weight upload) and the first call, with every shader compile; warm:
 * the median of later calls. A call embeds the ids, runs the LSTM and reads the outputs back.
 */
export async function tfjsLstm(
  tf: Tf,
  shape: LstmShape,
  warmRuns: number,
  defaultInitializers = false,
): Promise<LstmTiming> {
  const model = lstmModel(shape);
  const ids = tf.tensor2d(lstmSources(shape).flat(), [shape.batch, shape.length], 'int32');
  let layers: ReturnType<typeof buildLayers> | undefined;
  const run = async () => {
    const output = layers!.predict(ids) as import('@tensorflow/tfjs').Tensor;
    try {
      return (await output.data()) as Float32Array;
    } finally {
      output.dispose();
    }
  };
  try {
    const cold = await timeMs(async () => {
      layers = buildLayers(tf, model, shape, defaultInitializers);
      return run();
    });
    const warmMs = await medianMs(warmRuns, run);
    return { coldMs: cold.ms, warmMs, outputs: cold.value };
  } finally {
    layers?.dispose();
    ids.dispose();
  }
}
