/** The pipelines every Transformer call records with, compiled once per engine. */
import type { KernelPipeline } from '../../gpu/kernel.ts';
import { prepareEmbedPositions } from '../../gpu/kernels/embed-positions.ts';
import { prepareKvAppend } from '../../gpu/kernels/kv-cache.ts';
import { prepareKvReorder } from '../../gpu/kernels/kv-reorder.ts';
import { type LogSoftmaxPipelines, prepareLogSoftmax } from '../../gpu/kernels/log-softmax.ts';
import { prepareMatmul } from '../../gpu/kernels/matmul.ts';
import { mhaKeyCapacity, prepareMha } from '../../gpu/kernels/mha.ts';
import { prepareStepGate } from '../../gpu/kernels/step-gate.ts';
import { prepareResidualNorm } from '../../gpu/kernels/residual-norm.ts';
import type { TransformerConfig } from '../../model/config.ts';

export interface TransformerPipelines {
  /** C = A·Bᵀ + bias (+ C). */
  readonly matmul: KernelPipeline;
  /** The same with the feed-forward activation (relu or gelu) in the epilogue. */
  readonly matmulActivated: KernelPipeline;
  readonly residualNorm: KernelPipeline;
  readonly embed: KernelPipeline;
  readonly mha: KernelPipeline;
  readonly kvAppend: KernelPipeline;
  readonly kvReorder: KernelPipeline;
  /** Log-prob rows (teacher forcing) and the greedy choice. */
  readonly softmax: LogSoftmaxPipelines;
}

export async function prepareTransformerPipelines(
  device: GPUDevice,
  config: TransformerConfig,
): Promise<TransformerPipelines> {
  const [matmul, matmulActivated, residualNorm, embed, mha, kvAppend, kvReorder, softmax] = await Promise.all([
    prepareMatmul(device),
    prepareMatmul(device, config.activation),
    prepareResidualNorm(device),
    prepareEmbedPositions(device),
    prepareMha(device, mhaKeyCapacity(config.max_positions)),
    prepareKvAppend(device),
    prepareKvReorder(device),
    prepareLogSoftmax(device),
    // Not kept: every decode records it, so it compiles here rather than in the first call.
    prepareStepGate(device),
  ]);
  return { matmul, matmulActivated, residualNorm, embed, mha, kvAppend, kvReorder, softmax };
}
