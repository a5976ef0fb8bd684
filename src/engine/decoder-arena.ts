/**
 * The decoder's working buffers for one shape (N rows, T source positions, steps) and the plans
 * that do not depend on a particular call: made once, reused by every decode of that shape.
 *
 * Buffers (f32 unless said):
 *   stepTable            StepInfo per step (src/gpu/step-table.ts)
 *   history  u32         [(steps+1) × N] tokens: [0] = bos, step t reads [t], greedy writes [t+1]
 *   state                [2 parities][slots][L][N][H] (shaders/cell_update.wgsl)
 *   hTop                 [N × H] new h of the top layer
 *   attentional          [N × H] h̃ = tanh(W_out [c ; h] + b_out), the next step's input feed
 *   cat                  [N × 2H] [c ; h] (attention)
 *   query                [N × H] W_q h + b_q (additive)
 *   keys                 [B × T × H] enc·W_in (general) or enc·W_cᵀ (additive), once per batch
 *   alignments           [steps × N × T] α per step (attention, when the call asks for it), else
 *                        [N × T] scratch rewritten every step, addressed through a step table of zeros
 *   logits               [N × V] generator output of the current step
 */
import { GpuError } from '../errors.ts';
import { createStorageBuffer, createTrackedBuffer } from '../gpu/buffers.ts';
import type { DecoderWeightBuffers } from '../gpu/decoder-weights.ts';
import type { KernelPipeline } from '../gpu/kernel.ts';
import { type DecoderCellPipelines, planDecoderLayers } from '../gpu/kernels/decoder-cell.ts';
import { decoderStateLength } from '../gpu/kernels/decoder-state.ts';
import type { LogSoftmaxPipelines } from '../gpu/kernels/log-softmax.ts';
import { planMatmul } from '../gpu/kernels/matmul.ts';
import type { Plan } from '../gpu/launch.ts';
import { createStepTable } from '../gpu/step-table.ts';

export interface DecoderShape {
  /** N = B · K. */
  readonly rows: number;
  /** K: rows of one sentence (beams); 1 for greedy and teacher forcing. */
  readonly rowsPerSentence: number;
  /** T: source positions per sentence in the encoder buffers (their row stride). */
  readonly maxLength: number;
  /** Decoder steps the arena can record. */
  readonly steps: number;
  /** Keep α of every step (attention output asked for); otherwise only the current step's. */
  readonly alignments: boolean;
}

export function shapeKey(shape: DecoderShape): string {
  return `${shape.rows}x${shape.rowsPerSentence}x${shape.maxLength}x${shape.steps}${shape.alignments ? 'a' : ''}`;
}

/** Pipelines compiled once per decoder (src/engine/decoder.ts prepares them). */
export interface DecoderPipelines {
  /** Matmul without activation, and with tanh (attention only). */
  readonly matmul: { readonly none: KernelPipeline; readonly tanh?: KernelPipeline };
  /** The recurrent layers: layer 0's input gather, the gate projections, the cell update. */
  readonly cells: DecoderCellPipelines;
  readonly init: KernelPipeline;
  readonly attention?: KernelPipeline;
  /** Log-prob rows (teacher forcing) and the greedy choice. */
  readonly softmax: LogSoftmaxPipelines;
}

/** Buffers and plans to destroy together. */
export class Resources {
  private readonly items: { destroy(): void }[] = [];

  add<T extends { destroy(): void }>(item: T): T {
    this.items.push(item);
    return item;
  }

  buffer(device: GPUDevice, label: string, data: Float32Array | Uint32Array | number): GPUBuffer {
    return this.add(createStorageBuffer(device, label, data));
  }

  destroy(): void {
    for (const item of this.items.splice(0).reverse()) item.destroy();
  }
}

export class DecoderArena {
  readonly stepTable: GPUBuffer;
  readonly history: GPUBuffer;
  readonly state: GPUBuffer;
  readonly hTop: GPUBuffer;
  readonly attentional: GPUBuffer;
  readonly cat?: GPUBuffer;
  readonly query?: GPUBuffer;
  readonly keys?: GPUBuffer;
  /** [steps × N × T] with shape.alignments, else [N × T] (see attentionStepTable). */
  readonly alignments?: GPUBuffer;
  /**
   * The step table the attention kernel is bound with: the arena's own when α is kept per step;
   * else one whose every entry says t = 0, so each step writes the single-step scratch.
   */
  readonly attentionStepTable: GPUBuffer;
  readonly logits: GPUBuffer;
  /** The recurrent layers of a step (src/gpu/kernels/decoder-cell.ts). */
  readonly layersPlan: Plan;
  /** additive: q = W_q h_top + b_q. */
  readonly queryPlan?: Plan;
  /** h̃ = tanh(W_out [c ; h] + b_out). */
  readonly attentionalPlan?: Plan;
  /** logits = o · W_genᵀ + b_gen. */
  readonly generatorPlan: Plan;
  private readonly resources = new Resources();
  private readonly lazy = new Map<string, unknown>();

  constructor(
    readonly device: GPUDevice,
    readonly weights: DecoderWeightBuffers,
    readonly pipelines: DecoderPipelines,
    readonly shape: DecoderShape,
  ) {
    const { config } = weights;
    const H = config.hidden_size;
    const N = shape.rows;
    const T = shape.maxLength;
    const B = N / shape.rowsPerSentence;
    const label = (name: string) => `decoder ${name} (${shapeKey(shape)})`;
    const r = this.resources;
    try {
      this.stepTable = r.add(createStepTable(device, shape.steps));
      this.history = r.buffer(device, label('history'), (shape.steps + 1) * N * 4);
      this.state = r.buffer(device, label('state'), decoderStateLength(config.cell, config.num_layers, N, H) * 4);
      this.hTop = r.buffer(device, label('h_top'), N * H * 4);
      this.attentional = r.buffer(device, label('attentional hidden'), N * H * 4);
      this.logits = r.buffer(device, label('logits'), N * config.tgt_vocab_size * 4);
      if (config.attention !== 'none') {
        this.cat = r.buffer(device, label('[c ; h]'), N * 2 * H * 4);
        const alignmentSteps = shape.alignments ? shape.steps : 1;
        this.alignments = r.buffer(device, label('alignments'), alignmentSteps * N * T * 4);
        if (config.attention !== 'dot') this.keys = r.buffer(device, label('attention keys'), B * T * H * 4);
        if (config.attention === 'additive') this.query = r.buffer(device, label('attention query'), N * H * 4);
      }
      // A new buffer is zero-filled: every entry reads t = 0.
      this.attentionStepTable = shape.alignments
        ? this.stepTable
        : r.add(
            createTrackedBuffer(device, {
              label: label('attention step table'),
              size: this.stepTable.size,
              usage: GPUBufferUsage.UNIFORM,
            }),
          );
      this.layersPlan = r.add(
        planDecoderLayers(device, pipelines.cells, {
          rows: N,
          hidden: H,
          embedding: config.embedding_dim,
          vocab: config.tgt_vocab_size,
          layers: weights.layers,
          history: this.history,
          embeddingTable: weights.embedding,
          feed: this.attentional,
          state: this.state,
          hTop: this.hTop,
          stepTable: this.stepTable,
        }),
      );
      const attention = weights.attention;
      if (attention && this.cat) {
        const tanh = pipelines.matmul.tanh;
        if (!tanh) throw new GpuError('decoder: attention needs the tanh matmul pipeline');
        if (this.query && attention.linearQuery && attention.linearQueryBias) {
          this.queryPlan = r.add(
            planMatmul(device, pipelines.matmul.none, {
              label: label('attention query matmul'),
              m: N,
              n: H,
              k: H,
              a: { buffer: this.hTop },
              b: { buffer: attention.linearQuery },
              bias: { buffer: attention.linearQueryBias },
              c: { buffer: this.query },
            }),
          );
        }
        this.attentionalPlan = r.add(
          planMatmul(device, tanh, {
            label: label('attentional hidden matmul'),
            m: N,
            n: H,
            k: 2 * H,
            a: { buffer: this.cat },
            b: { buffer: attention.linearOut },
            bias: { buffer: attention.linearOutBias },
            c: { buffer: this.attentional },
          }),
        );
      }
      this.generatorPlan = r.add(
        planMatmul(device, pipelines.matmul.none, {
          label: label('generator matmul'),
          m: N,
          n: config.tgt_vocab_size,
          k: H,
          a: { buffer: this.output },
          b: { buffer: weights.generator },
          bias: { buffer: weights.generatorBias },
          c: { buffer: this.logits },
        }),
      );
    } catch (error) {
      r.destroy();
      throw error;
    }
  }

  /** o_t, the generator's input: h̃ with attention, else the top layer's h. */
  get output(): GPUBuffer {
    return this.weights.attention ? this.attentional : this.hTop;
  }

  /** A part made on first use and destroyed with the arena. */
  part<T extends { destroy(): void }>(name: string, make: (resources: Resources) => T): T {
    let value = this.lazy.get(name) as T | undefined;
    if (!value) {
      value = this.resources.add(make(this.resources));
      this.lazy.set(name, value);
    }
    return value;
  }

  /** Records one decoder step up to the logits: cells, query, attention, W_out, generator. */
  recordStep(pass: GPUComputePassEncoder, t: number, attentionPlan: Plan | undefined): void {
    this.layersPlan.record(pass, t);
    this.queryPlan?.record(pass);
    attentionPlan?.record(pass, t);
    this.attentionalPlan?.record(pass);
    this.generatorPlan.record(pass);
  }

  destroy(): void {
    this.lazy.clear();
    this.resources.destroy();
  }
}

/** A plain buffer to read back from, with copy destination usage. */
export function createReadoutBuffer(device: GPUDevice, label: string, byteLength: number): GPUBuffer {
  return createTrackedBuffer(device, {
    label,
    size: Math.max(4, Math.ceil(byteLength / 4) * 4),
    usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
}
