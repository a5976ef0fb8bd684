/**
 * The GPU decoder: the decoder's weights and pipelines, arenas of buffers per call shape, and the
 * plans bound to one call's encoder results. Teacher forcing records every step in one submit and
 * reads the log-probs once; greedy decoding (src/engine/greedy.ts) and beam search
 * (src/engine/beam-search.ts) record chunks of steps with no readback per step.
 *
 * Per step it records L fused cell dispatches, (additive) the query matmul, the attention kernel,
 * the attentional-hidden matmul, the generator matmul, then the log-prob rows (teacher forcing),
 * the greedy choice or the beam search's dispatches.
 */ import type { DecodeOptions } from '../model/decoding.ts';
import type { Hypothesis } from '../model/results.ts';
import { checkIds } from '../model/validate.ts';
import { checkDecodeOptions } from '../model/decoding.ts';
import { GpuError, InputError, UnrollError } from '../errors.ts';
import { readFloat32, submitCommands, withErrorScopes } from '../gpu/buffers.ts';
import { type DecoderWeightBuffers, uploadDecoderWeights } from '../gpu/decoder-weights.ts';
import { planAttention, prepareAttention } from '../gpu/kernels/attention.ts';
import { prepareBeamPipelines } from '../gpu/kernels/beam-search.ts';
import { prepareDecoderCells } from '../gpu/kernels/decoder-cell.ts';
import { planDecoderInit, prepareDecoderInit } from '../gpu/kernels/decoder-init.ts';
import { planLogSoftmaxRows, prepareLogSoftmax } from '../gpu/kernels/log-softmax.ts';
import { planMatmul, prepareMatmul } from '../gpu/kernels/matmul.ts';
import { prepareStepGate } from '../gpu/kernels/step-gate.ts';
import type { Plan } from '../gpu/launch.ts';
import type { RnnConfig } from '../model/config.ts';
import type { RnnModel } from '../model/model.ts';
import { DecoderArena, type DecoderPipelines, type DecoderShape, Resources, shapeKey } from './decoder-arena.ts';
import { beamSearchOnGpu } from './beam-search.ts';
import { greedyOnGpu, type PreparedDecodeCall } from './greedy.ts';
import type { EncoderResultBuffers } from './encoder-result.ts';
import type { ProgressListener } from './runner.ts';

/** Arenas kept per decoder (one per recent shape); the oldest is destroyed past this. */
const KEPT_ARENAS = 4;

export interface GpuDecoderOptions {
  /** Submit the next greedy chunk before reading the finished flags of the last one. Default false. */
  speculativeChunks?: boolean;
  /** Vocabulary entries each beam-search workgroup ranks (src/engine/beam-search.ts); default 1024. */
  beamSliceWidth?: number;
}

/** Plans bound to one call's encoder buffers. */
interface CallPlans {
  init: Plan;
  keys?: Plan;
  attention?: Plan;
}

export class GpuDecoder {
  private readonly arenas = new Map<string, DecoderArena>();
  private disposed = false;
  private busy = false;

  private constructor(
    readonly device: GPUDevice,
    readonly model: RnnModel,
    private readonly weights: DecoderWeightBuffers,
    private readonly pipelines: DecoderPipelines,
    private readonly options: GpuDecoderOptions,
  ) {}

  /** Uploads the decoder's weights and compiles its pipelines. */
  static async create(device: GPUDevice, model: RnnModel, options: GpuDecoderOptions = {}): Promise<GpuDecoder> {
    const { config } = model;
    let uploaded: DecoderWeightBuffers | undefined;
    const weights = await withErrorScopes(device, 'decoder: uploading weights', () => {
      uploaded = uploadDecoderWeights(device, model);
      return uploaded;
    }).catch((error: unknown) => {
      // A validation or out-of-memory error is reported after the upload returned its buffers.
      uploaded?.dispose();
      throw error;
    });
    try {
      const kind = config.attention;
      // The step gate is compiled here too: every search records it.
      const [init, attention, matmul, matmulTanh, softmax, , cells] = await Promise.all([
        prepareDecoderInit(device),
        kind === 'none' ? undefined : prepareAttention(device, kind),
        prepareMatmul(device),
        kind === 'none' ? undefined : prepareMatmul(device, 'tanh'),
        prepareLogSoftmax(device),
        prepareStepGate(device),
        prepareDecoderCells(device, config.cell),
      ]);
      const pipelines: DecoderPipelines = {
        matmul: { none: matmul, tanh: matmulTanh },
        cells,
        init,
        attention,
        softmax,
      };
      return new GpuDecoder(device, model, weights, pipelines, { ...options });
    } catch (error) {
      weights.dispose();
      throw error;
    }
  }

  /**
   * Full log-prob rows (V wide, unmasked) of every teacher-forced step: targets[i].length + 1
   * steps per sentence, the last predicting EOS. One submit, one readback.
   */
  teacherForce(encoder: EncoderResultBuffers, targets: readonly (readonly number[])[]): Promise<Float32Array[][]> {
    return this.exclusive(async () => {
      const { config } = this.model;
      if (targets.length !== encoder.batch) {
        throw new InputError(`${encoder.batch} encoded sentences but ${targets.length} targets`);
      }
      targets.forEach((target, i) => checkIds(target, config.tgt_vocab_size, `target sentence ${i}`));
      checkEncoderBuffers(encoder, config);
      const N = encoder.batch;
      const V = config.tgt_vocab_size;
      const steps = Math.max(...targets.map((target) => target.length)) + 1;
      const history = new Uint32Array((steps + 1) * N);
      targets.forEach((target, n) => {
        for (let t = 0; t <= steps; t++) {
          // Past a sentence's own steps any valid id will do: those rows are computed and dropped.
          history[t * N + n] = t === 0 ? config.bos_id : (target[t - 1] ?? config.eos_id);
        }
      });
      const calls = new Resources();
      try {
        const { arena, teacher, plans } = await withErrorScopes(this.device, 'teacher forcing setup', () => {
          const arena = this.arena({
            rows: N,
            rowsPerSentence: 1,
            maxLength: encoder.maxLength,
            steps,
            alignments: false,
          });
          const teacher = arena.part('teacher forcing', (resources) => {
            const logProbs = resources.buffer(this.device, 'decoder teacher-forced log-probs', steps * N * V * 4);
            const rows = planLogSoftmaxRows(this.device, this.pipelines.softmax.rows, {
              label: 'decoder log-prob rows',
              rows: N,
              vocab: V,
              logits: { buffer: arena.logits },
              out: { buffer: logProbs },
              stepTable: arena.stepTable,
            });
            return { logProbs, rows, destroy: () => rows.destroy() };
          });
          return { arena, teacher, plans: this.planCall(arena, encoder, calls) };
        });
        await withErrorScopes(this.device, `teacher forcing ${steps} steps of ${N} sentences`, () => {
          this.device.queue.writeBuffer(arena.history, 0, history);
          const commands = this.device.createCommandEncoder({ label: 'teacher forcing' });
          commands.clearBuffer(arena.attentional);
          const pass = commands.beginComputePass({ label: 'teacher forcing' });
          recordStart(pass, plans);
          for (let t = 0; t < steps; t++) {
            arena.recordStep(pass, t, plans.attention);
            teacher.rows.record(pass, t);
          }
          pass.end();
          submitCommands(this.device, [commands.finish()]);
        });
        const logProbs = await readFloat32(this.device, teacher.logProbs, steps * N * V);
        return targets.map((target, n) =>
          Array.from({ length: target.length + 1 }, (_, t) => logProbs.slice((t * N + n) * V, (t * N + n + 1) * V)),
        );
      } finally {
        calls.destroy();
      }
    });
  }

  /**
   * Greedy decoding of every encoded sentence (docs/decoding.md with beam 1): the hypotheses of
   * src/cpu/search/greedy.ts, searched on the GPU (src/engine/greedy.ts).
   */
  async greedy(
    encoder: EncoderResultBuffers,
    options: DecodeOptions = {},
    onProgress?: ProgressListener,
  ): Promise<Hypothesis[]> {
    const checked = checkDecodeOptions(options);
    if ((checked.beam ?? 1) !== 1) throw new InputError(`greedy decoding has beam 1 (got beam ${checked.beam})`);
    return this.exclusive(async () => {
      checkEncoderBuffers(encoder, this.model.config);
      const calls = new Resources();
      try {
        return await greedyOnGpu({
          device: this.device,
          config: this.model.config,
          encoder,
          options: checked,
          greedySelect: this.pipelines.softmax.greedy,
          speculativeChunks: this.options.speculativeChunks ?? false,
          prepare: (shape) => this.prepareCall(shape, encoder, calls),
          resources: calls,
          onProgress,
        });
      } finally {
        calls.destroy();
      }
    });
  }

  /**
   * Beam search of every encoded sentence (docs/decoding.md): the N-best lists of
   * src/cpu/search/beam.ts, best first, searched on the GPU (src/engine/beam-search.ts). Any beam
   * width, 1 included. At most ceil(M / BEAM_CHUNK_STEPS) readbacks for M = the largest maxLength.
   */
  async beamSearch(
    encoder: EncoderResultBuffers,
    options: DecodeOptions = {},
    onProgress?: ProgressListener,
  ): Promise<Hypothesis[][]> {
    const checked = checkDecodeOptions(options);
    return this.exclusive(async () => {
      checkEncoderBuffers(encoder, this.model.config);
      // Compiled on the first beam search only: greedy decoding never pays for them.
      const pipelines = await prepareBeamPipelines(this.device, (checked.coveragePenalty ?? 0) > 0);
      const calls = new Resources();
      try {
        return await beamSearchOnGpu({
          device: this.device,
          config: this.model.config,
          encoder,
          options: checked,
          pipelines,
          sliceWidth: this.options.beamSliceWidth,
          prepare: (shape) => this.prepareCall(shape, encoder, calls),
          resources: calls,
          onProgress,
        });
      } finally {
        calls.destroy();
      }
    });
  }

  /** Destroys every buffer: weights, arenas; later calls throw UnrollError('disposed'). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const arena of this.arenas.values()) arena.destroy();
    this.arenas.clear();
    this.weights.dispose();
  }

  /**
   * Runs one call with the decoder to itself: calls share its arenas, so overlapping ones are refused
   * rather than queued (the runner above queues every call, once).
   */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.disposed) throw new UnrollError('disposed', 'the gpu decoder was used after dispose()');
    if (this.busy) throw new GpuError('decoder: a call is already running; calls must not overlap');
    this.busy = true;
    try {
      return await work();
    } finally {
      this.busy = false;
    }
  }

  /** The arena of `shape` and this call's plans, as the searches need them. */
  private prepareCall(shape: DecoderShape, encoder: EncoderResultBuffers, resources: Resources): PreparedDecodeCall {
    const arena = this.arena(shape);
    const plans = this.planCall(arena, encoder, resources);
    return { arena, recordStart: (pass) => recordStart(pass, plans), attention: plans.attention };
  }

  private arena(wanted: DecoderShape): DecoderArena {
    // An arena that keeps α of every step also serves a call of its shape that keeps none.
    const keeping: DecoderShape = { ...wanted, alignments: true };
    const shape = !wanted.alignments && this.arenas.has(shapeKey(keeping)) ? keeping : wanted;
    const key = shapeKey(shape);
    let arena = this.arenas.get(key);
    if (arena) {
      // Most recently used last.
      this.arenas.delete(key);
    } else {
      arena = new DecoderArena(this.device, this.weights, this.pipelines, shape);
      if (this.arenas.size >= KEPT_ARENAS) {
        const [oldestKey, oldest] = this.arenas.entries().next().value as [string, DecoderArena];
        oldest.destroy();
        this.arenas.delete(oldestKey);
      }
    }
    this.arenas.set(key, arena);
    return arena;
  }

  /** The plans bound to this call's encoder buffers: initial states, attention keys, attention. */
  private planCall(arena: DecoderArena, encoder: EncoderResultBuffers, resources: Resources): CallPlans {
    const { config } = this.model;
    const H = config.hidden_size;
    const { rows: N, rowsPerSentence: K, maxLength: T } = arena.shape;
    const B = encoder.batch;
    const init = resources.add(
      planDecoderInit(this.device, this.pipelines.init, {
        rows: N,
        rowsPerSentence: K,
        sentences: B,
        hidden: H,
        layers: config.num_layers,
        cell: config.cell,
        finalH: encoder.finalH,
        finalC: encoder.finalC,
        state: arena.state,
      }),
    );
    const attention = this.weights.attention;
    if (!attention || !this.pipelines.attention || !arena.cat || !arena.alignments) return { init };
    const keyWeights = attention.linearInT ?? attention.linearContext;
    const keys =
      arena.keys && keyWeights
        ? resources.add(
            planMatmul(this.device, this.pipelines.matmul.none, {
              label: 'decoder attention keys matmul',
              m: B * T,
              n: H,
              k: H,
              a: { buffer: encoder.outputs },
              b: { buffer: keyWeights },
              c: { buffer: arena.keys },
            }),
          )
        : undefined;
    const attentionPlan = resources.add(
      planAttention(this.device, this.pipelines.attention, {
        rows: N,
        rowsPerSentence: K,
        hidden: H,
        maxLength: T,
        lengths: encoder.lengths,
        keys: arena.keys ?? encoder.outputs,
        query: arena.query ?? arena.hTop,
        v: attention.v,
        memory: encoder.outputs,
        hTop: arena.hTop,
        cat: arena.cat,
        alignments: arena.alignments,
        alignmentSteps: arena.shape.alignments ? arena.shape.steps : 1,
        stepTable: arena.attentionStepTable,
      }),
    );
    return { init, keys, attention: attentionPlan };
  }
}

/** What every decode records before its first step: initial states and the attention keys. */
function recordStart(pass: GPUComputePassEncoder, plans: CallPlans): void {
  plans.init.record(pass);
  plans.keys?.record(pass);
}

function checkEncoderBuffers(encoder: EncoderResultBuffers, config: RnnConfig): void {
  const { batch: B, maxLength: T } = encoder;
  const { hidden_size: hidden, num_layers: layers } = config;
  if (!Number.isInteger(B) || B < 1 || !Number.isInteger(T) || T < 1) {
    throw new GpuError(`decoder: encoder results of ${B} sentences of up to ${T} positions cannot be decoded`);
  }
  if (encoder.sourceLengths.length !== B) {
    throw new GpuError(
      `decoder: encoder results hold ${B} sentences but ${encoder.sourceLengths.length} source lengths`,
    );
  }
  encoder.sourceLengths.forEach((length, b) => {
    if (!Number.isInteger(length) || length < 1 || length > T) {
      throw new GpuError(`decoder: source length ${length} of sentence ${b} is not within 1..${T}`);
    }
  });
  const needs = (name: string, buffer: GPUBuffer | undefined, floats: number) => {
    if (!buffer) throw new GpuError(`decoder: encoder results lack ${name}`);
    if (buffer.size < floats * 4) {
      throw new GpuError(
        `decoder: encoder ${name} buffer "${buffer.label}" has ${buffer.size} bytes, needs ${floats * 4}`,
      );
    }
  };
  needs('outputs', encoder.outputs, B * T * hidden);
  needs('final h', encoder.finalH, layers * B * hidden);
  if (config.cell === 'lstm') needs('final c', encoder.finalC, layers * B * hidden);
  needs('lengths', encoder.lengths, B);
}
