import type { StepModel } from '../../src/cpu/search/step-model.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { TransformerStepModel } from '../../src/cpu/transformer/reference.ts';
import {
  defaultConfig,
  defaultTransformerConfig,
  randomModel,
  randomTransformerModel,
} from '../../src/model/random-model.ts';
import { hashedModel } from './toy-step-models.ts';

/**
 * Step models with a tiny target vocabulary (V = 6: pad 0, unk 1, bos 2, eos 3, tokens 4 and 5), one
 * of each kind the searches are generic over, all with attention so coverage and alignment apply.
 */
export const TINY_VOCAB = 6;

export function tinyStepModels(): { name: string; model: StepModel<unknown> }[] {
  const rnn = randomModel(defaultConfig({ tgt_vocab_size: TINY_VOCAB, attention: 'dot' }), 5, 0.9);
  const transformer = randomTransformerModel(defaultTransformerConfig({ tgt_vocab_size: TINY_VOCAB }), 6, 0.9);
  return [
    { name: 'toy', model: hashedModel({ vocabSize: TINY_VOCAB, seed: 31, attention: true }) },
    { name: 'rnn', model: new CpuStepModel(rnn) },
    { name: 'transformer', model: new TransformerStepModel(transformer) },
  ];
}
