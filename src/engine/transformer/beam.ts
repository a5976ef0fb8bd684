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
import { readUint32, withErrorScopes } from '../../gpu/buffers.ts';
import type { ProgressListener } from '../runner.ts';
import { resolveSearchOptions } from '../greedy.ts';
import { transformerKeepsAttention } from './greedy.ts';
import {
  type BeamShape,
  beamScratchLayout,
  beamStateLayout,
  beamTableLayout,
  DEFAULT_SLICE_WIDTH,
} from '../../gpu/kernels/beam-layout.ts';
import { type BeamPipelines, planBeamStep } from '../../gpu/kernels/beam-search.ts';
import { planKvReorder } from '../../gpu/kernels/kv-reorder.ts';

import type { Hypothesis } from '../../model/results.ts';
import {
  planBeamExtras,
  prepareSearchConstraints,
  readoutLayout,
  runBeamChunks,
  writeInitialState,
  readBeamResults,
} from '../beam-search.ts';
import { beamReadoutOffsets } from '../beam-readout.ts';
import { createReadoutBuffer } from '../decoder-arena.ts';
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
  call: TransformerDecodeCall & { beamPipelines: BeamPipelines; onProgress?: ProgressListener },
): Promise<Hypothesis[][]> {
  const { device, config, memory } = call;
  const B = memory.batch;
  const T = memory.maxLength;
  const D = config.d_model;
  const resolved = resolveSearchOptions(call.options, memory.sourceLengths);
  const { beam: K, nBest, minLength, lengthPenalty } = resolved[0];
  const attention = transformerKeepsAttention(resolved[0]);
  const constraintsPipelines = await prepareSearchConstraints(device, resolved);
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

  const { arena, plans, buffers, search, reorders, extras } = await withErrorScopes(
    device,
    'transformer beam setup',
    () => {
      const { arena, plans } = call.prepare({
        rows: N,
        rowsPerSentence: K,
        maxLength: T,
        steps,
        alignments: attention,
      });
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
            // Room for the coverage terms whatever the call: a later call of this shape may ask.
            beamReadoutOffsets(readoutLayout(shape, steps, T, attention, true)).total,
          ),
        ),
        destroy() {},
      }));
      const extras = planBeamExtras(device, {
        label: 'transformer beam',
        shape,
        resolved,
        pipelines: constraintsPipelines,
        resources: call.resources,
        part: (name, make) => arena.part(name, make),
        history: arena.history,
        beams: buffers.beams,
        stepTable: arena.stepTable,
        maxLength: T,
        alpha: arena.alignments && { buffer: arena.alignments, perStep: true },
        eosId: config.eos_id,
        padId: config.pad_id,
      });
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
          tokenMask: extras.tokenMask,
          coverage: extras.coverage,
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
      return { arena, plans, buffers, search, reorders, extras };
    },
  );

  const { submitted, stopped } = await runBeamChunks({
    device,
    label: 'transformer beam',
    shape,
    steps,
    beams: buffers.beams,
    history: arena.history,
    extras,
    onProgress: call.onProgress,
    beforeStart: (commands) => {
      writeInitialState(device, arena.history, buffers, shape, resolved, config.bos_id, memory.sourceLengths);
      extras.clear(commands);
    },
    recordStart: (pass) => plans.start.record(pass, 0),
    recordStep: (pass, t) => {
      plans.step.record(pass, t);
      extras.mask?.record(pass, t);
      search.record(pass, t);
      for (const reorder of reorders) reorder.record(pass, t);
    },
  });
  // Only when max_positions capped the steps: a sentence still live would need position max_positions.
  if (!stopped && maxLengths.some((length) => length > steps)) {
    const live = await readUint32(device, buffers.beams, B);
    if (live.some((count, b) => count > 0 && maxLengths[b] > steps)) throw positionLimitError(config);
  }

  return readBeamResults(device, {
    label: 'transformer beam readout',
    layout: readoutLayout(shape, submitted, T, attention, extras.coverage !== undefined),
    shape,
    history: arena.history,
    alignments: attention ? arena.alignments : undefined,
    penalties: extras.coverage?.penalties,
    beams: buffers.beams,
    readout: buffers.readout,
    parse: {
      eosId: config.eos_id,
      lengthPenalty,
      attention: resolved[0].attention,
      alignment: resolved[0].alignment,
      sourceLengths: memory.sourceLengths,
    },
  });
}
