// The decoder-init twin (src/cpu/decoder-init.ts) against its purpose: every row of the parity-0
// half holds its sentence's final states, and nothing else changes.
import { describe, expect, it } from 'vitest';
import { decoderInitialState } from '../../src/cpu/decoder-init.ts';
import { withOutliers } from './random-data.ts';

describe('decoderInitialState', () => {
  it.each([
    { slots: 2 as const, layers: 2, sentences: 2, rowsPerSentence: 3, hidden: 5 },
    { slots: 1 as const, layers: 3, sentences: 3, rowsPerSentence: 1, hidden: 4 },
  ])(
    '$slots slot(s), $layers layers, $sentences sentences × $rowsPerSentence rows: every row starts from its sentence’s final state',
    (c) => {
      const N = c.sentences * c.rowsPerSentence;
      const H = c.hidden;
      const finalH = new Float32Array(withOutliers(c.layers * c.sentences * H, 3));
      const finalC = new Float32Array(withOutliers(c.layers * c.sentences * H, 4));
      const before = new Float32Array(withOutliers(2 * c.slots * c.layers * N * H, 5));
      const state = decoderInitialState({ ...c, rows: N }, finalH, finalC, before);
      for (let slot = 0; slot < c.slots; slot++) {
        const final = slot === 0 ? finalH : finalC;
        for (let layer = 0; layer < c.layers; layer++) {
          for (let n = 0; n < N; n++) {
            const at = ((slot * c.layers + layer) * N + n) * H;
            const from = (layer * c.sentences + Math.floor(n / c.rowsPerSentence)) * H;
            expect(Array.from(state.subarray(at, at + H))).toEqual(Array.from(final.subarray(from, from + H)));
          }
        }
      }
      const half = c.slots * c.layers * N * H;
      expect(state.subarray(half)).toEqual(before.subarray(half));
    },
  );
});
