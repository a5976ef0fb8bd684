import { describe, expect, it } from 'vitest';
import { encodeBatch } from '../../src/cpu/encoder.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { fixtureModel, fixtureNames, loadFixture } from './fixtures.ts';
import { maxScaledError } from './random-data.ts';

/**
 * The numpy reference computes in f64 on the same f32 weights, so only summation order and
 * libm differ: every value must agree to |a − e| ≤ 1e-9 · max(1, |e|) (observed ~1e-15).
 */
const TOLERANCE = 1e-9;

const names = fixtureNames();

describe('numpy reference fixtures', () => {
  it('exist and carry the versioned header', () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    for (const name of names) {
      const fixture = loadFixture(name);
      expect(fixture.fixture_format).toBe(1);
      expect(fixture.generator).toBe('tools/fixtures/make_cpu_fixtures.py');
    }
  });

  describe.each(names)('%s', (name) => {
    const fixture = loadFixture(name);
    const model = fixtureModel(fixture);

    it('encoder outputs and final states', () => {
      const encoded = encodeBatch(model, fixture.sources);
      fixture.expected.forEach((expected, i) => {
        expect(encoded[i].length).toBe(fixture.sources[i].length);
        expect(maxScaledError(encoded[i].outputs, expected.outputs.flat())).toBeLessThanOrEqual(TOLERANCE);
        expect(
          maxScaledError(
            encoded[i].h.flatMap((v) => Array.from(v)),
            expected.h.flat(),
          ),
        ).toBeLessThanOrEqual(TOLERANCE);
        if (fixture.config.cell === 'lstm') {
          expect(
            maxScaledError(
              encoded[i].c!.flatMap((v) => Array.from(v)),
              expected.c!.flat(),
            ),
          ).toBeLessThanOrEqual(TOLERANCE);
        } else {
          expect(encoded[i].c).toBeUndefined();
        }
      });
    });

    it('teacher-forced decoder steps: full log-prob vectors and attention', () => {
      const stepModel = new CpuStepModel(model);
      fixture.expected.forEach((expected, i) => {
        let state = stepModel.begin(fixture.sources[i]);
        const previous = [fixture.config.bos_id, ...fixture.targets[i]];
        expect(expected.logprobs.length).toBe(previous.length);
        previous.forEach((token, t) => {
          const out = stepModel.step(state, token);
          expect(maxScaledError(out.logProbs, expected.logprobs[t])).toBeLessThanOrEqual(TOLERANCE);
          if (expected.attention) {
            expect(maxScaledError(out.attention!, expected.attention[t])).toBeLessThanOrEqual(TOLERANCE);
          } else {
            expect(out.attention).toBeUndefined();
          }
          state = out.state;
        });
      });
    });

    it('runner.score picks the target (then EOS) entries of those vectors', async () => {
      const runner = createCpuRunner(model);
      const scores = await runner.score(fixture.sources, fixture.targets);
      fixture.expected.forEach((expected, i) => {
        const next = [...fixture.targets[i], fixture.config.eos_id];
        expect(
          maxScaledError(
            scores[i].logprobs,
            next.map((id, t) => expected.logprobs[t][id]),
          ),
        ).toBeLessThanOrEqual(TOLERANCE);
      });
    });
  });
});
