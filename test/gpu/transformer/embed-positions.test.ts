// The embedding-with-positions kernel (shaders/embed_positions.wgsl) against its twin
// embedPositions (src/cpu/transformer/ops.ts), in both position modes, on Dawn (SwiftShader).
//
// Tolerance: out = e·scale + p with scale rounded to f32 once (u·|e·s|), the product rounded
// (u·|e·s|) and the sum rounded (u·|out|): 2u·|e·s| + u·|out|. With scale 1 the one f32 addition of
// two f32 values must be exact. Out-of-range ids and positions are clamped to the last table row:
// the expected rows come from the twin called with the clamped id and position.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedPositions, sinusoidalTable } from '../../../src/cpu/transformer/ops.ts';
import { liveBufferLabels } from '../../../src/gpu/debug.ts';
import type { KernelPipeline } from '../../../src/gpu/kernel.ts';
import { planEmbedPositions, prepareEmbedPositions } from '../../../src/gpu/kernels/embed-positions.ts';
import { createStepTable } from '../../../src/gpu/step-table.ts';
import { seededRandom } from '../../../src/model/random-model.ts';
import { GpuFixture, mismatches, SENTINEL, slice, U, withOutliers, writtenOutside } from './helpers.ts';

const fixture = new GpuFixture();
let compiled: KernelPipeline;

beforeAll(async () => {
  await fixture.acquire();
  compiled = await prepareEmbedPositions(fixture.device);
});

afterAll(() => fixture.release());

/** Ids in [0, vocab) with vocab, vocab + 5 and 2³² − 1 planted (clamped by the kernel). */
function idsWithStrays(count: number, vocab: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  const ids = Uint32Array.from({ length: count }, () => Math.floor(random() * vocab));
  [vocab, vocab + 5, 0xffffffff].forEach((stray, i) => {
    if (count > 4 * i + 1) ids[4 * i + 1] = stray;
  });
  return ids;
}

interface Tables {
  width: number;
  vocab: number;
  maxPositions: number;
  embedding: Float32Array;
  positions: Float32Array;
  scale: number;
}

/** The twin's rows for ids and positions, each clamped to its table as the kernel does. */
function expectedRows(tables: Tables, ids: ArrayLike<number>, positions: ArrayLike<number>): Float64Array {
  const { width, vocab, maxPositions, scale } = tables;
  const out = new Float64Array(ids.length * width);
  for (let r = 0; r < ids.length; r++) {
    const id = Math.min(ids[r], vocab - 1);
    const position = Math.min(positions[r], maxPositions - 1);
    out.set(embedPositions([id], position, tables.embedding, width, scale, tables.positions), r * width);
  }
  return out;
}

function tolerance(tables: Tables, ids: ArrayLike<number>, expected: Float64Array) {
  const { width, vocab, scale } = tables;
  return (index: number) => {
    const id = Math.min(ids[Math.floor(index / width)], vocab - 1);
    const scaled = Math.abs(tables.embedding[id * width + (index % width)] * scale);
    return scale === 1 ? 0 : 2 * U * scaled + U * Math.abs(expected[index]);
  };
}

function makeTables(
  width: number,
  vocab: number,
  maxPositions: number,
  scale: number,
  sinusoidal: boolean,
  seed: number,
): Tables {
  const embedding = withOutliers(vocab * width, seed);
  const positions = sinusoidal
    ? Float32Array.from(sinusoidalTable(maxPositions, width))
    : withOutliers(maxPositions * width, seed + 1);
  return { width, vocab, maxPositions, embedding, positions, scale };
}

describe('embed positions, row in sentence (encoder)', () => {
  for (const sinusoidal of [true, false]) {
    it(`${sinusoidal ? 'sinusoidal' : 'learned'} positions, scale √D, ids and positions past their tables clamped`, async () => {
      // 3 sentences of T = 8 rows, but only 6 positions: rows 6 and 7 of each sentence clamp to 5.
      const T = 8;
      const rows = 3 * T;
      const tables = makeTables(10, 7, 6, Math.sqrt(10), sinusoidal, 20);
      const tokensOffset = 3;
      const ids = idsWithStrays(rows, tables.vocab, 21);
      const tokens = new Uint32Array(tokensOffset + rows + 2).fill(0xffffffff);
      tokens.set(ids, tokensOffset);
      const outOffset = 5;
      const ldo = tables.width + 3;
      const before = new Float32Array(outOffset + rows * ldo + 4).fill(SENTINEL);
      const out = fixture.upload('out', before);
      const plan = fixture.keep(
        planEmbedPositions(fixture.device, compiled, {
          rows,
          width: tables.width,
          tokens: { buffer: fixture.upload('tokens', tokens), offset: tokensOffset },
          embedding: fixture.upload('embedding', tables.embedding),
          vocab: tables.vocab,
          positions: fixture.upload('positions', tables.positions),
          maxPositions: tables.maxPositions,
          scale: tables.scale,
          out: { buffer: out, offset: outOffset, stride: ldo },
          position: { kind: 'row-in-sentence', rowsPerSentence: T },
        }),
      );
      expect(plan.steps).toBe(0);
      await fixture.run('embed positions', (pass) => plan.record(pass));
      const after = await fixture.read(out);
      const expected = expectedRows(
        tables,
        ids,
        Array.from({ length: rows }, (_, r) => r % T),
      );
      expect(
        mismatches('out', slice(after, outOffset, ldo, rows, tables.width), expected, tolerance(tables, ids, expected)),
      ).toEqual([]);
      const inside = (i: number) =>
        i >= outOffset && i < outOffset + rows * ldo && (i - outOffset) % ldo < tables.width;
      expect(writtenOutside(before, after, inside)).toEqual([]);
    });
  }

  it('scale 1 gives the exact f32 sum', async () => {
    const tables = makeTables(6, 5, 4, 1, false, 30);
    const rows = 8;
    const ids = idsWithStrays(rows, tables.vocab, 31);
    const out = fixture.upload('out', rows * tables.width * 4);
    const plan = fixture.keep(
      planEmbedPositions(fixture.device, compiled, {
        rows,
        width: tables.width,
        tokens: { buffer: fixture.upload('tokens', ids) },
        embedding: fixture.upload('embedding', tables.embedding),
        vocab: tables.vocab,
        positions: fixture.upload('positions', tables.positions),
        maxPositions: tables.maxPositions,
        scale: 1,
        out: { buffer: out },
        position: { kind: 'row-in-sentence', rowsPerSentence: 4 },
      }),
    );
    await fixture.run('embed positions', (pass) => plan.record(pass));
    const expected = expectedRows(
      tables,
      ids,
      Array.from({ length: rows }, (_, r) => r % 4),
    );
    expect(mismatches('out', await fixture.read(out), Float32Array.from(expected), () => 0)).toEqual([]);
  });
});

describe('embed positions, decoder steps', () => {
  for (const sinusoidal of [true, false]) {
    it(`${sinusoidal ? 'sinusoidal' : 'learned'} positions: steps t = 0..3 read tokens[t·N + n] at position t (clamped past the table)`, async () => {
      const rows = 5;
      const steps = 4;
      // 3 positions: step 3 clamps to position 2.
      const tables = makeTables(9, 11, 3, 3, sinusoidal, 40);
      const history = idsWithStrays(steps * rows, tables.vocab, 41);
      const stepTable = fixture.own(createStepTable(fixture.device, steps));
      const out = fixture.upload('out', rows * tables.width * 4);
      const plan = fixture.keep(
        planEmbedPositions(fixture.device, compiled, {
          rows,
          width: tables.width,
          tokens: { buffer: fixture.upload('history', history) },
          embedding: fixture.upload('embedding', tables.embedding),
          vocab: tables.vocab,
          positions: fixture.upload('positions', tables.positions),
          maxPositions: tables.maxPositions,
          scale: tables.scale,
          out: { buffer: out },
          position: { kind: 'step', stepTable },
        }),
      );
      expect(plan.steps).toBe(steps);
      for (let t = 0; t < steps; t++) {
        await fixture.run(`step ${t}`, (pass) => plan.record(pass, t));
        const ids = history.subarray(t * rows, (t + 1) * rows);
        const expected = expectedRows(tables, ids, new Array<number>(rows).fill(t));
        expect(
          mismatches(`out at t=${t}`, await fixture.read(out), expected, tolerance(tables, ids, expected)),
        ).toEqual([]);
      }
    });
  }

  it('leaves no buffer alive', () => {
    fixture.releaseAll();
    expect(liveBufferLabels()).toEqual([]);
  });
});
