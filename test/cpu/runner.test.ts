import { describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { InputError, UnrollError } from '../../src/errors.ts';
import type { RnnConfig } from '../../src/model/config.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';

const CONFIGS: Partial<RnnConfig>[] = [
  { cell: 'lstm', num_layers: 2, bidirectional: true, attention: 'general', input_feeding: true },
  { cell: 'gru', attention: 'additive' },
  { cell: 'rnn_tanh', bidirectional: true, attention: 'dot', input_feeding: true },
  { cell: 'rnn_relu', num_layers: 2, attention: 'none' },
];
const sources = [[4, 5, 6, 7, 8], [9], [10, 11, 4]];
const targets = [[5, 6, 7], [], [8, 3, 0, 2]]; // EOS, pad and bos inside a target are just tokens here

function logSumExp(row: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i] - max);
  return max + Math.log(sum);
}

describe.each(CONFIGS)('cpu runner %o', (overrides) => {
  const model = randomModel(defaultConfig(overrides), 17);
  const { config } = model;

  it('score: log p of each target token then EOS, total = their sum, equal to driving the StepModel by hand', async () => {
    const scores = await createCpuRunner(model).score(sources, targets);
    const stepModel = new CpuStepModel(model);
    scores.forEach((score, i) => {
      expect(score.logprobs.length).toBe(targets[i].length + 1);
      expect(Math.abs(score.total - score.logprobs.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(1e-12);
      let state = stepModel.begin(sources[i]);
      const next = [...targets[i], config.eos_id];
      [config.bos_id, ...targets[i]].forEach((previous, t) => {
        const out = stepModel.step(state, previous);
        expect(score.logprobs[t]).toBe(out.logProbs[next[t]]);
        expect(score.logprobs[t]).toBeLessThan(0);
        state = out.state;
      });
    });
  });

  it('forcedLogProbs: targets + 1 rows of V log-probs, normalised, matching score', async () => {
    const runner = createCpuRunner(model);
    const rows = await runner.forcedLogProbs(sources, targets);
    const scores = await runner.score(sources, targets);
    rows.forEach((steps, i) => {
      expect(steps.length).toBe(targets[i].length + 1);
      const next = [...targets[i], config.eos_id];
      steps.forEach((row, t) => {
        expect(row).toBeInstanceOf(Float32Array);
        expect(row.length).toBe(config.tgt_vocab_size);
        expect(row[next[t]]).toBe(Math.fround(scores[i].logprobs[t]));
        // rows are f32: each entry is rounded by at most 2^-24 relative, so logsumexp moves by at most that
        const bound = 2 ** -24 * Math.max(...Array.from(row, Math.abs));
        expect(Math.abs(logSumExp(row))).toBeLessThanOrEqual(bound);
      });
    });
  });

  it('the f64 StepModel distributions are normalised within 1e-9 and unmasked', () => {
    const stepModel = new CpuStepModel(model);
    let state = stepModel.begin(sources[0]);
    for (const token of [config.bos_id, 5, 6, config.pad_id]) {
      const out = stepModel.step(state, token);
      expect(Math.abs(logSumExp(out.logProbs))).toBeLessThanOrEqual(1e-9);
      expect(Number.isFinite(out.logProbs[config.pad_id]) && Number.isFinite(out.logProbs[config.bos_id])).toBe(true);
      if (config.attention === 'none') expect(out.attention).toBeUndefined();
      else {
        expect(out.attention!.length).toBe(sources[0].length);
        expect(Math.abs(out.attention!.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }
      state = out.state;
    }
  });

  it('translate: each hypothesis score is the teacher-forced score of its ids (EOS counted when emitted)', async () => {
    const runner = createCpuRunner(model);
    const maxLength = 6;
    const results = await runner.translate(sources, { beam: 3, nBest: 2, maxLength, attention: true });
    for (const [i, hypotheses] of results.entries()) {
      expect(hypotheses.length).toBe(2);
      for (const hypothesis of hypotheses) {
        const [score] = await runner.score([sources[i]], [hypothesis.ids]);
        const emittedEos = hypothesis.ids.length < maxLength;
        const expected = emittedEos ? score.total : score.total - score.logprobs[hypothesis.ids.length];
        expect(Math.abs(hypothesis.score - expected)).toBeLessThanOrEqual(1e-9);
        if (config.attention !== 'none') {
          expect(hypothesis.attention!.length).toBe(hypothesis.ids.length + (emittedEos ? 1 : 0));
          expect(hypothesis.attention!.every((row) => row.length === sources[i].length)).toBe(true);
        }
      }
    }
  });

  it('encode: S output rows and L state rows of width H, c for LSTM only', async () => {
    const results = await createCpuRunner(model).encode(sources);
    results.forEach((result, i) => {
      expect(result.outputs.length).toBe(sources[i].length);
      expect(result.outputs.every((row) => row instanceof Float32Array && row.length === config.hidden_size)).toBe(
        true,
      );
      expect(result.h?.length).toBe(config.num_layers);
      expect(result.h?.every((row) => row.length === config.hidden_size)).toBe(true);
      if (config.cell === 'lstm') expect(result.c!.length).toBe(config.num_layers);
      else expect(result.c).toBeUndefined();
    });
  });
});

/** A deep copy of a state's numbers, to notice any write into it. */
function snapshot(state: unknown): string {
  return JSON.stringify(state, (_: string, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));
}

describe('CpuStepModel states are immutable', () => {
  for (const overrides of CONFIGS) {
    it(`stepping a state twice gives the same result and leaves it untouched (${overrides.cell})`, () => {
      const model = randomModel(defaultConfig(overrides), 3);
      const stepModel = new CpuStepModel(model);
      const start = stepModel.begin([4, 5, 6]);
      const first = stepModel.step(start, stepModel.bosId);
      const before = snapshot(first.state);
      const a = stepModel.step(first.state, 7);
      const b = stepModel.step(first.state, 8); // fork: another token from the same state
      const again = stepModel.step(first.state, 7);
      expect(snapshot(first.state)).toBe(before);
      expect(again.logProbs).toEqual(a.logProbs);
      expect(a.state).not.toBe(first.state);
      expect(b.logProbs).not.toEqual(a.logProbs);
    });
  }
});

describe('cpu runner errors', () => {
  const model = randomModel(defaultConfig({ attention: 'dot' }), 2);

  it('rejects empty sources, out-of-range ids and mismatched batches with InputError', async () => {
    const runner = createCpuRunner(model);
    await expect(runner.encode([[4], []])).rejects.toThrow(InputError);
    await expect(runner.score([[]], [[4]])).rejects.toThrow(InputError);
    await expect(runner.forcedLogProbs([[4]], [[4], [5]])).rejects.toThrow(InputError);
    await expect(runner.score([[4]], [[18]])).rejects.toThrow(/target sentence 0: id 18/);
    await expect(runner.translate([[4], []])).rejects.toThrow(InputError);
    expect(() => new CpuStepModel(model).begin([])).toThrow(InputError);
  });

  it('an empty batch gives empty results', async () => {
    const runner = createCpuRunner(model);
    expect(await runner.encode([])).toEqual([]);
    expect(await runner.score([], [])).toEqual([]);
  });

  it('throws UnrollError kind "disposed" after dispose()', async () => {
    const runner = createCpuRunner(model);
    expect(runner.backend).toBe('cpu');
    runner.dispose();
    for (const call of [
      () => runner.encode([[4]]),
      () => runner.score([[4]], [[5]]),
      () => runner.forcedLogProbs([[4]], [[5]]),
      () => runner.translate([[4]]),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnrollError);
      expect((error as UnrollError).kind).toBe('disposed');
    }
  });
});

describe('errors escaping the cpu runner', () => {
  it('leave as an UnrollError naming the call, whatever threw them (here a RangeError)', async () => {
    const model = randomModel(defaultConfig(), 3);
    const table = model.weights.get('encoder.embedding.weight')!;
    // A weight whose reads throw stands for any failure inside the reference, like a typed-array
    // allocation past the engine's memory.
    const throwing = new Proxy(table, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key))
          throw new RangeError('Invalid typed array length: 64000000000');
        const value: unknown = Reflect.get(target, key, target);
        // Methods (subarray, ...) run on the real array, not through the proxy.
        return typeof value === 'function'
          ? ((value as (...args: unknown[]) => unknown).bind(target) as unknown)
          : value;
      },
    });
    const weights = new Map(model.weights);
    weights.set('encoder.embedding.weight', throwing);
    const runner = createCpuRunner({ ...model, weights });
    const failure = await runner.encode([[4, 5]]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnrollError);
    expect((failure as UnrollError).kind).toBe('input');
    expect((failure as Error).message).toBe('cpu runner: encode failed: Invalid typed array length: 64000000000');
    // A failed call leaves the runner usable: the next call runs (and meets the same broken weight).
    await expect(runner.encode([[4]])).rejects.toBeInstanceOf(UnrollError);
  });
});
