/**
 * Greedy decoding of the Transformer on the GPU, as src/engine/greedy.ts does for the RNN: steps
 * recorded in chunks of CHUNK_STEPS per submit, only the rows' finished flags read back between
 * chunks, then history, scores and (when asked) alignments in one final readback (layout of
 * src/engine/greedy-readout.ts). At most ceil(M / CHUNK_STEPS) + 1 readbacks.
 */
import { readBuffer, readUint32, submitCommands, withErrorScopes } from '../../gpu/buffers.ts';
import { planGreedySelect } from '../../gpu/kernels/log-softmax.ts';
import type { TransformerConfig } from '../../model/config.ts';
import { type CheckedDecodeOptions, resolveDecodeOptions } from '../../model/decoding.ts';
import type { Hypothesis } from '../../model/results.ts';
import { createReadoutBuffer, type Resources } from '../decoder-arena.ts';
import { CHUNK_STEPS } from '../greedy.ts';
import { greedyReadoutOffsets, type GreedyReadoutLayout, parseGreedyReadout } from '../greedy-readout.ts';
import type { DecoderCallPlans, TransformerDecoderArena, TransformerDecoderShape } from './decoder-arena.ts';
import type { TransformerMemoryBuffers } from './encoder.ts';
import type { TransformerPipelines } from './pipelines.ts';
import { decodeSteps, positionLimitError } from './positions.ts';

export interface TransformerDecodeCall {
  device: GPUDevice;
  config: TransformerConfig;
  memory: TransformerMemoryBuffers;
  options: CheckedDecodeOptions;
  pipelines: TransformerPipelines;
  /** The arena of `shape` and the call's plans (added to `resources`); runs inside an error scope. */
  prepare(shape: TransformerDecoderShape): { arena: TransformerDecoderArena; plans: DecoderCallPlans };
  /** Per-call plans; the caller destroys them after the call. */
  resources: Resources;
}

export async function transformerGreedy(call: TransformerDecodeCall): Promise<Hypothesis[]> {
  const { device, config, memory } = call;
  const N = memory.batch;
  const T = memory.maxLength;
  const resolved = memory.sourceLengths.map((length) => resolveDecodeOptions(call.options, length));
  const maxLengths = resolved.map((r) => r.maxLength);
  const steps = decodeSteps(config, maxLengths);
  const { minLength, lengthPenalty, attention } = resolved[0];

  const { arena, plans, greedy, select } = await withErrorScopes(device, 'transformer greedy setup', () => {
    const { arena, plans } = call.prepare({ rows: N, rowsPerSentence: 1, maxLength: T, steps, alignments: attention });
    const greedy = arena.part('greedy', (resources) => ({
      maxLengths: resources.buffer(device, 'transformer greedy max lengths', N * 4),
      finished: resources.buffer(device, 'transformer greedy finished flags', N * 4),
      score: resources.buffer(device, 'transformer greedy scores', N * 4),
      chosen: resources.buffer(device, 'transformer greedy chosen log-probs', steps * N * 4),
      readout: resources.add(
        createReadoutBuffer(
          device,
          'transformer greedy readout',
          greedyReadoutOffsets({ rows: N, steps, maxLength: T, alignments: attention }).total,
        ),
      ),
      destroy() {},
    }));
    const select = call.resources.add(
      planGreedySelect(device, call.pipelines.softmax.greedy, {
        label: 'transformer greedy select',
        rows: N,
        vocab: config.tgt_vocab_size,
        logits: { buffer: arena.logits },
        stepTable: arena.stepTable,
        maxLengths: greedy.maxLengths,
        history: arena.history,
        finished: greedy.finished,
        score: greedy.score,
        chosen: greedy.chosen,
        padId: config.pad_id,
        bosId: config.bos_id,
        eosId: config.eos_id,
        minLength,
      }),
    );
    return { arena, plans, greedy, select };
  });

  let submitted = 0;
  const submitChunk = () => {
    const first = submitted;
    const end = Math.min(first + CHUNK_STEPS, steps);
    submitted = end;
    return withErrorScopes(device, `transformer greedy steps ${first}..${end - 1}`, () => {
      const commands = device.createCommandEncoder({ label: `transformer greedy steps ${first}..${end - 1}` });
      if (first === 0) {
        device.queue.writeBuffer(arena.history, 0, new Uint32Array(N).fill(config.bos_id));
        device.queue.writeBuffer(greedy.maxLengths, 0, Uint32Array.from(maxLengths));
        commands.clearBuffer(greedy.finished);
        commands.clearBuffer(greedy.score);
      }
      const pass = commands.beginComputePass({ label: `transformer greedy steps ${first}..${end - 1}` });
      if (first === 0) plans.start.record(pass, 0);
      for (let t = first; t < end; t++) {
        plans.step.record(pass, t);
        select.record(pass, t);
      }
      pass.end();
      submitCommands(device, [commands.finish()]);
    });
  };
  await submitChunk();
  while (submitted < steps) {
    const finished = await readUint32(device, greedy.finished, N);
    if (finished.every((flag) => flag !== 0)) break;
    await submitChunk();
  }

  const layout: GreedyReadoutLayout = { rows: N, steps: submitted, maxLength: T, alignments: attention };
  const offsets = greedyReadoutOffsets(layout);
  await withErrorScopes(device, 'transformer greedy readout', () => {
    const commands = device.createCommandEncoder({ label: 'transformer greedy readout' });
    commands.copyBufferToBuffer(arena.history, 0, greedy.readout, offsets.history, offsets.historyBytes);
    commands.copyBufferToBuffer(greedy.score, 0, greedy.readout, offsets.score, offsets.scoreBytes);
    if (attention && arena.alignments) {
      commands.copyBufferToBuffer(arena.alignments, 0, greedy.readout, offsets.alignments, offsets.alignmentBytes);
    }
    submitCommands(device, [commands.finish()]);
  });
  const bytes = await readBuffer(device, greedy.readout, offsets.total);
  const hypotheses = parseGreedyReadout(bytes, layout, {
    padId: config.pad_id,
    eosId: config.eos_id,
    lengthPenalty,
    attention,
    sourceLengths: memory.sourceLengths,
  });
  // A row still going after max_positions tokens would need position max_positions next.
  const history = new Uint32Array(bytes, offsets.history, offsets.historyBytes / 4);
  for (let n = 0; n < N; n++) {
    const last = history[submitted * N + n];
    if (maxLengths[n] > steps && submitted === steps && last !== config.eos_id && last !== config.pad_id) {
      throw positionLimitError(config);
    }
  }
  return hypotheses;
}
