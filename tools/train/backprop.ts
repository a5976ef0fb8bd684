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
import type { RnnConfig } from '../../src/model/config.ts';
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
  const [i, f, , o] = tf.split<T2>(tf.sigmoid(pre), 4, 1);
  const g = tf.tanh<T2>(tf.slice(pre, [0, 2 * units], [-1, units]));
  const c = tf.add<T2>(tf.mul(f, cPrev), tf.mul(i, g));
  const tc = tf.tanh<T2>(c);
  return { h: tf.mul<T2>(o, tc), c, cache: { cPrev, i, f, g, o, tc } };
}

/** Gradient of the pre-activation gates and of the previous cell state. */
function cellBackward(dh: T2, dcNext: T2, k: CellCache): { dPre: T2; dcPrev: T2 } {
  const one = tf.scalar(1);
  const dc = tf.add<T2>(dcNext, tf.mul(tf.mul(dh, k.o), tf.sub(one, tf.square(k.tc))));
  const dPre = tf.concat(
    [
      tf.mul(tf.mul(dc, k.g), tf.mul(k.i, tf.sub(one, k.i))),
      tf.mul(tf.mul(dc, k.cPrev), tf.mul(k.f, tf.sub(one, k.f))),
      tf.mul(tf.mul(dc, k.i), tf.sub(one, tf.square(k.g))),
      tf.mul(tf.mul(dh, k.tc), tf.mul(k.o, tf.sub(one, k.o))),
    ],
    1,
  ) as T2;
  return { dPre, dcPrev: tf.mul<T2>(dc, k.f) };
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
export function lossAndGradients(parameters: Parameters, config: RnnConfig, batch: BatchTensors): LossAndGradients {
  return tf.tidy(() => compute(parameters, config, batch));
}

function compute(parameters: Parameters, config: RnnConfig, batch: BatchTensors): LossAndGradients {
  const { size: B, sourceLength: S, targetLength: T } = batch;
  const H = config.hidden_size;
  const E = config.embedding_dim;
  const n = config.bidirectional ? H / 2 : H;
  const p = (name: string) => get(parameters, name) as T2;
  const grads: tf.NamedTensorMap = {};

  // ---------------------------------------------------------------- encoder forward
  const embeddedSource = tf.gather<T2>(p('encoder.embedding.weight'), batch.source); // [S·B, E]
  const directions = (config.bidirectional ? ['', '_reverse'] : ['']).map((suffix) => {
    const name = (w: string) => `encoder.rnn.${w}_l0${suffix}`;
    const wih = p(name('weight_ih'));
    const whh = p(name('weight_hh'));
    const bias = tf.add(p(name('bias_ih')), p(name('bias_hh')));
    const inputs = tf.split<T2>(tf.add(tf.matMul(embeddedSource, tf.transpose(wih)), bias), S, 0);
    const whhT = tf.transpose<T2>(whh);
    const reverse = suffix === '_reverse';
    let h: T2 = tf.zeros([B, n]);
    let c: T2 = tf.zeros([B, n]);
    const outputs: T2[] = new Array<T2>(S);
    const hPrev: T2[] = new Array<T2>(S);
    const caches: CellCache[] = new Array<CellCache>(S);
    for (let k = 0; k < S; k++) {
      const t = reverse ? S - 1 - k : k;
      hPrev[t] = h;
      const step = cellForward(tf.add<T2>(inputs[t], tf.matMul(h, whhT)), c, n);
      ({ h, c } = step);
      outputs[t] = h;
      caches[t] = step.cache;
    }
    return { name, wih, whh, reverse, outputs, hPrev, caches, final: { h, c } };
  });
  const memorySBH = tf.concat(
    directions.map((d) => tf.stack(d.outputs)),
    2,
  ) as T3; // [S, B, H]
  const memory = tf.transpose<T3>(memorySBH, [1, 0, 2]); // [B, S, H]
  const flatMemory = tf.reshape<tf.Rank.R2>(memory, [B * S, H]);
  const general = config.attention === 'general';
  const linearIn = general ? p('attention.linear_in.weight') : undefined;
  const keys = linearIn ? tf.reshape<tf.Rank.R3>(tf.matMul(flatMemory, linearIn), [B, S, H]) : memory;

  // ---------------------------------------------------------------- decoder forward
  const weightIh = p('decoder.rnn.weight_ih_l0');
  const weightHh = p('decoder.rnn.weight_hh_l0');
  const weightEmbedding = tf.slice<tf.Rank.R2, T2>(weightIh, [0, 0], [-1, E]); // [4H, E]
  // The recurrent product of a step: [h̃ₜ₋₁ ; hₜ₋₁] × [W_ih(feed) | W_hh]ᵀ, or hₜ₋₁ × W_hhᵀ.
  const weightRecurrent = config.input_feeding
    ? tf.concat<T2>([tf.slice(weightIh, [0, E], [-1, H]), weightHh], 1)
    : weightHh;
  const weightRecurrentT = tf.transpose<T2>(weightRecurrent);
  const embeddedTarget = tf.gather<T2>(p('decoder.embedding.weight'), batch.targetIn); // [T·B, E]
  const decoderBias = tf.add(p('decoder.rnn.bias_ih_l0'), p('decoder.rnn.bias_hh_l0'));
  const decoderInputs = tf.split<T2>(
    tf.add(tf.matMul(embeddedTarget, tf.transpose(weightEmbedding)), decoderBias),
    T,
    0,
  );
  const linearOut = p('attention.linear_out.weight'); // [H, 2H]
  const linearOutT = tf.transpose<T2>(linearOut);
  const biasOut = p('attention.linear_out.bias');

  let h: T2 = tf.concat<T2>(
    directions.map((d) => d.final.h),
    1,
  );
  let c: T2 = tf.concat<T2>(
    directions.map((d) => d.final.c),
    1,
  );
  let feed: T2 = tf.zeros([B, H]);
  const recurrentInputs: T2[] = [];
  const cellCaches: CellCache[] = [];
  const hidden: T2[] = [];
  const alphas: T2[] = [];
  const attentionInputs: T2[] = [];
  const feeds: T2[] = [];
  for (let t = 0; t < T; t++) {
    const x = config.input_feeding ? tf.concat<T2>([feed, h], 1) : h;
    recurrentInputs.push(x);
    const step = cellForward(tf.add<T2>(decoderInputs[t], tf.matMul(x, weightRecurrentT)), c, H);
    ({ h, c } = step);
    cellCaches.push(step.cache);
    hidden.push(h);
    const alpha = tf.softmax(tf.sum(tf.mul(keys, tf.expandDims(h, 1)), 2)) as T2; // [B, S]
    alphas.push(alpha);
    const context = tf.sum<T2>(tf.mul(memory, tf.expandDims(alpha, 2)), 1);
    const u = tf.concat<T2>([context, h], 1);
    attentionInputs.push(u);
    feed = tf.tanh(tf.add(tf.matMul(u, linearOutT), biasOut)) as T2;
    feeds.push(feed);
  }
  const outputs = tf.concat<T2>(feeds, 0); // [T·B, H]
  const generator = p('generator.weight'); // [V, H]
  const logits = tf.add<T2>(tf.matMul(outputs, tf.transpose(generator)), p('generator.bias'));
  // The probabilities come from the native softmax kernel; the element-wise exp of the
  // WASM backend over [T·B, V] would cost more than the generator's matrix products.
  const probabilities = tf.softmax<T2>(logits);
  const targetOneHot = tf.oneHot(batch.targetOut, config.tgt_vocab_size).toFloat() as T2;
  const weights = tf.div(batch.mask, batch.tokens).reshape<T2>([-1, 1]); // mask / N per row
  const picked = tf.maximum(tf.sum(tf.mul(probabilities, targetOneHot), 1, true), 1e-30);
  const loss = tf.neg(tf.sum(tf.mul(tf.log(picked), weights))) as tf.Scalar;

  // ---------------------------------------------------------------- generator backward
  const dLogits = tf.mul<T2>(tf.sub(probabilities, targetOneHot), weights); // [T·B, V]
  grads['generator.weight'] = weightGradient(dLogits, outputs);
  grads['generator.bias'] = tf.sum(dLogits, 0);
  const dOutputs = tf.split<T2>(tf.matMul(dLogits, generator), T, 0);

  // ---------------------------------------------------------------- decoder backward
  const one = tf.scalar(1);
  let dFeedCarry: T2 = tf.zeros([B, H]);
  let dhCarry: T2 = tf.zeros([B, H]);
  let dcCarry: T2 = tf.zeros([B, H]);
  const dPreSteps: T2[] = new Array<T2>(T);
  const dOutSteps: T2[] = new Array<T2>(T);
  const dMemoryParts: T3[] = [];
  const dKeysParts: T3[] = [];
  for (let t = T - 1; t >= 0; t--) {
    const dFeed = tf.add(dOutputs[t], dFeedCarry);
    const dz = tf.mul<T2>(dFeed, tf.sub(one, tf.square(feeds[t]))); // through tanh
    dOutSteps[t] = dz;
    const [dContext, dhFromOut] = tf.split<T2>(tf.matMul(dz, linearOut), 2, 1);
    // context = Σ_j α_j ē_j
    const alpha3 = tf.expandDims(alphas[t], 2);
    const dContext3 = tf.expandDims(dContext, 1);
    const dAlpha = tf.sum(tf.mul(memory, dContext3), 2);
    dMemoryParts.push(tf.mul<T3>(alpha3, dContext3));
    // α = softmax(s): ds = α ⊙ (dα − Σ α dα)
    const dScores = tf.mul(alphas[t], tf.sub(dAlpha, tf.sum(tf.mul(alphas[t], dAlpha), 1, true)));
    const dScores3 = tf.expandDims(dScores, 2);
    // s_j = kⱼ · hₜ
    const dh = tf.add<T2>(tf.add(dhFromOut, dhCarry), tf.sum(tf.mul(keys, dScores3), 1));
    dKeysParts.push(tf.mul<T3>(dScores3, tf.expandDims(hidden[t], 1)));
    const { dPre, dcPrev } = cellBackward(dh, dcCarry, cellCaches[t]);
    dPreSteps[t] = dPre;
    dcCarry = dcPrev;
    const dx = tf.matMul<T2>(dPre, weightRecurrent);
    if (config.input_feeding) [dFeedCarry, dhCarry] = tf.split<T2>(dx, 2, 1);
    else dhCarry = dx;
  }
  const dPre = tf.concat<T2>(dPreSteps, 0); // [T·B, 4H]
  const dOut = tf.concat<T2>(dOutSteps, 0); // [T·B, H]
  grads['attention.linear_out.weight'] = weightGradient(dOut, tf.concat<T2>(attentionInputs, 0));
  grads['attention.linear_out.bias'] = tf.sum(dOut, 0);
  const dRecurrent = weightGradient(dPre, tf.concat<T2>(recurrentInputs, 0));
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
  const dKeys = tf.reshape<tf.Rank.R2>(tf.addN(dKeysParts), [B * S, H]);
  let dFlatMemory = tf.reshape<tf.Rank.R2>(tf.addN(dMemoryParts), [B * S, H]);
  if (linearIn) {
    grads['attention.linear_in.weight'] = tf.matMul(tf.transpose(flatMemory), dKeys);
    dFlatMemory = tf.add<T2>(dFlatMemory, tf.matMul(dKeys, tf.transpose(linearIn)));
  } else {
    dFlatMemory = tf.add<T2>(dFlatMemory, dKeys);
  }
  // [B, S, H] → [S, B, H], split by direction.
  const dMemorySBH = tf.transpose(tf.reshape(dFlatMemory, [B, S, H]), [1, 0, 2]);
  const dMemoryByDirection = tf.split(dMemorySBH, directions.length, 2);
  const dhInitial = tf.split<T2>(dhCarry, directions.length, 1);
  const dcInitial = tf.split<T2>(dcCarry, directions.length, 1);

  // ---------------------------------------------------------------- encoder backward
  let dEmbeddedSource: T2 | undefined;
  directions.forEach((d, index) => {
    const dOutputsByStep = tf.unstack(dMemoryByDirection[index]) as T2[];
    let dh = dhInitial[index];
    let dc = dcInitial[index];
    const dPreByStep: T2[] = new Array<T2>(S);
    for (let k = S - 1; k >= 0; k--) {
      const t = d.reverse ? S - 1 - k : k;
      const step = cellBackward(tf.add<T2>(dOutputsByStep[t], dh), dc, d.caches[t]);
      dPreByStep[t] = step.dPre;
      dc = step.dcPrev;
      dh = tf.matMul<T2>(step.dPre, d.whh);
    }
    const dPreAll = tf.concat<T2>(dPreByStep, 0); // [S·B, 4n], source order like embeddedSource
    grads[d.name('weight_hh')] = weightGradient(dPreAll, tf.concat<T2>(d.hPrev, 0));
    grads[d.name('weight_ih')] = weightGradient(dPreAll, embeddedSource);
    const dBias = tf.sum(dPreAll, 0);
    grads[d.name('bias_ih')] = dBias;
    grads[d.name('bias_hh')] = dBias;
    const dEmbedded = tf.matMul<T2>(dPreAll, d.wih);
    dEmbeddedSource = dEmbeddedSource ? tf.add<T2>(dEmbeddedSource, dEmbedded) : dEmbedded;
  });
  grads['encoder.embedding.weight'] = tf.scatterND(tf.reshape(batch.source, [-1, 1]), dEmbeddedSource!, [
    config.src_vocab_size,
    E,
  ]);
  return { loss, grads };
}
