/**
 * Every attention map of one teacher-forced pass, for the demo page: the encoder's self-attention
 * per layer and head, and per decoder step the self-attention over the growing cache and the
 * cross-attention of every layer and head.
 */
import type { TransformerModel } from '../../model/model.ts';
import { checkIds, checkSource } from '../../model/validate.ts';
import { encodeTransformerSentence } from './encoder.ts';
import { TransformerStepModel } from './reference.ts';
import { headAverage, initialTransformerState, transformerDecoderStep, transformerMemory } from './decoder.ts';

export interface TransformerTraceStep {
  /** The position of the input token (0 holds BOS). */
  position: number;
  /** The token fed at this step: BOS, then the target ids. */
  input: number;
  /** [layer][head][position + 1]: α over the cache, which grows by one row per step. */
  selfAttention: number[][][];
  /** [layer][head][S] */
  crossAttention: number[][][];
  /** The last layer's cross-attention averaged over heads, [S] (what `translate --attention` reports). */
  attention: number[];
  /** log p(· | y_<t, x) over the target vocabulary. */
  logProbs: number[];
}

export interface TransformerTrace {
  source: number[];
  targets: number[];
  heads: number;
  /** [layer][head][query i][key j], S × S per head. */
  encoderSelfAttention: number[][][][];
  /** targets.length + 1 steps: inputs BOS, targets[0], …, the last one predicting after the targets. */
  steps: TransformerTraceStep[];
}

/** Rows of `width` of a flat array, as plain numbers. */
function rows(flat: Float64Array, width: number): number[][] {
  const out: number[][] = [];
  for (let offset = 0; offset < flat.length; offset += width)
    out.push(Array.from(flat.subarray(offset, offset + width)));
  return out;
}

export function traceTransformer(model: TransformerModel, source: number[], targetIds: number[]): TransformerTrace {
  const stepModel = new TransformerStepModel(model);
  const { weights, tables } = stepModel;
  const heads = weights.heads;
  checkIds(targetIds, model.config.tgt_vocab_size, 'target sentence');
  checkSource(source, model.config.src_vocab_size);
  const encoded = encodeTransformerSentence(weights, tables, source);
  const S = encoded.length;
  const encoderSelfAttention = encoded.selfAttention.map((layer) => {
    const perHead = rows(layer, S * S);
    return perHead.map((head) => rows(Float64Array.from(head), S));
  });

  let state = initialTransformerState(weights, transformerMemory(weights, encoded));
  const steps: TransformerTraceStep[] = [];
  for (const input of [model.config.bos_id, ...targetIds]) {
    const position = state.position;
    const result = transformerDecoderStep(weights, tables, state, input);
    const last = result.crossAttention[result.crossAttention.length - 1];
    steps.push({
      position,
      input,
      selfAttention: result.selfAttention.map((layer) => rows(layer, position + 1)),
      crossAttention: result.crossAttention.map((layer) => rows(layer, S)),
      attention: last ? Array.from(headAverage(last, heads)) : [],
      logProbs: Array.from(result.logProbs),
    });
    state = result.state;
  }
  return { source, targets: targetIds, heads, encoderSelfAttention, steps };
}
