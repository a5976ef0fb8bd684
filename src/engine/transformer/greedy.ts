/**
 * Greedy decoding of the Transformer on the GPU: its decoder step under the driver both families
 * share (runGreedy, src/engine/greedy.ts): chunks of CHUNK_STEPS steps per submit, one readback per
 * chunk, one at the end. At most ceil(M / CHUNK_STEPS) + 1 readbacks.
 */
import type { TransformerConfig } from '../../model/config.ts';
import type { CheckedDecodeOptions, ResolvedDecodeOptions } from '../../model/decoding.ts';
import type { Hypothesis } from '../../model/results.ts';
import type { Resources } from '../decoder-arena.ts';
import { keepsAttention, resolveSearchOptions, runGreedy } from '../greedy.ts';
import type { ProgressListener } from '../runner.ts';
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
  onProgress?: ProgressListener;
}

export async function transformerGreedy(call: TransformerDecodeCall): Promise<Hypothesis[]> {
  const { device, config, memory } = call;
  const N = memory.batch;
  const T = memory.maxLength;
  const resolved = resolveSearchOptions(call.options, memory.sourceLengths);
  const maxLengths = resolved.map((r) => r.maxLength);
  const steps = decodeSteps(config, maxLengths);
  const alignments = transformerKeepsAttention(resolved[0]);
  const result = await runGreedy({
    device,
    label: 'transformer',
    vocab: config.tgt_vocab_size,
    ids: { padId: config.pad_id, bosId: config.bos_id, eosId: config.eos_id },
    rows: N,
    maxLength: T,
    steps,
    sourceLengths: memory.sourceLengths,
    resolved,
    greedySelect: call.pipelines.softmax.greedy,
    speculativeChunks: false,
    resources: call.resources,
    onProgress: call.onProgress,
    prepare: () => {
      const { arena, plans } = call.prepare({ rows: N, rowsPerSentence: 1, maxLength: T, steps, alignments });
      return {
        history: arena.history,
        logits: arena.logits,
        stepTable: arena.stepTable,
        alpha: arena.alignments && { buffer: arena.alignments, perStep: true },
        part: (name, make) => arena.part(name, make),
        recordStart: (pass) => plans.start.record(pass, 0),
        recordStep: (pass, t) => plans.step.record(pass, t),
      };
    },
  });
  // A row still going after max_positions tokens would need position max_positions next.
  const { history } = result;
  for (let n = 0; n < N; n++) {
    const last = history[result.steps * N + n];
    if (maxLengths[n] > steps && result.steps === steps && last !== config.eos_id && last !== config.pad_id) {
      throw positionLimitError(config);
    }
  }
  return result.hypotheses;
}

/**
 * The Transformer keeps the last layer's cross-attention of every step when it returns it, aligns
 * with it, or sums it into the coverage (it has no single-step scratch for α).
 */
export function transformerKeepsAttention(resolved: ResolvedDecodeOptions): boolean {
  return keepsAttention(resolved) || resolved.coveragePenalty > 0;
}
