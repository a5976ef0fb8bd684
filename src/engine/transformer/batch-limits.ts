/**
 * The largest buffers one call of the Transformer engine creates for a batch, sized before any GPU
 * work so the runner splits a batch past the limits (src/engine/batch-limits.ts for the RNN). Pure.
 *
 * max_positions is checked here too, since the runner asks this first for every call: a source
 * longer than max_positions, or a target whose teacher forcing needs position max_positions, is an
 * InputError naming the sentence by its index in the call (the first ask covers the whole call).
 */
import { GpuError } from '../../errors.ts';
import { MHA_MAX_KEYS } from '../../gpu/kernels/mha.ts';
import type { BufferLimits } from '../../gpu/limits.ts';
import type { TransformerConfig } from '../../model/config.ts';
import { resolveDecodeOptions } from '../../model/decoding.ts';
import { type BatchWork, type SizedBuffer, firstOverLimits, searchBuffers, storageBuffer } from '../batch-limits.ts';
import { checkSourcePositions } from './encoder.ts';
import { checkTargetPositions, decodeSteps } from './positions.ts';

function transformerBatchBuffers(
  config: TransformerConfig,
  sources: readonly (readonly number[])[],
  work: BatchWork,
): SizedBuffer[] {
  const B = sources.length;
  const T = Math.max(...sources.map((source) => source.length));
  const D = config.d_model;
  const F = config.ffn_dim;
  const L = config.decoder_layers;
  const V = config.tgt_vocab_size;
  const storage = storageBuffer;
  const buffers = [
    storage('transformer encoder qkv', B * T * 3 * D),
    storage('transformer encoder ff hidden', B * T * F),
  ];
  if (work.kind === 'encode') return buffers;
  let K = 1;
  let steps: number;
  let keep = false;
  let masked = false;
  let coverage = false;
  if (work.kind === 'teacher forcing') {
    steps = Math.max(...work.targets.map((target) => target.length)) + 1;
  } else {
    const resolved = sources.map((source) => resolveDecodeOptions(work.options, source.length));
    steps = decodeSteps(
      config,
      resolved.map((r) => r.maxLength),
    );
    K = resolved[0].beam;
    coverage = resolved[0].coveragePenalty > 0;
    // Coverage sums the kept rows too (src/engine/transformer/greedy.ts transformerKeepsAttention).
    keep = resolved[0].attention || resolved[0].alignment || coverage;
    masked = resolved[0].noRepeatNgram > 0 || resolved.some((r) => r.prefix.length > 0);
  }
  const N = B * K;
  buffers.push(
    storage('transformer decoder history', (steps + 1) * N),
    storage('transformer decoder key cache', N * steps * D),
    storage('transformer decoder cross-attention keys and values', L * B * T * 2 * D),
    storage('transformer decoder ff hidden', N * F),
    storage('transformer decoder logits', N * V),
  );
  if (keep) buffers.push(storage('transformer decoder alignments', steps * N * T));
  if (masked) buffers.push(storage('transformer token mask', N * V), storage('transformer token paths', N * steps));
  if (coverage) buffers.push(storage('transformer coverage', N * T));
  if (K > 1) buffers.push(storage('transformer beam cache spare', 2 * N * steps * D));
  buffers.push(
    ...searchBuffers('transformer', work, { sentences: B, rows: N, vocab: V, maxLength: T, steps, keep, coverage }),
  );
  return buffers;
}

/**
 * The GpuError of the first buffer past the limits, or undefined when all fit; throws the
 * max_positions InputError (see above).
 */
export function transformerBatchOverLimits(
  config: TransformerConfig,
  sources: readonly (readonly number[])[],
  work: BatchWork,
  limits: BufferLimits,
): GpuError | undefined {
  sources.forEach((source, i) => checkSourcePositions(config, source, `source sentence ${i}`));
  if (work.kind === 'teacher forcing') {
    work.targets.forEach((target, i) => checkTargetPositions(config, target, `target sentence ${i}`));
  }
  const over = keysOverKernelLimit(sources, work, config);
  if (over) return over;
  return firstOverLimits(transformerBatchBuffers(config, sources, work), limits);
}

/**
 * The attention kernel keeps a query row's scores in workgroup memory, MHA_MAX_KEYS at most: the
 * source positions (encoder self-attention, cross-attention) and the decoder steps (the cache).
 */
function keysOverKernelLimit(
  sources: readonly (readonly number[])[],
  work: BatchWork,
  config: TransformerConfig,
): GpuError | undefined {
  const T = Math.max(...sources.map((source) => source.length));
  if (T > MHA_MAX_KEYS) {
    return new GpuError(`attention over ${T} source positions passes the attention kernel's ${MHA_MAX_KEYS} keys`);
  }
  const steps =
    work.kind === 'encode'
      ? 0
      : work.kind === 'teacher forcing'
        ? Math.max(...work.targets.map((target) => target.length)) + 1
        : decodeSteps(
            config,
            sources.map((source) => resolveDecodeOptions(work.options, source.length).maxLength),
          );
  if (steps > MHA_MAX_KEYS) {
    return new GpuError(`a decoder cache of ${steps} steps passes the attention kernel's ${MHA_MAX_KEYS} keys`);
  }
  return undefined;
}
