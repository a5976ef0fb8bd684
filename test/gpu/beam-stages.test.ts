// Each stage of the GPU beam search (shaders/beam_search.wgsl), run alone through its plan from
// planBeamStep on Dawn (SwiftShader without a GPU), against its CPU twin (src/cpu/beam-stages/),
// on the steps of test/cpu/beam-stage-data.ts: random logits with ±50/±100 outliers, rows of
// ±1000, −∞ stretches, tied logits and tied rows, finished and idle slots, min length, max length
// and the early stop. Every word of every buffer a stage binds is compared: tokens, parents,
// counts, flags and untouched words exactly, floats within the tolerances below.
//
// The twins work in f64, the shader in f32; beyond its own arithmetic each tolerance allows for
// WGSL's exp (3 + 2|x| ulp: ≤ ~16 ulp of a sum of exp(x − max) ≥ 1 once weighted by the terms'
// size) and log (2⁻²¹ absolute near 1, else 3 ulp). The beam_select inputs are kept clear of
// near-ties (nearTies), so that f32 and f64 take the same decisions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beamSlices, beamSlicesOverflow } from '../../src/cpu/beam-stages/slices.ts';
import { beamSelect } from '../../src/cpu/beam-stages/select.ts';
import { beamCopyBack, beamGather, type BeamReorderSpec } from '../../src/cpu/beam-stages/reorder.ts';
import { BeamWords, floatView, NO_TOKEN } from '../../src/cpu/beam-stages/words.ts';
import { createStorageBuffer, readFloat32, readUint32, withErrorScopes } from '../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import {
  type BeamPipelines,
  type BeamStepPlan,
  planBeamStep,
  prepareBeamPipelines,
} from '../../src/gpu/kernels/beam-search.ts';
import type { Plan } from '../../src/gpu/launch.ts';
import { createStepTable } from '../../src/gpu/step-table.ts';
import { BEAM_STEP_CASES, type BeamStepData, beamStepData, nearTies } from '../cpu/beam-stage-data.ts';
import { withOutliers } from '../cpu/random-data.ts';
import { SENTINEL, submitPass } from './kernels/helpers.ts';

const ULP = 2 ** -24;

/**
 * Σ exp(x − max) of one slice, relative: each lane adds ⌈W/64⌉ terms, a tree adds 6 levels, and
 * the exp terms that weigh bring up to ~16 ulp.
 */
function sumExpTolerance(sliceWidth: number, expected: number): number {
  return ULP * (Math.ceil(sliceWidth / 64) + 6 + 16) * Math.abs(expected);
}

/**
 * A row's log-normaliser Z = M + log Σ_s sum_s·exp(max_s − M), absolute: the S-term sum (S
 * roundings and ~16 ulp of exp), log (2⁻²¹ near 1, else 3 ulp of log Σ ≤ log V), the rounding of
 * M + log, and the twin's own f32 store of Z.
 */
function normaliserTolerance(normaliser: number, slices: number, vocab: number): number {
  return ULP * (slices + 16) + 2 ** -21 + 3 * ULP * Math.log(vocab) + 2 * ULP * Math.abs(normaliser);
}

/** A sum score + (logit − Z): Z's error, then two f32 roundings on the GPU and the twin's store. */
function sumTolerance(normaliserError: number, logProb: number, sum: number): number {
  return normaliserError + ULP * (Math.abs(logProb) + 2 * Math.abs(sum));
}

let gpu: GpuContext;
let device: GPUDevice;
let pipelines: BeamPipelines;

beforeAll(async () => {
  gpu = await acquireGpu();
  device = gpu.device;
  pipelines = await prepareBeamPipelines(device);
});

afterAll(() => {
  gpu?.destroy();
});

interface ReorderInputs {
  hidden: number;
  stateBlocks: number;
  inputFeeding: boolean;
  state: Float32Array<ArrayBuffer>;
  feed: Float32Array<ArrayBuffer>;
  spare: Float32Array<ArrayBuffer>;
}

interface StageResult {
  beams: Uint32Array;
  scratch: Uint32Array;
  history: Uint32Array;
  state: Float32Array;
  feed: Float32Array;
  spare: Float32Array;
}

/** Uploads every buffer of a beam step, records one stage's plan for step t, reads every buffer back. */
async function runStage(
  data: BeamStepData,
  reorder: ReorderInputs,
  stage: (plan: BeamStepPlan) => Plan,
): Promise<StageResult> {
  const { shape, rules } = data.spec;
  const owned: { destroy(): void }[] = [];
  const upload = (label: string, values: Float32Array<ArrayBuffer> | Uint32Array<ArrayBuffer>) => {
    const buffer = createStorageBuffer(device, label, values);
    owned.push(buffer);
    return buffer;
  };
  try {
    const buffers = {
      logits: upload('logits', data.logits),
      beams: upload('beams', data.beams),
      scratch: upload('scratch', data.scratch),
      table: upload('table', data.table),
      history: upload('history', data.history),
      state: upload('state', reorder.state),
      feed: upload('feed', reorder.feed),
      spare: upload('spare', reorder.spare),
    };
    const stepTable = createStepTable(device, shape.steps);
    owned.push(stepTable);
    const plan = planBeamStep(device, pipelines, {
      shape,
      hidden: reorder.hidden,
      stateBlocks: reorder.stateBlocks,
      inputFeeding: reorder.inputFeeding,
      ...rules,
      ...buffers,
      stepTable,
    });
    owned.push(plan);
    await withErrorScopes(device, 'beam stage', () =>
      submitPass(device, 'beam stage', (pass) => stage(plan).record(pass, data.t)),
    );
    return {
      beams: await readUint32(device, buffers.beams),
      scratch: await readUint32(device, buffers.scratch),
      history: await readUint32(device, buffers.history),
      state: await readFloat32(device, buffers.state),
      feed: await readFloat32(device, buffers.feed),
      spare: await readFloat32(device, buffers.spare),
    };
  } finally {
    for (const resource of owned) resource.destroy();
  }
}

/** Inputs for the stages that do not reorder: one [N × 1] block, never read. */
function idleReorder(data: BeamStepData): ReorderInputs {
  const N = data.spec.shape.sentences * data.spec.shape.beam;
  return {
    hidden: 1,
    stateBlocks: 1,
    inputFeeding: true,
    state: new Float32Array(2 * N),
    feed: new Float32Array(N),
    spare: new Float32Array(2 * N),
  };
}

/**
 * Words that differ: exactly, or as f32 beyond `tolerance(i)` where it gives one. At most 12
 * are listed, with their index and meaning.
 */
function differences(
  name: string,
  actual: Uint32Array,
  expected: Uint32Array,
  tolerance: (i: number) => number | undefined = () => undefined,
): string[] {
  expect(actual.length, `${name} length`).toBe(expected.length);
  const actualFloats = floatView(actual);
  const expectedFloats = floatView(expected);
  const problems: string[] = [];
  for (let i = 0; i < expected.length && problems.length < 12; i++) {
    if (actual[i] === expected[i]) continue;
    const allowed = tolerance(i);
    if (allowed !== undefined && Math.abs(actualFloats[i] - expectedFloats[i]) <= allowed) continue;
    problems.push(
      allowed === undefined
        ? `${name}[${i}]: ${actual[i]}, expected ${expected[i]}`
        : `${name}[${i}]: ${actualFloats[i]}, expected ${expectedFloats[i]} ± ${allowed}`,
    );
  }
  return problems;
}

function bits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

describe('beam_slices against beamSlices', () => {
  it.each(BEAM_STEP_CASES)('$name', async (c) => {
    const data = beamStepData(c);
    const { shape } = data.spec;
    const words = new BeamWords(shape, data.spec.layout);
    const expected = beamSlices(data.spec, data);
    const actual = await runStage(data, idleReorder(data), (plan) => plan.slices);
    const sumWords = new Set<number>();
    for (let n = 0; n < words.rows; n++)
      for (let s = 0; s < words.slices; s++) sumWords.add(words.sliceStats(n, s) + 1);
    const expectedFloats = floatView(expected);
    expect([
      ...differences('scratch', actual.scratch, expected, (i) =>
        sumWords.has(i) ? sumExpTolerance(shape.sliceWidth, expectedFloats[i]) : undefined,
      ),
      ...differences('beams', actual.beams, beamSlicesOverflow(data.spec, data)),
      ...differences('history', actual.history, data.history),
    ]).toEqual([]);
  });

  it('sets the overflow word of each sentence with a NaN or +∞ logit in a live row, as beamSlicesOverflow', async () => {
    // Sentence 0: NaN in its last live row; 1: +∞; 2: NaN only in an idle row; 3: −∞ only; 4: done.
    const data = beamStepData({
      beam: 3,
      vocab: 70,
      sliceWidth: 16,
      nBest: 2,
      t: 2,
      minLength: 0,
      lengthPenalty: 0.6,
      kinds: ['plain', 'plain', 'partial', 'plain', 'done'],
      seed: 91,
    });
    const { shape } = data.spec;
    const words = new BeamWords(shape, data.spec.layout);
    const V = shape.vocab;
    const K = shape.beam;
    const logits = Float32Array.from(data.logits);
    logits[2 * V + 40] = NaN;
    logits[(K + 1) * V + 5] = Infinity;
    const idle = 2 * K + data.beams[words.live(2)];
    logits[idle * V + 17] = NaN;
    logits.fill(-Infinity, 3 * K * V + 10, 3 * K * V + 30);
    logits[4 * K * V + 3] = NaN;
    const input = { ...data, logits };
    const expected = beamSlicesOverflow(data.spec, input);
    expect(Array.from({ length: shape.sentences }, (_, b) => expected[words.overflow(b)] === 1)).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    // Only the overflow words: with a NaN in the row WGSL leaves the slices' max unspecified.
    const actual = await runStage(input, idleReorder(data), (plan) => plan.slices);
    expect(differences('beams', actual.beams, expected)).toEqual([]);
  });
});

describe('beam_select against beamSelect', () => {
  it.each(BEAM_STEP_CASES)('$name', async (c) => {
    const generated = beamStepData(c);
    expect(nearTies(generated), 'the step’s data puts a decision within NEAR_TIE').toEqual([]);
    const data = { ...generated, scratch: beamSlices(generated.spec, generated) };
    const { shape, rules } = data.spec;
    const words = new BeamWords(shape, data.spec.layout);
    const K = shape.beam;
    const N = words.rows;
    const expected = beamSelect(data.spec, data);
    const actual = await runStage(data, idleReorder(data), (plan) => plan.select);

    // Per written float word, its tolerance, from the twin's account of where the value came from.
    const normalisers = floatView(expected.scratch);
    const zError = (row: number) => normaliserTolerance(normalisers[words.normaliser(row)], words.slices, shape.vocab);
    const candidateSum = (b: number, slot: number, token: number, sum: number) => {
      const row = b * K + slot;
      const logProb = data.logits[row * shape.vocab + token] - normalisers[words.normaliser(row)];
      return sumTolerance(zError(row), logProb, sum);
    };
    const scratchTolerance = new Map<number, number>();
    const beamsTolerance = new Map<number, number>();
    const after = floatView(expected.beams);
    for (let b = 0; b < shape.sentences; b++) {
      for (let k = 0; k < data.beams[words.live(b)]; k++)
        scratchTolerance.set(words.normaliser(b * K + k), zError(b * K + k));
      for (let slot = 0; slot < K; slot++) {
        const n = b * K + slot;
        const token = expected.history[(data.t + 1) * N + n];
        if (token === rules.padId) continue;
        const at = words.scores(1 - (data.t % 2), n);
        beamsTolerance.set(at, candidateSum(b, expected.beams[words.parents(data.t, n)], token, after[at]));
      }
      for (let i = 0; i < expected.beams[words.finishedCount(b)]; i++) {
        const at = words.finished(b, i);
        if (expected.beams[at + 2] !== data.t) continue;
        const [score, sum] = [after[at], after[at + 1]];
        const slot = expected.beams[at + 3];
        const token = expected.beams[at + 4];
        const sumError = token === NO_TOKEN ? 0 : candidateSum(b, slot, token, sum);
        const divisor = floatView(data.table)[words.divisor(token === NO_TOKEN ? data.t : data.t + 1)];
        beamsTolerance.set(at, sumError / divisor + 4 * ULP * Math.abs(score));
        beamsTolerance.set(at + 1, sumError);
      }
    }
    expect([
      ...differences('beams', actual.beams, expected.beams, (i) => beamsTolerance.get(i)),
      ...differences('scratch', actual.scratch, expected.scratch, (i) => scratchTolerance.get(i)),
      ...differences('history', actual.history, expected.history),
    ]).toEqual([]);
  });
});

describe('beam_reorder against beamGather and beamCopyBack', () => {
  const cases = [
    { stepCase: 0, hidden: 5, stateBlocks: 4, inputFeeding: true },
    { stepCase: 2, hidden: 3, stateBlocks: 1, inputFeeding: false },
    { stepCase: 3, hidden: 7, stateBlocks: 3, inputFeeding: true },
  ];

  function reorderCase(index: number) {
    const { stepCase, hidden, stateBlocks, inputFeeding } = cases[index];
    const generated = beamStepData(BEAM_STEP_CASES[stepCase]);
    // Parents as beam_select leaves them, and one out of range, which the gather clamps to K − 1.
    const beams = beamSelect(generated.spec, { ...generated, scratch: beamSlices(generated.spec, generated) }).beams;
    const words = new BeamWords(generated.spec.shape, generated.spec.layout);
    beams[words.parents(generated.t, words.rows - 1)] = generated.spec.shape.beam + 5;
    const data = { ...generated, beams: Uint32Array.from(beams) };
    const N = words.rows;
    const spec: BeamReorderSpec = { ...data.spec, hidden, stateBlocks, inputFeeding };
    const inputs: ReorderInputs = {
      hidden,
      stateBlocks,
      inputFeeding,
      state: new Float32Array(withOutliers(2 * stateBlocks * N * hidden, 7 + index)),
      feed: new Float32Array(withOutliers(N * hidden, 8 + index)),
      spare: new Float32Array((stateBlocks + 1) * N * hidden).fill(SENTINEL),
    };
    return { data, spec, inputs };
  }

  it.each(cases.map((c, index) => ({ ...c, index, name: BEAM_STEP_CASES[c.stepCase].name })))(
    'gather: $name, H=$hidden, $stateBlocks state blocks, input feeding $inputFeeding',
    async ({ index }) => {
      const { data, spec, inputs } = reorderCase(index);
      const expected = beamGather(spec, { ...inputs, beams: data.beams, t: data.t });
      const actual = await runStage(data, inputs, (plan) => plan.gather);
      expect([
        ...differences('spare', bits(actual.spare), bits(expected)),
        ...differences('state', bits(actual.state), bits(inputs.state)),
        ...differences('feed', bits(actual.feed), bits(inputs.feed)),
        ...differences('beams', actual.beams, data.beams),
      ]).toEqual([]);
    },
  );

  it.each(cases.map((c, index) => ({ ...c, index, name: BEAM_STEP_CASES[c.stepCase].name })))(
    'copy back: $name, H=$hidden, $stateBlocks state blocks, input feeding $inputFeeding',
    async ({ index, hidden, stateBlocks }) => {
      const { data, spec, inputs } = reorderCase(index);
      const N = data.spec.shape.sentences * data.spec.shape.beam;
      const spare = new Float32Array(withOutliers((stateBlocks + 1) * N * hidden, 9 + index));
      const expected = beamCopyBack(spec, { ...inputs, spare, t: data.t });
      const actual = await runStage(data, { ...inputs, spare }, (plan) => plan.copyBack);
      expect([
        ...differences('state', bits(actual.state), bits(expected.state)),
        ...differences('feed', bits(actual.feed), bits(expected.feed)),
        ...differences('spare', bits(actual.spare), bits(spare)),
      ]).toEqual([]);
    },
  );
});

describe('buffers', () => {
  it('leaves no buffer alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
