/**
 * Beam search on the GPU (docs/decoding.md, the search of src/cpu/search/beam.ts): B sentences × K
 * beams decode together as N = B·K decoder rows, and the search runs on the device too.
 *
 * Each step records the decoder step up to the logits (src/engine/decoder-arena.ts), then the
 * four beam dispatches of shaders/beam_search.wgsl: per-slice top-K, the per-sentence merge and
 * walk (finished lists, live slots, parent pointers, early stop), and the state reorder (gather,
 * copy back). Steps are recorded in chunks of CHUNK_STEPS per submit; between chunks only the
 * sentences' live counts are read back (all zero: every search has stopped); at the end one
 * readback brings tokens, parents, finished lists and (when asked) alignments, and the
 * hypotheses are rebuilt on the CPU (src/engine/beam-readout.ts).
 */
import type { CheckedDecodeOptions } from '../model/decoding.ts';
import type { Hypothesis } from '../model/results.ts';
import { lengthPenaltyDivisor, resolveDecodeOptions } from '../model/decoding.ts';
import { readBuffer, readUint32, submitCommands, withErrorScopes } from '../gpu/buffers.ts';
import {
  type BeamShape,
  beamScratchLayout,
  beamStateLayout,
  beamTableLayout,
  DEFAULT_SLICE_WIDTH,
} from '../gpu/kernels/beam-layout.ts';
import { type BeamPipelines, planBeamStep } from '../gpu/kernels/beam-search.ts';
import { stateSlots } from '../gpu/kernels/decoder-state.ts';
import { GpuError } from '../errors.ts';
import type { RnnConfig } from '../model/config.ts';
import { createReadoutBuffer, type DecoderArena, type DecoderShape, type Resources } from './decoder-arena.ts';
import type { EncoderResultBuffers } from './encoder-result.ts';
import type { PreparedDecodeCall } from './greedy.ts';
import { beamReadoutOffsets, type BeamReadoutLayout, parseBeamReadout } from './beam-readout.ts';

/** Beam steps recorded per submit; the live counts are read back after each chunk. */
export const BEAM_CHUNK_STEPS = 8;

export interface BeamSearchCall {
  device: GPUDevice;
  config: RnnConfig;
  encoder: EncoderResultBuffers;
  options: CheckedDecodeOptions;
  pipelines: BeamPipelines;
  /** Vocabulary entries per stage-1 workgroup (default DEFAULT_SLICE_WIDTH). */
  sliceWidth?: number;
  /** Builds (or reuses) the arena of `shape` and the call's plans; runs inside an error scope. */
  prepare(shape: DecoderShape): PreparedDecodeCall;
  /** Per-call plans go here; the caller destroys them after the call. */
  resources: Resources;
}

interface BeamBuffers {
  beams: GPUBuffer;
  scratch: GPUBuffer;
  table: GPUBuffer;
  spare: GPUBuffer;
  readout: GPUBuffer;
  destroy(): void;
}

/** The N-best hypotheses of every encoded sentence, best first (src/cpu/search/beam.ts semantics). */
export async function beamSearchOnGpu(call: BeamSearchCall): Promise<Hypothesis[][]> {
  const { device, config, encoder } = call;
  const B = encoder.batch;
  const T = encoder.maxLength;
  const resolved = encoder.sourceLengths.map((length) => resolveDecodeOptions(call.options, length));
  const { beam: K, nBest, minLength, lengthPenalty, attention } = resolved[0];
  const maxLengths = resolved.map((r) => r.maxLength);
  const steps = Math.max(...maxLengths);
  const N = B * K;
  const V = config.tgt_vocab_size;
  const sliceWidth = call.sliceWidth ?? DEFAULT_SLICE_WIDTH;
  if (!Number.isInteger(sliceWidth) || sliceWidth < 1)
    throw new GpuError(`beam search: invalid vocabulary slice width ${sliceWidth}`);
  const shape: BeamShape = { sentences: B, beam: K, vocab: V, sliceWidth, nBest, steps };
  const hasAttention = config.attention !== 'none';
  const wantAttention = attention && hasAttention;
  const state = beamStateLayout(shape);
  const stateBlocks = stateSlots(config.cell) * config.num_layers;

  const { prepared, buffers, plans } = await withErrorScopes(device, 'beam search setup', () => {
    const prepared = call.prepare({ rows: N, rowsPerSentence: K, maxLength: T, steps, alignments: wantAttention });
    const { arena } = prepared;
    const buffers = arena.part<BeamBuffers>(
      `beam search (n-best ${nBest}, vocabulary slices of ${sliceWidth})`,
      (resources) => ({
        beams: resources.buffer(device, 'beam search state', state.words * 4),
        scratch: resources.buffer(device, 'beam search scratch', beamScratchLayout(shape).words * 4),
        table: resources.buffer(device, 'beam search table', beamTableLayout(shape).words * 4),
        spare: resources.buffer(device, 'beam search reorder rows', (stateBlocks + 1) * N * config.hidden_size * 4),
        readout: resources.add(
          createReadoutBuffer(
            device,
            'beam search readout',
            beamReadoutOffsets(readoutLayout(shape, steps, T, arena.shape.alignments)).total,
          ),
        ),
        // Every buffer above is destroyed with the arena's resources.
        destroy() {},
      }),
    );
    const plans = call.resources.add(
      planBeamStep(device, call.pipelines, {
        shape,
        hidden: config.hidden_size,
        stateBlocks,
        inputFeeding: config.input_feeding,
        padId: config.pad_id,
        bosId: config.bos_id,
        eosId: config.eos_id,
        minLength,
        logits: arena.logits,
        beams: buffers.beams,
        scratch: buffers.scratch,
        table: buffers.table,
        history: arena.history,
        state: arena.state,
        feed: arena.attentional,
        spare: buffers.spare,
        stepTable: arena.stepTable,
      }),
    );
    return { prepared, buffers, plans };
  });
  const { arena } = prepared;

  let submitted = 0;
  const submitChunk = (): Promise<void> => {
    const first = submitted;
    const end = Math.min(first + BEAM_CHUNK_STEPS, steps);
    submitted = end;
    return withErrorScopes(device, `beam search steps ${first}..${end - 1}`, () => {
      const commands = device.createCommandEncoder({ label: `beam steps ${first}..${end - 1}` });
      if (first === 0) {
        writeInitialState(device, arena, buffers, shape, maxLengths, lengthPenalty, config.bos_id);
        commands.clearBuffer(arena.attentional);
      }
      const pass = commands.beginComputePass({ label: `beam steps ${first}..${end - 1}` });
      if (first === 0) prepared.recordStart(pass);
      for (let t = first; t < end; t++) {
        arena.recordStep(pass, t, prepared.attention);
        plans.record(pass, t);
      }
      pass.end();
      submitCommands(device, [commands.finish()]);
    });
  };
  await submitChunk();
  while (submitted < steps) {
    const live = await readUint32(device, buffers.beams, B);
    if (live.every((count) => count === 0)) break;
    await submitChunk();
  }

  const layout = readoutLayout(shape, submitted, T, wantAttention);
  const offsets = beamReadoutOffsets(layout);
  await withErrorScopes(device, 'beam search readout', () => {
    const commands = device.createCommandEncoder({ label: 'beam readout' });
    commands.copyBufferToBuffer(arena.history, 0, buffers.readout, offsets.history, offsets.historyBytes);
    commands.copyBufferToBuffer(
      buffers.beams,
      offsets.searchSource,
      buffers.readout,
      offsets.search,
      offsets.searchBytes,
    );
    if (wantAttention && arena.shape.alignments && arena.alignments) {
      commands.copyBufferToBuffer(arena.alignments, 0, buffers.readout, offsets.alignments, offsets.alignmentBytes);
    }
    submitCommands(device, [commands.finish()]);
  });
  const bytes = await readBuffer(device, buffers.readout, offsets.total);
  return parseBeamReadout(bytes, layout, {
    eosId: config.eos_id,
    lengthPenalty,
    attention: wantAttention,
    sourceLengths: encoder.sourceLengths,
  });
}

function readoutLayout(shape: BeamShape, steps: number, maxLength: number, alignments: boolean): BeamReadoutLayout {
  return {
    sentences: shape.sentences,
    beam: shape.beam,
    nBest: shape.nBest,
    capacity: shape.steps,
    steps,
    maxLength,
    alignments,
  };
}

/**
 * Before the first step: bos in every row's history; one live hypothesis (slot 0, sum 0) per
 * sentence and empty finished lists; the max lengths and the length-penalty divisors.
 */
function writeInitialState(
  device: GPUDevice,
  arena: DecoderArena,
  buffers: BeamBuffers,
  shape: BeamShape,
  maxLengths: readonly number[],
  lengthPenalty: number,
  bosId: number,
): void {
  const B = shape.sentences;
  const N = B * shape.beam;
  const state = beamStateLayout(shape);
  device.queue.writeBuffer(arena.history, 0, new Uint32Array(N).fill(bosId));
  const counts = new Uint32Array(2 * B);
  counts.fill(1, 0, B);
  device.queue.writeBuffer(buffers.beams, state.live * 4, counts);
  device.queue.writeBuffer(buffers.beams, state.scores * 4, new Float32Array(2 * N));
  const table = beamTableLayout(shape);
  const words = new ArrayBuffer(table.words * 4);
  new Uint32Array(words, table.maxLengths * 4, B).set(maxLengths);
  const divisors = new Float32Array(words, table.divisors * 4, shape.steps + 1);
  for (let n = 0; n <= shape.steps; n++) divisors[n] = lengthPenaltyDivisor(n, lengthPenalty);
  device.queue.writeBuffer(buffers.table, 0, words);
}
