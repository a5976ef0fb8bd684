// The parity matrix: every value of every model factor on the gpu backend against the CPU
// reference, without the full cartesian product (2·2·2·3·3·3·2·2 = 864 models) on SwiftShader.
//
// Design: all-pairs. The rows are chosen greedily from the full product (each time the row that
// covers the most value pairs of two factors not covered yet, the first such row in product order
// on ties), until every pair of values of every two factors appears in some row. That gives 12
// models (at least 9 are needed: layers × heads × dtype are 3-valued); the test checks the
// coverage and the count. Each model runs a mixed-length batch: encoder outputs, teacher-forced
// log-prob rows, greedy, and beam 3 / n-best 2 (ids exact, values within ABS + REL·|cpu|).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { createGpuRunner } from '../../src/engine/gpu-runner.ts';
import { type GpuContext, acquireGpu } from '../../src/gpu/device.ts';
import { expectRowsClose, expectSameHypotheses, sentences, tinyModel } from './helpers.ts';

const FACTORS = {
  normFirst: [false, true],
  activation: ['relu', 'gelu'],
  positions: ['sinusoidal', 'learned'],
  layers: [1, 2, 3],
  heads: [1, 2, 4],
  dtype: ['F32', 'F16', 'BF16'],
  finalNorms: [true, false],
  biases: [true, false],
} as const;

type Factor = keyof typeof FACTORS;
type Row = { [F in Factor]: (typeof FACTORS)[F][number] };
const NAMES = Object.keys(FACTORS) as Factor[];

function product(): Row[] {
  let rows: Record<string, unknown>[] = [{}];
  for (const name of NAMES) rows = rows.flatMap((row) => FACTORS[name].map((value) => ({ ...row, [name]: value })));
  return rows as Row[];
}

const pairKey = (a: Factor, va: unknown, b: Factor, vb: unknown) => `${a}=${String(va)}|${b}=${String(vb)}`;

function pairsOf(row: Row): string[] {
  const keys: string[] = [];
  NAMES.forEach((a, i) => NAMES.slice(i + 1).forEach((b) => keys.push(pairKey(a, row[a], b, row[b]))));
  return keys;
}

function allPairs(): Row[] {
  const uncovered = new Set<string>();
  NAMES.forEach((a, i) =>
    NAMES.slice(i + 1).forEach((b) =>
      FACTORS[a].forEach((va) => FACTORS[b].forEach((vb) => uncovered.add(pairKey(a, va, b, vb)))),
    ),
  );
  const candidates = product();
  const chosen: Row[] = [];
  while (uncovered.size > 0) {
    let best = candidates[0];
    let bestCount = -1;
    for (const row of candidates) {
      const count = pairsOf(row).filter((key) => uncovered.has(key)).length;
      if (count > bestCount) [best, bestCount] = [row, count];
    }
    chosen.push(best);
    for (const key of pairsOf(best)) uncovered.delete(key);
  }
  return chosen;
}

const DESIGN = allPairs();

const label = (row: Row) =>
  `${row.normFirst ? 'pre' : 'post'}-norm ${row.activation} ${row.positions} L${row.layers} h${row.heads} ${row.dtype}` +
  `${row.finalNorms ? ' +final norms' : ''}${row.biases ? ' +biases' : ''}`;

let gpu: GpuContext;

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => gpu?.destroy());

it('the design covers every pair of factor values with at most 16 models', () => {
  const covered = new Set(DESIGN.flatMap(pairsOf));
  NAMES.forEach((a, i) =>
    NAMES.slice(i + 1).forEach((b) =>
      FACTORS[a].forEach((va) => FACTORS[b].forEach((vb) => expect(covered.has(pairKey(a, va, b, vb))).toBe(true))),
    ),
  );
  expect(DESIGN.length).toBeLessThanOrEqual(16);
});

describe.each(DESIGN.map((row, i) => ({ row, seed: 40 + i, name: label(row) })))('$name', ({ row, seed }) => {
  it('encode, teacher forcing, greedy and beam search agree with the CPU reference', async () => {
    const model = tinyModel(
      {
        norm_first: row.normFirst,
        activation: row.activation,
        positions: row.positions,
        encoder_layers: row.layers,
        decoder_layers: row.layers,
        num_heads: row.heads,
      },
      { seed, dtype: row.dtype, finalNorms: row.finalNorms, biases: row.biases },
    );
    const config = model.config;
    const sources = sentences(config.src_vocab_size, [4, 1, 2], seed);
    const targets = sentences(config.tgt_vocab_size, [3, 0, 1], seed + 1);
    const cpu = createCpuRunner(model);
    const runner = await createGpuRunner(model, { device: gpu.device });
    try {
      const [encCpu, encGpu] = [await cpu.encode(sources), await runner.encode(sources)];
      encCpu.forEach((result, i) => expectRowsClose(result.outputs, encGpu[i].outputs, `sentence ${i} outputs`));
      const [lpCpu, lpGpu] = [
        await cpu.forcedLogProbs(sources, targets),
        await runner.forcedLogProbs(sources, targets),
      ];
      lpCpu.forEach((steps, i) => expectRowsClose(steps, lpGpu[i], `sentence ${i} log-probs`));
      for (const options of [{ maxLength: 8 }, { beam: 3, nBest: 2, maxLength: 8 }]) {
        const [a, b] = [await cpu.translate(sources, options), await runner.translate(sources, options)];
        a.forEach((nBest, i) => expectSameHypotheses(nBest, b[i], `sentence ${i} beam ${options.beam ?? 1}`));
      }
    } finally {
      runner.dispose();
      cpu.dispose();
    }
  });
});
