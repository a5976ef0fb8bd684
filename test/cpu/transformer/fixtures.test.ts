/**
 * Golden fixtures from PyTorch (tools/fixtures, torch.nn.Transformer in eval mode, computed in f64
 * from the same rounded weights the safetensors file holds): the reference must agree with them
 * to rounding, for every case directory under test/fixtures/transformer.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { translateWithSearch } from '../../../src/cpu/search/search.ts';
import { TransformerStepModel, transformerReference } from '../../../src/cpu/transformer/reference.ts';
import type { TransformerDecoderState } from '../../../src/cpu/transformer/decoder.ts';
import { encodeTransformerSentence } from '../../../src/cpu/transformer/encoder.ts';
import { loadModelFromFiles } from '../../../src/model/load.ts';
import { type TransformerModel, isTransformerModel } from '../../../src/model/model.ts';
import { exhaustiveSearch } from '../../helpers/exhaustive-search.ts';

/**
 * f64 on both sides from identical weights: only summation order differs (measured: under 6e-15
 * relative on every case), so 1e-11·(1 + |x|) leaves room without hiding a real difference.
 */
const VALUE_TOLERANCE = 1e-11;
const SCORE_TOLERANCE = 1e-11;

interface FixtureHypothesis {
  ids: number[];
  score: number;
  cross_attention?: number[][];
}

interface Expected {
  sources: number[][];
  encoder_outputs: number[][][];
  targets: number[][];
  forced_logprobs: number[][][];
  greedy: { max_length: number; min_length: number; results: FixtureHypothesis[] };
  beam: {
    beam: number;
    n_best: number;
    max_length: number;
    min_length: number;
    length_penalty: number;
    results: FixtureHypothesis[][];
    beam_search?: FixtureHypothesis[][];
  }[];
}

const ROOT = join(import.meta.dirname, '..', '..', 'fixtures', 'transformer');
const cases = readdirSync(ROOT)
  .filter((name) => statSync(join(ROOT, name)).isDirectory())
  .sort();

function loadCase(name: string): { model: TransformerModel; expected: Expected } {
  const dir = join(ROOT, name);
  const model = loadModelFromFiles({
    config: readFileSync(join(dir, 'config.json'), 'utf8'),
    safetensors: new Uint8Array(readFileSync(join(dir, 'model.safetensors'))),
  });
  if (!isTransformerModel(model)) throw new Error(`${name} is not a Transformer`);
  return { model, expected: JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as Expected };
}

function expectClose(actual: ArrayLike<number>, expected: readonly number[], tolerance: number, what: string): void {
  expect(actual.length, what).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const error = Math.abs(actual[i] - expected[i]);
    if (!(error <= tolerance * (1 + Math.abs(expected[i]))))
      expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (error ${error})`);
  }
}

/** Teacher-forced log-prob rows: after BOS, then after each target token. */
function forced(stepModel: TransformerStepModel, source: number[], targets: number[]): Float64Array[] {
  let state: TransformerDecoderState = stepModel.begin(source);
  const rows: Float64Array[] = [];
  for (const token of [stepModel.bosId, ...targets]) {
    const out = stepModel.step(state, token);
    rows.push(out.logProbs);
    state = out.state;
  }
  return rows;
}

describe('Transformer reference against PyTorch fixtures', () => {
  it('has fixture cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });

  describe.each(cases)('%s', (name) => {
    const { model, expected } = loadCase(name);
    const reference = transformerReference(model);
    const stepModel = new TransformerStepModel(model);

    it('encodes to the same memory', () => {
      const encoded = reference.encode(expected.sources);
      expected.sources.forEach((_, s) => {
        expect(encoded[s].outputs).toHaveLength(expected.encoder_outputs[s].length);
        expect(encoded[s].h).toBeUndefined();
        // encode() rounds the memory to f32: compare at f32 precision there, and the f64 rows below.
        encoded[s].outputs.forEach((row, j) =>
          expectClose(row, expected.encoder_outputs[s][j], 1e-6, `memory ${s}/${j}`),
        );
        const exact = encodeTransformerSentence(stepModel.weights, stepModel.tables, expected.sources[s]);
        expectClose(exact.outputs, expected.encoder_outputs[s].flat(), VALUE_TOLERANCE, `f64 memory ${s}`);
      });
    });

    it('gives the same teacher-forced log-probs', () => {
      expected.sources.forEach((source, s) => {
        const rows = forced(stepModel, source, expected.targets[s]);
        expect(rows).toHaveLength(expected.forced_logprobs[s].length);
        rows.forEach((row, t) =>
          expectClose(row, expected.forced_logprobs[s][t], VALUE_TOLERANCE, `logprobs ${s}/${t}`),
        );
      });
    });

    it('decodes greedily to the same ids, scores and cross-attention', () => {
      const { max_length: maxLength, min_length: minLength } = expected.greedy;
      const results = translateWithSearch(stepModel, expected.sources, { maxLength, minLength, attention: true });
      results.forEach(([hypothesis], s) => {
        const want = expected.greedy.results[s];
        expect(hypothesis.ids).toEqual(want.ids);
        expect(Math.abs(hypothesis.score - want.score)).toBeLessThanOrEqual(
          SCORE_TOLERANCE * (1 + Math.abs(want.score)),
        );
        const attention = hypothesis.attention ?? [];
        expect(attention).toHaveLength(want.cross_attention!.length);
        attention.forEach((row, t) =>
          expectClose(row, want.cross_attention![t], VALUE_TOLERANCE, `attention ${s}/${t}`),
        );
      });
    });

    it('finds the same n-best lists', () => {
      for (const entry of expected.beam) {
        const options = {
          maxLength: entry.max_length,
          minLength: entry.min_length,
          lengthPenalty: entry.length_penalty,
        };
        expected.sources.forEach((source, s) => {
          // The recorded `results` are exhaustive n-best lists; `beam_search` (when present) is what a
          // beam of that width returns. Beams past MAX_BEAM are checked through the exhaustive search.
          const exhaustive = exhaustiveSearch(stepModel, source, options).slice(0, entry.n_best);
          const want = entry.results[s];
          expect(exhaustive.map((h) => h.ids)).toEqual(want.map((h) => h.ids));
          exhaustive.forEach((h, rank) =>
            expect(Math.abs(h.score - want[rank].score)).toBeLessThanOrEqual(SCORE_TOLERANCE * (1 + Math.abs(h.score))),
          );
          if (entry.beam_search) {
            const [beam] = translateWithSearch(stepModel, [source], {
              ...options,
              beam: entry.beam,
              nBest: entry.n_best,
            });
            const beamWant = entry.beam_search[s];
            expect(beam.map((h) => h.ids)).toEqual(beamWant.map((h) => h.ids));
            beam.forEach((h, rank) =>
              expect(Math.abs(h.score - beamWant[rank].score)).toBeLessThanOrEqual(
                SCORE_TOLERANCE * (1 + Math.abs(h.score)),
              ),
            );
          }
        });
      }
    });
  });
});
