/**
 * One decoder layer's step (shaders/decoder_cell.wgsl): one dispatch per layer and step gathers the
 * layer's input (embedding and input feed for layer 0, the layer below otherwise), runs the cell
 * and writes the other parity of the decoder state (src/gpu/kernels/decoder-state.ts).
 */
import decoderCellSource from '../../../shaders/decoder_cell.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { gateCount, type CellType } from '../../model/config.ts';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { stepTableSteps } from '../step-table.ts';
import { decoderStateLength } from './decoder-state.ts';
import { CELL_CODES, checkRowBlock, pipelineCell, rowBlock } from './recurrent.ts';

const decoderCellKernel = defineKernel({
  name: 'decoder cell',
  source: decoderCellSource,
  dynamicOffsetBindings: ['step'],
});

const DECODER_CELL_WORKGROUP_SIZE = 64;

/** The overrides of the cell pipeline for one layer and a decoder of `rows` rows. */
function decoderCellOverrides(cell: CellType, firstLayer: boolean, rows: number): Record<string, number> {
  return {
    CELL: CELL_CODES[cell],
    FIRST_LAYER: firstLayer ? 1 : 0,
    WORKGROUP_SIZE: DECODER_CELL_WORKGROUP_SIZE,
    ROW_BLOCK: rowBlock(rows),
  };
}

/** Compiles (or finds in the device's cache) the pipeline of layer 0 or of the layers above it, for `rows` rows. */
export function prepareDecoderCell(
  device: GPUDevice,
  cell: CellType,
  firstLayer: boolean,
  rows: number,
): Promise<KernelPipeline> {
  return getPipeline(device, decoderCellKernel, decoderCellOverrides(cell, firstLayer, rows));
}

export interface CellPlanSpec {
  /** N. */
  rows: number;
  hidden: number;
  /** E. */
  embedding: number;
  /** E (+ H with input feeding) for layer 0, H for the others. */
  inputSize: number;
  layer: number;
  layers: number;
  /** V, the rows of the embedding table. */
  vocab: number;
  /** u32 [(steps+1) × N]; read by layer 0. */
  history: GPUBuffer;
  /** Decoder embedding [V × E]; read by layer 0. */
  embeddingTable: GPUBuffer;
  /** h̃ of the previous step [N × H]; read by layer 0 with input feeding. */
  feed: GPUBuffer;
  /** W_ihᵀ [inputSize × G·H], W_hhᵀ [H × G·H], [b_ih ; b_hh]. */
  inputWeightsT: GPUBuffer;
  hiddenWeightsT: GPUBuffer;
  biases: GPUBuffer;
  state: GPUBuffer;
  /** [N × H], written by the top layer. */
  hTop: GPUBuffer;
  stepTable: GPUBuffer;
}

export function planDecoderCell(device: GPUDevice, compiled: KernelPipeline, spec: CellPlanSpec): Plan {
  const label = `decoder cell layer ${spec.layer}`;
  checkPipeline(label, compiled, decoderCellKernel);
  checkRowBlock(label, compiled, 'ROW_BLOCK', spec.rows);
  const { rows, hidden, embedding, inputSize, layer, layers } = spec;
  const first = layer === 0;
  if ((compiled.overrides.FIRST_LAYER === 1) !== first) {
    throw new GpuError(
      `${label}: needs the pipeline ${first ? 'of the first layer' : 'of the layers above the first'}`,
    );
  }
  const cell = pipelineCell(compiled);
  const gateRows = gateCount(cell) * hidden;
  const top = layer === layers - 1;
  const feeding = first && inputSize > embedding;
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      params: { rows, hidden, embedding, input_size: inputSize, layer, layers, top: top ? 1 : 0, pad0: 0 },
    },
    operands: {
      history: { buffer: spec.history, elements: first ? stepTableSteps(spec.stepTable) * rows : 0 },
      embedding: { buffer: spec.embeddingTable, elements: first ? spec.vocab * embedding : 0, name: 'embeddingTable' },
      feed: { buffer: spec.feed, elements: feeding ? rows * hidden : 0 },
      w_ih_t: { buffer: spec.inputWeightsT, elements: inputSize * gateRows, name: 'inputWeightsT' },
      w_hh_t: { buffer: spec.hiddenWeightsT, elements: hidden * gateRows, name: 'hiddenWeightsT' },
      biases: { buffer: spec.biases, elements: 2 * gateRows },
      state: { buffer: spec.state, elements: decoderStateLength(cell, layers, rows, hidden) },
      h_top: { buffer: spec.hTop, elements: top ? rows * hidden : 0, name: 'hTop' },
    },
    stepTable: spec.stepTable,
    workgroups: workgroupCount(Math.ceil(rows / rowBlock(rows)) * hidden, DECODER_CELL_WORKGROUP_SIZE),
  });
}
