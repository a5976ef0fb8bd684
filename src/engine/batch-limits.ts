/**
 * The largest buffers one call of the gpu runner creates for a batch (encoder arena, decoder arena,
 * search and readout buffers), sized before any GPU work so that a batch past the device's limits
 * is split instead of failing in the middle of a decode. Pure: no GPU needed.
 */
import { gateCount, encoderDirectionSize, type RnnConfig } from '../model/config.ts';
import { type CheckedDecodeOptions, resolveDecodeOptions } from '../model/decoding.ts';
import { type BufferLimits, checkBufferSize } from '../gpu/limits.ts';
import {
  beamScratchLayout,
  beamStateLayout,
  beamTableLayout,
  type BeamShape,
  DEFAULT_SLICE_WIDTH,
} from '../gpu/kernels/beam-layout.ts';
import { GpuError, InputError } from '../errors.ts';
import { beamReadoutOffsets } from './beam-readout.ts';
import { greedyReadoutOffsets } from './greedy-readout.ts';

/** A sentence whose buffers would pass the device's limits even in a batch of its own. */
export class SentenceTooLargeError extends InputError {
  constructor(
    readonly sentence: number,
    message: string,
  ) {
    super(message);
    this.name = 'SentenceTooLargeError';
  }
}

/** What a call does with its batch. */
export type BatchWork =
  | { kind: 'encode' }
  | { kind: 'teacher forcing'; targets: readonly (readonly number[])[] }
  | { kind: 'decode'; options: CheckedDecodeOptions };

export interface SizedBuffer {
  label: string;
  bytes: number;
  storage: boolean;
}

/** The buffers whose size grows with the batch, for `sources` and `work`. */
export function batchBuffers(
  config: RnnConfig,
  sources: readonly (readonly number[])[],
  work: BatchWork,
): SizedBuffer[] {
  const B = sources.length;
  const T = Math.max(...sources.map((source) => source.length));
  const H = config.hidden_size;
  const dirs = config.bidirectional ? 2 : 1;
  const rows = B * T;
  const storage = storageBuffer;
  const buffers = [
    storage('encoder embedded', rows * config.embedding_dim),
    storage('encoder projection', rows * dirs * gateCount(config.cell) * encoderDirectionSize(config)),
    storage('encoder all_h', rows * H),
  ];
  if (work.kind === 'encode') return buffers;
  const attention = config.attention !== 'none';
  const V = config.tgt_vocab_size;
  let K = 1;
  let steps: number;
  let keep = false;
  let masked = false;
  let coverage = false;
  if (work.kind === 'teacher forcing') {
    steps = Math.max(...work.targets.map((target) => target.length)) + 1;
  } else {
    const resolved = sources.map((source) => resolveDecodeOptions(work.options, source.length));
    steps = Math.max(...resolved.map((r) => r.maxLength));
    K = resolved[0].beam;
    keep = (resolved[0].attention || resolved[0].alignment) && attention;
    masked = resolved[0].noRepeatNgram > 0 || resolved.some((r) => r.prefix.length > 0);
    coverage = resolved[0].coveragePenalty > 0 && attention;
  }
  const N = B * K;
  const gates = gateCount(config.cell) * H;
  buffers.push(
    storage('decoder history', (steps + 1) * N),
    storage('decoder logits', N * V),
    // The layers' scratch (src/gpu/kernels/decoder-cell.ts): layer 0's input, the two gate projections.
    storage('decoder layers layer 0 input', N * (config.embedding_dim + (config.input_feeding ? H : 0))),
    storage('decoder layers input projection', N * gates),
    storage('decoder layers hidden projection', N * gates),
  );
  if (attention) {
    buffers.push(
      storage('decoder alignments', (keep ? steps : 1) * N * T),
      storage('decoder attention keys', B * T * H),
    );
  }
  // The options' buffers (src/gpu/kernels/constraints.ts, coverage of greedy and beam rows).
  if (masked) buffers.push(storage('decoder token mask', N * V), storage('decoder token paths', N * steps));
  if (coverage) buffers.push(storage('decoder coverage', N * T));
  buffers.push(
    ...searchBuffers('decoder', work, { sentences: B, rows: N, vocab: V, maxLength: T, steps, keep, coverage }),
  );
  return buffers;
}

/** The GpuError of the first buffer of the batch past the limits, or undefined when all fit. */
export function batchOverLimits(
  config: RnnConfig,
  sources: readonly (readonly number[])[],
  work: BatchWork,
  limits: BufferLimits,
): GpuError | undefined {
  return firstOverLimits(batchBuffers(config, sources, work), limits);
}

/** The GpuError of the first of `buffers` past the limits, or undefined when all fit. */
export function firstOverLimits(buffers: readonly SizedBuffer[], limits: BufferLimits): GpuError | undefined {
  for (const buffer of buffers) {
    try {
      checkBufferSize(buffer.label, buffer.bytes, limits, { storage: buffer.storage });
    } catch (error) {
      if (error instanceof GpuError) return error;
      throw error;
    }
  }
  return undefined;
}

/** A storage buffer of `floats` 4-byte words. */
export function storageBuffer(label: string, floats: number): SizedBuffer {
  return { label, bytes: floats * 4, storage: true };
}

/** What the search buffers of a decode are sized by. */
export interface SearchShape {
  sentences: number;
  /** N = sentences · beam. */
  rows: number;
  vocab: number;
  /** T: source positions per sentence. */
  maxLength: number;
  steps: number;
  /** α of every step kept (attention or alignment asked for). */
  keep: boolean;
  coverage: boolean;
}

/**
 * The buffers of what follows the decoder step, the same for both model families: teacher forcing's
 * log-prob rows, greedy's chosen log-probs and readout, or beam search's state, scratch, table and
 * readout. Labels start with `prefix`.
 */
export function searchBuffers(prefix: string, work: BatchWork, shape: SearchShape): SizedBuffer[] {
  const { sentences: B, rows: N, vocab: V, maxLength: T, steps, keep, coverage } = shape;
  if (work.kind === 'encode') return [];
  if (work.kind === 'teacher forcing') return [storageBuffer(`${prefix} teacher-forced log-probs`, steps * N * V)];
  const K = N / B;
  if (K === 1) {
    return [
      storageBuffer(`${prefix} chosen log-probs`, steps * N),
      {
        label: `${prefix} greedy readout`,
        bytes: greedyReadoutOffsets({ rows: N, steps, maxLength: T, alignments: keep, coverage }).total,
        storage: false,
      },
    ];
  }
  const nBest = resolveDecodeOptions(work.options, T).nBest;
  const beam: BeamShape = { sentences: B, beam: K, vocab: V, sliceWidth: DEFAULT_SLICE_WIDTH, nBest, steps };
  const readout = { sentences: B, beam: K, nBest, capacity: steps, steps, maxLength: T, alignments: keep };
  return [
    storageBuffer(`${prefix} beam search state`, beamStateLayout(beam).words),
    storageBuffer(`${prefix} beam search scratch`, beamScratchLayout(beam).words),
    storageBuffer(`${prefix} beam search table`, beamTableLayout(beam).words),
    { label: `${prefix} beam search readout`, bytes: beamReadoutOffsets(readout).total, storage: false },
  ];
}
