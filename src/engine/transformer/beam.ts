/**
 * Beam search of the Transformer on the GPU: B sentences × K beams as N = B·K decoder rows, the
 * search's dispatches of shaders/beam_search.wgsl reused as they are (planBeamStep, with no RNN
 * state: zero state blocks and no input feed, so its state reorder dispatches nothing), followed
 * each step by the cache reorder of every layer (kv-reorder.ts), which moves the rows of
 * positions 0..t to the slots their hypotheses moved to.
 *
 * As for the RNN (src/engine/beam-search.ts): chunks of BEAM_CHUNK_STEPS steps per submit, only
 * the sentences' live counts read back between chunks, one final readback of history, finished
 * lists, parents and (when asked) alignments, parsed by src/engine/beam-readout.ts.
 */
import { readBuffer, readUint32, submitCommands, withErrorScopes } from '../../gpu/buffers.ts';
import {
  type BeamShape,
  beamScratchLayout,
  beamStateLayout,
  beamTableLayout,
  DEFAULT_SLICE_WIDTH,
} from '../../gpu/kernels/beam-layout.ts';
import { type BeamPipelines, planBeamStep } from '../../gpu/kernels/beam-search.ts';
import { planKvReorder } from '../../gpu/kernels/kv-reorder.ts';
import { lengthPenaltyDivisor, resolveDecodeOptions } from '../../model/decoding.ts';
import type { Hypothesis } from '../../model/results.ts';
import { BEAM_CHUNK_STEPS } from '../beam-search.ts';
import { beamReadoutOffsets, type BeamReadoutLayout, parseBeamReadout } from '../beam-readout.ts';
import { createReadoutBuffer } from '../decoder-arena.ts';
import type { TransformerDecoderArena } from './decoder-arena.ts';
import type { TransformerDecodeCall } from './greedy.ts';
import { decodeSteps, positionLimitError } from './positions.ts';

interface BeamBuffers {
  beams: GPUBuffer;
  scratch: GPUBuffer;
  table: GPUBuffer;
  /** The RNN state operands planBeamStep binds and never touches here (4 bytes each). */
  unusedState: GPUBuffer;
  unusedFeed: GPUBuffer;
  unusedSpare: GPUBuffer;
  /** [2 × N × C × D]: cache rows being reordered. */
  cacheSpare: GPUBuffer;
  readout: GPUBuffer;
  destroy(): void;
}

export async function transformerBeamSearch(
  call: TransformerDecodeCall & { beamPipelines: BeamPipelines },
): Promise<Hypothesis[][]> {
  const { device, config, memory } = call;
  const B = memory.batch;
  const T = memory.maxLength;
  const D = config.d_model;
  const resolved = memory.sourceLengths.map((length) => resolveDecodeOptions(call.options, length));
  const { beam: K, nBest, minLength, lengthPenalty, attention } = resolved[0];
  const maxLengths = resolved.map((r) => r.maxLength);
  const steps = decodeSteps(config, maxLengths);
  const N = B * K;
  const shape: BeamShape = {
    sentences: B,
    beam: K,
    vocab: config.tgt_vocab_size,
    sliceWidth: DEFAULT_SLICE_WIDTH,
    nBest,
    steps,
  };
  const state = beamStateLayout(shape);

  const { arena, plans, buffers, search, reorders } = await withErrorScopes(device, 'transformer beam setup', () => {
    const { arena, plans } = call.prepare({ rows: N, rowsPerSentence: K, maxLength: T, steps, alignments: attention });
    const buffers = arena.part<BeamBuffers>(`beam search (n-best ${nBest})`, (resources) => ({
      beams: resources.buffer(device, 'transformer beam state', state.words * 4),
      scratch: resources.buffer(device, 'transformer beam scratch', beamScratchLayout(shape).words * 4),
      table: resources.buffer(device, 'transformer beam table', beamTableLayout(shape).words * 4),
      unusedState: resources.buffer(device, 'transformer beam (no RNN state)', 4),
      unusedFeed: resources.buffer(device, 'transformer beam (no input feed)', 4),
      unusedSpare: resources.buffer(device, 'transformer beam (no state spare)', 4),
      cacheSpare: resources.buffer(device, 'transformer beam cache spare', 2 * N * steps * D * 4),
      readout: resources.add(
        createReadoutBuffer(
          device,
          'transformer beam readout',
          beamReadoutOffsets(readoutLayout(shape, steps, T, attention)).total,
        ),
      ),
      destroy() {},
    }));
    const search = call.resources.add(
      planBeamStep(device, call.beamPipelines, {
        shape,
        hidden: D,
        stateBlocks: 0,
        inputFeeding: false,
        padId: config.pad_id,
        bosId: config.bos_id,
        eosId: config.eos_id,
        minLength,
        logits: arena.logits,
        beams: buffers.beams,
        scratch: buffers.scratch,
        table: buffers.table,
        history: arena.history,
        state: buffers.unusedState,
        feed: buffers.unusedFeed,
        spare: buffers.unusedSpare,
        stepTable: arena.stepTable,
      }),
    );
    const reorders = arena.keys.map((kCache, l) =>
      call.resources.add(
        planKvReorder(device, call.pipelines.kvReorder, {
          label: `transformer layer ${l} kv reorder`,
          shape,
          width: D,
          capacity: steps,
          beams: buffers.beams,
          kCache,
          vCache: arena.values[l],
          spare: buffers.cacheSpare,
          stepTable: arena.stepTable,
        }),
      ),
    );
    return { arena, plans, buffers, search, reorders };
  });

  let submitted = 0;
  const submitChunk = () => {
    const first = submitted;
    const end = Math.min(first + BEAM_CHUNK_STEPS, steps);
    submitted = end;
    return withErrorScopes(device, `transformer beam steps ${first}..${end - 1}`, () => {
      const commands = device.createCommandEncoder({ label: `transformer beam steps ${first}..${end - 1}` });
      if (first === 0) writeInitialState(device, arena, buffers, shape, maxLengths, lengthPenalty, config.bos_id);
      const pass = commands.beginComputePass({ label: `transformer beam steps ${first}..${end - 1}` });
      if (first === 0) plans.start.record(pass, 0);
      for (let t = first; t < end; t++) {
        plans.step.record(pass, t);
        search.record(pass, t);
        for (const reorder of reorders) reorder.record(pass, t);
      }
      pass.end();
      submitCommands(device, [commands.finish()]);
    });
  };
  await submitChunk();
  let stopped = false;
  while (submitted < steps) {
    const live = await readUint32(device, buffers.beams, B);
    if (live.every((count) => count === 0)) {
      stopped = true;
      break;
    }
    await submitChunk();
  }
  // Only when max_positions capped the steps: a sentence still live would need position max_positions.
  if (!stopped && maxLengths.some((length) => length > steps)) {
    const live = await readUint32(device, buffers.beams, B);
    if (live.some((count, b) => count > 0 && maxLengths[b] > steps)) throw positionLimitError(config);
  }

  const layout = readoutLayout(shape, submitted, T, attention);
  const offsets = beamReadoutOffsets(layout);
  await withErrorScopes(device, 'transformer beam readout', () => {
    const commands = device.createCommandEncoder({ label: 'transformer beam readout' });
    commands.copyBufferToBuffer(arena.history, 0, buffers.readout, offsets.history, offsets.historyBytes);
    commands.copyBufferToBuffer(
      buffers.beams,
      offsets.searchSource,
      buffers.readout,
      offsets.search,
      offsets.searchBytes,
    );
    if (attention && arena.alignments) {
      commands.copyBufferToBuffer(arena.alignments, 0, buffers.readout, offsets.alignments, offsets.alignmentBytes);
    }
    submitCommands(device, [commands.finish()]);
  });
  const bytes = await readBuffer(device, buffers.readout, offsets.total);
  return parseBeamReadout(bytes, layout, {
    eosId: config.eos_id,
    lengthPenalty,
    attention,
    sourceLengths: memory.sourceLengths,
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
 * Before the first step (as src/engine/beam-search.ts): bos in every row's history, one live
 * hypothesis per sentence, empty finished lists, the max lengths and length-penalty divisors.
 */
function writeInitialState(
  device: GPUDevice,
  arena: TransformerDecoderArena,
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
