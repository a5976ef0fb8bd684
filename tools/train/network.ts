/**
 * The training graph: a one-layer LSTM encoder (uni- or bidirectional) and an LSTM decoder
 * with global attention and input feeding, computing exactly the math of docs/model-format.md with
 * teacher forcing. Gates are split in PyTorch order i, f, g, o.
 *
 * Every sentence of a batch has the same source length (batches are bucketed by it), so the
 * encoder needs no padding and attention no mask; targets are padded at the end and masked
 * in the loss, which cannot leak backwards through a left-to-right decoder.
 */
import type { RnnConfig } from '../../src/model/config.ts';
import { type LinearWeight, embed, linear, linearWeight } from './ops.ts';
import type { Parameters } from './parameters.ts';
import { tf } from './tf.ts';

/** One batch, time-major: position t of sentence b is element t·size + b. */
export interface BatchTensors {
  size: number;
  sourceLength: number;
  /** Target steps: the longest target plus one (for EOS). */
  targetLength: number;
  source: tf.Tensor1D;
  /** BOS then the target ids (decoder inputs), padded. */
  targetIn: tf.Tensor1D;
  /** The target ids then EOS (what each step predicts), padded. */
  targetOut: tf.Tensor1D;
  /** 1 where targetOut is a real token, 0 on padding. */
  mask: tf.Tensor1D;
  /** Number of real target tokens (EOS included). */
  tokens: number;
}

interface LstmState {
  h: tf.Tensor2D;
  c: tf.Tensor2D;
}

/** The LSTM update from pre-activation gates [B, 4n] laid out i, f, g, o. */
function lstmCell(gates: tf.Tensor2D, c: tf.Tensor2D, units: number): LstmState {
  const [i, f, , o] = tf.split(tf.sigmoid(gates), 4, 1);
  const g = tf.tanh(tf.slice(gates, [0, 2 * units], [-1, units]));
  const cNext = tf.add<tf.Tensor2D>(tf.mul(f, c), tf.mul(i, g));
  return { h: tf.mul<tf.Tensor2D>(o, tf.tanh(cNext)), c: cNext };
}

function parameter(parameters: Parameters, name: string): tf.Tensor {
  const value = parameters.get(name);
  if (!value) throw new Error(`no parameter ${name}`);
  return value;
}

/** Runs one encoder direction over the projected inputs; returns the outputs in source order. */
function encodeDirection(inputs: tf.Tensor2D[], whh: LinearWeight, units: number, reverse: boolean, size: number) {
  let state: LstmState = { h: tf.zeros([size, units]), c: tf.zeros([size, units]) };
  const outputs: tf.Tensor2D[] = new Array<tf.Tensor2D>(inputs.length);
  for (let k = 0; k < inputs.length; k++) {
    const t = reverse ? inputs.length - 1 - k : k;
    state = lstmCell(tf.add<tf.Tensor2D>(inputs[t], linear(state.h, whh)), state.c, units);
    outputs[t] = state.h;
  }
  return { outputs, final: state };
}

interface Encoded {
  /** Encoder outputs [B, S, H]. */
  memory: tf.Tensor3D;
  initial: LstmState;
}

function encode(parameters: Parameters, config: RnnConfig, batch: BatchTensors): Encoded {
  const { size, sourceLength } = batch;
  const units = config.bidirectional ? config.hidden_size / 2 : config.hidden_size;
  const embedded = embed(parameter(parameters, 'encoder.embedding.weight') as tf.Tensor2D, batch.source);
  const directions = config.bidirectional ? ['', '_reverse'] : [''];
  const results = directions.map((suffix) => {
    const p = (name: string) => parameter(parameters, `encoder.rnn.${name}_l0${suffix}`);
    // The input projection of every step at once: one [S·B, E] × [E, 4n] product.
    const projected = tf.add<tf.Tensor2D>(
      linear(embedded, linearWeight(p('weight_ih') as tf.Tensor2D)),
      tf.add(p('bias_ih'), p('bias_hh')),
    );
    const inputs = tf.split<tf.Tensor2D>(projected, sourceLength, 0);
    return encodeDirection(inputs, linearWeight(p('weight_hh') as tf.Tensor2D), units, suffix === '_reverse', size);
  });
  // [S, B, n] per direction, concatenated to [S, B, H], then batch-major for attention.
  const memory = tf.transpose(
    tf.concat(
      results.map((r) => tf.stack(r.outputs)),
      2,
    ),
    [1, 0, 2],
  ) as tf.Tensor3D;
  const initial: LstmState = {
    h: tf.concat<tf.Tensor2D>(
      results.map((r) => r.final.h),
      1,
    ),
    c: tf.concat<tf.Tensor2D>(
      results.map((r) => r.final.c),
      1,
    ),
  };
  return { memory, initial };
}

/** Log-probabilities [T·B, V] of every teacher-forced step, time-major. */
export function forcedLogProbs(parameters: Parameters, config: RnnConfig, batch: BatchTensors): tf.Tensor2D {
  const { size, targetLength } = batch;
  const H = config.hidden_size;
  const E = config.embedding_dim;
  const { memory, initial } = encode(parameters, config, batch);

  // Attention keys: with general attention s_j = (W_in h)·ē_j = h·(W_inᵀ ē_j), so the keys
  // W_inᵀ ē_j are computed once for all positions instead of W_in h at every step.
  const flatMemory = tf.reshape<tf.Rank.R2>(memory, [-1, H]);
  const keys =
    config.attention === 'general'
      ? tf.reshape<tf.Rank.R3>(
          linear(flatMemory, transposedWeight(parameter(parameters, 'attention.linear_in.weight') as tf.Tensor2D)),
          memory.shape,
        )
      : memory;

  const weightIh = parameter(parameters, 'decoder.rnn.weight_ih_l0') as tf.Tensor2D;
  const weightHh = parameter(parameters, 'decoder.rnn.weight_hh_l0') as tf.Tensor2D;
  const embeddingPart = linearWeight(tf.slice(weightIh, [0, 0], [-1, E]));
  // With input feeding the per-step product is [h̃ ; h] × [W_ih(feed) | W_hh]ᵀ: one matmul.
  const recurrent = config.input_feeding
    ? linearWeight(tf.concat([tf.slice(weightIh, [0, E], [-1, H]), weightHh], 1))
    : linearWeight(weightHh);
  const embedded = embed(parameter(parameters, 'decoder.embedding.weight') as tf.Tensor2D, batch.targetIn);
  const bias = tf.add(parameter(parameters, 'decoder.rnn.bias_ih_l0'), parameter(parameters, 'decoder.rnn.bias_hh_l0'));
  const inputs = tf.split<tf.Tensor2D>(tf.add(linear(embedded, embeddingPart), bias), targetLength, 0);
  const linearOut = linearWeight(parameter(parameters, 'attention.linear_out.weight') as tf.Tensor2D);
  const biasOut = parameter(parameters, 'attention.linear_out.bias');

  let state = initial;
  let feed: tf.Tensor2D = tf.zeros([size, H]);
  const outputs: tf.Tensor2D[] = [];
  for (let t = 0; t < targetLength; t++) {
    const previous = config.input_feeding ? tf.concat([feed, state.h], 1) : state.h;
    state = lstmCell(tf.add<tf.Tensor2D>(inputs[t], linear(previous, recurrent)), state.c, H);
    const scores = tf.sum(tf.mul(keys, tf.expandDims(state.h, 1)), 2);
    const alpha = tf.softmax(scores);
    const context = tf.sum<tf.Tensor2D>(tf.mul(memory, tf.expandDims(alpha, 2)), 1);
    feed = tf.tanh(tf.add(linear(tf.concat([context, state.h], 1), linearOut), biasOut)) as tf.Tensor2D;
    outputs.push(feed);
  }
  const logits = tf.add<tf.Tensor2D>(
    linear(tf.concat(outputs, 0), linearWeight(parameter(parameters, 'generator.weight') as tf.Tensor2D)),
    parameter(parameters, 'generator.bias'),
  );
  return tf.logSoftmax(logits);
}

/** A weight used as x @ W (not x @ Wᵀ): linear() with the roles of the two layouts swapped. */
function transposedWeight(w: tf.Tensor2D): LinearWeight {
  return { w: tf.transpose(w), wT: w };
}

/** Mean negative log-likelihood per real target token. */
export function batchLoss(parameters: Parameters, config: RnnConfig, batch: BatchTensors): tf.Scalar {
  const logProbs = forcedLogProbs(parameters, config, batch);
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(batch.targetOut, config.tgt_vocab_size).toFloat()), 1);
  return tf.div<tf.Scalar>(tf.neg(tf.sum(tf.mul(picked, batch.mask))), batch.tokens);
}
