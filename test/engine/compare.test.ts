// compareBackends' tolerance, absolute plus relative to the CPU's value, on two stand-in runners
// (plain objects answering the Seq2SeqRunner calls compare makes): no GPU needed.
import { describe, expect, it } from 'vitest';
import { COMPARE_TOLERANCE, compareBackends } from '../../src/engine/compare.ts';
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';

const EOS = 2;

/** A runner whose encoder outputs, states and log-probs are the given values. */
function runner(cellState: number, logProb: number): Seq2SeqRunner {
  return {
    backend: 'cpu',
    encode: () =>
      Promise.resolve([
        { outputs: [Float32Array.of(0.5)], h: [Float32Array.of(0.25)], c: [Float32Array.of(cellState)] },
      ]),
    translate: () => Promise.resolve([[{ ids: [5], score: -1 }]]),
    forcedLogProbs: () =>
      Promise.resolve([[Float32Array.of(logProb, -9, -9, -9, -9, -0.1), Float32Array.of(-9, -9, -0.2)]]),
    score: () => Promise.reject(new Error('not used')),
    dispose: () => undefined,
  };
}

describe('compareBackends tolerance', () => {
  it('scales with the magnitude: a long LSTM run whose cell state reaches 782 passes at 7.9e-4', async () => {
    const [result] = await compareBackends(runner(782, -50), runner(782.00079, -50), [[4]], EOS);
    expect(result.maxAbsDiff.c).toBeGreaterThan(COMPARE_TOLERANCE.states);
    expect(result.toleranceUsed).toBeLessThanOrEqual(1);
    expect(result.withinTolerance).toBe(true);
  });

  it('still refuses a difference past absolute + relative·|cpu|', async () => {
    const [large] = await compareBackends(runner(782, -50), runner(782.1, -50), [[4]], EOS);
    expect(large.toleranceUsed).toBeGreaterThan(1);
    expect(large.withinTolerance).toBe(false);
    // Near zero the absolute part rules: 2e-4 on a value of 0.001 is too much.
    const [small] = await compareBackends(runner(0.001, -50), runner(0.0012, -50), [[4]], EOS);
    expect(small.withinTolerance).toBe(false);
  });

  it('applies the log-prob tolerance to log-probs', async () => {
    const [close] = await compareBackends(runner(1, -50), runner(1, -50.0019), [[4]], EOS);
    expect(close.withinTolerance).toBe(true);
    const [far] = await compareBackends(runner(1, -50), runner(1, -50.01), [[4]], EOS);
    expect(far.withinTolerance).toBe(false);
  });
});
