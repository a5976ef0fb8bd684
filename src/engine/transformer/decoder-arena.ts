/**
 * The Transformer decoder's buffers for one call shape, and the plans of one call.
 *
 * Buffers (f32 unless said), N = B·K rows, C = steps the arena can record, T = source stride:
 *   stepTable        StepInfo per step
 *   history  u32     [(C+1) × N] tokens: [0] = bos, step t embeds [t] at position t
 *   x, other, normed, tmp, attended, crossQuery, top   [N × D]; qkv [N × 3D]; hidden [N × F]
 *   keys[l], values[l]   [N × C × D] per layer: the self-attention cache, row n's position p at
 *                        (n·C + p)·D. Appended in place each step (kv-cache.ts); beam search
 *                        reorders rows 0..t after every step (kv-reorder.ts), so row n always
 *                        holds the cache of the hypothesis in slot n.
 *   crossKV          [L × B × T × 2D]: per layer, [k ; v] of the memory, projected once per call
 *   alignments       [C × N × T] last layer's cross-attention averaged over heads (kept when the call
 *                    returns it, aligns with it or sums it into the coverage)
 *   logits           [N × V]
 */
import { Resources } from '../decoder-arena.ts';
import { createStepTable } from '../../gpu/step-table.ts';
import { planEmbedPositions } from '../../gpu/kernels/embed-positions.ts';
import { planKvAppend } from '../../gpu/kernels/kv-cache.ts';
import { planMha } from '../../gpu/kernels/mha.ts';
import type { TransformerWeightBuffers } from '../../gpu/transformer-weights.ts';
import type { TransformerMemoryBuffers } from './encoder.ts';
import { LayerPlans } from './layer-plans.ts';
import type { TransformerPipelines } from './pipelines.ts';

export interface TransformerDecoderShape {
  /** N = B · K. */
  readonly rows: number;
  /** K: beams per sentence (1 for greedy and teacher forcing). */
  readonly rowsPerSentence: number;
  /** T: the encoder memory's rows per sentence. */
  readonly maxLength: number;
  /** C: decoder steps (and cache positions per row). */
  readonly steps: number;
  /** Keep the last layer's cross-attention of every step. */
  readonly alignments: boolean;
}

export function transformerShapeKey(shape: TransformerDecoderShape): string {
  return `${shape.rows}x${shape.rowsPerSentence}x${shape.maxLength}x${shape.steps}${shape.alignments ? 'a' : ''}`;
}

export class TransformerDecoderArena {
  readonly resources = new Resources();
  readonly stepTable: GPUBuffer;
  readonly history: GPUBuffer;
  readonly x: GPUBuffer;
  readonly other: GPUBuffer;
  readonly normed: GPUBuffer;
  readonly tmp: GPUBuffer;
  readonly qkv: GPUBuffer;
  readonly attended: GPUBuffer;
  readonly crossQuery: GPUBuffer;
  readonly hidden: GPUBuffer;
  readonly top?: GPUBuffer;
  readonly keys: readonly GPUBuffer[];
  readonly values: readonly GPUBuffer[];
  readonly crossKV: GPUBuffer;
  readonly alignments?: GPUBuffer;
  readonly logits: GPUBuffer;
  private readonly lazy = new Map<string, unknown>();

  constructor(
    readonly device: GPUDevice,
    readonly weights: TransformerWeightBuffers,
    readonly shape: TransformerDecoderShape,
  ) {
    const config = weights.config;
    const D = config.d_model;
    const N = shape.rows;
    const C = shape.steps;
    const B = N / shape.rowsPerSentence;
    const T = shape.maxLength;
    const L = config.decoder_layers;
    const r = this.resources;
    const buffer = (name: string, words: number) =>
      r.buffer(device, `transformer decoder ${name} (${transformerShapeKey(shape)})`, words * 4);
    try {
      this.stepTable = r.add(createStepTable(device, C));
      this.history = buffer('history', (C + 1) * N);
      this.x = buffer('x', N * D);
      this.other = buffer('x (other)', N * D);
      this.normed = buffer('normed', N * D);
      this.tmp = buffer('sublayer output', N * D);
      this.qkv = buffer('qkv', N * 3 * D);
      this.attended = buffer('attention', N * D);
      this.crossQuery = buffer('cross-attention query', N * D);
      this.hidden = buffer('ff hidden', N * config.ffn_dim);
      if (weights.decoderNorm) this.top = buffer('top', N * D);
      this.keys = Array.from({ length: L }, (_, l) => buffer(`layer ${l} key cache`, N * C * D));
      this.values = Array.from({ length: L }, (_, l) => buffer(`layer ${l} value cache`, N * C * D));
      this.crossKV = buffer('cross-attention keys and values', L * B * T * 2 * D);
      if (shape.alignments) this.alignments = buffer('alignments', C * N * T);
      this.logits = buffer('logits', N * config.tgt_vocab_size);
    } catch (error) {
      r.destroy();
      throw error;
    }
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

  destroy(): void {
    this.lazy.clear();
    this.resources.destroy();
  }
}

/** The plans of one call: the memory's k/v projection (once) and one decoder step up to the logits. */
export interface DecoderCallPlans {
  /** Recorded once before step 0. */
  start: LayerPlans;
  /** Recorded for every step t. */
  step: LayerPlans;
  destroy(): void;
}

export function planDecoderCall(
  arena: TransformerDecoderArena,
  pipelines: TransformerPipelines,
  memory: TransformerMemoryBuffers,
): DecoderCallPlans {
  const { device, weights, shape } = arena;
  const config = weights.config;
  const D = config.d_model;
  const N = shape.rows;
  const K = shape.rowsPerSentence;
  const T = shape.maxLength;
  const C = shape.steps;
  const BT = memory.batch * T;
  const L = weights.decoderLayers.length;
  const residual = { x: arena.x, other: arena.other, normed: arena.normed, tmp: arena.tmp };
  const start = new LayerPlans(device, pipelines, config, BT, residual, 'transformer decoder');
  const step = new LayerPlans(device, pipelines, config, N, residual, 'transformer decoder');
  try {
    // k and v of the memory for every layer: rows D..3D of multihead_attn's in_proj.
    weights.decoderLayers.forEach((layer, l) => {
      start.linear(
        `layer ${l} cross-attention k/v`,
        { buffer: memory.memory },
        D,
        2 * D,
        layer.crossInProj,
        { buffer: arena.crossKV, offset: l * BT * 2 * D },
        { rowOffset: D },
      );
    });
    step.add(
      planEmbedPositions(device, pipelines.embed, {
        label: 'transformer decoder embeddings',
        rows: N,
        width: D,
        tokens: { buffer: arena.history },
        embedding: weights.decoderEmbedding,
        vocab: config.tgt_vocab_size,
        positions: weights.decoderPositions,
        maxPositions: config.max_positions,
        scale: config.scale_embeddings ? Math.sqrt(D) : 1,
        out: { buffer: arena.x },
        position: { kind: 'step', stepTable: arena.stepTable },
      }),
    );
    weights.decoderLayers.forEach((layer, l) => {
      step.sublayer(`layer ${l} self-attention`, layer.norm1, (input) => {
        step.linear(`layer ${l} self in_proj`, { buffer: input }, D, 3 * D, layer.selfInProj, { buffer: arena.qkv });
        step.add(
          planKvAppend(device, pipelines.kvAppend, {
            label: `transformer decoder layer ${l} kv append`,
            rows: N,
            width: D,
            capacity: C,
            k: { buffer: arena.qkv, offset: D, stride: 3 * D },
            v: { buffer: arena.qkv, offset: 2 * D, stride: 3 * D },
            kCache: arena.keys[l],
            vCache: arena.values[l],
            stepTable: arena.stepTable,
          }),
        );
        step.add(
          planMha(device, pipelines.mha, {
            label: `transformer decoder layer ${l} self-attention`,
            rows: N,
            width: D,
            heads: config.num_heads,
            q: { buffer: arena.qkv, offset: 0, stride: 3 * D },
            k: { buffer: arena.keys[l] },
            v: { buffer: arena.values[l] },
            out: { buffer: arena.attended },
            keys: { kind: 'causal', keyRowsPerQuery: C, stepTable: arena.stepTable },
          }),
        );
        return {
          a: { buffer: arena.attended },
          inputs: D,
          linear: layer.selfOutProj,
          label: `layer ${l} self out_proj`,
        };
      });
      step.sublayer(`layer ${l} cross-attention`, layer.norm2, (input) => {
        step.linear(`layer ${l} cross q`, { buffer: input }, D, D, layer.crossInProj, { buffer: arena.crossQuery });
        const last = l === L - 1;
        step.add(
          planMha(device, pipelines.mha, {
            label: `transformer decoder layer ${l} cross-attention`,
            rows: N,
            width: D,
            heads: config.num_heads,
            q: { buffer: arena.crossQuery },
            k: { buffer: arena.crossKV, offset: l * BT * 2 * D, stride: 2 * D },
            v: { buffer: arena.crossKV, offset: l * BT * 2 * D + D, stride: 2 * D },
            out: { buffer: arena.attended },
            keys: { kind: 'blocks', queryRowsPerBlock: K, keyRowsPerBlock: T, lengths: memory.lengths },
            weights:
              last && arena.alignments
                ? { buffer: arena.alignments, stride: T, stepTable: arena.stepTable }
                : undefined,
          }),
        );
        return {
          a: { buffer: arena.attended },
          inputs: D,
          linear: layer.crossOutProj,
          label: `layer ${l} cross out_proj`,
        };
      });
      step.feedForward(`layer ${l} feed-forward`, layer.norm3, layer, arena.hidden);
    });
    let top = step.x;
    if (weights.decoderNorm && arena.top) {
      step.norm('final norm', weights.decoderNorm, step.x, undefined, arena.top);
      top = arena.top;
    }
    step.linear('generator', { buffer: top }, D, config.tgt_vocab_size, weights.generator, { buffer: arena.logits });
  } catch (error) {
    start.destroy();
    step.destroy();
    throw error;
  }
  return {
    start,
    step,
    destroy() {
      start.destroy();
      step.destroy();
    },
  };
}
