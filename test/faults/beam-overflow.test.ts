// F6 in a beam row that does not reach the n-best: the cpu reference ends a sentence with a NaN
// score as soon as any live hypothesis's log-probs overflow (src/cpu/search/beam.ts), and the
// results check refuses it. On the gpu a NaN logit only makes the row's tokens "not allowed", so
// without the overflow word (shaders/beam_search.wgsl beam_slices) the best hypothesis of the other
// rows would be answered. Here the beam stages run step by step through planBeamStep on crafted
// logits (beam 3, n-best 1: the third slot's child overflows at step 1 while the first slot's
// EOS wins), and the final readout is copied and parsed as src/engine/beam-search.ts does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyOverflowWords, readoutLayout, writeInitialState } from '../../src/engine/beam-search.ts';
import { beamReadoutOffsets, parseBeamReadout } from '../../src/engine/beam-readout.ts';
import { createReadoutBuffer } from '../../src/engine/decoder-arena.ts';
import { logSoftmax } from '../../src/cpu/kernels.ts';
import { beamSearch } from '../../src/cpu/search/beam.ts';
import type { StepModel } from '../../src/cpu/search/step-model.ts';
import { createStorageBuffer, readBuffer, readUint32, submitCommands, withErrorScopes } from '../../src/gpu/buffers.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import {
  type BeamShape,
  beamScratchLayout,
  beamStateLayout,
  beamTableLayout,
} from '../../src/gpu/kernels/beam-layout.ts';
import { type BeamPipelines, planBeamStep, prepareBeamPipelines } from '../../src/gpu/kernels/beam-search.ts';
import { createStepTable } from '../../src/gpu/step-table.ts';
import type { ResolvedDecodeOptions } from '../../src/model/decoding.ts';
import { finiteHypotheses } from '../../src/model/finite-results.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import { submitPass } from '../gpu/kernels/helpers.ts';

const PAD = 0;
const BOS = 1;
const EOS = 2;
const V = 6;

let gpu: GpuContext;
let device: GPUDevice;
let pipelines: BeamPipelines;

beforeAll(async () => {
  gpu = await acquireGpu();
  device = gpu.device;
  pipelines = await prepareBeamPipelines(device);
});

afterAll(() => gpu?.destroy());

/**
 * Logits that depend on the previous token only. After bos: 3 ≫ 4 > 5 > EOS. After 3 or 4: EOS by
 * far, so slot 0's EOS (sum ≈ log p(3)) is the 1-best. After 5 (slot 2): NaN or +∞ when `bad`.
 */
function logitsAfter(previous: number, bad: number | undefined): Float32Array {
  if (previous === BOS) return Float32Array.from([0, 0, -10, 6, 2, 1]);
  if (previous === 5 && bad !== undefined) return Float32Array.from([0, 0, 1, bad, 0, 0]);
  return Float32Array.from([0, 0, 12, 0, 0, 0]);
}

const options: ResolvedDecodeOptions = {
  beam: 3,
  nBest: 1,
  maxLength: 4,
  minLength: 0,
  lengthPenalty: 0,
  attention: false,
  prefix: [],
  noRepeatNgram: 0,
  coveragePenalty: 0,
  alignment: false,
  sentence: 0,
};

const allowed = { config: { tgt_vocab_size: V, pad_id: PAD, bos_id: BOS, eos_id: EOS }, minLength: 0 };

function cpuSearch(bad: number | undefined): Hypothesis[] {
  const model: StepModel<null> = {
    vocabSize: V,
    padId: PAD,
    bosId: BOS,
    eosId: EOS,
    begin: () => null,
    step: (state, previous) => ({ logProbs: logSoftmax(logitsAfter(previous, bad)), state }),
  };
  return beamSearch(model, [4], options);
}

/** The beam stages of every step on one sentence, each step's logits from the tokens its rows were fed. */
async function gpuSearch(bad: number | undefined): Promise<Hypothesis[]> {
  const K = options.beam;
  const steps = options.maxLength;
  const shape: BeamShape = { sentences: 1, beam: K, vocab: V, sliceWidth: 4, nBest: options.nBest, steps };
  const owned: { destroy(): void }[] = [];
  const own = <T extends { destroy(): void }>(resource: T) => (owned.push(resource), resource);
  // Words the search must set before reading them start as garbage (the overflow words included).
  const garbage = (words: number) => new Uint32Array(words).fill(0xdeadbeef);
  try {
    const buffers = {
      logits: own(createStorageBuffer(device, 'logits', K * V * 4)),
      beams: own(createStorageBuffer(device, 'beams', garbage(beamStateLayout(shape).words))),
      scratch: own(createStorageBuffer(device, 'scratch', garbage(beamScratchLayout(shape).words))),
      table: own(createStorageBuffer(device, 'table', beamTableLayout(shape).words * 4)),
      history: own(createStorageBuffer(device, 'history', garbage((steps + 1) * K))),
      state: own(createStorageBuffer(device, 'state', 2 * K * 4)),
      feed: own(createStorageBuffer(device, 'feed', K * 4)),
      spare: own(createStorageBuffer(device, 'spare', 2 * K * 4)),
      readout: own(
        createReadoutBuffer(device, 'readout', beamReadoutOffsets(readoutLayout(shape, steps, 1, false, false)).total),
      ),
    };
    const stepTable = own(createStepTable(device, steps));
    const plan = own(
      planBeamStep(device, pipelines, {
        shape,
        hidden: 1,
        stateBlocks: 1,
        inputFeeding: true,
        padId: PAD,
        bosId: BOS,
        eosId: EOS,
        minLength: 0,
        ...buffers,
        stepTable,
      }),
    );
    writeInitialState(device, buffers.history, buffers, shape, [options], BOS);
    let submitted = 0;
    for (let t = 0; t < steps; t++) {
      const fed = await readUint32(device, buffers.history);
      const logits = new Float32Array(K * V);
      for (let k = 0; k < K; k++) logits.set(logitsAfter(fed[t * K + k], bad), k * V);
      device.queue.writeBuffer(buffers.logits, 0, logits);
      await withErrorScopes(device, `beam step ${t}`, () =>
        submitPass(device, `beam step ${t}`, (pass) => plan.record(pass, t)),
      );
      submitted = t + 1;
      if ((await readUint32(device, buffers.beams, 1))[0] === 0) break;
    }
    // The final readout of src/engine/beam-search.ts.
    const layout = readoutLayout(shape, submitted, 1, false, false);
    const offsets = beamReadoutOffsets(layout);
    await withErrorScopes(device, 'beam readout', () => {
      const commands = device.createCommandEncoder({ label: 'beam readout' });
      commands.copyBufferToBuffer(buffers.history, 0, buffers.readout, offsets.history, offsets.historyBytes);
      commands.copyBufferToBuffer(
        buffers.beams,
        offsets.searchSource,
        buffers.readout,
        offsets.search,
        offsets.searchBytes,
      );
      copyOverflowWords(commands, buffers.beams, shape, buffers.readout, layout);
      submitCommands(device, [commands.finish()]);
    });
    const bytes = await readBuffer(device, buffers.readout, offsets.total);
    const [hypotheses] = parseBeamReadout(bytes, layout, {
      eosId: EOS,
      lengthPenalty: 0,
      attention: false,
      sourceLengths: [1],
    });
    return hypotheses;
  } finally {
    for (const resource of owned) resource.destroy();
  }
}

describe('beam search where only a row outside the n-best overflows', () => {
  it('without overflow: gpu and cpu answer the same finite 1-best', async () => {
    const cpu = cpuSearch(undefined);
    const gpuResult = await gpuSearch(undefined);
    expect(cpu.map((h) => h.ids)).toEqual([[3]]);
    expect(gpuResult.map((h) => h.ids)).toEqual([[3]]);
    expect(gpuResult[0].score).toBeCloseTo(cpu[0].score, 5);
    expect(finiteHypotheses(cpu, allowed)).toBe(true);
    expect(finiteHypotheses(gpuResult, allowed)).toBe(true);
  });

  it.each([
    ['NaN', NaN],
    ['+∞', Infinity],
  ])('a %s logit in slot 2 at step 1: the gpu refuses the sentence as the cpu does', async (_, bad) => {
    const cpu = cpuSearch(bad);
    expect(cpu).toHaveLength(1);
    expect(cpu[0].score).toBeNaN();
    expect(finiteHypotheses(cpu, allowed)).toBe(false);
    const gpuResult = await gpuSearch(bad);
    expect(gpuResult).toHaveLength(1);
    expect(gpuResult[0].score).toBeNaN();
    expect(finiteHypotheses(gpuResult, allowed)).toBe(false);
  });
});
