// Shared by the Transformer engine tests: tiny random models (weights rounded through F16/BF16 as
// a file of that dtype would give them), sources, targets, and the tolerance checks.
import { expect } from 'vitest';
import type { TransformerConfig } from '../../src/model/config.ts';
import { bf16BitsToF32, f16BitsToF32, f32ToBf16Bits, f32ToF16Bits } from '../../src/model/half.ts';
import type { TransformerModel } from '../../src/model/model.ts';
import type { Hypothesis } from '../../src/model/results.ts';
import { defaultTransformerConfig, randomTransformerModel, seededRandom } from '../../src/model/random-model.ts';

export type WeightDtype = 'F32' | 'F16' | 'BF16';

/** |gpu − cpu| ≤ ABS + REL·|cpu| for encoder outputs, log-probs, scores and attention weights. */
const ABS = 1e-4;
const REL = 1e-4;

export function tinyModel(
  overrides: Partial<TransformerConfig> = {},
  options: { seed?: number; dtype?: WeightDtype; biases?: boolean; finalNorms?: boolean } = {},
): TransformerModel {
  const model = randomTransformerModel(defaultTransformerConfig(overrides), options.seed ?? 1, 0.5, {
    biases: options.biases,
    finalNorms: options.finalNorms,
  });
  const dtype = options.dtype ?? 'F32';
  if (dtype === 'F32') return model;
  const round =
    dtype === 'F16' ? (v: number) => f16BitsToF32(f32ToF16Bits(v)) : (v: number) => bf16BitsToF32(f32ToBf16Bits(v));
  const weights = new Map<string, Float32Array>();
  for (const [name, data] of model.weights) weights.set(name, data.map(round));
  return { config: model.config, weights };
}

/** Sentences of the given lengths over the non-special ids. */
export function sentences(vocab: number, lengths: readonly number[], seed: number): number[][] {
  const rand = seededRandom(seed);
  return lengths.map((length) => Array.from({ length }, () => 4 + Math.floor(rand() * (vocab - 4))));
}

function expectClose(cpu: ArrayLike<number>, gpu: ArrayLike<number>, what: string): void {
  expect(gpu.length, `${what}: length`).toBe(cpu.length);
  for (let i = 0; i < cpu.length; i++) {
    const bound = ABS + REL * Math.abs(cpu[i]);
    const diff = Math.abs(cpu[i] - gpu[i]);
    if (!(diff <= bound) && !(cpu[i] === gpu[i])) {
      expect.fail(`${what}[${i}]: cpu ${cpu[i]} gpu ${gpu[i]} (|diff| ${diff} > ${bound})`);
    }
  }
}

export function expectRowsClose(cpu: ArrayLike<number>[], gpu: ArrayLike<number>[], what: string): void {
  expect(gpu.length, `${what}: rows`).toBe(cpu.length);
  cpu.forEach((row, r) => expectClose(row, gpu[r], `${what} row ${r}`));
}

/** Ids exactly, scores (and attention when present) within the tolerance. */
export function expectSameHypotheses(cpu: Hypothesis[], gpu: Hypothesis[], what: string): void {
  expect(gpu.length, `${what}: hypotheses`).toBe(cpu.length);
  cpu.forEach((hypothesis, i) => {
    expect(gpu[i].ids, `${what} #${i} ids`).toEqual(hypothesis.ids);
    expectClose([hypothesis.score], [gpu[i].score], `${what} #${i} score`);
    if (hypothesis.attention) {
      expect(gpu[i].attention, `${what} #${i} attention`).toBeDefined();
      expectRowsClose(hypothesis.attention, gpu[i].attention ?? [], `${what} #${i} attention`);
    } else {
      expect(gpu[i].attention, `${what} #${i} attention`).toBeUndefined();
    }
  });
}
