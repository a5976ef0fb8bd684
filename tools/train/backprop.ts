/**
 * The loss and its gradients by hand-written backpropagation through time: the same model
 * and math as network.ts (which is the readable definition, and the reference the tests
 * check these gradients against), computed about twice as fast on the WASM backend.
 *
 * Why by hand: tfjs's tape records several kernels per forward op and computes weight
 * gradients one time step at a time. Here each step's backward pass is a few fused
 * element-wise ops and two matrix products, and every weight gradient is one large product
 * over all steps at the end (Σ_t dyₜᵀ xₜ = Yᵀ X with the steps stacked).
 */
import type { ModelConfig } from '../../src/model/config.ts';
import type { BatchTensors } from './network.ts';
import type { Parameters } from './parameters.ts';
import { tf } from './tf.ts';

type T2 = tf.Tensor2D;
type T3 = tf.Tensor3D;

/** What one LSTM step keeps for its backward pass. */
interface CellCache {
  cPrev: T2;
  /** Gate activations [i, f, g, o] (sigmoid, sigmoid, tanh, sigmoid). */
  i: T2;
  f: T2;
  g: T2;
  o: T2;
  /** tanh(c'). */
  tc: T2;
}

function cellForward(pre: T2, cPrev: T2, units: number): { h: T2; c: T2; cache: CellCache } {
  const [i, f, , o] = tf.split(tf.sigmoid(pre), 4, 1) as T2[];
  const g = tf.tanh(tf.slice(pre, [0, 2 * units], [-1, units])) as T2;
  const c = tf.add(tf.mul(f, cPrev), tf.mul(i, g)) as T2;
  const tc = tf.tanh(c) as T2;
  return { h: tf.mul(o, tc) as T2, c, cache: { cPrev, i, f, g, o, tc } };
}

/** Gradient of the pre-activation gates and of the previous cell state. */
function cellBackward(dh: T2, dcNext: T2, k: CellCache): { dPre: T2; dcPrev: T2 } {
  const one = tf.scalar(1);
  const dc = tf.add(dcNext, tf.mul(tf.mul(dh, k.o), tf.sub(one, tf.square(k.tc)))) as T2;
  const dPre = tf.concat(
    [
      tf.mul(tf.mul(dc, k.g), tf.mul(k.i, tf.sub(one, k.i))),
      tf.mul(tf.mul(dc, k.cPrev), tf.mul(k.f, tf.sub(one, k.f))),
      tf.mul(tf.mul(dc, k.i), tf.sub(one, tf.square(k.g))),
      tf.mul(tf.mul(dh, k.tc), tf.mul(k.o, tf.sub(one, k.o))),
    ],
    1,
  ) as T2;
  return { dPre, dcPrev: tf.mul(dc, k.f) as T2 };
}

/** Σ_t dyₜᵀ xₜ as a PyTorch weight gradient [out, in], from the stacked rows dY [N, out] and X [N, in]. */
function weightGradient(dY: T2, X: T2): T2 {
  // Xᵀ dY is a plain product on the fast kernel; its transpose is small.
  return tf.transpose(tf.matMul(tf.transpose(X), dY)) as T2;
}

function get(parameters: Parameters, name: string): tf.Tensor {
  const value = parameters.get(name);
  if (!value) throw new Error(`no parameter ${name}`);
  return value;
}

// A type alias, not an interface, so that it is a TensorContainer tf.tidy can return.
export type LossAndGradients = {
  loss: tf.Scalar;
  grads: tf.NamedTensorMap;
};

/**
 * Mean negative log-likelihood per target token and its gradient for every parameter,
 * keyed by parameter name. The caller owns (and disposes) the returned tensors.
 */
export function lossAndGradients(parameters: Parameters, config: ModelConfig, batch: BatchTensors): LossAndGradients {
  return tf.tidy(() => compute(parameters, config, batch));
}

function compute(parameters: Parameters, config: ModelConfig, batch: BatchTensors): LossAndGradients {
  const { size: B, sourceLength: S, targetLength: T } = batch;
  const H = config.hidden_size;
  const E = config.embedding_dim;
  const n = config.bidirectional ? H / 2 : H;
  const p = (name: string) => get(parameters, name) as T2;
  const grads: tf.NamedTensorMap = {};

  // ---------------------------------------------------------------- encoder forward
  const embeddedSource = tf.gather(p('encoder.embedding.weight'), batch.source) as T2; // [S·B, E]
  const directions = (config.bidirectional ? ['', '_reverse'] : ['']).map((suffix) => {
    const name = (w: string) => `encoder.rnn.${w}_l0${suffix}`;
    const wih = p(name('weight_ih'));
    const whh = p(name('weight_hh'));
    const bias = tf.add(p(name('bias_ih')), p(name('bias_hh')));
    const inputs = tf.split(tf.add(tf.matMul(embeddedSource, tf.transpose(wih)), bias), S, 0) as T2[];
    const whhT = tf.transpose(whh) as T2;
    const reverse = suffix === '_reverse';
    let h: T2 = tf.zeros([B, n]);
    let c: T2 = tf.zeros([B, n]);
    const outputs: T2[] = new Array(S);
    const hPrev: T2[] = new Array(S);
    const caches: CellCache[] = new Array(S);
    for (let k = 0; k < S; k++) {
      const t = reverse ? S - 1 - k : k;
      hPrev[t] = h;
      const step = cellForward(tf.add(inputs[t], tf.matMul(h, whhT)) as T2, c, n);
      ({ h, c } = step);
      outputs[t] = h;
      caches[t] = step.cache;
    }
    return { name, wih, whh, reverse, outputs, hPrev, caches, final: { h, c } };
  });
  const memorySBH = tf.concat(directions.map((d) => tf.stack(d.outputs)), 2) as T3; // [S, B, H]
  const memory = tf.transpose(memorySBH, [1, 0, 2]) as T3; // [B, S, H]
  const flatMemory = tf.reshape(memory, [B * S, H]) as T2;
  const general = config.attention === 'general';
  const linearIn = general ? p('attention.linear_in.weight') : undefined;
  const keys = linearIn ? (tf.reshape(tf.matMul(flatMemory, linearIn), [B, S, H]) as T3) : memory;

  // ---------------------------------------------------------------- decoder forward
  const weightIh = p('decoder.rnn.weight_ih_l0');
  const weightHh = p('decoder.rnn.weight_hh_l0');
  const weightEmbedding = tf.slice(weightIh, [0, 0], [-1, E]) as T2; // [4H, E]
  // The recurrent product of a step: [h̃ₜ₋₁ ; hₜ₋₁] × [W_ih(feed) | W_hh]ᵀ, or hₜ₋₁ × W_hhᵀ.
  const weightRecurrent = config.input_feeding ? (tf.concat([tf.slice(weightIh, [0, E], [-1, H]), weightHh], 1) as T2) : weightHh;
  const weightRecurrentT = tf.transpose(weightRecurrent) as T2;
  const embeddedTarget = tf.gather(p('decoder.embedding.weight'), batch.targetIn) as T2; // [T·B, E]
  const decoderBias = tf.add(p('decoder.rnn.bias_ih_l0'), p('decoder.rnn.bias_hh_l0'));
  const decoderInputs = tf.split(tf.add(tf.matMul(embeddedTarget, tf.transpose(weightEmbedding)), decoderBias), T, 0) as T2[];
  const linearOut = p('attention.linear_out.weight'); // [H, 2H]
  const linearOutT = tf.transpose(linearOut) as T2;
  const biasOut = p('attention.linear_out.bias');

  let h: T2 = tf.concat(directions.map((d) => d.final.h), 1) as T2;
  let c: T2 = tf.concat(directions.map((d) => d.final.c), 1) as T2;
  let feed: T2 = tf.zeros([B, H]);
  const recurrentInputs: T2[] = [];
  const cellCaches: CellCache[] = [];
  const hidden: T2[] = [];
  const alphas: T2[] = [];
  const attentionInputs: T2[] = [];
  const feeds: T2[] = [];
  for (let t = 0; t < T; t++) {
    const x = config.input_feeding ? (tf.concat([feed, h], 1) as T2) : h;
    recurrentInputs.push(x);
    const step = cellForward(tf.add(decoderInputs[t], tf.matMul(x, weightRecurrentT)) as T2, c, H);
    ({ h, c } = step);
    cellCaches.push(step.cache);
    hidden.push(h);
    const alpha = tf.softmax(tf.sum(tf.mul(keys, tf.expandDims(h, 1)), 2)) as T2; // [B, S]
    alphas.push(alpha);
    const context = tf.sum(tf.mul(memory, tf.expandDims(alpha, 2)), 1) as T2;
    const u = tf.concat([context, h], 1) as T2;
    attentionInputs.push(u);
    feed = tf.tanh(tf.add(tf.matMul(u, linearOutT), biasOut)) as T2;
    feeds.push(feed);
  }
  const outputs = tf.concat(feeds, 0) as T2; // [T·B, H]
  const generator = p('generator.weight'); // [V, H]
  const logits = tf.add(tf.matMul(outputs, tf.transpose(generator)), p('generator.bias')) as T2;
  // The probabilities come from the native softmax kernel; the element-wise exp of the
  // WASM backend over [T·B, V] would cost more than the generator's matrix products.
  const probabilities = tf.softmax(logits) as T2;
  const targetOneHot = tf.oneHot(batch.targetOut, config.tgt_vocab_size).toFloat() as T2;
  const weights = tf.div(batch.mask, batch.tokens).reshape([-1, 1]) as T2; // mask / N per row
  const picked = tf.maximum(tf.sum(tf.mul(probabilities, targetOneHot), 1, true), 1e-30);
  const loss = tf.neg(tf.sum(tf.mul(tf.log(picked), weights))) as tf.Scalar;

  // ---------------------------------------------------------------- generator backward
  const dLogits = tf.mul(tf.sub(probabilities, targetOneHot), weights) as T2; // [T·B, V]
  grads['generator.weight'] = weightGradient(dLogits, outputs);
  grads['generator.bias'] = tf.sum(dLogits, 0);
  const dOutputs = tf.split(tf.matMul(dLogits, generator), T, 0) as T2[];

  // ---------------------------------------------------------------- decoder backward
  const one = tf.scalar(1);
  let dFeedCarry: T2 = tf.zeros([B, H]);
  let dhCarry: T2 = tf.zeros([B, H]);
  let dcCarry: T2 = tf.zeros([B, H]);
  const dPreSteps: T2[] = new Array(T);
  const dOutSteps: T2[] = new Array(T);
  const dMemoryParts: T3[] = [];
  const dKeysParts: T3[] = [];
  for (let t = T - 1; t >= 0; t--) {
    const dFeed = tf.add(dOutputs[t], dFeedCarry);
    const dz = tf.mul(dFeed, tf.sub(one, tf.square(feeds[t]))) as T2; // through tanh
    dOutSteps[t] = dz;
    const [dContext, dhFromOut] = tf.split(tf.matMul(dz, linearOut), 2, 1) as T2[];
    // context = Σ_j α_j ē_j
    const alpha3 = tf.expandDims(alphas[t], 2);
    const dContext3 = tf.expandDims(dContext, 1);
    const dAlpha = tf.sum(tf.mul(memory, dContext3), 2);
    dMemoryParts.push(tf.mul(alpha3, dContext3) as T3);
    // α = softmax(s): ds = α ⊙ (dα − Σ α dα)
    const dScores = tf.mul(alphas[t], tf.sub(dAlpha, tf.sum(tf.mul(alphas[t], dAlpha), 1, true)));
    const dScores3 = tf.expandDims(dScores, 2);
    // s_j = kⱼ · hₜ
    const dh = tf.add(tf.add(dhFromOut, dhCarry), tf.sum(tf.mul(keys, dScores3), 1)) as T2;
    dKeysParts.push(tf.mul(dScores3, tf.expandDims(hidden[t], 1)) as T3);
    const { dPre, dcPrev } = cellBackward(dh, dcCarry, cellCaches[t]);
    dPreSteps[t] = dPre;
    dcCarry = dcPrev;
    const dx = tf.matMul(dPre, weightRecurrent) as T2;
    if (config.input_feeding) [dFeedCarry, dhCarry] = tf.split(dx, 2, 1) as T2[];
    else dhCarry = dx;
  }
  const dPre = tf.concat(dPreSteps, 0) as T2; // [T·B, 4H]
  const dOut = tf.concat(dOutSteps, 0) as T2; // [T·B, H]
  grads['attention.linear_out.weight'] = weightGradient(dOut, tf.concat(attentionInputs, 0) as T2);
  grads['attention.linear_out.bias'] = tf.sum(dOut, 0);
  const dRecurrent = weightGradient(dPre, tf.concat(recurrentInputs, 0) as T2);
  const dWeightEmbedding = weightGradient(dPre, embeddedTarget);
  if (config.input_feeding) {
    const [dFeedPart, dHh] = tf.split(dRecurrent, 2, 1);
    grads['decoder.rnn.weight_ih_l0'] = tf.concat([dWeightEmbedding, dFeedPart], 1);
    grads['decoder.rnn.weight_hh_l0'] = dHh;
  } else {
    grads['decoder.rnn.weight_ih_l0'] = dWeightEmbedding;
    grads['decoder.rnn.weight_hh_l0'] = dRecurrent;
  }
  const dDecoderBias = tf.sum(dPre, 0);
  grads['decoder.rnn.bias_ih_l0'] = dDecoderBias;
  grads['decoder.rnn.bias_hh_l0'] = dDecoderBias;
  grads['decoder.embedding.weight'] = tf.scatterND(
    tf.reshape(batch.targetIn, [-1, 1]),
    tf.matMul(dPre, weightEmbedding),
    [config.tgt_vocab_size, E],
  );

  // ---------------------------------------------------------------- attention keys and memory
  const dKeys = tf.reshape(tf.addN(dKeysParts), [B * S, H]) as T2;
  let dFlatMemory = tf.reshape(tf.addN(dMemoryParts), [B * S, H]) as T2;
  if (linearIn) {
    grads['attention.linear_in.weight'] = tf.matMul(tf.transpose(flatMemory), dKeys);
    dFlatMemory = tf.add(dFlatMemory, tf.matMul(dKeys, tf.transpose(linearIn))) as T2;
  } else {
    dFlatMemory = tf.add(dFlatMemory, dKeys) as T2;
  }
  // [B, S, H] → [S, B, H], split by direction.
  const dMemorySBH = tf.transpose(tf.reshape(dFlatMemory, [B, S, H]), [1, 0, 2]);
  const dMemoryByDirection = tf.split(dMemorySBH, directions.length, 2);
  const dhInitial = tf.split(dhCarry, directions.length, 1) as T2[];
  const dcInitial = tf.split(dcCarry, directions.length, 1) as T2[];

  // ---------------------------------------------------------------- encoder backward
  let dEmbeddedSource: T2 | undefined;
  directions.forEach((d, index) => {
    const dOutputsByStep = tf.unstack(dMemoryByDirection[index]) as T2[];
    let dh = dhInitial[index];
    let dc = dcInitial[index];
    const dPreByStep: T2[] = new Array(S);
    for (let k = S - 1; k >= 0; k--) {
      const t = d.reverse ? S - 1 - k : k;
      const step = cellBackward(tf.add(dOutputsByStep[t], dh) as T2, dc, d.caches[t]);
      dPreByStep[t] = step.dPre;
      dc = step.dcPrev;
      dh = tf.matMul(step.dPre, d.whh) as T2;
    }
    const dPreAll = tf.concat(dPreByStep, 0) as T2; // [S·B, 4n], source order like embeddedSource
    grads[d.name('weight_hh')] = weightGradient(dPreAll, tf.concat(d.hPrev, 0) as T2);
    grads[d.name('weight_ih')] = weightGradient(dPreAll, embeddedSource);
    const dBias = tf.sum(dPreAll, 0);
    grads[d.name('bias_ih')] = dBias;
    grads[d.name('bias_hh')] = dBias;
    const dEmbedded = tf.matMul(dPreAll, d.wih) as T2;
    dEmbeddedSource = dEmbeddedSource ? (tf.add(dEmbeddedSource, dEmbedded) as T2) : dEmbedded;
  });
  grads['encoder.embedding.weight'] = tf.scatterND(
    tf.reshape(batch.source, [-1, 1]),
    dEmbeddedSource!,
    [config.src_vocab_size, E],
  );
  return { loss, grads };
}
