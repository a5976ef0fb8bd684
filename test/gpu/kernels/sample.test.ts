// Sampling's token choice (shaders/sample.wgsl) against its CPU twin, drawToken with randomUniform
// (src/model/sampling.ts), on Dawn (SwiftShader without a GPU).
//
// Tokens: the kernel draws in f32, the CPU in f64, so the two may part only where a cumulative
// mass (after the top-k cut: against topP; after the top-p cut: against u) lies within NEAR of the
// boundary. NEAR = 2⁻¹² bounds the f32 error of a normalised cumulative mass over these rows
// (≤ 160 tokens): each weight exp((x − M) / T) carries the rounding of x − M and of the division,
// |(x − M) / T|·2⁻²³ relative, at most 0.37·2⁻²³ of the total mass per token, plus a few ulps of
// exp, and each f32 sum adds ≤ 2⁻²⁴ per term: 160·(4 + 0.74 + 4)·2⁻²⁴ ≈ 8e-5, under half of NEAR.
// Draws whose CPU masses come that close are counted; a differing token is accepted only there,
// and such differences must stay rare (≤ 1 % of draws).
// Scores: the model's log-prob of the drawn token is greedy decoding's, with its tolerance
// (test/gpu/kernels/log-softmax.test.ts): 1e-5 + 2⁻²¹·(|x| + |logZ|) per step, plus 2⁻²² of the
// sum for its f32 accumulation. History, finished flags and tokens are otherwise exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logSoftmax } from '../../../src/cpu/kernels.ts';
import type { SamplingOptions } from '../../../src/model/decoding.ts';
import { drawToken, randomUniform } from '../../../src/model/sampling.ts';
import { createStorageBuffer, readFloat32, readUint32, withErrorScopes } from '../../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../../src/gpu/device.ts';
import { defineKernel, getPipeline, type KernelPipeline } from '../../../src/gpu/kernel.ts';
import { planGreedySelect, prepareLogSoftmax } from '../../../src/gpu/kernels/log-softmax.ts';
import { planSampleSelect, prepareSampleSelect } from '../../../src/gpu/kernels/sample.ts';
import { planLaunch } from '../../../src/gpu/launch.ts';
import { createStepTable } from '../../../src/gpu/step-table.ts';
import { seededRandom } from '../../../src/model/random-model.ts';
import { f32WithOutliers, SENTINEL, submitPass } from './helpers.ts';
import rngProbeSource from './rng_probe.wgsl?raw';

type Sampling = Readonly<Required<SamplingOptions>>;

const PAD = 0;
const BOS = 1;
const EOS = 2;
const NEAR = 2 ** -12;

let gpu: GpuContext;
let sample: KernelPipeline;
// Compiled where a test compares with greedy select, so the other tests do not wait for it.
let greedy: KernelPipeline | undefined;

beforeAll(async () => {
  gpu = await acquireGpu();
  sample = await prepareSampleSelect(gpu.device);
});

async function greedyPipeline(): Promise<KernelPipeline> {
  greedy ??= (await prepareLogSoftmax(gpu.device)).greedy;
  return greedy;
}

const rngProbeKernel = defineKernel({ name: 'rng probe', source: rngProbeSource, entryPoint: 'rng_probe' });

afterAll(() => {
  gpu?.destroy();
});

function logProbTolerance(logit: number, logProb: number): number {
  return 1e-5 + 2 ** -21 * (Math.abs(logit) + Math.abs(logit - logProb));
}

// ---------------------------------------------------------------- the RNG alone

describe('random_uniform (lib/rng.wgsl)', () => {
  it('gives randomUniform bit for bit on thousands of keys', async () => {
    const device = gpu.device;
    const probe = await getPipeline(device, rngProbeKernel);
    const rand = seededRandom(77);
    const word = () => Math.floor(rand() * 2 ** 32) >>> 0;
    const edges = [0, 1, 2, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
    const keys: [number, number, number][] = [];
    for (const a of edges) for (const b of edges) for (const c of edges) keys.push([a, b, c]);
    for (let step = 0; step < 512; step++) keys.push([0, 0, step], [12345, 3, step]);
    while (keys.length < 6000) keys.push([word(), word(), word()]);
    const keyBuffer = createStorageBuffer(device, 'rng keys', Uint32Array.from(keys.flat()));
    const out = createStorageBuffer(device, 'rng out', new Float32Array(keys.length).fill(SENTINEL));
    try {
      const plan = planLaunch(device, probe, {
        label: 'rng probe',
        uniforms: { params: { count: keys.length } },
        operands: {
          keys: { buffer: keyBuffer, elements: 3 * keys.length },
          uniforms: { buffer: out, elements: keys.length },
        },
        workgroups: Math.ceil(keys.length / 64),
      });
      await withErrorScopes(device, 'rng probe', () => submitPass(device, 'rng probe', (pass) => plan.record(pass)));
      plan.destroy();
      const got = await readFloat32(device, out, keys.length);
      const wrong = keys
        .map(([seed, sentence, step], i) => ({
          key: [seed, sentence, step],
          got: got[i],
          want: randomUniform(seed, sentence, step),
        }))
        .filter(({ got, want }) => got !== want);
      expect(wrong.slice(0, 5)).toEqual([]);
      // The numbers are spread over [0, 1): a sanity check that the probe ran the hash at all.
      const values = Array.from(got);
      expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...values)).toBeLessThan(1);
      expect(new Set(values).size).toBeGreaterThan(keys.length * 0.99);
    } finally {
      keyBuffer.destroy();
      out.destroy();
    }
  });
});

// ---------------------------------------------------------------- runs

interface RunSpec {
  rows: number;
  vocab: number;
  steps: number;
  /** The logits of step t, f32 [rows × vocab]. */
  logits: (t: number) => Float32Array<ArrayBuffer>;
  minLength: number;
  maxLengths: readonly number[];
  /** Rows finished before the first step. */
  finishedRows?: readonly number[];
  /** The sample plan's extra fields; absent: greedy select. */
  sampling?: Sampling & { sentenceBase: number };
}

interface RunResult {
  history: Uint32Array;
  finished: Uint32Array;
  score: Float32Array;
  chosen: Float32Array;
  initialScore: Float32Array;
  logitSteps: Float32Array[];
}

/** Row n's sentence key: scattered (not base + n) and wrapping past 2³², as a bucketed batch's keys are. */
function rowKey(sentenceBase: number, n: number): number {
  return (sentenceBase + 977 * n) >>> 0;
}

async function run(spec: RunSpec): Promise<RunResult> {
  const device = gpu.device;
  const { rows, vocab, steps } = spec;
  const initialFinished = new Uint32Array(rows);
  for (const n of spec.finishedRows ?? []) initialFinished[n] = 1;
  const initialScore = Float32Array.from({ length: rows }, (_, n) => n * 0.25);
  const logits = createStorageBuffer(device, 'logits', new Float32Array(rows * vocab));
  const history = createStorageBuffer(device, 'history', new Uint32Array((steps + 1) * rows).fill(BOS));
  const finished = createStorageBuffer(device, 'finished', initialFinished);
  const score = createStorageBuffer(device, 'score', initialScore);
  const chosen = createStorageBuffer(device, 'chosen', new Float32Array(steps * rows).fill(SENTINEL));
  const maxLengths = createStorageBuffer(device, 'max lengths', Uint32Array.from(spec.maxLengths));
  const stepTable = createStepTable(device, steps);
  const owned: { destroy(): void }[] = [logits, history, finished, score, chosen, maxLengths, stepTable];
  try {
    const common = {
      rows,
      vocab,
      logits: { buffer: logits },
      stepTable,
      maxLengths,
      history,
      finished,
      score,
      chosen,
      padId: PAD,
      bosId: BOS,
      eosId: EOS,
      minLength: spec.minLength,
    };
    const { sampling } = spec;
    const plan = sampling
      ? planSampleSelect(device, sample, {
          ...common,
          ...sampling,
          sentenceKeys: Array.from({ length: rows }, (_, n) => rowKey(sampling.sentenceBase, n)),
        })
      : planGreedySelect(device, await greedyPipeline(), common);
    owned.push(plan);
    const logitSteps: Float32Array[] = [];
    await withErrorScopes(device, 'sample select', () => {
      for (let t = 0; t < steps; t++) {
        const stepLogits = spec.logits(t);
        logitSteps.push(stepLogits);
        device.queue.writeBuffer(logits, 0, stepLogits);
        submitPass(device, `step ${t}`, (pass) => plan.record(pass, t));
      }
    });
    return {
      history: await readUint32(device, history, (steps + 1) * rows),
      finished: await readUint32(device, finished, rows),
      score: await readFloat32(device, score, rows),
      chosen: await readFloat32(device, chosen, steps * rows),
      initialScore,
      logitSteps,
    };
  } finally {
    for (const resource of owned) resource.destroy();
  }
}

/**
 * Whether drawToken's cuts fall within NEAR of a boundary: the cumulative masses on either side of
 * the top-p crossing (after the top-k cut) against topP, and those on either side of the draw's
 * crossing (after the top-p cut) against u. Measures only; the draw itself is drawToken's.
 */
function nearBoundary(row: Float32Array, allowed: (id: number) => boolean, sampling: Sampling, u: number): boolean {
  const order: number[] = [];
  for (let id = 0; id < row.length; id++) if (row[id] > -Infinity && allowed(id)) order.push(id);
  order.sort((a, b) => row[b] - row[a] || a - b);
  const q = order.map((id) => Math.exp((row[id] - row[order[0]]) / sampling.temperature));
  const mass = (count: number) => q.slice(0, count).reduce((a, b) => a + b, 0);
  // The first index whose cumulative mass over `kept` passes `bound`, and the masses either side.
  const crossing = (kept: number, bound: number, strict: boolean) => {
    const total = mass(kept);
    let before = 0;
    for (let i = 0; i < kept; i++) {
      const after = before + q[i] / total;
      if (strict ? after > bound : after >= bound) return { index: i, before, after };
      before = after;
    }
    return { index: kept - 1, before, after: before };
  };
  const near = (side: { before: number; after: number }, bound: number) =>
    Math.abs(side.before - bound) < NEAR || Math.abs(side.after - bound) < NEAR;
  let kept = sampling.topK > 0 ? Math.min(sampling.topK, order.length) : order.length;
  let close = false;
  if (sampling.topP < 1) {
    const cut = crossing(kept, sampling.topP, false);
    close = near(cut, sampling.topP);
    kept = cut.index + 1;
  }
  return close || near(crossing(kept, u, true), u);
}

interface Comparison {
  draws: number;
  /** Draws near a boundary, and those of them where the tokens differ. */
  near: number;
  excused: number;
  /** Differing tokens away from every boundary: must be none. */
  problems: string[];
  /** Tokens drawn (not pad after the end), for spread checks. */
  tokens: number[];
}

/**
 * Walks the run row by row against the CPU twin. The walk follows the GPU's tokens (so a draw
 * excused near a boundary does not shift the rows' later steps) and checks everything else.
 */
function compareWithTwin(spec: RunSpec, result: RunResult, sampling: Sampling, sentenceBase: number): Comparison {
  const { rows, vocab, steps, minLength } = spec;
  const out: Comparison = { draws: 0, near: 0, excused: 0, problems: [], tokens: [] };
  const problem = (text: string) => {
    if (out.problems.length < 20) out.problems.push(text);
  };
  for (let n = 0; n < rows; n++) {
    let done = (spec.finishedRows ?? []).includes(n);
    let score = result.initialScore[n];
    let allowedError = 2 ** -22 * Math.abs(score);
    for (let t = 0; t < steps; t++) {
      const got = result.history[(t + 1) * rows + n];
      const gotChosen = result.chosen[t * rows + n];
      const where = `row ${n} step ${t}`;
      if (done || t >= spec.maxLengths[n]) {
        if (got !== PAD || gotChosen !== 0) problem(`${where}: ended row wrote ${got}, chosen ${gotChosen}`);
        done = true;
        continue;
      }
      const row = result.logitSteps[t].subarray(n * vocab, (n + 1) * vocab);
      const allowed = (id: number) => id !== PAD && id !== BOS && (id !== EOS || t >= minLength);
      const u = randomUniform(sampling.seed, rowKey(sentenceBase, n), t);
      const want = drawToken(row, allowed, sampling, u);
      if (want < 0) {
        if (got !== PAD || gotChosen !== 0) problem(`${where}: nothing allowed, but wrote ${got}, chosen ${gotChosen}`);
        done = true;
        continue;
      }
      out.draws++;
      const near = nearBoundary(row, allowed, sampling, u);
      if (near) out.near++;
      if (got !== want) {
        if (near) out.excused++;
        else problem(`${where}: drew ${got}, drawToken drew ${want} (u = ${u})`);
      }
      if (!(got < vocab) || !allowed(got) || !(row[got] > -Infinity)) {
        problem(`${where}: drew ${got}, which is not allowed`);
        done = true;
        continue;
      }
      out.tokens.push(got);
      const logProb = logSoftmax(row)[got];
      const tolerance = logProbTolerance(row[got], logProb);
      if (!(Math.abs(gotChosen - logProb) <= tolerance)) problem(`${where}: chosen ${gotChosen}, expected ${logProb}`);
      score += logProb;
      allowedError += tolerance;
      if (got === EOS) done = true;
    }
    allowedError += 2 ** -22 * Math.abs(score);
    if (result.finished[n] !== (done ? 1 : 0)) problem(`row ${n}: finished ${result.finished[n]}, expected ${done}`);
    if (!(Math.abs(result.score[n] - score) <= allowedError))
      problem(`row ${n}: score ${result.score[n]}, expected ${score} ± ${allowedError}`);
  }
  return out;
}

/**
 * Step t's logits: withOutliers rows (uniform in [−1, 1], ±50 and ±100 planted) at scales 1, 0.2,
 * 0.05 and 0.01, so that the outliers dominate some rows and only tilt others; every fifth row on a
 * coarse grid (many tied logits); the specials boosted on some rows:
 *   n % 6 = 1   eos the largest logit: forbidden before minLength, then drawn often;
 *   n % 6 = 2   pad and bos the largest: never drawn;
 *   n = 5       −∞ but pad and eos: nothing allowed at t = 0 (eos not yet), the row ends there;
 *   n = 7       a third of the tokens −∞: never drawn.
 */
function randomLogits(rows: number, vocab: number, seed: number) {
  return (t: number): Float32Array<ArrayBuffer> => {
    const logits = f32WithOutliers(rows * vocab, seed * 101 + t);
    for (let n = 0; n < rows; n++) {
      const row = logits.subarray(n * vocab, (n + 1) * vocab);
      const scale = [1, 0.2, 0.05, 0.01][n % 4];
      for (let v = 0; v < vocab; v++) row[v] = n % 5 === 4 ? Math.round(row[v] * 4) / 4 : row[v] * scale;
      const top = Math.max(...row);
      if (n % 6 === 1) row[EOS] = top + 0.5;
      if (n % 6 === 2) {
        row[PAD] = top + 3;
        row[BOS] = top + 2;
      }
      if (n === 5) {
        row.fill(-Infinity);
        row[PAD] = 0;
        row[EOS] = 1;
      }
      if (n === 7) for (let v = 0; v < vocab; v += 3) row[v] = -Infinity;
    }
    return logits;
  };
}

function randomSpec(seed: number, sampling: Sampling & { sentenceBase: number }): RunSpec {
  const rows = 16;
  const vocab = 100;
  return {
    rows,
    vocab,
    steps: 6,
    logits: randomLogits(rows, vocab, seed),
    minLength: 2,
    maxLengths: Array.from({ length: rows }, (_, n) => (n % 7 === 3 ? 3 : 6)),
    finishedRows: [9],
    sampling,
  };
}

// ---------------------------------------------------------------- the draw

describe('sample select against drawToken + randomUniform', () => {
  const configs: (Sampling & { sentenceBase: number })[] = [
    { topK: 0, topP: 1, temperature: 1, seed: 0, sentenceBase: 0 },
    { topK: 5, topP: 1, temperature: 1, seed: 1, sentenceBase: 7 },
    { topK: 0, topP: 0.8, temperature: 1, seed: 0xffffffff, sentenceBase: 0xfffffff8 },
    { topK: 12, topP: 0.9, temperature: 0.7, seed: 12345, sentenceBase: 100 },
    { topK: 3, topP: 0.45, temperature: 2, seed: 99, sentenceBase: 3 },
    { topK: 150, topP: 0.95, temperature: 1.3, seed: 2024, sentenceBase: 40 },
  ];

  it('draws the same tokens on random logits with outliers, ties and specials, for many keys', async () => {
    const totals = { draws: 0, near: 0, excused: 0 };
    // Each configuration with a second key set: another seed and other sentences.
    const keyed = configs.flatMap((config) => [
      config,
      { ...config, seed: (config.seed ^ 0x9e3779b9) >>> 0, sentenceBase: (config.sentenceBase + 1000) >>> 0 },
    ]);
    for (const [i, config] of keyed.entries()) {
      const spec = randomSpec(i + 1, config);
      const result = await run(spec);
      const comparison = compareWithTwin(spec, result, config, config.sentenceBase);
      expect(comparison.problems, JSON.stringify(config)).toEqual([]);
      totals.draws += comparison.draws;
      totals.near += comparison.near;
      totals.excused += comparison.excused;
      // pad and bos never drawn, eos not before minLength (the walk checks each draw; this pins it).
      for (let t = 0; t < spec.steps; t++)
        for (let n = 0; n < spec.rows; n++) {
          const id = result.history[(t + 1) * spec.rows + n];
          if (id === BOS || (id === EOS && t < spec.minLength)) expect.fail(`row ${n} step ${t} drew ${id}`);
        }
    }
    expect(totals.draws).toBeGreaterThan(800);
    // A draw is near when u (or topP) falls within NEAR of any of ~100 cumulative masses' crossing
    // (~2·NEAR per token of mass > NEAR): a few per cent of draws. The tokens differ in few of them.
    expect(totals.near).toBeLessThanOrEqual(totals.draws / 10);
    expect(totals.excused).toBeLessThanOrEqual(Math.max(2, totals.draws / 100));
    console.log(`sample select: ${totals.draws} draws, ${totals.near} near a boundary, ${totals.excused} differ`);
  });

  it('draws at the temperature extremes as drawToken does, spread at T = 100', async () => {
    for (const [i, temperature] of [1e-3, 100].entries()) {
      const config = { topK: 0, topP: 1, temperature, seed: 5 + i, sentenceBase: 11 };
      const spec = randomSpec(20 + i, config);
      const result = await run(spec);
      const comparison = compareWithTwin(spec, result, config, config.sentenceBase);
      expect(comparison.problems, `T = ${temperature}`).toEqual([]);
      if (temperature === 100) expect(new Set(comparison.tokens).size).toBeGreaterThan(comparison.tokens.length / 2);
    }
  });

  it('equals greedy select with topK = 1, with a tiny topP, and at T = 1e-3 on well separated logits', async () => {
    const rows = 12;
    const vocab = 90;
    const base = {
      rows,
      vocab,
      steps: 4,
      logits: randomLogits(rows, vocab, 31),
      minLength: 2,
      maxLengths: new Array<number>(rows).fill(4),
      finishedRows: [3],
    };
    const reference = await run(base);
    const separated = (t: number) => {
      // Distinct logits at least 0.05 apart: e^(−0.05/T) = e^−50 is far below u's 2⁻²⁴ resolution.
      const rand = seededRandom(t + 1);
      const logits = new Float32Array(rows * vocab);
      for (let n = 0; n < rows; n++) {
        const perm = Array.from({ length: vocab }, (_, v) => v).sort(() => rand() - 0.5);
        perm.forEach((v, rank) => (logits[n * vocab + v] = rank * 0.05 - 2));
      }
      return logits;
    };
    const variants: [string, RunSpec, RunSpec][] = [
      ['topK 1', { ...base, sampling: { topK: 1, topP: 1, temperature: 1.7, seed: 3, sentenceBase: 0 } }, base],
      ['topP 1e-6', { ...base, sampling: { topK: 0, topP: 1e-6, temperature: 0.5, seed: 4, sentenceBase: 9 } }, base],
      [
        'T 1e-3',
        { ...base, logits: separated, sampling: { topK: 0, topP: 1, temperature: 1e-3, seed: 8, sentenceBase: 2 } },
        { ...base, logits: separated },
      ],
    ];
    for (const [name, spec, greedySpec] of variants) {
      const want = greedySpec === base ? reference : await run(greedySpec);
      const got = await run(spec);
      // The same normaliser code (lib/softmax.wgsl) and the same token: bit for bit.
      expect(Array.from(got.history), name).toEqual(Array.from(want.history));
      expect(Array.from(got.finished), name).toEqual(Array.from(want.finished));
      expect(Array.from(got.chosen), name).toEqual(Array.from(want.chosen));
      expect(Array.from(got.score), name).toEqual(Array.from(want.score));
    }
  });

  it('leaves finished rows and rows at their max length untouched but for pad', async () => {
    const config = { topK: 4, topP: 0.9, temperature: 1, seed: 17, sentenceBase: 0 };
    const spec: RunSpec = {
      ...randomSpec(40, config),
      maxLengths: [0, 1, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6],
      finishedRows: [2, 3],
    };
    const result = await run(spec);
    expect(compareWithTwin(spec, result, config, 0).problems).toEqual([]);
    for (const n of [0, 2, 3]) {
      expect(result.score[n]).toBe(result.initialScore[n]);
      for (let t = 0; t < spec.steps; t++) {
        expect(result.history[(t + 1) * spec.rows + n]).toBe(PAD);
        expect(result.chosen[t * spec.rows + n]).toBe(0);
      }
    }
    expect(result.history[spec.rows + 1]).not.toBe(PAD);
    expect(result.history[2 * spec.rows + 1]).toBe(PAD);
  });

  it('refuses bad sampling values and another kernel', async () => {
    const device = gpu.device;
    const probe = await getPipeline(device, rngProbeKernel);
    const a = createStorageBuffer(device, 'a', 4 * 64);
    const b = createStorageBuffer(device, 'b', 4 * 64);
    const c = createStorageBuffer(device, 'c', 4 * 64);
    const d = createStorageBuffer(device, 'd', 4 * 64);
    const e = createStorageBuffer(device, 'e', 4 * 64);
    const stepTable = createStepTable(device, 2);
    try {
      const spec = {
        rows: 2,
        vocab: 5,
        logits: { buffer: a },
        stepTable,
        maxLengths: a,
        history: b,
        finished: c,
        score: d,
        chosen: e,
        padId: 0,
        bosId: 1,
        eosId: 2,
        minLength: 0,
        topK: 0,
        topP: 1,
        temperature: 1,
        seed: 0,
        sentenceKeys: [0, 1],
      };
      planSampleSelect(device, sample, spec).destroy();
      expect(() => planSampleSelect(device, sample, { ...spec, topP: 0 })).toThrow('topP must be in (0, 1], got 0');
      expect(() => planSampleSelect(device, sample, { ...spec, temperature: 0 })).toThrow('temperature must be in');
      expect(() => planSampleSelect(device, sample, { ...spec, topK: -1 })).toThrow('topK must be an integer >= 0');
      expect(() => planSampleSelect(device, sample, { ...spec, seed: 2 ** 32 })).toThrow('seed must be an integer');
      expect(() => planSampleSelect(device, sample, { ...spec, eosId: 5 })).toThrow('eosId 5 is not below');
      expect(() => planSampleSelect(device, sample, { ...spec, sentenceKeys: [0] })).toThrow('one key per row (2)');
      expect(() => planSampleSelect(device, sample, { ...spec, sentenceKeys: [0, 2 ** 32] })).toThrow(
        'sentenceKeys[1] must be an integer in [0, 2^32)',
      );
      expect(() => planSampleSelect(device, probe, spec)).toThrow('expected "sample select"');
    } finally {
      for (const buffer of [a, b, c, d, e, stepTable]) buffer.destroy();
    }
  });

  it('leaves no buffer alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
