/**
 * Token embeddings plus positions (docs/model-format.md, "Transformer models"): the position
 * tables are looked up once per model (learned weights, or the sinusoidal table computed once),
 * and max_positions bounds both the source length and the decoder positions.
 */
import { InputError } from '../../errors.ts';
import type { TransformerWeights } from '../../model/transformer-weights.ts';
import { type Floats, embedPositions, sinusoidalTable } from './ops.ts';

export interface Embeddings {
  /** √D when scale_embeddings, else 1. */
  readonly scale: number;
  /** [max_positions × D] each. */
  readonly encoderPositions: Floats;
  readonly decoderPositions: Floats;
}

export function embeddings(weights: TransformerWeights): Embeddings {
  const config = weights.config;
  const sinusoidal =
    config.positions === 'sinusoidal' ? sinusoidalTable(config.max_positions, weights.dModel) : undefined;
  const table = (learned: Float32Array | undefined): Floats => {
    const positions = learned ?? sinusoidal;
    if (!positions) throw new Error('learned positions without their table');
    return positions;
  };
  return {
    scale: config.scale_embeddings ? Math.sqrt(weights.dModel) : 1,
    encoderPositions: table(weights.encoderPositions),
    decoderPositions: table(weights.decoderPositions),
  };
}

/** The source rows E_src[x_j]·scale + P[j], j = 0..S−1; throws InputError when S > max_positions. */
export function embedSource(weights: TransformerWeights, tables: Embeddings, source: readonly number[]): Float64Array {
  const limit = weights.config.max_positions;
  if (source.length > limit)
    throw new InputError(
      `source sentence has ${source.length} tokens; this model accepts at most max_positions = ${limit}`,
    );
  return embedPositions(source, 0, weights.encoderEmbedding, weights.dModel, tables.scale, tables.encoderPositions);
}

/**
 * The decoder input row at `position` (0 holds BOS). Positions run 0..max_positions−1, so at most
 * max_positions tokens can be generated: the step that would read position max_positions throws
 * an InputError naming the limit rather than inventing a row the model was never trained with.
 */
export function embedTarget(
  weights: TransformerWeights,
  tables: Embeddings,
  token: number,
  position: number,
): Float64Array {
  const limit = weights.config.max_positions;
  if (position >= limit)
    throw new InputError(
      `decoder position ${position} is past the model's max_positions = ${limit}: at most ${limit} target tokens can be decoded`,
    );
  return embedPositions(
    [token],
    position,
    weights.decoderEmbedding,
    weights.dModel,
    tables.scale,
    tables.decoderPositions,
  );
}
