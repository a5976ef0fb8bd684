// The decoder's initial state (shaders/decoder_init.wgsl, planned by planDecoderInit) on Dawn
// (SwiftShader without a GPU) against its CPU twin decoderInitialState: final states with
// ±50/±100 outliers, every cell's slot count, beam rows and greedy rows (K = 1), element counts
// that do not fill the last workgroup. The kernel only copies, so every word must match exactly,
// the parity-1 half included (left as it was).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decoderInitialState } from '../../src/cpu/decoder-init.ts';
import { createStorageBuffer, readFloat32, withErrorScopes } from '../../src/gpu/buffers.ts';
import { liveBufferLabels } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import type { KernelPipeline } from '../../src/gpu/kernel.ts';
import { planDecoderInit, prepareDecoderInit } from '../../src/gpu/kernels/decoder-init.ts';
import { decoderStateLength, stateSlots } from '../../src/gpu/kernels/decoder-state.ts';
import type { CellType } from '../../src/model/config.ts';
import { withOutliers } from '../cpu/random-data.ts';
import { submitPass } from './kernels/helpers.ts';

let gpu: GpuContext;
let device: GPUDevice;
let compiled: KernelPipeline;

beforeAll(async () => {
  gpu = await acquireGpu();
  device = gpu.device;
  compiled = await prepareDecoderInit(device);
});

afterAll(() => {
  gpu?.destroy();
});

describe('decoder init against decoderInitialState', () => {
  const cases: { cell: CellType; layers: number; sentences: number; beam: number; hidden: number }[] = [
    { cell: 'lstm', layers: 2, sentences: 2, beam: 3, hidden: 5 },
    { cell: 'gru', layers: 1, sentences: 3, beam: 1, hidden: 8 },
    { cell: 'rnn_tanh', layers: 3, sentences: 1, beam: 4, hidden: 7 },
    { cell: 'lstm', layers: 1, sentences: 5, beam: 5, hidden: 33 },
    { cell: 'rnn_relu', layers: 2, sentences: 4, beam: 12, hidden: 3 },
  ];

  it.each(cases.map((c, index) => ({ ...c, index })))(
    '$cell, $layers layers, $sentences sentences × $beam rows, H=$hidden',
    async (c) => {
      const N = c.sentences * c.beam;
      const slots = stateSlots(c.cell) as 1 | 2;
      const finalH = new Float32Array(withOutliers(c.layers * c.sentences * c.hidden, 10 * c.index + 1));
      const finalC =
        slots === 2 ? new Float32Array(withOutliers(c.layers * c.sentences * c.hidden, 10 * c.index + 2)) : null;
      const initial = new Float32Array(
        withOutliers(decoderStateLength(c.cell, c.layers, N, c.hidden), 10 * c.index + 3),
      );
      const expected = decoderInitialState(
        { rows: N, rowsPerSentence: c.beam, sentences: c.sentences, hidden: c.hidden, layers: c.layers, slots },
        finalH,
        finalC,
        initial,
      );

      const owned: { destroy(): void }[] = [];
      const upload = (label: string, values: Float32Array<ArrayBuffer>) => {
        const buffer = createStorageBuffer(device, label, values);
        owned.push(buffer);
        return buffer;
      };
      try {
        const state = upload('state', initial);
        const plan = planDecoderInit(device, compiled, {
          rows: N,
          rowsPerSentence: c.beam,
          sentences: c.sentences,
          hidden: c.hidden,
          layers: c.layers,
          cell: c.cell,
          finalH: upload('final h', finalH),
          finalC: finalC ? upload('final c', finalC) : undefined,
          state,
        });
        owned.push(plan);
        await withErrorScopes(device, 'decoder init', () =>
          submitPass(device, 'decoder init', (pass) => plan.record(pass)),
        );
        const actual = await readFloat32(device, state);
        const differing: string[] = [];
        expected.forEach((value, i) => {
          if (!Object.is(actual[i], value) && differing.length < 12)
            differing.push(`state[${i}]: ${actual[i]}, expected ${value}`);
        });
        expect(differing).toEqual([]);
      } finally {
        for (const resource of owned) resource.destroy();
      }
    },
  );

  it('leaves no buffer alive', () => {
    expect(liveBufferLabels()).toEqual([]);
  });
});
