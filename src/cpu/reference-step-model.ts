/**
 * The CPU reference as a StepModel for the search drivers. States are immutable values:
 * step() builds a new state and never writes into the one it was given, so a beam can fork
 * and revisit states freely.
 */
import type { StepModel, StepOutput } from './search/step-model.ts';
import type { RnnModel } from '../model/model.ts';
import { type DecoderMemory, type DecoderState, decoderMemory, decoderStep, initialDecoderState } from './decoder.ts';
import { encodeSentence } from './encoder.ts';
import { checkIds } from '../model/validate.ts';
import { type WeightsByRole, weightsByRole } from '../model/weights-by-role.ts';

export interface CpuDecoderState {
  /** The sentence's encoder outputs, shared by every state of that sentence. */
  readonly memory: DecoderMemory;
  readonly decoder: DecoderState;
}

export class CpuStepModel implements StepModel<CpuDecoderState> {
  readonly vocabSize: number;
  readonly padId: number;
  readonly bosId: number;
  readonly eosId: number;
  private readonly weights: WeightsByRole;

  constructor(model: RnnModel) {
    this.weights = weightsByRole(model);
    this.vocabSize = model.config.tgt_vocab_size;
    this.padId = model.config.pad_id;
    this.bosId = model.config.bos_id;
    this.eosId = model.config.eos_id;
  }

  begin(source: number[]): CpuDecoderState {
    const encoded = encodeSentence(this.weights, source);
    return { memory: decoderMemory(this.weights, encoded), decoder: initialDecoderState(this.weights, encoded) };
  }

  step(state: CpuDecoderState, previousToken: number): StepOutput<CpuDecoderState> {
    checkIds([previousToken], this.vocabSize, 'target token');
    const result = decoderStep(this.weights, state.memory, state.decoder, previousToken);
    return {
      logProbs: result.logProbs,
      attention: result.attention,
      state: { memory: state.memory, decoder: result.state },
    };
  }
}
