/**
 * max_positions on the decoder side, shared by greedy and beam search so both backends fail
 * alike: positions run 0..max_positions−1, so at most max_positions tokens can be generated. Both
 * runners refuse a maxLength past it and cap the default there (checkDecodeOptionsForModel), so a
 * decode through a runner never reaches it. For a direct engine call the GPU records at most
 * max_positions steps and, like the CPU reference (src/cpu/transformer/embedding.ts, which throws
 * when a step would read position max_positions), fails only when a hypothesis is still live then.
 */
import { InputError } from '../../errors.ts';
import type { TransformerConfig } from '../../model/config.ts';

/** Steps a decode records: the largest maxLength, capped at max_positions. */
export function decodeSteps(config: TransformerConfig, maxLengths: readonly number[]): number {
  return Math.min(Math.max(...maxLengths), config.max_positions);
}

/** The error of a hypothesis that would need position max_positions (the CPU reference's message). */
export function positionLimitError(config: TransformerConfig): InputError {
  const limit = config.max_positions;
  return new InputError(
    `decoder position ${limit} is past the model's max_positions = ${limit}: at most ${limit} target tokens can be decoded`,
  );
}

/** Teacher forcing feeds target.length + 1 positions; refused before any GPU work when past the limit. */
export function checkTargetPositions(config: TransformerConfig, target: readonly number[], what: string): void {
  if (target.length + 1 > config.max_positions) {
    throw new InputError(
      `${what} has ${target.length} tokens: teacher forcing feeds ${target.length + 1} decoder positions, past max_positions = ${config.max_positions}`,
    );
  }
}
