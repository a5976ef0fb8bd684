/**
 * The GPU encoder: records a whole encode (docs/model-format.md) into one command buffer, submitted once.
 *
 *   embedding gather                      ids [B·T] → x [B·T × E]
 *   per layer l:
 *     one matmul                          P = x · [W_ih fwd ; W_ih bwd]ᵀ + b_ih   [B·T × dirs·G·Hd]
 *     T fused steps (t = 0..T−1)          all_h_l / all_c (and final states on each last step)
 *     x = all_h_l for the next layer
 *
 * Every buffer lives in an arena sized once per (B, T) and reused for batches that fit; nothing is
 * read back: the outputs and final states stay resident for the decoder (EncoderResultBuffers),
 * and readEncoderResults copies them to the host for the `encode` command.
 */
import type { EncodeResult } from '../model/results.ts';
import { checkSource } from '../model/validate.ts';
import { GpuError, InputError, UnrollError } from '../errors.ts';
import type { RnnModel } from '../model/model.ts';
import { createStorageBuffer, readFloat32, submitCommands, withErrorScopes } from '../gpu/buffers.ts';
import { uploadEncoderWeights, type EncoderWeightBuffers } from '../gpu/encoder-weights.ts';
import type { KernelPipeline } from '../gpu/kernel.ts';
import { planEmbedding, prepareEmbedding } from '../gpu/kernels/embedding.ts';
import { planMatmul, prepareMatmul } from '../gpu/kernels/matmul.ts';
import { planRnnStep, prepareRnnStep } from '../gpu/kernels/rnn-step.ts';
import type { Plan } from '../gpu/launch.ts';
import type { BufferLimits } from '../gpu/limits.ts';
import { createStepTable } from '../gpu/step-table.ts';
import type { EncoderResultBuffers } from './encoder-result.ts';

export type { EncoderResultBuffers } from './encoder-result.ts';

/** Buffers of one arena capacity (batch × maxLength); a batch that fits reuses them. */
interface EncoderArena {
  readonly batch: number;
  readonly maxLength: number;
  /** u32 [B·T] source ids, padded with pad_id. */
  readonly ids: GPUBuffer;
  /** u32 [B]. */
  readonly lengths: GPUBuffer;
  /** f32 [B·T × E]: the embedded sources. */
  readonly embedded: GPUBuffer;
  /** f32 [B·T × dirs·G·Hd]: the input projection of the layer being run (layers reuse it in turn). */
  readonly projection: GPUBuffer;
  /** Per layer, f32 [B × T × H]: that layer's outputs, the next layer's input. */
  readonly allH: readonly GPUBuffer[];
  /** f32 [B × T × H] (LSTM only): cell states of the layer being run. */
  readonly allC?: GPUBuffer;
  /** f32 [L × B × H]. */
  readonly finalH: GPUBuffer;
  readonly finalC?: GPUBuffer;
  /** T entries. */
  readonly stepTable: GPUBuffer;
  readonly buffers: readonly GPUBuffer[];
}

/** The plans of one batch shape, bound to one arena: replayed while the shape stays the same. */
interface EncoderPlans {
  readonly batch: number;
  readonly maxLength: number;
  readonly embedding: Plan;
  readonly projections: readonly Plan[];
  readonly steps: readonly Plan[];
}

export class GpuEncoder {
  private arena: EncoderArena | undefined;
  private plans: EncoderPlans | undefined;
  private disposed = false;
  private busy = false;
  /** When set, the arena grows past a call's shape only while its buffers stay within these. */
  bufferLimits: BufferLimits | undefined;

  private constructor(
    readonly device: GPUDevice,
    readonly model: RnnModel,
    readonly weights: EncoderWeightBuffers,
    private readonly embeddingPipeline: KernelPipeline,
    private readonly matmulPipeline: KernelPipeline,
  ) {}

  /**
   * Uploads the encoder weights and compiles the pipelines of the model's cell type. The step's
   * pipeline depends on the batch size (its row block): those of `stepBatches` compile here, any
   * other at the first encode that needs it, so a load pays only for the batch sizes asked for.
   */
  static async create(
    device: GPUDevice,
    model: RnnModel,
    options: { stepBatches?: readonly number[] } = {},
  ): Promise<GpuEncoder> {
    let uploaded: EncoderWeightBuffers | undefined;
    const weights = await withErrorScopes(device, 'encoder: uploading weights', () => {
      uploaded = uploadEncoderWeights(device, model);
      return uploaded;
    }).catch((error: unknown) => {
      // A validation or out-of-memory error is reported after the upload returned its buffers.
      uploaded?.dispose();
      throw error;
    });
    try {
      const cell = model.config.cell;
      const [embedding, matmul] = await withErrorScopes(device, 'encoder: compiling pipelines', () =>
        Promise.all([
          prepareEmbedding(device),
          prepareMatmul(device),
          ...(options.stepBatches ?? []).map((batch) => prepareRnnStep(device, cell, batch)),
        ]),
      );
      return new GpuEncoder(device, model, weights, embedding.plain, matmul);
    } catch (error) {
      weights.dispose();
      throw error;
    }
  }

  /** The arena's capacity (0 × 0 before the first encode), for tests of its reuse. */
  get capacity(): { batch: number; maxLength: number } {
    return { batch: this.arena?.batch ?? 0, maxLength: this.arena?.maxLength ?? 0 };
  }

  /**
   * Encodes a batch of non-empty sources with one submit and no readback. The returned buffers
   * belong to the arena: valid until the next encode or dispose().
   */
  async encode(sources: readonly (readonly number[])[]): Promise<EncoderResultBuffers> {
    if (this.disposed) throw new UnrollError('disposed', 'the GPU encoder was disposed');
    // A second encode could resize the arena between the stages of the first and interleave its
    // error scopes: overlapping calls are refused rather than queued (the runner queues every call).
    if (this.busy) throw new GpuError('encoder: an encode is already running; calls must not overlap');
    this.busy = true;
    try {
      return await this.encodeNow(sources);
    } finally {
      this.busy = false;
    }
  }

  private async encodeNow(sources: readonly (readonly number[])[]): Promise<EncoderResultBuffers> {
    const config = this.model.config;
    if (sources.length === 0) throw new InputError('encoder: a batch needs at least one source sentence');
    sources.forEach((source, i) => checkSource(source, config.src_vocab_size, `source sentence ${i}`));
    const batch = sources.length;
    const lengths = sources.map((source) => source.length);
    const maxLength = Math.max(...lengths);

    const arena = await withErrorScopes(this.device, 'encoder: sizing the arena', () =>
      this.arenaFor(batch, maxLength),
    );
    const stepPipeline = await withErrorScopes(this.device, 'encoder: compiling the step pipeline', () =>
      prepareRnnStep(this.device, config.cell, batch),
    );
    const plans = await withErrorScopes(this.device, 'encoder: planning the dispatches', () =>
      this.plansFor(arena, batch, maxLength, stepPipeline),
    );
    await withErrorScopes(this.device, 'encoder: recording and submitting', () => {
      const ids = new Uint32Array(batch * maxLength).fill(config.pad_id);
      sources.forEach((source, b) => ids.set(source, b * maxLength));
      this.device.queue.writeBuffer(arena.ids, 0, ids);
      this.device.queue.writeBuffer(arena.lengths, 0, Uint32Array.from(lengths));
      const commands = this.device.createCommandEncoder({ label: `encoder ${batch}×${maxLength}` });
      const pass = commands.beginComputePass({ label: `encoder ${batch}×${maxLength}` });
      plans.embedding.record(pass);
      plans.steps.forEach((stepPlan, layer) => {
        plans.projections[layer].record(pass);
        for (let t = 0; t < maxLength; t++) stepPlan.record(pass, t);
      });
      pass.end();
      submitCommands(this.device, [commands.finish()]);
    });
    return {
      outputs: arena.allH[arena.allH.length - 1],
      finalH: arena.finalH,
      finalC: arena.finalC,
      lengths: arena.lengths,
      batch,
      maxLength,
      sourceLengths: lengths,
    };
  }

  /** Destroys the arena, its plans and the weights; idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.releaseArena();
    this.weights.dispose();
  }

  private arenaFor(batch: number, maxLength: number): EncoderArena {
    const current = this.arena;
    if (current && batch <= current.batch && maxLength <= current.maxLength) return current;
    // Grow to cover both the old and the new shape, so alternating shapes do not reallocate.
    let capacityBatch = Math.max(batch, current?.batch ?? 0);
    let capacityLength = Math.max(maxLength, current?.maxLength ?? 0);
    if (!this.fits(capacityBatch, capacityLength)) {
      // A batch split to fit the limits must not grow back past them: exactly this shape.
      capacityBatch = batch;
      capacityLength = maxLength;
    }
    this.releaseArena();
    this.arena = this.allocateArena(capacityBatch, capacityLength);
    return this.arena;
  }

  private fits(batch: number, maxLength: number): boolean {
    if (!this.bufferLimits) return true;
    const { weights } = this;
    const width = Math.max(weights.embeddingDim, weights.directions * weights.gates * weights.units, weights.hidden);
    const bytes = batch * maxLength * width * 4;
    return bytes <= this.bufferLimits.maxBufferSize && bytes <= this.bufferLimits.maxStorageBufferBindingSize;
  }

  private allocateArena(batch: number, maxLength: number): EncoderArena {
    const { weights, device } = this;
    const lstm = weights.cell === 'lstm';
    const rows = batch * maxLength;
    const layers = weights.layers.length;
    const buffers: GPUBuffer[] = [];
    const storage = (label: string, elements: number) => {
      const buffer = createStorageBuffer(device, `encoder ${label}`, elements * 4);
      buffers.push(buffer);
      return buffer;
    };
    try {
      const stepTable = createStepTable(device, maxLength);
      buffers.push(stepTable);
      return {
        batch,
        maxLength,
        ids: storage('ids', rows),
        lengths: storage('lengths', batch),
        embedded: storage('embedded', rows * weights.embeddingDim),
        projection: storage('projection', rows * weights.directions * weights.gates * weights.units),
        allH: weights.layers.map((_, layer) => storage(`layer ${layer} all_h`, rows * weights.hidden)),
        allC: lstm ? storage('all_c', rows * weights.hidden) : undefined,
        finalH: storage('final h', layers * batch * weights.hidden),
        finalC: lstm ? storage('final c', layers * batch * weights.hidden) : undefined,
        stepTable,
        buffers,
      };
    } catch (error) {
      for (const buffer of buffers) buffer.destroy();
      throw error;
    }
  }

  private plansFor(arena: EncoderArena, batch: number, maxLength: number, stepPipeline: KernelPipeline): EncoderPlans {
    const current = this.plans;
    if (current && current.batch === batch && current.maxLength === maxLength) return current;
    this.releasePlans();
    const { weights } = this;
    const rows = batch * maxLength;
    const projectionWidth = weights.directions * weights.gates * weights.units;
    const made: { destroy(): void }[] = [];
    const keep = <T extends { destroy(): void }>(plan: T): T => {
      made.push(plan);
      return plan;
    };
    try {
      const embedding = keep(
        planEmbedding(this.device, this.embeddingPipeline, {
          rows,
          dim: weights.embeddingDim,
          vocab: weights.vocabSize,
          table: { buffer: weights.embedding },
          ids: { buffer: arena.ids },
          out: { buffer: arena.embedded },
          label: 'encoder embedding',
        }),
      );
      const projections = weights.layers.map((layer, l) =>
        keep(
          planMatmul(this.device, this.matmulPipeline, {
            m: rows,
            n: projectionWidth,
            k: layer.inputSize,
            a: { buffer: l === 0 ? arena.embedded : arena.allH[l - 1] },
            b: { buffer: layer.inputWeights },
            bias: { buffer: layer.inputBias },
            c: { buffer: arena.projection },
            label: `encoder layer ${l} input projection`,
          }),
        ),
      );
      const steps = weights.layers.map((layer, l) =>
        keep(
          planRnnStep(this.device, stepPipeline, {
            batch,
            maxLength,
            units: weights.units,
            directions: weights.directions,
            layer: l,
            lengths: arena.lengths,
            projection: arena.projection,
            hiddenWeightsT: layer.hiddenWeightsT,
            hiddenBias: layer.hiddenBias,
            allH: arena.allH[l],
            allC: arena.allC,
            finalH: arena.finalH,
            finalC: arena.finalC,
            stepTable: arena.stepTable,
            label: `encoder layer ${l} step`,
          }),
        ),
      );
      this.plans = { batch, maxLength, embedding, projections, steps };
      return this.plans;
    } catch (error) {
      for (const plan of made) plan.destroy();
      throw error;
    }
  }

  private releasePlans(): void {
    const plans = this.plans;
    this.plans = undefined;
    if (!plans) return;
    plans.embedding.destroy();
    for (const plan of plans.projections) plan.destroy();
    for (const plan of plans.steps) plan.destroy();
  }

  private releaseArena(): void {
    this.releasePlans();
    const arena = this.arena;
    this.arena = undefined;
    if (arena) for (const buffer of arena.buffers) buffer.destroy();
  }
}

/**
 * Reads an encode's outputs and final states back into the EncodeResult shape of src/engine/runner.ts:
 * per sentence, S output rows and L state rows of width H (c for LSTM). Two or three readbacks.
 */
export async function readEncoderResults(
  device: GPUDevice,
  result: EncoderResultBuffers,
  layers: number,
  hidden: number,
): Promise<EncodeResult[]> {
  const { batch, maxLength, sourceLengths } = result;
  const outputs = await readFloat32(device, result.outputs, batch * maxLength * hidden);
  const finalH = await readFloat32(device, result.finalH, layers * batch * hidden);
  const finalC = result.finalC ? await readFloat32(device, result.finalC, layers * batch * hidden) : undefined;
  const row = (data: Float32Array, index: number) => data.slice(index * hidden, (index + 1) * hidden);
  const states = (data: Float32Array, b: number) => Array.from({ length: layers }, (_, l) => row(data, l * batch + b));
  return sourceLengths.map((length, b) => ({
    outputs: Array.from({ length }, (_, s) => row(outputs, b * maxLength + s)),
    h: states(finalH, b),
    ...(finalC ? { c: states(finalC, b) } : {}),
  }));
}
