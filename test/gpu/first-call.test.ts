// A model's first calls: load compiles what greedy decoding of one sentence needs and nothing
// more (other batch sizes and the beam search compile at first use), a beam search right after
// load gives the cpu backend's hypotheses, and dispose() right after load leaves no unhandled
// rejection behind, also with the device destroyed. Each test has its own backend, so its
// device's pipeline cache starts cold.
import { afterEach, describe, expect, it } from 'vitest';
import { compileCounters, pipelineCompiles } from '../../src/gpu/debug.ts';
import { RNN_STEP_FULL_BATCH } from '../../src/gpu/kernels/rnn-step.ts';
import { createBackend, type Backend } from '../../src/index.ts';
import type { ModelConfig } from '../../src/model/config.ts';
import type { Model } from '../../src/model/model.ts';
import {
  defaultConfig,
  defaultTransformerConfig,
  randomModel,
  randomTransformerModel,
} from '../../src/model/random-model.ts';
import { makeVocab } from '../helpers/model-files.ts';

const rnnConfig = defaultConfig({ attention: 'general', input_feeding: true, num_layers: 2 });
const transformerConfig = defaultTransformerConfig();
const models: { name: string; model: () => Model }[] = [
  { name: 'LSTM', model: () => withVocab({ ...randomModel(rnnConfig, 3) }, rnnConfig) },
  { name: 'Transformer', model: () => withVocab(randomTransformerModel(transformerConfig, 3), transformerConfig) },
];
const sources = [
  [4, 5, 6],
  [7, 8],
];
const beamOptions = { beam: 5, nBest: 2, maxLength: 8 };

function withVocab<T extends Model>(model: T, config: ModelConfig): T {
  return { ...model, vocab: makeVocab(config) };
}

/** Resolves once no pipeline compile is in flight. */
async function compilesSettled(): Promise<void> {
  for (let i = 0; i < 600 && compileCounters.inFlight > 0; i++) await new Promise((done) => setTimeout(done, 50));
  expect(compileCounters.inFlight).toBe(0);
}

const backends: Backend[] = [];
afterEach(async () => {
  for (const backend of backends.splice(0)) backend.dispose();
  // The next test's counts start from a quiet device.
  await compilesSettled();
});

describe.each(models)('$name: the first calls after load', ({ model }) => {
  it('beam search right after load finds the cpu backend’s hypotheses', async () => {
    const cpu = await createBackend({ kind: 'cpu' });
    const gpu = await createBackend({ kind: 'gpu' });
    backends.push(cpu, gpu);
    const onGpu = await gpu.load(model());
    const searched = onGpu.translate(sources, beamOptions);
    const expected = await (await cpu.load(model())).translate(sources, beamOptions);
    const found = await searched;
    expected.forEach((translation, i) => {
      expect(found[i].hypotheses.map((h) => h.tokens)).toEqual(translation.hypotheses.map((h) => h.tokens));
    });
    // Greedy decoding of one sentence right after: what load compiled is enough for it.
    const greedy = await onGpu.translate([sources[0]]);
    expect(greedy[0].hypotheses).toHaveLength(1);
  });

  it('dispose() right after load leaves no unhandled rejection, with the device destroyed', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    try {
      const gpu = await createBackend({ kind: 'gpu' });
      const loaded = await gpu.load(model());
      const started = compileCounters.pipelines + compileCounters.inFlight;
      loaded.dispose();
      // Destroys the device any compile still in flight runs on.
      gpu.dispose();
      await compilesSettled();
      // Let any rejection left unhandled reach the process.
      await new Promise((done) => setTimeout(done, 100));
      expect(compileCounters.pipelines).toBeGreaterThanOrEqual(started);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
});

describe('the LSTM load', () => {
  it('compiles the pipelines of one sentence; a batch of 8 and a beam search compile theirs at first use', async () => {
    const gpu = await createBackend({ kind: 'gpu' });
    backends.push(gpu);
    const compiledSince = (from: number) =>
      pipelineCompiles()
        .slice(from)
        .map((compile) => compile.label);
    const beforeLoad = pipelineCompiles().length;
    const loaded = await gpu.load(models[0].model());
    const atLoad = compiledSince(beforeLoad);
    expect(atLoad.some((label) => label.startsWith('rnn step(BATCH_BLOCK=1,'))).toBe(true);
    expect(atLoad).toContain('step gate(WORKGROUP_SIZE=64)');
    expect(atLoad.filter((label) => /BLOCK=[248],|^beam /.test(label))).toEqual([]);

    const beforeGreedy = pipelineCompiles().length;
    await loaded.translate([sources[0]]);
    expect(compiledSince(beforeGreedy)).toEqual([]);

    const beforeBatch = pipelineCompiles().length;
    const batch = Array.from({ length: RNN_STEP_FULL_BATCH }, (_, i) => [4 + (i % 5), 5]);
    expect(await loaded.translate(batch)).toHaveLength(RNN_STEP_FULL_BATCH);
    const atBatch = compiledSince(beforeBatch);
    expect(atBatch.some((label) => label.startsWith(`rnn step(BATCH_BLOCK=${RNN_STEP_FULL_BATCH},`))).toBe(true);
    expect(atBatch.filter((label) => label.startsWith('beam '))).toEqual([]);
  });
});
