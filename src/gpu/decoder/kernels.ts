/**
 * The decoder's own kernels (shaders/decoder_init.wgsl, decoder_cell.wgsl, attention.wgsl): their
 * definitions, the overrides that specialise them, and plans that bind them to buffers. Matmuls
 * (attentional hidden, generator, attention keys), log-softmax and the greedy choice use the
 * shared kernels of src/gpu/kernels/.
 */
import activationsLibrary from '../../../shaders/lib/activations.wgsl?raw';
import gatesLibrary from '../../../shaders/lib/gates.wgsl?raw';
import gridLibrary from '../../../shaders/lib/grid.wgsl?raw';
import stepLibrary from '../../../shaders/lib/step.wgsl?raw';
import attentionSource from '../../../shaders/attention.wgsl?raw';
import decoderCellSource from '../../../shaders/decoder_cell.wgsl?raw';
import decoderInitSource from '../../../shaders/decoder_init.wgsl?raw';
import type { AttentionType, CellType } from '../../model/config.ts';
import { GpuError } from '../../errors.ts';
import { type BindingResource, defineKernel, dispatchGrid, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { type PlannedDispatch, planDispatch } from './planned-dispatch.ts';

export const decoderInitKernel = defineKernel({ name: 'decoder init', source: decoderInitSource, libraries: [gridLibrary] });

export const decoderCellKernel = defineKernel({
  name: 'decoder cell',
  source: decoderCellSource,
  libraries: [gridLibrary, activationsLibrary, gatesLibrary, stepLibrary],
  dynamicOffsetBindings: ['step'],
});

export const attentionKernel = defineKernel({
  name: 'attention',
  source: attentionSource,
  libraries: [gridLibrary, activationsLibrary, stepLibrary],
  dynamicOffsetBindings: ['step'],
});

/** Invocations per workgroup of the element-wise kernels (init, cell). */
const ELEMENTWISE_WORKGROUP = 64;

/** The CELL override of shaders/decoder_cell.wgsl. */
export const CELL_CODES: Readonly<Record<CellType, number>> = { lstm: 0, gru: 1, rnn_tanh: 2, rnn_relu: 3 };

/**
 * Rows one decoder cell invocation steps together, sharing its weight reads (the shader's
 * ROW_BLOCK): the smallest of 1, 2, 4 and 8 that holds the rows, else 8. Each size is its own pipeline.
 */
export function decoderCellRowBlock(rows: number): 1 | 2 | 4 | 8 {
  return rows <= 1 ? 1 : rows <= 2 ? 2 : rows <= 4 ? 4 : 8;
}

/** The overrides of the cell pipeline for one layer and a decoder of `rows` rows. */
export function decoderCellOverrides(cell: CellType, firstLayer: boolean, rows: number): Record<string, number> {
  return { CELL: CELL_CODES[cell], FIRST_LAYER: firstLayer ? 1 : 0, WORKGROUP_SIZE: ELEMENTWISE_WORKGROUP, ROW_BLOCK: decoderCellRowBlock(rows) };
}

/** The SCORE override of shaders/attention.wgsl: dot and general score with a dot product (general's keys are enc·W_in). */
export function attentionOverrides(kind: Exclude<AttentionType, 'none'>): Record<string, number> {
  return { SCORE: kind === 'additive' ? 1 : 0 };
}

export const decoderInitOverrides = { WORKGROUP_SIZE: ELEMENTWISE_WORKGROUP } as const;

/** State slots per layer and parity: h, and c for LSTM. */
export function stateSlots(cell: CellType): number {
  return cell === 'lstm' ? 2 : 1;
}

/** Floats of the ping-pong decoder state: [2 parities][slots][L][N][H]. */
export function decoderStateLength(cell: CellType, layers: number, rows: number, hidden: number): number {
  return 2 * stateSlots(cell) * layers * rows * hidden;
}

/** Index of state[parity][slot][layer][n][j] (shaders/decoder_cell.wgsl state_index). */
export function decoderStateIndex(
  shape: { cell: CellType; layers: number; rows: number; hidden: number },
  parity: number,
  slot: number,
  layer: number,
  n: number,
  j: number,
): number {
  return (((parity * stateSlots(shape.cell) + slot) * shape.layers + layer) * shape.rows + n) * shape.hidden + j;
}

function elementwiseGrid(elements: number): [number, number, number] {
  return dispatchGrid(workgroupCount(elements, ELEMENTWISE_WORKGROUP));
}

export interface InitPlanSpec {
  rows: number;
  rowsPerSentence: number;
  sentences: number;
  hidden: number;
  layers: number;
  cell: CellType;
  finalH: GPUBuffer;
  finalC?: GPUBuffer;
  state: GPUBuffer;
}

export function planDecoderInit(device: GPUDevice, compiled: KernelPipeline, spec: InitPlanSpec): PlannedDispatch {
  return planDispatch(device, {
    label: 'decoder init',
    compiled,
    params: {
      rows: spec.rows,
      rows_per_sentence: spec.rowsPerSentence,
      sentences: spec.sentences,
      hidden: spec.hidden,
      layers: spec.layers,
      slots: stateSlots(spec.cell),
      pad0: 0,
      pad1: 0,
    },
    buffers: { final_h: spec.finalH, final_c: spec.finalC ?? spec.finalH, state: spec.state },
    grid: elementwiseGrid(spec.layers * spec.rows * spec.hidden),
  });
}

export interface CellPlanSpec {
  rows: number;
  hidden: number;
  embedding: number;
  inputSize: number;
  layer: number;
  layers: number;
  /** u32 [(steps+1) × N]; read by layer 0. */
  history: GPUBuffer;
  /** Decoder embedding [V × E]; read by layer 0. */
  embeddingTable: GPUBuffer;
  /** h̃ of the previous step [N × H]; read by layer 0 with input feeding. */
  feed: GPUBuffer;
  inputWeightsT: GPUBuffer;
  hiddenWeightsT: GPUBuffer;
  biases: GPUBuffer;
  state: GPUBuffer;
  /** [N × H], written by the top layer. */
  hTop: GPUBuffer;
  stepTable: GPUBuffer;
}

export function planDecoderCell(device: GPUDevice, compiled: KernelPipeline, spec: CellPlanSpec): PlannedDispatch {
  const block = decoderCellRowBlock(spec.rows);
  if (compiled.overrides.ROW_BLOCK !== block) {
    throw new GpuError(`decoder cell layer ${spec.layer}: ${spec.rows} rows need the pipeline with ROW_BLOCK ${block}, got ${compiled.overrides.ROW_BLOCK}`);
  }
  return planDispatch(device, {
    label: `decoder cell layer ${spec.layer}`,
    compiled,
    params: {
      rows: spec.rows,
      hidden: spec.hidden,
      embedding: spec.embedding,
      input_size: spec.inputSize,
      layer: spec.layer,
      layers: spec.layers,
      top: spec.layer === spec.layers - 1 ? 1 : 0,
      pad0: 0,
    },
    buffers: {
      history: spec.history,
      embedding: spec.embeddingTable,
      feed: spec.feed,
      w_ih_t: spec.inputWeightsT,
      w_hh_t: spec.hiddenWeightsT,
      biases: spec.biases,
      state: spec.state,
      h_top: spec.hTop,
    },
    grid: elementwiseGrid(Math.ceil(spec.rows / decoderCellRowBlock(spec.rows)) * spec.hidden),
    stepTable: spec.stepTable,
  });
}

export interface AttentionPlanSpec {
  rows: number;
  rowsPerSentence: number;
  hidden: number;
  /** T, the row stride of keys and memory. */
  maxLength: number;
  lengths: GPUBuffer;
  /** [B × T × H]: encoder outputs (dot), enc·W_in (general), enc·W_cᵀ (additive). */
  keys: GPUBuffer;
  /** [N × H]: h_top (dot, general), W_q h_top + b_q (additive). */
  query: GPUBuffer;
  /** additive: v [H]. */
  v?: GPUBuffer;
  memory: GPUBuffer;
  hTop: GPUBuffer;
  /** [N × 2H], receives [c ; h_top]. */
  cat: BindingResource;
  /** [steps × N × T], receives α at step t. */
  alignments: GPUBuffer;
  stepTable: GPUBuffer;
}

export function planAttention(device: GPUDevice, compiled: KernelPipeline, spec: AttentionPlanSpec): PlannedDispatch {
  return planDispatch(device, {
    label: 'attention',
    compiled,
    params: { rows: spec.rows, rows_per_sentence: spec.rowsPerSentence, hidden: spec.hidden, max_length: spec.maxLength },
    buffers: {
      lengths: spec.lengths,
      keys: spec.keys,
      query: spec.query,
      // Dot scores never read v, but WebGPU needs a buffer there.
      v: spec.v ?? spec.query,
      memory: spec.memory,
      h_top: spec.hTop,
      cat: spec.cat,
      alignments: spec.alignments,
    },
    grid: dispatchGrid(spec.rows),
    stepTable: spec.stepTable,
  });
}
