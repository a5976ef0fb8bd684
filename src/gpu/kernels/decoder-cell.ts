/**
 * One decoder step's recurrent layers, as the matmul kernel and two small ones: layer 0's input
 * rows gathered (shaders/decoder_input.wgsl: the previous token's embedding and the input feed),
 * then per layer the gate projections xp = x·W_ihᵀ + b_ih and hp = h·W_hhᵀ + b_hh as two matmuls
 * over all N rows, and the cell update (shaders/cell_update.wgsl) writing the other parity of the
 * decoder state (src/gpu/kernels/decoder-state.ts).
 *
 * Why not one fused kernel: a GEMV per row block re-derives gate and state addresses for every
 * weight it loads, and on a software adapter that costs several times the multiply-adds; the
 * register-blocked matmul reads four-wide and reuses each load across a 4×4 tile.
 *
 * The matmuls read the state at offsets that depend on the step's parity, and have no step table,
 * so each is planned twice (one plan per parity) and the step picks by t % 2.
 */
import cellUpdateSource from '../../../shaders/cell_update.wgsl?raw';
import decoderInputSource from '../../../shaders/decoder_input.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { gateCount, type CellType } from '../../model/config.ts';
import { createStorageBuffer } from '../buffers.ts';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { stepTableSteps } from '../step-table.ts';
import { decoderStateIndex, decoderStateLength } from './decoder-state.ts';
import { planMatmul, prepareMatmul } from './matmul.ts';
import { CELL_CODES, pipelineCell } from './recurrent.ts';

const decoderInputKernel = defineKernel({
  name: 'decoder input',
  source: decoderInputSource,
  dynamicOffsetBindings: ['step'],
});

const cellUpdateKernel = defineKernel({
  name: 'cell update',
  source: cellUpdateSource,
  dynamicOffsetBindings: ['step'],
});

const WORKGROUP_SIZE = 64;

/** The pipelines of a decoder's layers: the input gather, the matmul, the cell's update. */
export interface DecoderCellPipelines {
  input: KernelPipeline;
  matmul: KernelPipeline;
  update: KernelPipeline;
}

/** Compiles (or finds in the device's cache) the pipelines of a decoder of `cell` layers. */
export async function prepareDecoderCells(device: GPUDevice, cell: CellType): Promise<DecoderCellPipelines> {
  const [input, matmul, update] = await Promise.all([
    getPipeline(device, decoderInputKernel, { WORKGROUP_SIZE }),
    prepareMatmul(device),
    getPipeline(device, cellUpdateKernel, { CELL: CELL_CODES[cell], WORKGROUP_SIZE }),
  ]);
  return { input, matmul, update };
}

export interface DecoderLayerWeights {
  /** E (+ H with input feeding) for layer 0, H for the others. */
  inputSize: number;
  /** W_ih [G·H × inputSize], W_hh [G·H × H], PyTorch layout. */
  inputWeights: GPUBuffer;
  hiddenWeights: GPUBuffer;
  /** [b_ih ; b_hh], 2·G·H. */
  biases: GPUBuffer;
}

export interface DecoderLayersSpec {
  /** N. */
  rows: number;
  hidden: number;
  /** E. */
  embedding: number;
  /** V, the rows of the embedding table. */
  vocab: number;
  layers: readonly DecoderLayerWeights[];
  /** u32 [(steps+1) × N]. */
  history: GPUBuffer;
  /** Decoder embedding [V × E]. */
  embeddingTable: GPUBuffer;
  /** h̃ of the previous step [N × H]; read with input feeding. */
  feed: GPUBuffer;
  state: GPUBuffer;
  /** [N × H], written by the top layer. */
  hTop: GPUBuffer;
  stepTable: GPUBuffer;
}

/** The layers of one decoder step; records step t (parity t % 2) and owns its scratch buffers. */
export function planDecoderLayers(device: GPUDevice, pipelines: DecoderCellPipelines, spec: DecoderLayersSpec): Plan {
  const label = 'decoder layers';
  checkPipeline(`${label} input`, pipelines.input, decoderInputKernel);
  checkPipeline(`${label} cell update`, pipelines.update, cellUpdateKernel);
  const { rows: N, hidden: H, embedding: E, layers } = spec;
  const L = layers.length;
  if (L < 1) throw new GpuError(`${label}: a decoder needs at least one layer`);
  const cell = pipelineCell(pipelines.update);
  const G = gateCount(cell);
  const shape = { cell, layers: L, rows: N, hidden: H };
  const width = layers[0].inputSize;
  const feeding = width > E;
  if (width !== E && width !== E + H) {
    throw new GpuError(`${label}: layer 0 takes E or E + H inputs (${E} or ${E + H}), got ${width}`);
  }
  const steps = stepTableSteps(spec.stepTable);
  const owned: { destroy(): void }[] = [];
  const own = <T extends { destroy(): void }>(item: T): T => (owned.push(item), item);
  const destroy = () => {
    for (const item of owned.splice(0).reverse()) item.destroy();
  };
  try {
    const x = own(createStorageBuffer(device, `${label} layer 0 input`, N * width * 4));
    const xp = own(createStorageBuffer(device, `${label} input projection`, N * G * H * 4));
    const hp = own(createStorageBuffer(device, `${label} hidden projection`, N * G * H * 4));
    const input = own(
      planLaunch(device, pipelines.input, {
        label: `${label} input`,
        uniforms: { params: { rows: N, embedding: E, hidden: H, width } },
        operands: {
          history: { buffer: spec.history, elements: steps * N },
          embedding: { buffer: spec.embeddingTable, elements: spec.vocab * E, name: 'embeddingTable' },
          feed: { buffer: spec.feed, elements: feeding ? N * H : 0 },
          x: { buffer: x, elements: N * width },
        },
        stepTable: spec.stepTable,
        workgroups: workgroupCount(N * width, WORKGROUP_SIZE),
      }),
    );
    const perLayer = layers.map((layer, k) => {
      const gates = G * H;
      // [parity 0, parity 1]: the projections of a step that reads that parity of the state.
      const projections = [0, 1].map((parity) => {
        const below =
          k === 0
            ? { buffer: x }
            : { buffer: spec.state, offset: decoderStateIndex(shape, 1 - parity, 0, k - 1, 0, 0), stride: H };
        return [
          own(
            planMatmul(device, pipelines.matmul, {
              label: `${label} layer ${k} input projection`,
              m: N,
              n: gates,
              k: layer.inputSize,
              a: below,
              b: { buffer: layer.inputWeights },
              bias: { buffer: layer.biases },
              c: { buffer: xp },
            }),
          ),
          own(
            planMatmul(device, pipelines.matmul, {
              label: `${label} layer ${k} hidden projection`,
              m: N,
              n: gates,
              k: H,
              a: { buffer: spec.state, offset: decoderStateIndex(shape, parity, 0, k, 0, 0), stride: H },
              b: { buffer: layer.hiddenWeights },
              bias: { buffer: layer.biases, offset: gates },
              c: { buffer: hp },
            }),
          ),
        ];
      });
      const top = k === L - 1;
      const update = own(
        planLaunch(device, pipelines.update, {
          label: `${label} layer ${k} cell update`,
          uniforms: {
            params: { rows: N, hidden: H, layer: k, layers: L, top: top ? 1 : 0, pad0: 0, pad1: 0, pad2: 0 },
          },
          operands: {
            xp: { buffer: xp, elements: N * gates },
            hp: { buffer: hp, elements: N * gates },
            state: { buffer: spec.state, elements: decoderStateLength(cell, L, N, H) },
            h_top: { buffer: spec.hTop, elements: top ? N * H : 0, name: 'hTop' },
          },
          stepTable: spec.stepTable,
          workgroups: workgroupCount(N * H, WORKGROUP_SIZE),
        }),
      );
      return { projections, update };
    });
    return {
      label,
      steps,
      record(pass, t) {
        input.record(pass, t);
        const parity = (t as number) % 2;
        for (const { projections, update } of perLayer) {
          for (const projection of projections[parity]) projection.record(pass);
          update.record(pass, t);
        }
      },
      destroy,
    };
  } catch (error) {
    destroy();
    throw error;
  }
}
