/**
 * The decoder's initial states (shaders/decoder_init.wgsl): the encoder's final states copied into
 * the parity-0 half of the decoder state, each sentence's into the rows of its beams.
 */
import decoderInitSource from '../../../shaders/decoder_init.wgsl?raw';
import { GpuError } from '../../errors.ts';
import type { CellType } from '../../model/config.ts';
import { defineKernel, getPipeline, type KernelPipeline, workgroupCount } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount } from '../operands.ts';
import { stateSlots } from './decoder-state.ts';

const decoderInitKernel = defineKernel({ name: 'decoder init', source: decoderInitSource });

const DECODER_INIT_WORKGROUP_SIZE = 64;

const decoderInitOverrides = { WORKGROUP_SIZE: DECODER_INIT_WORKGROUP_SIZE } as const;

/** Compiles (or finds in the device's cache) the pipeline. */
export function prepareDecoderInit(device: GPUDevice): Promise<KernelPipeline> {
  return getPipeline(device, decoderInitKernel, decoderInitOverrides);
}

export interface InitPlanSpec {
  /** N = sentences · rowsPerSentence. */
  rows: number;
  rowsPerSentence: number;
  sentences: number;
  hidden: number;
  layers: number;
  cell: CellType;
  /** [L × B × H] each; finalC for LSTM only. */
  finalH: GPUBuffer;
  finalC?: GPUBuffer;
  /** The decoder state (src/gpu/kernels/decoder-state.ts); its parity-0 half is written. */
  state: GPUBuffer;
}

export function planDecoderInit(device: GPUDevice, compiled: KernelPipeline, spec: InitPlanSpec): Plan {
  const label = 'decoder init';
  checkPipeline(label, compiled, decoderInitKernel);
  const { rows, rowsPerSentence, sentences, hidden, layers } = spec;
  checkCount(label, 'rows', rows);
  checkCount(label, 'rowsPerSentence', rowsPerSentence, 1);
  checkCount(label, 'sentences', sentences);
  if (sentences * rowsPerSentence < rows) {
    throw new GpuError(
      `${label}: ${rows} rows need ${Math.ceil(rows / rowsPerSentence)} sentences of ${rowsPerSentence}, got ${sentences}`,
    );
  }
  const slots = stateSlots(spec.cell);
  if (slots === 2 && !spec.finalC) throw new GpuError(`${label}: an LSTM decoder needs finalC`);
  const finalStates = layers * sentences * hidden;
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      params: { rows, rows_per_sentence: rowsPerSentence, sentences, hidden, layers, slots, pad0: 0, pad1: 0 },
    },
    operands: {
      final_h: { buffer: spec.finalH, elements: finalStates, name: 'finalH' },
      // Without c the shader never reads final_c, but WebGPU needs a buffer there.
      final_c:
        spec.finalC && slots === 2
          ? { buffer: spec.finalC, elements: finalStates, name: 'finalC' }
          : { buffer: spec.finalH, elements: 0 },
      state: { buffer: spec.state, elements: slots * layers * rows * hidden },
    },
    workgroups: workgroupCount(layers * rows * hidden, DECODER_INIT_WORKGROUP_SIZE),
  });
}
