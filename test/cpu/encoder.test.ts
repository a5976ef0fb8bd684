import { describe, expect, it } from 'vitest';
import { cellStep } from '../../src/cpu/cells.ts';
import { encodeBatch } from '../../src/cpu/encoder.ts';
import { embeddingGather, matmulBias } from '../../src/cpu/kernels.ts';
import { InputError } from '../../src/errors.ts';
import type { CellType } from '../../src/model/config.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';

const CELLS: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];

describe('padding never leaks', () => {
  const sources = [[4, 5, 6, 7, 8, 9, 10], [11], [12, 4, 13], [4, 5, 6]];
  for (const cell of CELLS) {
    for (const bidirectional of [false, true]) {
      it(`${cell}, ${bidirectional ? 'bi' : 'uni'}directional, 2 layers: batch results equal lone results bit for bit`, () => {
        const model = randomModel(defaultConfig({ cell, bidirectional, num_layers: 2 }), 7);
        const batch = encodeBatch(model, sources);
        sources.forEach((source, i) => {
          const [alone] = encodeBatch(model, [source]);
          expect(batch[i].outputs).toEqual(alone.outputs);
          expect(batch[i].h).toEqual(alone.h);
          expect(batch[i].c).toEqual(alone.c);
          expect(batch[i].outputs.length).toBe(source.length * model.config.hidden_size);
        });
      });
    }
  }
});

/** A bidirectional one-layer model whose backward weights are copies of the forward ones. */
function mirroredModel(cell: CellType): RnnModel {
  const model = randomModel(defaultConfig({ cell, bidirectional: true, num_layers: 1, hidden_size: 8 }), 3);
  const weights = new Map(model.weights);
  for (const name of ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0']) {
    weights.set(`encoder.rnn.${name}_reverse`, weights.get(`encoder.rnn.${name}`)!);
  }
  return { config: model.config, weights };
}

describe('bidirectional layout', () => {
  for (const cell of CELLS) {
    it(`${cell}: the backward direction reads x_S down to x_1; rows are [fwd_j ; bwd_j]`, () => {
      const model = mirroredModel(cell);
      const Hd = model.config.hidden_size / 2;
      const source = [4, 9, 5, 11, 6];
      const S = source.length;
      const [x] = encodeBatch(model, [source]);
      const [reversed] = encodeBatch(model, [[...source].reverse()]);
      const row = (flat: Float64Array, j: number) => flat.subarray(j * 2 * Hd, (j + 1) * 2 * Hd);
      for (let j = 0; j < S; j++) {
        // with mirrored weights, the backward pass over x is the forward pass over reverse(x)
        expect(row(x.outputs, j).subarray(Hd)).toEqual(row(reversed.outputs, S - 1 - j).subarray(0, Hd));
        expect(row(x.outputs, j).subarray(0, Hd)).toEqual(row(reversed.outputs, S - 1 - j).subarray(Hd));
      }
      // final h = [forward after x_S ; backward after x_1]
      expect(x.h[0].subarray(0, Hd)).toEqual(row(x.outputs, S - 1).subarray(0, Hd));
      expect(x.h[0].subarray(Hd)).toEqual(row(x.outputs, 0).subarray(Hd));
      expect(x.h[0].subarray(0, Hd)).toEqual(reversed.h[0].subarray(Hd));
      if (cell === 'lstm') expect(x.c![0].subarray(0, Hd)).toEqual(reversed.c![0].subarray(Hd));
    });
  }

  it('lstm, 2 layers: final h and c of each layer follow the layout, checked by a hand-rolled unroll', () => {
    const model = randomModel(defaultConfig({ cell: 'lstm', bidirectional: true, num_layers: 2, hidden_size: 6 }), 5);
    const { config, weights } = model;
    const Hd = 3;
    const source = [7, 3, 12, 4];
    const S = source.length;
    const w = (name: string) => weights.get(`encoder.rnn.${name}`)!;
    // run every direction step by step with the kernels, independently of the encoder's loop
    let inputs: number[][] = Array.from({ length: S }, (_, t) =>
      Array.from(embeddingGather(weights.get('encoder.embedding.weight')!, [source[t]], config.embedding_dim)),
    );
    const [encoded] = encodeBatch(model, [source]);
    for (let k = 0; k < 2; k++) {
      const finals: { h: Float64Array; c: Float64Array }[] = [];
      const outputs: number[][] = Array.from({ length: S }, () => []);
      for (const [suffix, order] of [
        ['', [0, 1, 2, 3]],
        ['_reverse', [3, 2, 1, 0]],
      ] as const) {
        let h: Float64Array = new Float64Array(Hd);
        let c: Float64Array = new Float64Array(Hd);
        for (const t of order) {
          const projection = matmulBias(
            inputs[t],
            w(`weight_ih_l${k}${suffix}`),
            w(`bias_ih_l${k}${suffix}`),
            1,
            4 * Hd,
            inputs[t].length,
          );
          const next = cellStep(
            'lstm',
            projection,
            h,
            c,
            w(`weight_hh_l${k}${suffix}`),
            w(`bias_hh_l${k}${suffix}`),
            Hd,
          );
          h = next.h;
          c = next.c!;
          outputs[t].push(...h);
        }
        finals.push({ h, c });
      }
      expect(Array.from(encoded.h[k])).toEqual([...finals[0].h, ...finals[1].h]);
      expect(Array.from(encoded.c![k])).toEqual([...finals[0].c, ...finals[1].c]);
      inputs = outputs;
    }
    expect(Array.from(encoded.outputs)).toEqual(inputs.flat());
  });
});

describe('input checks', () => {
  const model = randomModel(defaultConfig(), 1);
  it('rejects an empty sentence and out-of-range ids with InputError', () => {
    expect(() => encodeBatch(model, [[4], []])).toThrow(InputError);
    expect(() => encodeBatch(model, [[4], []])).toThrow(/source sentence 1 is empty/);
    expect(() => encodeBatch(model, [[4, 20]])).toThrow(/id 20 at position 1/);
    expect(() => encodeBatch(model, [[-1]])).toThrow(InputError);
    expect(() => encodeBatch(model, [[1.5]])).toThrow(InputError);
  });
  it('an empty batch gives no results', () => {
    expect(encodeBatch(model, [])).toEqual([]);
  });
});
