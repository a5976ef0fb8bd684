/**
 * The encoder's tensors on the GPU, uploaded once per model and shared by every encode.
 *
 * Layouts chosen for the kernels that read them (rearranged once here, on the CPU):
 * - W_ih of both directions stacked into one [dirs·G·Hd × in] matrix, b_ih likewise, so one
 *   matmul projects every time step of both directions;
 * - W_hh of each direction transposed to [Hd × G·Hd] and the directions stacked, so in the fused
 *   step the invocations of neighbouring units j read neighbouring addresses; b_hh stacked.
 * The embedding table stays [V × E].
 */
import { weightsByRole, type WeightsByRole } from '../model/weights-by-role.ts';
import { encoderDirectionSize, gateCount, type CellType } from '../model/config.ts';
import type { RnnModel } from '../model/model.ts';
import { concatenate, transposeMatrix, uploadWeights } from './weight-upload.ts';

export interface EncoderLayerBuffers {
  /** in: E for layer 0, H for the others. */
  readonly inputSize: number;
  /** [dirs·G·Hd × in]: direction 0's W_ih rows, then direction 1's. */
  readonly inputWeights: GPUBuffer;
  /** [dirs·G·Hd]. */
  readonly inputBias: GPUBuffer;
  /** [dirs × Hd × G·Hd]: each direction's W_hhᵀ. */
  readonly hiddenWeightsT: GPUBuffer;
  /** [dirs·G·Hd]. */
  readonly hiddenBias: GPUBuffer;
}

export interface EncoderWeightBuffers {
  readonly cell: CellType;
  /** G: 4 LSTM, 3 GRU, 1 Elman. */
  readonly gates: number;
  /** Hd: units per direction. */
  readonly units: number;
  readonly directions: 1 | 2;
  /** H = dirs·Hd. */
  readonly hidden: number;
  /** E. */
  readonly embeddingDim: number;
  readonly vocabSize: number;
  /** [V × E]. */
  readonly embedding: GPUBuffer;
  readonly layers: readonly EncoderLayerBuffers[];
  /** Destroys every buffer; idempotent. */
  dispose(): void;
}

/** The host-side arrays of one layer, in the layouts above (pure: no GPU). */
export function encoderLayerArrays(weights: WeightsByRole, layer: number) {
  const directions = weights.encoderLayers[layer];
  const rows = gateCount(weights.cell) * directions[0].units;
  return {
    inputSize: directions[0].inputSize,
    inputWeights: concatenate(directions.map((d) => d.Wih)),
    inputBias: concatenate(directions.map((d) => d.bih)),
    hiddenWeightsT: concatenate(directions.map((d) => transposeMatrix(d.Whh, rows, d.units))),
    hiddenBias: concatenate(directions.map((d) => d.bhh)),
  };
}

export function uploadEncoderWeights(device: GPUDevice, model: RnnModel): EncoderWeightBuffers {
  const config = model.config;
  const weights = weightsByRole(model);
  return uploadWeights(device, 'encoder', (upload) => ({
    cell: config.cell,
    gates: gateCount(config.cell),
    units: encoderDirectionSize(config),
    directions: config.bidirectional ? 2 : 1,
    hidden: config.hidden_size,
    embeddingDim: config.embedding_dim,
    vocabSize: config.src_vocab_size,
    embedding: upload('embedding', weights.encoderEmbedding),
    layers: weights.encoderLayers.map((_, k) => {
      const arrays = encoderLayerArrays(weights, k);
      return {
        inputSize: arrays.inputSize,
        inputWeights: upload(`layer ${k} W_ih`, arrays.inputWeights),
        inputBias: upload(`layer ${k} b_ih`, arrays.inputBias),
        hiddenWeightsT: upload(`layer ${k} W_hhT`, arrays.hiddenWeightsT),
        hiddenBias: upload(`layer ${k} b_hh`, arrays.hiddenBias),
      };
    }),
  }));
}
