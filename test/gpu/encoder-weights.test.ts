// The encoder weight layouts the GPU kernels read (pure: no GPU needed).
import { describe, expect, it } from 'vitest';
import { weightsByRole } from '../../src/model/weights-by-role.ts';
import { encoderLayerArrays } from '../../src/gpu/encoder-weights.ts';
import { concatenate, transposeMatrix } from '../../src/gpu/weight-upload.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';

describe('encoder weight layouts', () => {
  it('transposes and concatenates', () => {
    expect(Array.from(transposeMatrix(Float32Array.from([1, 2, 3, 4, 5, 6]), 2, 3))).toEqual([1, 4, 2, 5, 3, 6]);
    expect(() => transposeMatrix(new Float32Array(5), 2, 3)).toThrow('5 values are not 2×3');
    expect(Array.from(concatenate([Float32Array.from([1]), new Float32Array(0), Float32Array.from([2, 3])]))).toEqual([
      1, 2, 3,
    ]);
  });

  it('stacks both directions: W_ih rows and biases end to end, W_hh transposed per direction', () => {
    const model = randomModel(
      defaultConfig({ cell: 'gru', bidirectional: true, num_layers: 2, hidden_size: 6, embedding_dim: 5 }),
      4,
    );
    const Hd = 3;
    const rows = 3 * Hd; // G·Hd
    for (const layer of [0, 1]) {
      const arrays = encoderLayerArrays(weightsByRole(model), layer);
      const inputSize = layer === 0 ? 5 : 6;
      expect(arrays.inputSize).toBe(inputSize);
      expect(arrays.inputWeights.length).toBe(2 * rows * inputSize);
      expect(arrays.hiddenWeightsT.length).toBe(2 * Hd * rows);
      ['', '_reverse'].forEach((suffix, d) => {
        const wih = model.weights.get(`encoder.rnn.weight_ih_l${layer}${suffix}`) as Float32Array;
        const whh = model.weights.get(`encoder.rnn.weight_hh_l${layer}${suffix}`) as Float32Array;
        const bih = model.weights.get(`encoder.rnn.bias_ih_l${layer}${suffix}`) as Float32Array;
        const bhh = model.weights.get(`encoder.rnn.bias_hh_l${layer}${suffix}`) as Float32Array;
        expect(arrays.inputWeights.subarray(d * rows * inputSize, (d + 1) * rows * inputSize)).toEqual(wih);
        expect(arrays.inputBias.subarray(d * rows, (d + 1) * rows)).toEqual(bih);
        expect(arrays.hiddenBias.subarray(d * rows, (d + 1) * rows)).toEqual(bhh);
        for (let r = 0; r < rows; r++) {
          for (let k = 0; k < Hd; k++) expect(arrays.hiddenWeightsT[(d * Hd + k) * rows + r]).toBe(whh[r * Hd + k]);
        }
      });
    }
  });
});
