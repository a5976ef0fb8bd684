/**
 * The Transformer decoder on the GPU: arenas per call shape, plans per call, and the three ways to
 * run it. Teacher forcing records every step and the log-prob rows in one submit and reads them
 * once; greedy (greedy.ts) and beam search (beam.ts) record chunks of steps with no readback per step.
 */
import { InputError } from '../../errors.ts';
import { readFloat32, submitCommands, withErrorScopes } from '../../gpu/buffers.ts';
import { prepareBeamPipelines } from '../../gpu/kernels/beam-search.ts';
import { planLogSoftmaxRows } from '../../gpu/kernels/log-softmax.ts';
import type { TransformerWeightBuffers } from '../../gpu/transformer-weights.ts';
import type { CheckedDecodeOptions } from '../../model/decoding.ts';
import type { Hypothesis } from '../../model/results.ts';
import { checkIds } from '../../model/validate.ts';
import { Resources } from '../decoder-arena.ts';
import { transformerBeamSearch } from './beam.ts';
import {
  type DecoderCallPlans,
  planDecoderCall,
  TransformerDecoderArena,
  type TransformerDecoderShape,
  transformerShapeKey,
} from './decoder-arena.ts';
import type { TransformerMemoryBuffers } from './encoder.ts';
import { type TransformerDecodeCall, transformerGreedy } from './greedy.ts';
import type { TransformerPipelines } from './pipelines.ts';
import type { ProgressListener } from '../runner.ts';
import { checkTargetPositions } from './positions.ts';

/** Arenas kept (one per recent shape); the oldest is destroyed past this. */
const KEPT_ARENAS = 4;

export class TransformerGpuDecoder {
  private readonly arenas = new Map<string, TransformerDecoderArena>();

  constructor(
    private readonly device: GPUDevice,
    private readonly weights: TransformerWeightBuffers,
    private readonly pipelines: TransformerPipelines,
  ) {}

  /** Full log-prob rows of every teacher-forced step: targets[i].length + 1 per sentence. */
  async teacherForce(
    memory: TransformerMemoryBuffers,
    targets: readonly (readonly number[])[],
  ): Promise<Float32Array[][]> {
    const { device, weights } = this;
    const config = weights.config;
    if (targets.length !== memory.batch) {
      throw new InputError(`${memory.batch} encoded sentences but ${targets.length} targets`);
    }
    targets.forEach((target, i) => {
      checkIds(target, config.tgt_vocab_size, `target sentence ${i}`);
      checkTargetPositions(config, target, `target sentence ${i}`);
    });
    const N = memory.batch;
    const V = config.tgt_vocab_size;
    const steps = Math.max(...targets.map((target) => target.length)) + 1;
    const history = new Uint32Array((steps + 1) * N);
    targets.forEach((target, n) => {
      // Past a sentence's own steps any valid id will do: those rows are computed and dropped.
      for (let t = 0; t <= steps; t++) history[t * N + n] = t === 0 ? config.bos_id : (target[t - 1] ?? config.eos_id);
    });
    const resources = new Resources();
    try {
      const { arena, plans, logProbs, rows } = await withErrorScopes(
        device,
        'transformer teacher forcing setup',
        () => {
          const shape = { rows: N, rowsPerSentence: 1, maxLength: memory.maxLength, steps, alignments: false };
          const { arena, plans } = this.prepare(shape, memory, resources);
          const logProbs = resources.buffer(device, 'transformer teacher-forced log-probs', steps * N * V * 4);
          const rows = resources.add(
            planLogSoftmaxRows(device, this.pipelines.softmax.rows, {
              label: 'transformer log-prob rows',
              rows: N,
              vocab: V,
              logits: { buffer: arena.logits },
              out: { buffer: logProbs },
              stepTable: arena.stepTable,
            }),
          );
          return { arena, plans, logProbs, rows };
        },
      );
      await withErrorScopes(device, `transformer teacher forcing ${steps} steps of ${N} sentences`, () => {
        device.queue.writeBuffer(arena.history, 0, history);
        const commands = device.createCommandEncoder({ label: 'transformer teacher forcing' });
        const pass = commands.beginComputePass({ label: 'transformer teacher forcing' });
        plans.start.record(pass, 0);
        for (let t = 0; t < steps; t++) {
          plans.step.record(pass, t);
          rows.record(pass, t);
        }
        pass.end();
        submitCommands(device, [commands.finish()]);
      });
      const values = await readFloat32(device, logProbs, steps * N * V);
      return targets.map((target, n) =>
        Array.from({ length: target.length + 1 }, (_, t) => values.slice((t * N + n) * V, (t * N + n + 1) * V)),
      );
    } finally {
      resources.destroy();
    }
  }

  async greedy(
    memory: TransformerMemoryBuffers,
    options: CheckedDecodeOptions,
    onProgress?: ProgressListener,
  ): Promise<Hypothesis[]> {
    const resources = new Resources();
    try {
      return await transformerGreedy({ ...this.call(memory, options, resources), onProgress });
    } finally {
      resources.destroy();
    }
  }

  async beamSearch(
    memory: TransformerMemoryBuffers,
    options: CheckedDecodeOptions,
    onProgress?: ProgressListener,
  ): Promise<Hypothesis[][]> {
    // Compiled on the first beam search only: greedy decoding never pays for them.
    const beamPipelines = await prepareBeamPipelines(this.device, (options.coveragePenalty ?? 0) > 0);
    const resources = new Resources();
    try {
      return await transformerBeamSearch({ ...this.call(memory, options, resources), beamPipelines, onProgress });
    } finally {
      resources.destroy();
    }
  }

  dispose(): void {
    for (const arena of this.arenas.values()) arena.destroy();
    this.arenas.clear();
  }

  private call(
    memory: TransformerMemoryBuffers,
    options: CheckedDecodeOptions,
    resources: Resources,
  ): TransformerDecodeCall {
    return {
      device: this.device,
      config: this.weights.config,
      memory,
      options,
      pipelines: this.pipelines,
      prepare: (shape) => this.prepare(shape, memory, resources),
      resources,
    };
  }

  private prepare(
    shape: TransformerDecoderShape,
    memory: TransformerMemoryBuffers,
    resources: Resources,
  ): { arena: TransformerDecoderArena; plans: DecoderCallPlans } {
    const arena = this.arena(shape);
    return { arena, plans: resources.add(planDecoderCall(arena, this.pipelines, memory)) };
  }

  private arena(shape: TransformerDecoderShape): TransformerDecoderArena {
    const key = transformerShapeKey(shape);
    let arena = this.arenas.get(key);
    if (arena) {
      // Most recently used last.
      this.arenas.delete(key);
    } else {
      arena = new TransformerDecoderArena(this.device, this.weights, shape);
      if (this.arenas.size >= KEPT_ARENAS) {
        const [oldestKey, oldest] = this.arenas.entries().next().value as [string, TransformerDecoderArena];
        oldest.destroy();
        this.arenas.delete(oldestKey);
      }
    }
    this.arenas.set(key, arena);
    return arena;
  }
}
