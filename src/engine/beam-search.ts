/**
 * Beam search on the GPU (docs/decoding.md, the search of src/cpu/search/beam.ts): B sentences × K
 * beams decode together as N = B·K decoder rows, and the search runs on the device too.
 *
 * Each step records the decoder step up to the logits (src/engine/decoder-arena.ts), then the
 * four beam dispatches of shaders/beam_search.wgsl: per-slice top-K, the per-sentence merge and
 * walk (finished lists, live slots, parent pointers, early stop), and the state reorder (gather,
 * copy back). Steps are recorded in chunks of CHUNK_STEPS per submit; between chunks only the
 * sentences' live counts are read back (all zero: every search has stopped); at the end one
 * readback brings tokens, parents, finished lists, the overflow words and (when asked) alignments, and the
 * hypotheses are rebuilt on the CPU (src/engine/beam-readout.ts).
 */
import type { CheckedDecodeOptions, ResolvedDecodeOptions } from '../model/decoding.ts';
import type { Hypothesis } from '../model/results.ts';
import { lengthPenaltyDivisor } from '../model/decoding.ts';
import { readBuffer, submitCommands, withErrorScopes } from '../gpu/buffers.ts';
import {
  constraintsActive,
  constraintsTable,
  type ConstraintsPipelines,
  planConstraintsMask,
  prepareConstraints,
} from '../gpu/kernels/constraints.ts';
import type { Plan } from '../gpu/launch.ts';
import {
  type BeamShape,
  beamScratchLayout,
  beamStateLayout,
  beamTableLayout,
  DEFAULT_SLICE_WIDTH,
} from '../gpu/kernels/beam-layout.ts';
import { type BeamCoverageSpec, type BeamPipelines, planBeamStep } from '../gpu/kernels/beam-search.ts';
import { prepareStepGate } from '../gpu/kernels/step-gate.ts';
import { StepGate } from '../gpu/step-gate.ts';
import { stateSlots } from '../gpu/kernels/decoder-state.ts';
import { GpuError } from '../errors.ts';
import type { RnnConfig } from '../model/config.ts';
import { createReadoutBuffer, type DecoderShape, type Resources } from './decoder-arena.ts';
import type { EncoderResultBuffers } from './encoder-result.ts';
import { keepsAttention, type PreparedDecodeCall, resolveSearchOptions } from './greedy.ts';
import {
  beamChunkOffsets,
  beamOverflowOffsets,
  beamPenaltyOffsets,
  BeamProgress,
  beamReadoutOffsets,
  type BeamReadoutLayout,
  parseBeamReadout,
} from './beam-readout.ts';
import type { ProgressListener } from './runner.ts';

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
  onProgress?: ProgressListener;
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
  const resolved = resolveSearchOptions(call.options, encoder.sourceLengths);
  const { beam: K, nBest, minLength, lengthPenalty } = resolved[0];
  const maxLengths = resolved.map((r) => r.maxLength);
  const steps = Math.max(...maxLengths);
  const N = B * K;
  const V = config.tgt_vocab_size;
  const sliceWidth = call.sliceWidth ?? DEFAULT_SLICE_WIDTH;
  if (!Number.isInteger(sliceWidth) || sliceWidth < 1)
    throw new GpuError(`beam search: invalid vocabulary slice width ${sliceWidth}`);
  const shape: BeamShape = { sentences: B, beam: K, vocab: V, sliceWidth, nBest, steps };
  const hasAttention = config.attention !== 'none';
  const wantAttention = keepsAttention(resolved[0]) && hasAttention;
  const constraintsPipelines = await prepareSearchConstraints(device, resolved);
  const state = beamStateLayout(shape);
  const stateBlocks = stateSlots(config.cell) * config.num_layers;

  const { prepared, buffers, plans, extras } = await withErrorScopes(device, 'beam search setup', () => {
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
            // Room for the coverage terms whatever the call: a later call of this shape may ask.
            beamReadoutOffsets(readoutLayout(shape, steps, T, arena.shape.alignments, true)).total,
          ),
        ),
        // Every buffer above is destroyed with the arena's resources.
        destroy() {},
      }),
    );
    const extras = planBeamExtras(device, {
      label: 'beam search',
      shape,
      resolved,
      pipelines: constraintsPipelines,
      resources: call.resources,
      part: (name, make) => arena.part(name, make),
      history: arena.history,
      beams: buffers.beams,
      stepTable: arena.stepTable,
      maxLength: T,
      alpha: arena.alignments && { buffer: arena.alignments, perStep: arena.shape.alignments },
      eosId: config.eos_id,
      padId: config.pad_id,
    });
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
        tokenMask: extras.tokenMask,
        coverage: extras.coverage,
      }),
    );
    return { prepared, buffers, plans, extras };
  });
  const { arena } = prepared;

  const { submitted } = await runBeamChunks({
    device,
    label: 'beam',
    shape,
    steps,
    beams: buffers.beams,
    history: arena.history,
    extras,
    onProgress: call.onProgress,
    beforeStart: (commands) => {
      writeInitialState(device, arena.history, buffers, shape, resolved, config.bos_id, encoder.sourceLengths);
      commands.clearBuffer(arena.attentional);
      extras.clear(commands);
    },
    recordStart: (pass) => prepared.recordStart(pass),
    recordStep: (pass, t) => {
      arena.recordStep(pass, t, prepared.attention);
      extras.mask?.record(pass, t);
      plans.record(pass, t);
    },
  });

  return readBeamResults(device, {
    label: 'beam search readout',
    layout: readoutLayout(shape, submitted, T, wantAttention, extras.coverage !== undefined),
    shape,
    history: arena.history,
    alignments: wantAttention && arena.shape.alignments ? arena.alignments : undefined,
    penalties: extras.coverage?.penalties,
    beams: buffers.beams,
    readout: buffers.readout,
    parse: {
      eosId: config.eos_id,
      lengthPenalty,
      attention: resolved[0].attention,
      alignment: resolved[0].alignment,
      sourceLengths: encoder.sourceLengths,
    },
  });
}

/** The readout of a search of `shape` after `steps` steps (src/engine/beam-readout.ts). */
export function readoutLayout(
  shape: BeamShape,
  steps: number,
  maxLength: number,
  alignments: boolean,
  coverage: boolean,
): BeamReadoutLayout {
  return {
    sentences: shape.sentences,
    beam: shape.beam,
    nBest: shape.nBest,
    capacity: shape.steps,
    steps,
    maxLength,
    alignments,
    coverage,
  };
}

/**
 * Adds each sentence's overflow word to the final readout (beamOverflowOffsets), so that refusing
 * an overflowed sentence costs no readback of its own. Shared with the Transformer.
 */
export function copyOverflowWords(
  commands: GPUCommandEncoder,
  beams: GPUBuffer,
  shape: BeamShape,
  readout: GPUBuffer,
  layout: BeamReadoutLayout,
): void {
  const at = beamOverflowOffsets(layout);
  commands.copyBufferToBuffer(beams, beamStateLayout(shape).overflow * 4, readout, at.overflow, at.overflowBytes);
}

/**
 * Before the first step: bos in every row's history; one live hypothesis (slot 0, sum 0) per
 * sentence, empty finished lists and no overflow yet; the max lengths, the length-penalty divisors and the source
 * lengths (coverage). Shared with the Transformer (src/engine/transformer/beam.ts).
 */
export function writeInitialState(
  device: GPUDevice,
  history: GPUBuffer,
  buffers: { beams: GPUBuffer; table: GPUBuffer },
  shape: BeamShape,
  resolved: readonly ResolvedDecodeOptions[],
  bosId: number,
  sourceLengths?: readonly number[],
): void {
  const B = shape.sentences;
  const N = B * shape.beam;
  const state = beamStateLayout(shape);
  device.queue.writeBuffer(history, 0, new Uint32Array(N).fill(bosId));
  const counts = new Uint32Array(2 * B);
  counts.fill(1, 0, B);
  device.queue.writeBuffer(buffers.beams, state.live * 4, counts);
  device.queue.writeBuffer(buffers.beams, state.scores * 4, new Float32Array(2 * N));
  device.queue.writeBuffer(buffers.beams, state.overflow * 4, new Uint32Array(B));
  const table = beamTableLayout(shape);
  const words = new ArrayBuffer(table.words * 4);
  new Uint32Array(words, table.maxLengths * 4, B).set(resolved.map((r) => r.maxLength));
  const divisors = new Float32Array(words, table.divisors * 4, shape.steps + 1);
  const alpha = resolved[0].lengthPenalty;
  for (let n = 0; n <= shape.steps; n++) divisors[n] = lengthPenaltyDivisor(n, alpha);
  if (sourceLengths) new Uint32Array(words, table.sourceLengths * 4, B).set(sourceLengths);
  device.queue.writeBuffer(buffers.table, 0, words);
}

/** The constraints pipelines, compiled when a call has a prefix, n-gram blocking or coverage. */
export async function prepareSearchConstraints(
  device: GPUDevice,
  resolved: readonly ResolvedDecodeOptions[],
): Promise<ConstraintsPipelines | undefined> {
  const constraints = { prefixes: resolved.map((r) => r.prefix), noRepeatNgram: resolved[0].noRepeatNgram };
  return constraintsActive(constraints) ? prepareConstraints(device) : undefined;
}

export interface BeamExtrasSpec {
  label: string;
  shape: BeamShape;
  resolved: readonly ResolvedDecodeOptions[];
  pipelines?: ConstraintsPipelines;
  resources: Resources;
  part<T extends { destroy(): void }>(name: string, make: (resources: Resources) => T): T;
  history: GPUBuffer;
  beams: GPUBuffer;
  stepTable: GPUBuffer;
  /** T. */
  maxLength: number;
  /** α of the step's rows, with attention. */
  alpha?: { buffer: GPUBuffer; perStep: boolean };
  eosId: number;
  padId: number;
}

/** What the options add to a beam search: the constraints mask, coverage, the chunk readout. */
export interface BeamExtras {
  /** Recorded before the beam dispatches of each step. */
  mask?: Plan;
  tokenMask?: GPUBuffer;
  coverage?: BeamCoverageSpec;
  /** The per-chunk readback's buffer (beamChunkOffsets). */
  chunk: GPUBuffer;
  /** Clears what must start at zero (coverage) before step 0. */
  clear(commands: GPUCommandEncoder): void;
}

export function planBeamExtras(device: GPUDevice, spec: BeamExtrasSpec): BeamExtras {
  const { shape, resolved, label } = spec;
  const B = shape.sentences;
  const N = B * shape.beam;
  const T = spec.maxLength;
  const beta = resolved[0].coveragePenalty;
  const withCoverage = beta > 0 && spec.alpha !== undefined;
  const masked = spec.pipelines !== undefined;
  const buffers = spec.part(`${label} extras${masked ? ' masked' : ''}${withCoverage ? ' coverage' : ''}`, (r) => ({
    chunk: r.add(
      createReadoutBuffer(device, `${label} chunk readout`, beamChunkOffsets(B, N, BEAM_CHUNK_STEPS, true).total),
    ),
    tokenMask: masked ? r.buffer(device, `${label} token mask`, N * shape.vocab * 4) : undefined,
    path: masked ? r.buffer(device, `${label} token paths`, N * shape.steps * 4) : undefined,
    coverage: withCoverage ? r.buffer(device, `${label} coverage`, N * T * 4) : undefined,
    coverageSpare: withCoverage ? r.buffer(device, `${label} coverage spare`, N * T * 4) : undefined,
    penalties: withCoverage ? r.buffer(device, `${label} coverage terms`, B * shape.nBest * 4) : undefined,
    destroy() {},
  }));
  let mask: Plan | undefined;
  if (spec.pipelines && buffers.tokenMask && buffers.path) {
    const constraints = { prefixes: resolved.map((r) => r.prefix), noRepeatNgram: resolved[0].noRepeatNgram };
    const state = beamStateLayout(shape);
    mask = spec.resources.add(
      planConstraintsMask(device, spec.pipelines.mask, {
        label: `${label} constraints mask`,
        rows: N,
        beam: shape.beam,
        vocab: shape.vocab,
        eosId: spec.eosId,
        padId: spec.padId,
        constraints,
        history: spec.history,
        parents: { beams: spec.beams, words: state.words, offset: state.parents },
        table: spec.resources.buffer(device, `${label} constraints table`, constraintsTable(constraints.prefixes)),
        path: buffers.path,
        tokenMask: buffers.tokenMask,
        stepTable: spec.stepTable,
      }),
    );
  }
  const coverage: BeamCoverageSpec | undefined =
    spec.alpha && buffers.coverage && buffers.coverageSpare && buffers.penalties
      ? {
          beta,
          maxLength: T,
          alpha: spec.alpha.buffer,
          perStep: spec.alpha.perStep,
          coverage: buffers.coverage,
          spare: buffers.coverageSpare,
          penalties: buffers.penalties,
        }
      : undefined;
  return {
    mask,
    tokenMask: buffers.tokenMask,
    coverage,
    chunk: buffers.chunk,
    clear(commands) {
      if (buffers.coverage) commands.clearBuffer(buffers.coverage);
    },
  };
}

export interface BeamChunksRun {
  device: GPUDevice;
  label: string;
  shape: BeamShape;
  /** Steps the call may record. */
  steps: number;
  beams: GPUBuffer;
  history: GPUBuffer;
  extras: BeamExtras;
  onProgress?: ProgressListener;
  /** What comes before step 0 outside the pass: initial writes and clears. */
  beforeStart(commands: GPUCommandEncoder): void;
  /** What comes before step 0 in the pass. */
  recordStart(pass: GPUComputePassEncoder): void;
  /** Step t's dispatches: decoder step, mask, search, reorders. */
  recordStep(pass: GPUComputePassEncoder, t: number): void;
}

/**
 * Submits chunks of BEAM_CHUNK_STEPS steps until every sentence has stopped or the steps run out,
 * with ONE readback per chunk but the last: the live counts and, with progress, the chunk's tokens
 * and parents (copied at the end of the chunk's own submit). Returns the steps recorded and
 * whether every sentence had stopped.
 */
export async function runBeamChunks(run: BeamChunksRun): Promise<{ submitted: number; stopped: boolean }> {
  const { device, label, shape } = run;
  const B = shape.sentences;
  const N = B * shape.beam;
  const progress = run.onProgress !== undefined;
  const mirror = progress ? new BeamProgress(B, shape.beam) : undefined;
  const parentsAt = beamStateLayout(shape).parents;
  // Steps after every sentence has stopped dispatch nothing (src/gpu/step-gate.ts).
  const gatePipeline = await prepareStepGate(device);
  const gate = await withErrorScopes(device, `${label} step gate`, () =>
    StepGate.create(device, gatePipeline, {
      label: `${label} step gate`,
      flags: run.beams,
      offset: beamStateLayout(shape).live,
      count: B,
      goesOnWhileZero: false,
    }),
  );
  let submitted = 0;
  let chunkSteps = 0;
  const submitChunk = (): Promise<void> => {
    const first = submitted;
    const end = Math.min(first + BEAM_CHUNK_STEPS, run.steps);
    submitted = end;
    chunkSteps = end - first;
    return withErrorScopes(device, `${label} steps ${first}..${end - 1}`, () => {
      const commands = device.createCommandEncoder({ label: `${label} steps ${first}..${end - 1}` });
      if (first === 0) run.beforeStart(commands);
      const pass = commands.beginComputePass({ label: `${label} steps ${first}..${end - 1}` });
      if (first === 0) run.recordStart(pass);
      gate.recordSteps(pass, first, end, (gated, t) => run.recordStep(gated, t));
      pass.end();
      const offsets = beamChunkOffsets(B, N, end - first, progress);
      commands.copyBufferToBuffer(run.beams, 0, run.extras.chunk, offsets.live, offsets.liveBytes);
      if (progress) {
        commands.copyBufferToBuffer(
          run.history,
          (first + 1) * N * 4,
          run.extras.chunk,
          offsets.history,
          offsets.rowBytes,
        );
        const parents = (parentsAt + first * N) * 4;
        commands.copyBufferToBuffer(run.beams, parents, run.extras.chunk, offsets.parents, offsets.rowBytes);
      }
      gate.flush();
      submitCommands(device, [commands.finish()]);
    });
  };
  try {
    await submitChunk();
    // After the last chunk nothing is read: the final readout says everything.
    while (submitted < run.steps) {
      const offsets = beamChunkOffsets(B, N, chunkSteps, progress);
      const words = await readBuffer(device, run.extras.chunk, offsets.total);
      const live = new Uint32Array(words, offsets.live, B);
      if (mirror && run.onProgress) {
        const rows = offsets.rowBytes / 4;
        const reported = mirror.add(
          new Uint32Array(words, offsets.history, rows),
          new Uint32Array(words, offsets.parents, rows),
          live,
        );
        if (reported.length > 0) run.onProgress(reported);
      }
      if (live.every((count) => count === 0)) return { submitted, stopped: true };
      await submitChunk();
    }
    return { submitted, stopped: false };
  } finally {
    // Destroying a buffer that submitted work still reads is deferred until that work is done.
    gate.destroy();
  }
}

/** What the final readout of a beam search copies and how its hypotheses are rebuilt. */
export interface BeamResultsSpec {
  label: string;
  layout: BeamReadoutLayout;
  shape: BeamShape;
  history: GPUBuffer;
  /** α of every step, when the layout has room for them. */
  alignments?: GPUBuffer;
  /** The coverage terms of the finished lists, when the search has coverage. */
  penalties?: GPUBuffer;
  beams: GPUBuffer;
  readout: GPUBuffer;
  parse: Parameters<typeof parseBeamReadout>[2];
}

/**
 * The one readback at the end of a beam search, for both model families: tokens, the search's
 * finished lists and parents, α, coverage terms and overflow flags copied into one buffer, read, and
 * the hypotheses rebuilt (src/engine/beam-readout.ts).
 */
export async function readBeamResults(device: GPUDevice, spec: BeamResultsSpec): Promise<Hypothesis[][]> {
  const { layout, readout } = spec;
  const offsets = beamReadoutOffsets(layout);
  await withErrorScopes(device, spec.label, () => {
    const commands = device.createCommandEncoder({ label: spec.label });
    commands.copyBufferToBuffer(spec.history, 0, readout, offsets.history, offsets.historyBytes);
    commands.copyBufferToBuffer(spec.beams, offsets.searchSource, readout, offsets.search, offsets.searchBytes);
    if (spec.alignments) {
      commands.copyBufferToBuffer(spec.alignments, 0, readout, offsets.alignments, offsets.alignmentBytes);
    }
    if (spec.penalties) {
      const at = beamPenaltyOffsets(layout);
      commands.copyBufferToBuffer(spec.penalties, 0, readout, at.penalties, at.penaltiesBytes);
    }
    copyOverflowWords(commands, spec.beams, spec.shape, readout, layout);
    submitCommands(device, [commands.finish()]);
  });
  return parseBeamReadout(await readBuffer(device, readout, offsets.total), layout, spec.parse);
}
