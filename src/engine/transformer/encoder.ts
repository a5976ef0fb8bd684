/**
 * The Transformer encoder on the GPU, one submit per batch and no readback: B sentences padded to
 * T rows each run as B·T rows through embeddings + positions, L layers (self-attention with the
 * padding mask of the mha kernel's `blocks` keys, feed-forward) and encoder.norm when present.
 * Padding rows compute finite garbage that no real row reads: attention only reads keys j < S of
 * the row's own sentence, and everything else is row-wise.
 *
 * The arena (buffers and plans of one (B, T)) is kept for the next batch of the same shape; the
 * memory it returns stays valid until the next encode or dispose().
 */
import { InputError } from '../../errors.ts';
import { readFloat32, submitCommands, withErrorScopes } from '../../gpu/buffers.ts';
import { planEmbedPositions } from '../../gpu/kernels/embed-positions.ts';
import { planMha } from '../../gpu/kernels/mha.ts';
import type { TransformerWeightBuffers } from '../../gpu/transformer-weights.ts';
import type { TransformerConfig } from '../../model/config.ts';
import type { EncodeResult } from '../../model/results.ts';
import { checkSource } from '../../model/validate.ts';
import { Resources } from '../decoder-arena.ts';
import { LayerPlans } from './layer-plans.ts';
import type { TransformerPipelines } from './pipelines.ts';

/** What an encode leaves on the device for the decoder. */
export interface TransformerMemoryBuffers {
  /** f32 [B × T × D]; rows t ≥ S of a sentence hold garbage and are never read. */
  readonly memory: GPUBuffer;
  /** u32 [B] source lengths. */
  readonly lengths: GPUBuffer;
  readonly batch: number;
  /** T: the largest source length, the row stride per sentence of `memory`. */
  readonly maxLength: number;
  readonly sourceLengths: readonly number[];
}

interface EncoderArena {
  readonly key: string;
  readonly resources: Resources;
  readonly ids: GPUBuffer;
  readonly lengths: GPUBuffer;
  readonly layers: LayerPlans;
  readonly memory: GPUBuffer;
}

/** Throws the InputError both backends give for a source longer than max_positions. */
export function checkSourcePositions(config: TransformerConfig, source: readonly number[], what: string): void {
  if (source.length > config.max_positions) {
    throw new InputError(
      `${what} has ${source.length} tokens; this model accepts at most max_positions = ${config.max_positions}`,
    );
  }
}

export class TransformerGpuEncoder {
  private arena: EncoderArena | undefined;

  constructor(
    private readonly device: GPUDevice,
    private readonly weights: TransformerWeightBuffers,
    private readonly pipelines: TransformerPipelines,
  ) {}

  /** Encodes non-empty sources in one submit; the buffers belong to the arena. */
  async encode(sources: readonly (readonly number[])[]): Promise<TransformerMemoryBuffers> {
    const config = this.weights.config;
    if (sources.length === 0) throw new InputError('encoder: a batch needs at least one source sentence');
    sources.forEach((source, i) => {
      checkSource(source, config.src_vocab_size, `source sentence ${i}`);
      checkSourcePositions(config, source, `source sentence ${i}`);
    });
    const B = sources.length;
    const lengths = sources.map((source) => source.length);
    const T = Math.max(...lengths);
    const arena = await withErrorScopes(this.device, 'transformer encoder setup', () => this.arenaFor(B, T));
    await withErrorScopes(this.device, `transformer encoder ${B}×${T}`, () => {
      const ids = new Uint32Array(B * T).fill(config.pad_id);
      sources.forEach((source, b) => ids.set(source, b * T));
      this.device.queue.writeBuffer(arena.ids, 0, ids);
      this.device.queue.writeBuffer(arena.lengths, 0, Uint32Array.from(lengths));
      const commands = this.device.createCommandEncoder({ label: `transformer encoder ${B}×${T}` });
      const pass = commands.beginComputePass({ label: `transformer encoder ${B}×${T}` });
      arena.layers.record(pass, 0);
      pass.end();
      submitCommands(this.device, [commands.finish()]);
    });
    return { memory: arena.memory, lengths: arena.lengths, batch: B, maxLength: T, sourceLengths: lengths };
  }

  dispose(): void {
    this.release();
  }

  private release(): void {
    const arena = this.arena;
    this.arena = undefined;
    if (!arena) return;
    arena.layers.destroy();
    arena.resources.destroy();
  }

  private arenaFor(B: number, T: number): EncoderArena {
    const key = `${B}x${T}`;
    if (this.arena?.key === key) return this.arena;
    this.release();
    const { device, weights, pipelines } = this;
    const config = weights.config;
    const D = config.d_model;
    const rows = B * T;
    const resources = new Resources();
    const buffer = (name: string, words: number) => resources.buffer(device, `transformer encoder ${name}`, words * 4);
    let layers: LayerPlans | undefined;
    try {
      const ids = buffer('ids', rows);
      const lengths = buffer('lengths', B);
      const residual = {
        x: buffer('x', rows * D),
        other: buffer('x (other)', rows * D),
        normed: buffer('normed', rows * D),
        tmp: buffer('sublayer output', rows * D),
      };
      const qkv = buffer('qkv', rows * 3 * D);
      const attended = buffer('attention', rows * D);
      const hidden = buffer('ff hidden', rows * config.ffn_dim);
      layers = new LayerPlans(device, pipelines, config, rows, residual, 'transformer encoder');
      const plans = layers;
      plans.add(
        planEmbedPositions(device, pipelines.embed, {
          label: 'transformer encoder embeddings',
          rows,
          width: D,
          tokens: { buffer: ids },
          embedding: weights.encoderEmbedding,
          vocab: config.src_vocab_size,
          positions: weights.encoderPositions,
          maxPositions: config.max_positions,
          scale: config.scale_embeddings ? Math.sqrt(D) : 1,
          out: { buffer: residual.x },
          position: { kind: 'row-in-sentence', rowsPerSentence: T },
        }),
      );
      weights.encoderLayers.forEach((layer, l) => {
        plans.sublayer(`layer ${l} self-attention`, layer.norm1, (input) => {
          plans.linear(`layer ${l} in_proj`, { buffer: input }, D, 3 * D, layer.inProj, { buffer: qkv });
          plans.add(
            planMha(device, pipelines.mha, {
              label: `transformer encoder layer ${l} attention`,
              rows,
              width: D,
              heads: config.num_heads,
              q: { buffer: qkv, offset: 0, stride: 3 * D },
              k: { buffer: qkv, offset: D, stride: 3 * D },
              v: { buffer: qkv, offset: 2 * D, stride: 3 * D },
              out: { buffer: attended },
              keys: { kind: 'blocks', queryRowsPerBlock: T, keyRowsPerBlock: T, lengths },
            }),
          );
          return { a: { buffer: attended }, inputs: D, linear: layer.outProj, label: `layer ${l} out_proj` };
        });
        plans.feedForward(`layer ${l} feed-forward`, layer.norm2, layer, hidden);
      });
      let memory = plans.x;
      if (weights.encoderNorm) {
        memory = buffer('memory', rows * D);
        plans.norm('final norm', weights.encoderNorm, plans.x, undefined, memory);
      }
      this.arena = { key, resources, ids, lengths, layers: plans, memory };
      return this.arena;
    } catch (error) {
      layers?.destroy();
      resources.destroy();
      throw error;
    }
  }
}

/** The memory rows of each sentence, read back in one readback (the `encode` command). */
export async function readTransformerMemory(
  device: GPUDevice,
  result: TransformerMemoryBuffers,
  D: number,
): Promise<EncodeResult[]> {
  const { batch, maxLength, sourceLengths } = result;
  const memory = await readFloat32(device, result.memory, batch * maxLength * D);
  return sourceLengths.map((length, b) => ({
    outputs: Array.from({ length }, (_, s) => memory.slice((b * maxLength + s) * D, (b * maxLength + s + 1) * D)),
  }));
}
