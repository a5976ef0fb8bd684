// The Transformer's maps as the page draws them, against the trace they come from: a head is the
// trace's own row, the last layer's average is the attention the runner returns, and the cache
// rows grow by one entry per step.
import { describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { defaultTransformerConfig, randomTransformerModel } from '../../src/model/random-model.ts';
import {
  averageRows,
  cacheAttentionRows,
  crossAttentionRows,
  encoderAttention,
  headChoices,
  headKey,
  parseHeadKey,
  validHead,
} from '../../demo/trace/attention-maps.ts';
import { createTracer } from '../../demo/trace/model-tracer.ts';
import { lastFrame, decoderStartFrame } from '../../demo/app/selection.ts';

const model = randomTransformerModel(
  defaultTransformerConfig({ d_model: 8, num_heads: 2, encoder_layers: 2, decoder_layers: 2 }),
  5,
  0.8,
);
const SOURCE = [5, 9, 4, 7, 6];

describe('Transformer attention maps for the demo', () => {
  const tracer = createTracer(model);
  const { decode, detail } = tracer.trace(SOURCE, { beam: 3, nBest: 2 });
  if (detail.family !== 'transformer') throw new Error('expected a Transformer detail');

  it('lists every head of every layer, last layer first, and reads its keys back', () => {
    const choices = headChoices(2, 2);
    expect(choices.map(headKey)).toEqual(['1:average', '1:0', '1:1', '0:average', '0:0', '0:1']);
    for (const choice of choices) expect(parseHeadKey(headKey(choice))).toEqual(choice);
    // A choice a smaller model does not have falls back to its last layer's average.
    expect(validHead({ layer: 3, head: 0 }, 2, 2)).toEqual({ layer: 1, head: 'average' });
    expect(validHead({ layer: 0, head: 5 }, 2, 2)).toEqual({ layer: 1, head: 'average' });
    expect(validHead({ layer: 0, head: 1 }, 2, 2)).toEqual({ layer: 0, head: 1 });
    expect(validHead(undefined, 1, 4)).toEqual({ layer: 0, head: 'average' });
  });

  it('has the returned attention as the last layer’s head average', async () => {
    const [hypotheses] = await createCpuRunner(model).translate([SOURCE], { beam: 3, nBest: 2, attention: true });
    expect(decode.hypotheses.map((h) => h.ids)).toEqual(hypotheses.map((h) => h.ids));
    for (const hypothesis of hypotheses) {
      const trace = detail.maps(hypothesis.ids);
      expect(detail.maps(hypothesis.ids)).toBe(trace);
      const rows = hypothesis.attention!.length;
      const average = crossAttentionRows(trace, { layer: 1, head: 'average' }, rows);
      average.forEach((row, t) => row.forEach((a, j) => expect(a).toBeCloseTo(hypothesis.attention![t][j], 6)));
      const head = crossAttentionRows(trace, { layer: 0, head: 1 }, rows);
      expect(head).toEqual(trace.steps.slice(0, rows).map((step) => step.crossAttention[0][1]));
      for (const row of head) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    }
  });

  it('grows the cache rows by one entry per step', () => {
    const trace = detail.maps(decode.hypotheses[0].ids);
    for (let step = 0; step < trace.steps.length; step++) {
      const rows = cacheAttentionRows(trace, { layer: 1, head: 0 }, step);
      expect(rows.map((row) => row.length)).toEqual(Array.from({ length: step + 1 }, (_, t) => t + 1));
      expect(rows[step]).toEqual(trace.steps[step].selfAttention[1][0]);
    }
  });

  it('draws the encoder’s self-attention per head or averaged', () => {
    const trace = detail.maps(decode.hypotheses[0].ids);
    const head0 = encoderAttention(trace, { layer: 0, head: 0 });
    const head1 = encoderAttention(trace, { layer: 0, head: 1 });
    expect(head0).toEqual(trace.encoderSelfAttention[0][0]);
    expect(head0).toHaveLength(SOURCE.length);
    const average = encoderAttention(trace, { layer: 0, head: 'average' });
    average.forEach((row, i) => expect(row).toEqual(averageRows([head0[i], head1[i]])));
  });

  it('puts one step-through frame per encoder layer before the decoder’s', async () => {
    const [hypotheses] = await createCpuRunner(model).translate([SOURCE], { beam: 3, nBest: 2, attention: true });
    const run = { detail, decode, shown: { backend: 'cpu' as const, hypotheses: [] } };
    const asRun = run as unknown as Parameters<typeof lastFrame>[0];
    expect(decoderStartFrame(asRun)).toBe(2);
    expect(lastFrame(asRun, 0)).toBe(2 + decode.hypotheses[0].path.length - 1);
    expect(decode.hypotheses[0].path.length).toBe(hypotheses[0].attention!.length);
  });
});
