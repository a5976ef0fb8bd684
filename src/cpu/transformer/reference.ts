/**
 * The Transformer's CPU reference as the runner sees it: a StepModel for the search drivers and
 * the encoder's results. States are immutable values (see decoder.ts), so beams fork them freely.
 */
import type { TransformerModel } from '../../model/model.ts';
import { type TransformerWeights, transformerWeights } from '../../model/transformer-weights.ts';
import { checkIds, checkSource } from '../../model/validate.ts';
import { type ReferenceModel, f32Rows } from '../reference-model.ts';
import type { StepModel, StepOutput } from '../search/step-model.ts';
import {
  type TransformerDecoderState,
  headAverage,
  initialTransformerState,
  transformerDecoderStep,
  transformerMemory,
} from './decoder.ts';
import { type Embeddings, embeddings } from './embedding.ts';
import { encodeTransformerSentence } from './encoder.ts';

export class TransformerStepModel implements StepModel<TransformerDecoderState> {
  readonly vocabSize: number;
  readonly padId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly weights: TransformerWeights;
  readonly tables: Embeddings;

  constructor(model: TransformerModel) {
    this.weights = transformerWeights(model);
    this.tables = embeddings(this.weights);
    this.vocabSize = model.config.tgt_vocab_size;
    this.padId = model.config.pad_id;
    this.bosId = model.config.bos_id;
    this.eosId = model.config.eos_id;
  }

  /** Encodes the source and projects the cross-attention keys and values once for every step. */
  begin(source: number[]): TransformerDecoderState {
    checkSource(source, this.weights.config.src_vocab_size);
    const encoded = encodeTransformerSentence(this.weights, this.tables, source);
    return initialTransformerState(this.weights, transformerMemory(this.weights, encoded));
  }

  step(state: TransformerDecoderState, previousToken: number): StepOutput<TransformerDecoderState> {
    checkIds([previousToken], this.vocabSize, 'target token');
    const result = transformerDecoderStep(this.weights, this.tables, state, previousToken);
    const last = result.crossAttention[result.crossAttention.length - 1];
    return {
      logProbs: result.logProbs,
      attention: last ? headAverage(last, this.weights.heads) : undefined,
      state: result.state,
    };
  }
}

export function transformerReference(model: TransformerModel): ReferenceModel<unknown> {
  const stepModel = new TransformerStepModel(model);
  const D = model.config.d_model;
  return {
    stepModel,
    encode: (sources) =>
      sources.map((source) => {
        checkSource(source, model.config.src_vocab_size);
        const encoded = encodeTransformerSentence(stepModel.weights, stepModel.tables, source);
        return { outputs: f32Rows(encoded.outputs, D) };
      }),
  };
}
