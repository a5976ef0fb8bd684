/**
 * Sampling's choice of the next token on the GPU (shaders/sample.wgsl), the twin of drawToken and
 * randomUniform in src/model/sampling.ts: one workgroup per row of logits [rows × vocab], the step t
 * read from a step table (src/gpu/step-table.ts). It takes greedy select's buffers and bookkeeping
 * (src/gpu/kernels/log-softmax.ts), so a decoder swaps one plan for the other when sampling:
 *
 *   const compiled = await prepareSampleSelect(device);
 *   const plan = planSampleSelect(device, compiled, { ...greedySpec, topK, topP, temperature, seed, sentenceKeys });
 *   plan.record(pass, t);                                         // step t of the table, any number of times
 *   plan.destroy();                                               // frees the plan's key buffer too
 */
import sampleSource from '../../../shaders/sample.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { MAX_TEMPERATURE, MIN_TEMPERATURE } from '../../model/decoding.ts';
import { defineKernel, getPipeline, type KernelPipeline } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { createStorageBuffer } from '../buffers.ts';
import { checkCount } from '../operands.ts';
import { checkSelectSpec, type GreedySelectSpec, selectOperands } from './log-softmax.ts';

const sampleSelectKernelDefinition = defineKernel({
  name: 'sample select',
  source: sampleSource,
  entryPoint: 'sample_select',
  dynamicOffsetBindings: ['step'],
});

// Greedy select's width: the row passes are the same kind of strided loop and workgroup reduction.
const SAMPLE_WORKGROUP_SIZE = 64;

/** Compiles (or finds in the device's cache) the sampling pipeline. */
export function prepareSampleSelect(device: GPUDevice): Promise<KernelPipeline> {
  return getPipeline(device, sampleSelectKernelDefinition, { WORKGROUP_SIZE: SAMPLE_WORKGROUP_SIZE });
}

/** Greedy select's operands and rules, and the draw (docs/decoding.md, "Sampling"). */
export interface SampleSelectSpec extends GreedySelectSpec {
  /** Keep the topK most likely allowed tokens; 0: no cut (a topK above the allowed count cuts nothing). */
  topK: number;
  /** Keep the shortest leading run of mass ≥ topP, in (0, 1]; 1: no cut. Applied in f32. */
  topP: number;
  /** T in [MIN_TEMPERATURE, MAX_TEMPERATURE]: q = softmax(logit / T). Applied in f32. */
  temperature: number;
  /** The RNG seed, an integer in [0, 2³²). */
  seed: number;
  /**
   * Row n draws with sentence key sentenceKeys[n], an integer in [0, 2³²), one per row: keys travel
   * with their sentences, so a batch may hold any sentences in any order.
   */
  sentenceKeys: readonly number[];
}

export function planSampleSelect(device: GPUDevice, compiled: KernelPipeline, spec: SampleSelectSpec): Plan {
  const label = spec.label ?? 'sample select';
  checkPipeline(label, compiled, sampleSelectKernelDefinition);
  const { steps, logits } = checkSelectSpec(label, spec);
  const { rows, vocab } = spec;
  checkCount(label, 'topK', spec.topK);
  if (typeof spec.topP !== 'number' || !(spec.topP > 0 && spec.topP <= 1)) {
    throw new GpuError(`${label}: topP must be in (0, 1], got ${spec.topP}`);
  }
  if (
    typeof spec.temperature !== 'number' ||
    !(spec.temperature >= MIN_TEMPERATURE && spec.temperature <= MAX_TEMPERATURE)
  ) {
    throw new GpuError(
      `${label}: temperature must be in [${MIN_TEMPERATURE}, ${MAX_TEMPERATURE}], got ${spec.temperature}`,
    );
  }
  checkCount(label, 'seed', spec.seed);
  const keys = sentenceKeysOf(label, spec.sentenceKeys, rows);
  const params = {
    rows,
    vocab,
    logits_offset: logits.offset,
    ldl: logits.stride,
    pad_id: spec.padId,
    bos_id: spec.bosId,
    eos_id: spec.eosId,
    min_length: spec.minLength,
    top_k: spec.topK,
    top_p: spec.topP,
    temperature: spec.temperature,
    seed: spec.seed,
    masked: spec.tokenMask ? 1 : 0,
  };
  // The plan owns the keys' buffer: uploaded here, freed with the plan.
  const keyBuffer = createStorageBuffer(device, `${label} sentence keys`, keys);
  let plan: Plan;
  try {
    plan = planLaunch(device, compiled, {
      label,
      uniforms: { params },
      operands: {
        ...selectOperands(spec, logits.operand, steps),
        sentence_keys: { buffer: keyBuffer, elements: rows, name: 'sentenceKeys' },
      },
      stepTable: spec.stepTable,
      workgroups: rows,
      gridLimit: spec.gridLimit,
    });
  } catch (error) {
    keyBuffer.destroy();
    throw error;
  }
  return {
    ...plan,
    destroy() {
      plan.destroy();
      keyBuffer.destroy();
    },
  };
}

/** One key per row, each an integer in [0, 2³²). */
function sentenceKeysOf(label: string, keys: readonly number[], rows: number): Uint32Array {
  if (!Array.isArray(keys) || keys.length !== rows) {
    throw new GpuError(`${label}: sentenceKeys must hold one key per row (${rows}), got ${String(keys?.length)}`);
  }
  keys.forEach((key, n) => {
    if (!Number.isSafeInteger(key) || key < 0 || key > 0xffffffff) {
      throw new GpuError(`${label}: sentenceKeys[${n}] must be an integer in [0, 2^32), got ${key}`);
    }
  });
  return Uint32Array.from(keys);
}
