import { describe, expect, it } from 'vitest';
import type { DecodeOptions } from '../../../src/model/decoding.ts';
import { beamSearch } from '../../../src/cpu/search/beam.ts';
import { greedyDecode } from '../../../src/cpu/search/greedy.ts';
import { resolveDecodeOptions } from '../../../src/model/decoding.ts';
import { translateWithSearch } from '../../../src/cpu/search/search.ts';
import { CpuStepModel } from '../../../src/cpu/reference-step-model.ts';
import type { AttentionType, CellType } from '../../../src/model/config.ts';
import { defaultConfig, randomModel } from '../../../src/model/random-model.ts';
import {
  endedWithEos,
  exhaustiveSearch,
  expectEqualsExhaustive,
  rescore,
  SCORE_TOLERANCE,
} from '../../helpers/exhaustive-search.ts';

/** The search drivers on the CPU reference: every cell and attention type, tiny target vocabulary. */
const cells: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];
const attentions: AttentionType[] = ['none', 'dot', 'general', 'additive'];

describe.each(cells)('search over CpuStepModel, %s', (cell) => {
  it.each(attentions)('attention %s: beam equals exhaustive search and K = 1 equals greedy', (attention) => {
    const index = cells.indexOf(cell) + attentions.indexOf(attention);
    const config = defaultConfig({
      cell,
      attention,
      input_feeding: attention !== 'none' && index % 2 === 0,
      bidirectional: index % 3 !== 1,
      num_layers: 1 + (index % 2),
      tgt_vocab_size: 6,
    });
    const model = new CpuStepModel(randomModel(config, 100 + index, 1.5));
    const sources = [[4, 9, 17], [5]];
    for (const source of sources) {
      // V = 6 and maxLength 3: K = V^(maxLength−1) = 36 makes beam search exhaustive.
      for (const lengthPenalty of [0, 0.6]) {
        for (const nBest of [1, 3]) {
          const options = { beam: 36, nBest, maxLength: 3, minLength: 0, lengthPenalty };
          const hypotheses = beamSearch(model, source, resolveDecodeOptions(options, source.length));
          expectEqualsExhaustive(hypotheses, exhaustiveSearch(model, source, options), nBest, 3);
        }
      }

      const options: DecodeOptions = { minLength: 1, lengthPenalty: 0.6, attention: true };
      const resolved = resolveDecodeOptions(options, source.length);
      const greedy = greedyDecode(model, source, resolved);
      expect(beamSearch(model, source, resolved)).toEqual([greedy]);
      expect(greedy.ids.length).toBeGreaterThanOrEqual(1);
      const expected = rescore(model, source, greedy.ids, endedWithEos(greedy, resolved.maxLength), resolved);
      expect(Math.abs(greedy.score - expected)).toBeLessThanOrEqual(SCORE_TOLERANCE);

      const [beamed] = translateWithSearch(model, [source], { beam: 4, nBest: 2, maxLength: 6, attention: true });
      expect(beamed).toHaveLength(2);
      for (const hypothesis of [greedy, ...beamed]) {
        expect(hypothesis.ids.every((id) => id !== config.pad_id && id !== config.bos_id && id !== config.eos_id)).toBe(
          true,
        );
        if (attention === 'none') {
          expect(hypothesis.attention).toBeUndefined();
        } else {
          const maxLength = hypothesis === greedy ? resolved.maxLength : 6;
          const steps = hypothesis.ids.length + (endedWithEos(hypothesis, maxLength) ? 1 : 0);
          expect(hypothesis.attention).toHaveLength(steps);
          for (const row of hypothesis.attention!) {
            expect(row).toHaveLength(source.length);
            expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
          }
        }
      }
    }
  });
});
