/**
 * Greedy decoding on the GPU (docs/decoding.md with beam 1, the search of src/cpu/search/greedy.ts):
 * every row decodes its own sentence, and the choice of the next token happens on the device.
 *
 * Steps are recorded in chunks of CHUNK_STEPS per submit; between chunks only the rows' finished
 * flags are read back, then tokens, scores and alignments once at the end: at most
 * ceil(M / CHUNK_STEPS) + 1 readbacks for M = the largest maxLength.
 *
 * With `speculativeChunks`, the next chunk is submitted before waiting for the flags of the
 * previous one, so the device keeps working during the readback (which costs from 0.5 ms in
 * Chrome to ~100 ms in Firefox); the price is up to one chunk of steps computed after every row
 * has ended. Worth it on a hardware adapter, not on a software one where the device is the CPU.
 */
import { readBuffer, readUint32, submitCommands, withErrorScopes } from '../gpu/buffers.ts';
import type { KernelPipeline } from '../gpu/kernel.ts';
import { planGreedySelect } from '../gpu/kernels/log-softmax.ts';
import type { Plan } from '../gpu/launch.ts';
import type { RnnConfig } from '../model/config.ts';
import { type CheckedDecodeOptions, resolveDecodeOptions } from '../model/decoding.ts';
import type { Hypothesis } from '../model/results.ts';
import { createReadoutBuffer, type DecoderArena, type DecoderShape, type Resources } from './decoder-arena.ts';
import type { EncoderResultBuffers } from './encoder-result.ts';
import { greedyReadoutOffsets, type GreedyReadoutLayout, parseGreedyReadout } from './greedy-readout.ts';

/** Greedy steps recorded per submit; the finished flags are read back after each chunk. */
export const CHUNK_STEPS = 8;

/** What the decoder hands a search for one call: an arena of the call's shape and its plans. */
export interface PreparedDecodeCall {
  arena: DecoderArena;
  /** Records what comes before the first step: initial states, attention keys. */
  recordStart(pass: GPUComputePassEncoder): void;
  attention?: Plan;
}

export interface GreedyCall {
  device: GPUDevice;
  config: RnnConfig;
  encoder: EncoderResultBuffers;
  options: CheckedDecodeOptions;
  /** The greedy select pipeline (src/gpu/kernels/log-softmax.ts). */
  greedySelect: KernelPipeline;
  speculativeChunks: boolean;
  /** Builds (or reuses) the arena of `shape` and the call's plans; runs inside an error scope. */
  prepare(shape: DecoderShape): PreparedDecodeCall;
  /** Per-call plans go here; the caller destroys them after the call. */
  resources: Resources;
}

/** The best hypothesis of every encoded sentence. */
export async function greedyOnGpu(call: GreedyCall): Promise<Hypothesis[]> {
  const { device, config, encoder } = call;
  const N = encoder.batch;
  const T = encoder.maxLength;
  const resolved = encoder.sourceLengths.map((length) => resolveDecodeOptions(call.options, length));
  const maxLengths = resolved.map((r) => r.maxLength);
  const steps = Math.max(...maxLengths);
  const { minLength, lengthPenalty, attention } = resolved[0];
  const wantAttention = attention && config.attention !== 'none';

  const { prepared, greedy, select } = await withErrorScopes(device, 'greedy decoding setup', () => {
    const prepared = call.prepare({ rows: N, rowsPerSentence: 1, maxLength: T, steps, alignments: wantAttention });
    const { arena } = prepared;
    const greedy = arena.part('greedy', (resources) => ({
      maxLengths: resources.buffer(device, 'decoder max lengths', N * 4),
      finished: resources.buffer(device, 'decoder finished flags', N * 4),
      score: resources.buffer(device, 'decoder scores', N * 4),
      chosen: resources.buffer(device, 'decoder chosen log-probs', steps * N * 4),
      readout: resources.add(
        createReadoutBuffer(
          device,
          'decoder greedy readout',
          greedyReadoutOffsets({ rows: N, steps, maxLength: T, alignments: arena.shape.alignments }).total,
        ),
      ),
      // Every buffer above is destroyed with the arena's resources.
      destroy() {},
    }));
    const select = call.resources.add(
      planGreedySelect(device, call.greedySelect, {
        label: 'decoder greedy select',
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
    return { prepared, greedy, select };
  });
  const { arena } = prepared;

  // Records and submits the next chunk; `submitted` advances before the submit returns.
  let submitted = 0;
  const submitChunk = (): Promise<void> => {
    const first = submitted;
    const end = Math.min(first + CHUNK_STEPS, steps);
    submitted = end;
    return withErrorScopes(device, `greedy decoding steps ${first}..${end - 1}`, () => {
      const commands = device.createCommandEncoder({ label: `greedy steps ${first}..${end - 1}` });
      if (first === 0) {
        device.queue.writeBuffer(arena.history, 0, new Uint32Array(N).fill(config.bos_id));
        device.queue.writeBuffer(greedy.maxLengths, 0, Uint32Array.from(maxLengths));
        commands.clearBuffer(arena.attentional);
        commands.clearBuffer(greedy.finished);
        commands.clearBuffer(greedy.score);
      }
      const pass = commands.beginComputePass({ label: `greedy steps ${first}..${end - 1}` });
      if (first === 0) prepared.recordStart(pass);
      for (let t = first; t < end; t++) {
        arena.recordStep(pass, t, prepared.attention);
        select.record(pass, t);
      }
      pass.end();
      submitCommands(device, [commands.finish()]);
    });
  };
  await submitChunk();
  while (submitted < steps) {
    // The flags copy is queued now, behind the chunks submitted so far (readBuffer submits
    // it before its first await); a speculative chunk goes in behind it.
    const flags = readUint32(device, greedy.finished, N);
    const ahead = call.speculativeChunks ? submitChunk() : undefined;
    const [finished] = await Promise.all([flags, ahead]);
    if (finished.every((flag) => flag !== 0)) break;
    if (!ahead) await submitChunk();
  }
  const done = submitted;

  const layout: GreedyReadoutLayout = { rows: N, steps: done, maxLength: T, alignments: wantAttention };
  const offsets = greedyReadoutOffsets(layout);
  await withErrorScopes(device, 'greedy decoding readout', () => {
    const commands = device.createCommandEncoder({ label: 'greedy readout' });
    commands.copyBufferToBuffer(arena.history, 0, greedy.readout, offsets.history, offsets.historyBytes);
    commands.copyBufferToBuffer(greedy.score, 0, greedy.readout, offsets.score, offsets.scoreBytes);
    if (wantAttention && arena.shape.alignments && arena.alignments) {
      commands.copyBufferToBuffer(arena.alignments, 0, greedy.readout, offsets.alignments, offsets.alignmentBytes);
    }
    submitCommands(device, [commands.finish()]);
  });
  const bytes = await readBuffer(device, greedy.readout, offsets.total);
  return parseGreedyReadout(bytes, layout, {
    padId: config.pad_id,
    eosId: config.eos_id,
    lengthPenalty,
    attention: wantAttention,
    sourceLengths: encoder.sourceLengths,
  });
}
