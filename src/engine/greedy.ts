/**
 * Greedy decoding on the GPU (docs/decoding.md with beam 1, the search of src/cpu/search/greedy.ts):
 * every row decodes its own sentence, and the choice of the next token happens on the device.
 * runGreedy drives it for both model families, which give their decoder step (the RNN below,
 * src/engine/transformer/greedy.ts).
 *
 * Steps are recorded in chunks of CHUNK_STEPS per submit; between chunks only the rows' finished
 * flags are read back (with progress, the chunk's new tokens come in the same readback), then
 * tokens, scores, α rows and coverage once at the end: at most ceil(M / CHUNK_STEPS) + 1
 * readbacks for M = the largest maxLength, whatever the options.
 *
 * A forced prefix or n-gram blocking adds the constraints mask before each step's choice
 * (src/gpu/kernels/constraints.ts); a coverage penalty adds each step's α to the rows' coverage
 * after it, and the term enters the scores on the host at the end.
 *
 * With `speculativeChunks`, the next chunk is submitted before waiting for the flags of the
 * previous one, so the device keeps working during the readback (which costs from 0.5 ms in
 * Chrome to ~100 ms in Firefox); the price is up to one chunk of steps computed after every row
 * has ended. Worth it on a hardware adapter, not on a software one where the device is the CPU.
 */
import { readBuffer, submitCommands, withErrorScopes } from '../gpu/buffers.ts';
import type { KernelPipeline } from '../gpu/kernel.ts';
import {
  constraintsActive,
  constraintsTable,
  type ConstraintsPipelines,
  planConstraintsMask,
  planCoverageAdd,
  prepareConstraints,
} from '../gpu/kernels/constraints.ts';
import { type GreedySelectSpec, planGreedySelect } from '../gpu/kernels/log-softmax.ts';
import { planSampleSelect, prepareSampleSelect } from '../gpu/kernels/sample.ts';
import { prepareStepGate } from '../gpu/kernels/step-gate.ts';
import { StepGate } from '../gpu/step-gate.ts';
import type { Plan } from '../gpu/launch.ts';
import type { RnnConfig } from '../model/config.ts';
import { type CheckedDecodeOptions, type ResolvedDecodeOptions, resolveDecodeOptions } from '../model/decoding.ts';
import { InputError } from '../errors.ts';
import type { Hypothesis } from '../model/results.ts';
import { createReadoutBuffer, type DecoderArena, type DecoderShape, type Resources } from './decoder-arena.ts';
import type { EncoderResultBuffers } from './encoder-result.ts';
import {
  greedyChunkOffsets,
  greedyCoverageOffsets,
  GreedyProgress,
  greedyReadoutOffsets,
  type GreedyReadoutLayout,
  parseGreedyReadout,
} from './greedy-readout.ts';
import type { ProgressListener } from './runner.ts';

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
  onProgress?: ProgressListener;
}

/**
 * The options of each sentence, with the prefix checked against its maxLength before any GPU work
 * (the same InputError as the cpu reference, naming the sentence by its index in the call).
 */
export function resolveSearchOptions(
  options: CheckedDecodeOptions,
  sourceLengths: readonly number[],
): ResolvedDecodeOptions[] {
  return sourceLengths.map((length, i) => {
    const resolved = resolveDecodeOptions(options, length, i);
    if (resolved.prefix.length > resolved.maxLength) {
      throw new InputError(
        `prefix of sentence ${resolved.sentence} has ${resolved.prefix.length} tokens, more than maxLength ${resolved.maxLength}`,
      );
    }
    return resolved;
  });
}

/** Whether a call's rows need α of every step kept: to return it, or to align. */
export function keepsAttention(resolved: ResolvedDecodeOptions): boolean {
  return resolved.attention || resolved.alignment;
}

/** What a model family gives the greedy driver: its arena's buffers and its decoder step. */
export interface GreedyStepSource {
  /** u32 [(steps + 1) × N]. */
  history: GPUBuffer;
  logits: GPUBuffer;
  stepTable: GPUBuffer;
  /** α of the step's rows, with attention: kept per step ([steps × N × T]) or one scratch block. */
  alpha?: { buffer: GPUBuffer; perStep: boolean };
  part<T extends { destroy(): void }>(name: string, make: (resources: Resources) => T): T;
  /** Buffers to clear before step 0 (besides the search's own). */
  clearBeforeStart?: readonly GPUBuffer[];
  recordStart(pass: GPUComputePassEncoder): void;
  recordStep(pass: GPUComputePassEncoder, t: number): void;
}

export interface GreedyRun {
  device: GPUDevice;
  label: string;
  vocab: number;
  ids: { padId: number; bosId: number; eosId: number };
  rows: number;
  /** T, the source stride. */
  maxLength: number;
  steps: number;
  sourceLengths: readonly number[];
  resolved: readonly ResolvedDecodeOptions[];
  greedySelect: KernelPipeline;
  speculativeChunks: boolean;
  resources: Resources;
  onProgress?: ProgressListener;
  /** Prepares the arena (inside the setup's error scope). */
  prepare(): GreedyStepSource;
}

/** The hypotheses and the history read back at the end (the Transformer checks its last row). */
export interface GreedyResult {
  hypotheses: Hypothesis[];
  history: Uint32Array;
  steps: number;
}

/** The greedy search of either family (see the top of this file). */
export async function runGreedy(run: GreedyRun): Promise<GreedyResult> {
  const { device, label, ids, resolved } = run;
  const N = run.rows;
  const T = run.maxLength;
  const { steps } = run;
  const first = resolved[0];
  const constraints = { prefixes: resolved.map((r) => r.prefix), noRepeatNgram: first.noRepeatNgram };
  const masked = constraintsActive(constraints);
  const beta = first.coveragePenalty;
  const pipelines: ConstraintsPipelines | undefined = masked || beta > 0 ? await prepareConstraints(device) : undefined;
  const { sampling } = first;
  // Compiled on the first sampling call only.
  const sampleSelect = sampling ? await prepareSampleSelect(device) : undefined;
  const gatePipeline = await prepareStepGate(device);
  const progress = run.onProgress !== undefined;
  const chunk = greedyChunkOffsets(N, CHUNK_STEPS, progress);

  const setup = await withErrorScopes(device, `${label} greedy setup`, () => {
    const source = run.prepare();
    const keep = keepsAttention(first) && source.alpha?.perStep === true;
    const coverage = beta > 0 && source.alpha !== undefined;
    const buffers = source.part(`greedy${masked ? ' masked' : ''}${coverage ? ' coverage' : ''}`, (resources) => ({
      maxLengths: resources.buffer(device, `${label} max lengths`, N * 4),
      finished: resources.buffer(device, `${label} finished flags`, N * 4),
      score: resources.buffer(device, `${label} scores`, N * 4),
      chosen: resources.buffer(device, `${label} chosen log-probs`, steps * N * 4),
      tokenMask: masked ? resources.buffer(device, `${label} token mask`, N * run.vocab * 4) : undefined,
      path: masked ? resources.buffer(device, `${label} token paths`, N * steps * 4) : undefined,
      coverage: coverage ? resources.buffer(device, `${label} coverage`, N * T * 4) : undefined,
      chunk: resources.add(
        createReadoutBuffer(device, `${label} chunk readout`, greedyChunkOffsets(N, CHUNK_STEPS, true).total),
      ),
      readout: resources.add(
        createReadoutBuffer(
          device,
          `${label} greedy readout`,
          // Sized for what the arena can keep: a later call of its shape may ask for α.
          greedyReadoutOffsets({ rows: N, steps, maxLength: T, alignments: source.alpha?.perStep === true, coverage })
            .total,
        ),
      ),
      // Every buffer above is destroyed with the arena's resources.
      destroy() {},
    }));
    const table = masked
      ? run.resources.buffer(device, `${label} constraints table`, constraintsTable(constraints.prefixes))
      : undefined;
    const mask =
      pipelines && table && buffers.tokenMask && buffers.path
        ? run.resources.add(
            planConstraintsMask(device, pipelines.mask, {
              label: `${label} constraints mask`,
              rows: N,
              beam: 1,
              vocab: run.vocab,
              eosId: ids.eosId,
              padId: ids.padId,
              constraints,
              history: source.history,
              table,
              path: buffers.path,
              tokenMask: buffers.tokenMask,
              stepTable: source.stepTable,
            }),
          )
        : undefined;
    const selectSpec: GreedySelectSpec = {
      label: `${label} greedy select`,
      rows: N,
      vocab: run.vocab,
      logits: { buffer: source.logits },
      stepTable: source.stepTable,
      maxLengths: buffers.maxLengths,
      history: source.history,
      finished: buffers.finished,
      score: buffers.score,
      chosen: buffers.chosen,
      padId: ids.padId,
      bosId: ids.bosId,
      eosId: ids.eosId,
      minLength: first.minLength,
      tokenMask: buffers.tokenMask,
    };
    // Sampling draws instead of taking the best, with greedy select's buffers; row n's random
    // numbers are keyed by its sentence's own key.
    const select = run.resources.add(
      sampling && sampleSelect
        ? planSampleSelect(device, sampleSelect, {
            ...selectSpec,
            label: `${label} sample select`,
            ...sampling,
            sentenceKeys: resolved.map((r) => r.sentence),
          })
        : planGreedySelect(device, run.greedySelect, selectSpec),
    );
    const coverageAdd =
      pipelines && source.alpha && buffers.coverage
        ? run.resources.add(
            planCoverageAdd(device, pipelines.coverage, {
              label: `${label} coverage add`,
              rows: N,
              padId: ids.padId,
              maxLength: T,
              history: source.history,
              alpha: source.alpha.buffer,
              perStep: source.alpha.perStep,
              coverage: buffers.coverage,
              stepTable: source.stepTable,
            }),
          )
        : undefined;
    // Steps after every row has finished dispatch nothing (src/gpu/step-gate.ts).
    const gate = run.resources.add(
      StepGate.create(device, gatePipeline, {
        label: `${label} greedy step gate`,
        flags: buffers.finished,
        offset: 0,
        count: N,
        goesOnWhileZero: true,
      }),
    );
    return { source, buffers, mask, select, coverageAdd, keep, gate };
  });
  const { source, buffers, mask, select, coverageAdd, keep, gate } = setup;

  // Records and submits the next chunk, ending with the copies its readback reads; `submitted`
  // advances before the submit returns.
  let submitted = 0;
  const submitChunk = (): Promise<void> => {
    const from = submitted;
    const end = Math.min(from + CHUNK_STEPS, steps);
    submitted = end;
    return withErrorScopes(device, `${label} greedy steps ${from}..${end - 1}`, () => {
      const commands = device.createCommandEncoder({ label: `${label} greedy steps ${from}..${end - 1}` });
      if (from === 0) {
        // Rows 1.. start as padding: the steps the gate skips write none, and the arena is reused.
        const history = new Uint32Array((steps + 1) * N).fill(ids.padId);
        history.fill(ids.bosId, 0, N);
        device.queue.writeBuffer(source.history, 0, history);
        device.queue.writeBuffer(buffers.maxLengths, 0, Uint32Array.from(resolved.map((r) => r.maxLength)));
        for (const buffer of source.clearBeforeStart ?? []) commands.clearBuffer(buffer);
        commands.clearBuffer(buffers.finished);
        commands.clearBuffer(buffers.score);
        if (buffers.coverage) commands.clearBuffer(buffers.coverage);
      }
      const pass = commands.beginComputePass({ label: `${label} greedy steps ${from}..${end - 1}` });
      if (from === 0) source.recordStart(pass);
      gate.recordSteps(pass, from, end, (gated, t) => {
        source.recordStep(gated, t);
        mask?.record(gated, t);
        select.record(gated, t);
        coverageAdd?.record(gated, t);
      });
      pass.end();
      commands.copyBufferToBuffer(buffers.finished, 0, buffers.chunk, chunk.flags, chunk.flagsBytes);
      if (progress) {
        const bytes = (end - from) * N * 4;
        commands.copyBufferToBuffer(source.history, (from + 1) * N * 4, buffers.chunk, chunk.history, bytes);
      }
      gate.flush();
      submitCommands(device, [commands.finish()]);
    });
  };
  const mirror = progress ? new GreedyProgress(N, ids.padId, ids.eosId) : undefined;
  await submitChunk();
  while (submitted < steps) {
    // The steps of the chunk just read (chunks start at multiples of CHUNK_STEPS).
    const chunkSteps = submitted - Math.floor((submitted - 1) / CHUNK_STEPS) * CHUNK_STEPS;
    // The chunk readback is queued now, behind the chunks submitted so far (readBuffer submits
    // its copy before its first await); a speculative chunk goes in behind it.
    const bytes = readBuffer(device, buffers.chunk, chunk.flagsBytes + (progress ? chunkSteps * N * 4 : 0));
    const ahead = run.speculativeChunks ? submitChunk() : undefined;
    const [words] = await Promise.all([bytes, ahead]);
    const finished = new Uint32Array(words, chunk.flags, N);
    if (mirror && run.onProgress) {
      const reported = mirror.add(new Uint32Array(words, chunk.history, chunkSteps * N), finished);
      if (reported.length > 0) run.onProgress(reported);
    }
    if (finished.every((flag) => flag !== 0)) break;
    if (!ahead) await submitChunk();
  }
  const done = submitted;

  const coverage = buffers.coverage !== undefined;
  const layout: GreedyReadoutLayout = { rows: N, steps: done, maxLength: T, alignments: keep, coverage };
  const offsets = greedyReadoutOffsets(layout);
  await withErrorScopes(device, `${label} greedy readout`, () => {
    const commands = device.createCommandEncoder({ label: `${label} greedy readout` });
    commands.copyBufferToBuffer(source.history, 0, buffers.readout, offsets.history, offsets.historyBytes);
    commands.copyBufferToBuffer(buffers.score, 0, buffers.readout, offsets.score, offsets.scoreBytes);
    if (keep && source.alpha) {
      commands.copyBufferToBuffer(source.alpha.buffer, 0, buffers.readout, offsets.alignments, offsets.alignmentBytes);
    }
    if (buffers.coverage) {
      const at = greedyCoverageOffsets(layout);
      commands.copyBufferToBuffer(buffers.coverage, 0, buffers.readout, at.coverage, at.coverageBytes);
    }
    submitCommands(device, [commands.finish()]);
  });
  const bytes = await readBuffer(device, buffers.readout, offsets.total);
  const hypotheses = parseGreedyReadout(bytes, layout, {
    padId: ids.padId,
    eosId: ids.eosId,
    lengthPenalty: first.lengthPenalty,
    attention: first.attention,
    alignment: first.alignment,
    coveragePenalty: beta,
    sourceLengths: run.sourceLengths,
  });
  return { hypotheses, history: new Uint32Array(bytes, offsets.history, offsets.historyBytes / 4), steps: done };
}

/** The best hypothesis of every encoded sentence (the RNN's decoder step under runGreedy). */
export async function greedyOnGpu(call: GreedyCall): Promise<Hypothesis[]> {
  const { device, config, encoder } = call;
  const N = encoder.batch;
  const T = encoder.maxLength;
  const resolved = resolveSearchOptions(call.options, encoder.sourceLengths);
  const steps = Math.max(...resolved.map((r) => r.maxLength));
  const hasAttention = config.attention !== 'none';
  const keep = keepsAttention(resolved[0]) && hasAttention;
  const result = await runGreedy({
    device,
    label: 'decoder',
    vocab: config.tgt_vocab_size,
    ids: { padId: config.pad_id, bosId: config.bos_id, eosId: config.eos_id },
    rows: N,
    maxLength: T,
    steps,
    sourceLengths: encoder.sourceLengths,
    resolved,
    greedySelect: call.greedySelect,
    speculativeChunks: call.speculativeChunks,
    resources: call.resources,
    onProgress: call.onProgress,
    prepare: () => {
      const prepared = call.prepare({ rows: N, rowsPerSentence: 1, maxLength: T, steps, alignments: keep });
      const { arena } = prepared;
      return {
        history: arena.history,
        logits: arena.logits,
        stepTable: arena.stepTable,
        alpha: arena.alignments && { buffer: arena.alignments, perStep: arena.shape.alignments },
        part: (name, make) => arena.part(name, make),
        clearBeforeStart: [arena.attentional],
        recordStart: (pass) => prepared.recordStart(pass),
        recordStep: (pass, t) => arena.recordStep(pass, t, prepared.attention),
      };
    },
  });
  return result.hypotheses;
}
