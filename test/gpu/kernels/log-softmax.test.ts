// Log-softmax rows and the greedy choice against the CPU twins (logSoftmax, and the search
// driver's maskLogProbs + argmaxAllowed), on Dawn (SwiftShader without a GPU).
//
// Tolerance on a log-prob x − logZ: 1e-5 + 2⁻²¹·(|x| + |logZ|): f32 rounds x − logZ and
// max + log(sum) relative to their magnitudes (ulp(1000) ≈ 6e-5), exp and log add a few ulp.
// Chosen tokens, history and finished flags must match exactly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { logSoftmax } from '../../../src/cpu/kernels.ts';
import { argmaxAllowed } from '../../../src/cpu/search/greedy.ts';
import { maskLogProbs } from '../../../src/model/decoding.ts';
import { createStorageBuffer, readFloat32, readUint32, withErrorScopes } from '../../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../../src/gpu/device.ts';
import {
  planGreedySelect,
  planLogSoftmaxRows,
  prepareLogSoftmax,
  type LogSoftmaxPipelines,
} from '../../../src/gpu/kernels/log-softmax.ts';
import { createStepTable } from '../../../src/gpu/step-table.ts';
import { dispatchedGrids, f32WithOutliers, SENTINEL, submitPass } from './helpers.ts';

let gpu: GpuContext;
let softmax: LogSoftmaxPipelines;

beforeAll(async () => {
  gpu = await acquireGpu();
  softmax = await prepareLogSoftmax(gpu.device);
});

afterAll(() => {
  gpu?.destroy();
});

function logProbTolerance(logit: number, logProb: number): number {
  return 1e-5 + 2 ** -21 * (Math.abs(logit) + Math.abs(logit - logProb));
}

/** Logits [rows × vocab]: random with ±50/±100 outliers, row 1 at ±1000, row 2 constant. */
function testLogits(rows: number, vocab: number, seed: number): Float32Array<ArrayBuffer> {
  const logits = f32WithOutliers(rows * vocab, seed);
  if (rows > 1) for (let v = 0; v < vocab; v++) logits[vocab + v] = v % 3 === 0 ? 1000 : v % 3 === 1 ? -1000 : 999.5;
  if (rows > 2) logits.fill(3.25, 2 * vocab, 3 * vocab);
  return logits;
}

describe('log-softmax rows against logSoftmax', () => {
  async function run(
    rows: number,
    vocab: number,
    options: { ldl?: number; logitsOffset?: number; outOffset?: number; gridLimit?: number } = {},
  ) {
    const device = gpu.device;
    const steps = 3;
    const t = 1;
    const ldl = options.ldl ?? vocab;
    const logitsOffset = options.logitsOffset ?? 0;
    const outOffset = options.outOffset ?? 0;
    const dense = testLogits(rows, vocab, rows * 31 + vocab);
    const logitsAll = new Float32Array(logitsOffset + rows * ldl + 2).fill(7777);
    for (let n = 0; n < rows; n++) logitsAll.set(dense.subarray(n * vocab, (n + 1) * vocab), logitsOffset + n * ldl);
    const outInitial = new Float32Array(outOffset + steps * rows * vocab + 3).fill(SENTINEL);
    const logits = createStorageBuffer(device, 'logits', logitsAll);
    const out = createStorageBuffer(device, 'log-probs', outInitial);
    const stepTable = createStepTable(device, steps);
    try {
      const plan = planLogSoftmaxRows(device, softmax.rows, {
        rows,
        vocab,
        logits: { buffer: logits, offset: logitsOffset, stride: ldl },
        out: { buffer: out, offset: outOffset },
        stepTable,
        gridLimit: options.gridLimit,
      });
      await withErrorScopes(device, 'log-softmax rows', () =>
        submitPass(device, 'log-softmax', (pass) => plan.record(pass, t)),
      );
      const [grid] = dispatchedGrids(plan, t);
      plan.destroy();
      const result = await readFloat32(device, out, outInitial.length);
      const problems: string[] = [];
      const block = outOffset + t * rows * vocab;
      for (let n = 0; n < rows; n++) {
        const row = dense.subarray(n * vocab, (n + 1) * vocab);
        const expected = logSoftmax(row);
        for (let v = 0; v < vocab; v++) {
          const got = result[block + n * vocab + v];
          const allowed = logProbTolerance(row[v], expected[v]);
          if (!(Math.abs(got - expected[v]) <= allowed) && problems.length < 10) {
            problems.push(`row ${n} v ${v}: ${got}, expected ${expected[v]} ± ${allowed}`);
          }
        }
      }
      // Steps 0 and 2, and the margins, are left alone.
      result.forEach((value, i) => {
        if ((i < block || i >= block + rows * vocab) && value !== SENTINEL && problems.length < 20)
          problems.push(`element ${i} written`);
      });
      return { problems, grid };
    } finally {
      for (const buffer of [logits, out, stepTable]) buffer.destroy();
    }
  }

  it('matches on widths around the workgroup size, with ±1000 logits and a constant row', async () => {
    for (const vocab of [1, 3, 63, 64, 65, 77, 200])
      expect((await run(4, vocab)).problems, `vocab ${vocab}`).toEqual([]);
  });

  it('reads strided logits and writes at an output offset', async () => {
    expect((await run(5, 70, { ldl: 83, logitsOffset: 9, outOffset: 11 })).problems).toEqual([]);
  });

  it('is correct on a folded grid (one workgroup per row)', async () => {
    const folded = await run(7, 20, { gridLimit: 3 });
    expect(folded.grid).toEqual([3, 3, 1]);
    expect(folded.problems).toEqual([]);
  });
});

// ---------------------------------------------------------------- greedy select

const PAD = 0;
const BOS = 1;
const EOS = 2;

interface GreedyState {
  history: number[];
  finished: number[];
  score: number[];
  chosen: number[];
}

/** The CPU twin of one greedy_select step, through the search driver's own masking and argmax. */
function greedyStepOnCpu(
  state: GreedyState,
  logits: Float32Array,
  t: number,
  rows: number,
  vocab: number,
  maxLengths: readonly number[],
  minLength: number,
): void {
  for (let n = 0; n < rows; n++) {
    const next = (t + 1) * rows + n;
    if (state.finished[n] || t >= maxLengths[n]) {
      state.history[next] = PAD;
      state.chosen[t * rows + n] = 0;
      state.finished[n] = 1;
      continue;
    }
    const logProbs = logSoftmax(logits.subarray(n * vocab, (n + 1) * vocab));
    const masked = maskLogProbs(logProbs, t, { minLength }, { padId: PAD, bosId: BOS, eosId: EOS });
    const token = argmaxAllowed(masked);
    if (token < 0) {
      state.history[next] = PAD;
      state.chosen[t * rows + n] = 0;
      state.finished[n] = 1;
      continue;
    }
    state.history[next] = token;
    state.chosen[t * rows + n] = masked[token];
    state.score[n] += masked[token];
    if (token === EOS) state.finished[n] = 1;
  }
}

/**
 * Step t's logits for the scripted rows:
 *   0: pad is the argmax (500) at every step, bos second (400): the mask must skip both;
 *   1: eos is the argmax: forbidden while t < minLength, then chosen (the row finishes);
 *   2: ties: ids 30 and 7 (different lanes) and 67 and 3 (the same lane) share the max → 3;
 *   3: logits of ±1000 (the specials at −1000, so the row runs to the end);
 *   4: max length 1: one token, then pad;
 *   5: finished before the first step;
 *   6: everything −∞ but pad and eos: nothing allowed at t = 0 (eos forbidden), ends without a token;
 *   7…: random with outliers.
 */
function scriptedLogits(t: number, rows: number, vocab: number): Float32Array<ArrayBuffer> {
  const logits = f32WithOutliers(rows * vocab, 100 + t);
  const row = (n: number) => logits.subarray(n * vocab, (n + 1) * vocab);
  row(0)[PAD] = 500;
  row(0)[BOS] = 400;
  row(1)[EOS] = 300;
  row(2).fill(-1);
  for (const id of [30, 7, 67, 3]) row(2)[id] = 5 + t;
  row(3).forEach((_, v) => (row(3)[v] = (v * 7919 + t) % 5 === 0 ? 1000 - v : -1000 + v));
  for (const id of [PAD, BOS, EOS]) row(3)[id] = -1000;
  row(6).fill(-Infinity);
  row(6)[PAD] = 0;
  row(6)[EOS] = 1;
  return logits;
}

describe('greedy select against maskLogProbs + argmaxAllowed', () => {
  it('follows the driver step by step: mask, min length, ties, finished rows, max lengths, empty choice', async () => {
    const device = gpu.device;
    const rows = 10;
    const vocab = 70;
    const steps = 5;
    const minLength = 2;
    const maxLengths = [5, 5, 5, 5, 1, 5, 5, 5, 3, 5];
    const cpu: GreedyState = {
      history: new Array<number>((steps + 1) * rows).fill(0),
      finished: new Array<number>(rows).fill(0),
      score: new Array<number>(rows).fill(0),
      chosen: new Array<number>(steps * rows).fill(0),
    };
    for (let n = 0; n < rows; n++) cpu.history[n] = BOS;
    cpu.finished[5] = 1;
    const initialScore = Float32Array.from({ length: rows }, (_, n) => n * 0.5);
    cpu.score = Array.from(initialScore);

    const logits = createStorageBuffer(device, 'logits', new Float32Array(rows * vocab));
    const history = createStorageBuffer(device, 'history', Uint32Array.from(cpu.history));
    const finished = createStorageBuffer(device, 'finished', Uint32Array.from(cpu.finished));
    const score = createStorageBuffer(device, 'score', initialScore);
    const chosen = createStorageBuffer(device, 'chosen', new Float32Array(steps * rows).fill(SENTINEL));
    const maxLengthBuffer = createStorageBuffer(device, 'max lengths', Uint32Array.from(maxLengths));
    const stepTable = createStepTable(device, steps);
    const owned: { destroy(): void }[] = [logits, history, finished, score, chosen, maxLengthBuffer, stepTable];
    try {
      const plan = planGreedySelect(device, softmax.greedy, {
        rows,
        vocab,
        logits: { buffer: logits },
        stepTable,
        maxLengths: maxLengthBuffer,
        history,
        finished,
        score,
        chosen,
        padId: PAD,
        bosId: BOS,
        eosId: EOS,
        minLength,
      });
      owned.push(plan);
      const logitSteps: Float32Array[] = [];
      await withErrorScopes(device, 'greedy select', () => {
        for (let t = 0; t < steps; t++) {
          const stepLogits = scriptedLogits(t, rows, vocab);
          logitSteps.push(stepLogits);
          device.queue.writeBuffer(logits, 0, stepLogits);
          submitPass(device, `greedy step ${t}`, (pass) => plan.record(pass, t));
          greedyStepOnCpu(cpu, stepLogits, t, rows, vocab, maxLengths, minLength);
        }
      });

      const gpuHistory = Array.from(await readUint32(device, history, (steps + 1) * rows));
      const gpuFinished = Array.from(await readUint32(device, finished, rows));
      const gpuScore = await readFloat32(device, score, rows);
      const gpuChosen = await readFloat32(device, chosen, steps * rows);
      const column = (h: number[], n: number) => Array.from({ length: steps + 1 }, (_, t) => h[t * rows + n]);

      // The scripted rows, spelled out (also pins the CPU twin).
      expect(column(cpu.history, 0).every((id, t) => t === 0 || (id !== PAD && id !== BOS))).toBe(true);
      expect(column(cpu.history, 1).slice(0, 5)).toEqual([
        BOS,
        column(cpu.history, 1)[1],
        column(cpu.history, 1)[2],
        EOS,
        PAD,
      ]);
      expect(column(cpu.history, 1).slice(1, 3)).not.toContain(EOS);
      expect(column(cpu.history, 2).slice(1)).toEqual([3, 3, 3, 3, 3]);
      expect(column(cpu.history, 4).slice(2)).toEqual([PAD, PAD, PAD, PAD]);
      expect(column(cpu.history, 5).slice(1)).toEqual([PAD, PAD, PAD, PAD, PAD]);
      expect(column(cpu.history, 6).slice(1)).toEqual([PAD, PAD, PAD, PAD, PAD]);
      expect(column(cpu.history, 8).slice(4)).toEqual([PAD, PAD]);
      expect(cpu.finished.slice(0, 7)).toEqual([0, 1, 0, 0, 1, 1, 1]);

      expect(gpuHistory).toEqual(cpu.history);
      expect(gpuFinished).toEqual(cpu.finished);
      for (let i = 0; i < steps * rows; i++) {
        const t = Math.floor(i / rows);
        const token = cpu.history[i + rows];
        const logit = token === PAD ? 0 : logitSteps[t][(i % rows) * vocab + token];
        expect(Math.abs(gpuChosen[i] - cpu.chosen[i]), `chosen[${i}]`).toBeLessThanOrEqual(
          logProbTolerance(logit, cpu.chosen[i]),
        );
      }
      for (let n = 0; n < rows; n++) {
        // A sum of up to `steps` log-probs, each within its tolerance, plus f32 rounding of the sum.
        let allowed = 2 ** -22 * Math.abs(cpu.score[n]);
        for (let t = 0; t < steps; t++) {
          const token = cpu.history[(t + 1) * rows + n];
          const logit = token === PAD ? 0 : logitSteps[t][n * vocab + token];
          allowed += logProbTolerance(logit, cpu.chosen[t * rows + n]);
        }
        expect(Math.abs(gpuScore[n] - cpu.score[n]), `score[${n}]`).toBeLessThanOrEqual(allowed);
      }
    } finally {
      for (const resource of owned) resource.destroy();
    }
  });

  it('picks the allowed argmax on many random rows with outliers, in one pass over several steps', async () => {
    const device = gpu.device;
    const rows = 33;
    const vocab = 150;
    const steps = 3;
    const logitsData = f32WithOutliers(rows * vocab, 9);
    const logits = createStorageBuffer(device, 'logits', logitsData);
    const history = createStorageBuffer(device, 'history', new Uint32Array((steps + 1) * rows).fill(BOS));
    const finished = createStorageBuffer(device, 'finished', new Uint32Array(rows));
    const score = createStorageBuffer(device, 'score', new Float32Array(rows));
    const chosen = createStorageBuffer(device, 'chosen', new Float32Array(steps * rows));
    const maxLengths = createStorageBuffer(device, 'max lengths', new Uint32Array(rows).fill(steps));
    const stepTable = createStepTable(device, steps);
    const owned: { destroy(): void }[] = [logits, history, finished, score, chosen, maxLengths, stepTable];
    try {
      const plan = planGreedySelect(device, softmax.greedy, {
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
        minLength: 0,
        gridLimit: 2,
      });
      owned.push(plan);
      // 5 workgroups of 8 rows for 33 rows, folded into 8.
      expect(dispatchedGrids(plan, 0)).toEqual([[2, 2, 2]]);
      await withErrorScopes(device, 'greedy select', () =>
        submitPass(device, 'greedy', (pass) => {
          for (let t = 0; t < steps; t++) plan.record(pass, t);
        }),
      );
      const cpu: GreedyState = {
        history: new Array<number>((steps + 1) * rows).fill(BOS),
        finished: new Array<number>(rows).fill(0),
        score: new Array<number>(rows).fill(0),
        chosen: new Array<number>(steps * rows).fill(0),
      };
      for (let t = 0; t < steps; t++)
        greedyStepOnCpu(cpu, logitsData, t, rows, vocab, new Array<number>(rows).fill(steps), 0);
      expect(Array.from(await readUint32(device, history, (steps + 1) * rows))).toEqual(cpu.history);
      expect(Array.from(await readUint32(device, finished, rows))).toEqual(cpu.finished);
    } finally {
      for (const resource of owned) resource.destroy();
    }
  });

  it('refuses special ids past the vocabulary and aliased outputs', () => {
    const device = gpu.device;
    const a = createStorageBuffer(device, 'a', 4 * 64);
    const b = createStorageBuffer(device, 'b', 4 * 64);
    const stepTable = createStepTable(device, 2);
    try {
      const spec = {
        rows: 2,
        vocab: 5,
        logits: { buffer: a },
        stepTable,
        maxLengths: a,
        history: b,
        finished: b,
        score: b,
        chosen: b,
        padId: 0,
        bosId: 1,
        eosId: 2,
        minLength: 0,
      };
      expect(() => planGreedySelect(device, softmax.greedy, { ...spec, eosId: 5 })).toThrow(
        'greedy select: eosId 5 is not below the vocabulary size 5',
      );
      expect(() => planGreedySelect(device, softmax.greedy, spec)).toThrow(
        'greedy select: history must not share a buffer with finished',
      );
    } finally {
      for (const buffer of [a, b, stepTable]) buffer.destroy();
    }
  });

  it('leaves no buffer alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
