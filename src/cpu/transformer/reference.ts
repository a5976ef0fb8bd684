import { UnrollError } from '../../errors.ts';
import type { TransformerModel } from '../../model/model.ts';
import type { ReferenceModel } from '../reference-model.ts';

/** The Transformer's CPU reference (placeholder until the reference lands). */
export function transformerReference(model: TransformerModel): ReferenceModel<unknown> {
  throw new UnrollError('input', `Transformer models are not supported yet (${model.config.format})`);
}
