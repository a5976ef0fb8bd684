import { describe, expect, it } from 'vitest';
import { drawToken, randomUniform } from '../../src/model/sampling.ts';
import { cutDistribution } from '../helpers/sampling-distribution.ts';

const plain = { topK: 0, topP: 1, temperature: 1, seed: 0 };
const everything = () => true;

describe('randomUniform', () => {
  it('gives the values of the spec formula (computed independently with integers mod 2^32)', () => {
    // u·2^24 = hash(seed ^ hash(sentence ^ hash(step))) >> 8, hash = PCG-RXS-M-XS; pinned so that any
    // change of the formula (constants, shifts, key order) is caught.
    const pinned: [number, number, number, number][] = [
      [0, 0, 0, 8379828],
      [0, 0, 1, 2322454],
      [0, 1, 0, 13339483],
      [1, 0, 0, 13186708],
      [42, 7, 3, 1354296],
      [4294967295, 4294967295, 4095, 6193618],
      [123456789, 1000, 17, 16445919],
    ];
    for (const [seed, sentence, step, scaled] of pinned) {
      expect(randomUniform(seed, sentence, step)).toBe(scaled / 2 ** 24);
    }
  });

  it('is in [0, 1), a multiple of 2^-24 (exact in f32), and depends on every key part', () => {
    const seen = new Set<number>();
    for (let seed = 0; seed < 4; seed++) {
      for (let sentence = 0; sentence < 20; sentence++) {
        for (let step = 0; step < 20; step++) {
          const u = randomUniform(seed * 1_000_003, sentence, step);
          expect(u).toBeGreaterThanOrEqual(0);
          expect(u).toBeLessThan(1);
          expect(Number.isInteger(u * 2 ** 24)).toBe(true);
          expect(Math.fround(u)).toBe(u);
          seen.add(u);
        }
      }
    }
    // 1600 keys, 2^24 values: collisions are rare, so nearly all differ.
    expect(seen.size).toBeGreaterThan(1590);
  });

  it('looks uniform: the mean and the deciles of 20000 keys', () => {
    const counts = new Array<number>(10).fill(0);
    let sum = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const u = randomUniform(7, i, i % 13);
      sum += u;
      counts[Math.floor(u * 10)]++;
    }
    // Mean: σ = sqrt(1/12 / n) ≈ 0.002; deciles: σ = sqrt(n·0.1·0.9) ≈ 42. Bounds at 5σ.
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.0102);
    for (const count of counts) expect(Math.abs(count - n / 10)).toBeLessThan(5 * 42.5);
  });
});

describe('drawToken', () => {
  // Probabilities 0.5, 0.3, 0.15, 0.05 for ids 1, 3, 0, 2 (log-probs are valid logits).
  const logits = Float64Array.from([0.15, 0.5, 0.05, 0.3], Math.log);

  it('walks the tokens by logit descending and returns the first whose cumulative mass exceeds u', () => {
    expect(drawToken(logits, everything, plain, 0)).toBe(1);
    expect(drawToken(logits, everything, plain, 0.49)).toBe(1);
    expect(drawToken(logits, everything, plain, 0.51)).toBe(3);
    expect(drawToken(logits, everything, plain, 0.79)).toBe(3);
    expect(drawToken(logits, everything, plain, 0.81)).toBe(0);
    expect(drawToken(logits, everything, plain, 0.96)).toBe(2);
    expect(drawToken(logits, everything, plain, 1 - 2 ** -24)).toBe(2);
  });

  it('skips tokens that are not allowed or have no mass, and returns −1 when none is left', () => {
    expect(drawToken(logits, (id) => id !== 1, plain, 0)).toBe(3);
    // Without id 1 the mass is 0.3, 0.15, 0.05 → 0.6, 0.3, 0.1.
    expect(drawToken(logits, (id) => id !== 1, plain, 0.65)).toBe(0);
    expect(drawToken(Float64Array.from([-Infinity, -1]), everything, plain, 0)).toBe(1);
    expect(drawToken(logits, () => false, plain, 0.5)).toBe(-1);
    expect(drawToken(Float32Array.from([-Infinity, -Infinity]), everything, plain, 0.5)).toBe(-1);
  });

  it('topK 1 is the argmax, lower id on ties, for every u', () => {
    const tied = Float32Array.from([1, 3, 3, 2]);
    for (const u of [0, 0.3, 0.99]) {
      expect(drawToken(logits, everything, { ...plain, topK: 1 }, u)).toBe(1);
      expect(drawToken(tied, everything, { ...plain, topK: 1 }, u)).toBe(1);
    }
    // Equal logits are ordered by id: id 1 first, then 2.
    expect(drawToken(tied, everything, plain, 0.5)).toBe(2);
  });

  it('cuts to the shortest leading run of mass ≥ topP and renormalises', () => {
    // topP 0.5: id 1 alone (0.5 ≥ 0.5). topP 0.6: ids 1, 3 → 0.625, 0.375.
    expect(drawToken(logits, everything, { ...plain, topP: 0.5 }, 0.99)).toBe(1);
    expect(drawToken(logits, everything, { ...plain, topP: 0.6 }, 0.6)).toBe(1);
    expect(drawToken(logits, everything, { ...plain, topP: 0.6 }, 0.63)).toBe(3);
    expect(drawToken(logits, everything, { ...plain, topP: 0.6 }, 0.99)).toBe(3);
    // topK first, then topP on the renormalised rest: top 2 → 0.625, 0.375; topP 0.6 keeps id 1 only.
    expect(drawToken(logits, everything, { ...plain, topK: 2, topP: 0.6 }, 0.99)).toBe(1);
    // A tiny topP always keeps one token.
    expect(drawToken(logits, everything, { ...plain, topP: 1e-9 }, 0.99)).toBe(1);
  });

  it('applies the temperature before the cut', () => {
    // T = 0.5 squares the probabilities: 0.25, 0.09, 0.0225, 0.0025 → id 1 has ≈ 0.683.
    expect(drawToken(logits, everything, { ...plain, temperature: 0.5 }, 0.68)).toBe(1);
    expect(drawToken(logits, everything, { ...plain, temperature: 0.5 }, 0.69)).toBe(3);
    // A high temperature flattens: T = 100 puts id 1 near 1/4.
    expect(drawToken(logits, everything, { ...plain, temperature: 100 }, 0.26)).toBe(3);
  });

  it('draws each token with its cut probability over a fine grid of u (the inverse CDF)', () => {
    const wide = Float64Array.from({ length: 9 }, (_, id) => Math.sin(id * 1.7) * 2);
    const allowed = (id: number) => id !== 4;
    for (const sampling of [
      plain,
      { ...plain, topK: 5, temperature: 0.7 },
      { ...plain, topP: 0.8, temperature: 1.6 },
    ]) {
      const expected = cutDistribution(wide, allowed, sampling);
      const n = 100000;
      const counts = new Array<number>(wide.length).fill(0);
      for (let i = 0; i < n; i++) counts[drawToken(wide, allowed, sampling, (i + 0.5) / n)]++;
      // Each token owns an interval of u of its probability's width: ±1 grid point at each end.
      counts.forEach((count, id) => expect(Math.abs(count / n - expected[id])).toBeLessThanOrEqual(2 / n));
    }
  });
});
