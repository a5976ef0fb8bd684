// The demo's recorded runs against the CPU reference they instrument: the encoder trace's top
// layer is the encoder output, and the recorded search returns the CPU backend's hypotheses.
import { describe, expect, it } from 'vitest';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { encodeSentence } from '../../src/cpu/encoder.ts';
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { weightsByRole } from '../../src/model/weights-by-role.ts';
import type { RnnConfig } from '../../src/model/config.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { traceDecode } from '../../demo/trace/decode-trace.ts';
import { traceEncoder } from '../../demo/trace/encoder-trace.ts';
import { decoderFrameIndex, encoderFrameIndex, listFrames } from '../../demo/trace/frames.ts';

const CONFIGS: Partial<RnnConfig>[] = [
  { cell: 'lstm', num_layers: 2, bidirectional: true, attention: 'general', input_feeding: true },
  { cell: 'gru', num_layers: 1, bidirectional: false, attention: 'additive' },
  { cell: 'rnn_tanh', num_layers: 3, bidirectional: true, attention: 'dot' },
  { cell: 'lstm', num_layers: 1, bidirectional: false, attention: 'none' },
];
const SOURCE = [5, 9, 4, 17, 6, 11];

describe.each(CONFIGS)('recorded run of %o', (overrides) => {
  const model = randomModel(defaultConfig(overrides), 7, 0.8);
  const weights = weightsByRole(model);

  it('keeps every encoder state, and its top layer is the encoder output exactly', () => {
    const trace = traceEncoder(weights, SOURCE);
    const reference = encodeSentence(weights, SOURCE);
    expect(trace.length).toBe(SOURCE.length);
    expect(trace.layers).toBe(model.config.num_layers);
    expect(trace.directions).toBe(model.config.bidirectional ? 2 : 1);
    expect(Array.from(trace.outputs)).toEqual(Array.from(reference.outputs));
    // Final states: forward after the last position, backward after the first.
    trace.states.forEach((directions, layer) => {
      const final = [directions[0][SOURCE.length - 1], ...(directions[1] ? [directions[1][0]] : [])].flatMap((v) =>
        Array.from(v),
      );
      expect(final).toEqual(Array.from(reference.h[layer]));
    });
  });

  it.each([
    { beam: 1, nBest: 1 },
    { beam: 3, nBest: 3 },
    { beam: 4, nBest: 2, lengthPenalty: 1, minLength: 2 },
  ])('returns the CPU backend’s hypotheses with paths through the recorded steps (%o)', async (options) => {
    const trace = traceDecode(new CpuStepModel(model), SOURCE, options);
    const [expected] = await createCpuRunner(model).translate([SOURCE], { ...options, attention: true });
    expect(trace.hypotheses.map((h) => ({ ids: h.ids, score: h.score, attention: h.attention }))).toEqual(expected);
    expect(trace.widest).toBeLessThanOrEqual(options.beam);
    for (const hypothesis of trace.hypotheses) {
      expect(hypothesis.path.length).toBe(hypothesis.generated.length);
      expect(hypothesis.generated.slice(0, hypothesis.ids.length)).toEqual(hypothesis.ids);
      let sum = 0;
      hypothesis.path.forEach((id, t) => {
        const step = trace.expansions[id];
        expect(step.depth).toBe(t);
        expect(step.input).toBe(t === 0 ? model.config.bos_id : hypothesis.generated[t - 1]);
        expect(step.parent).toBe(t === 0 ? -1 : hypothesis.path[t - 1]);
        expect(step.logProbSum).toBeCloseTo(sum, 12);
        const chosen = step.candidates.find((c) => c.token === hypothesis.generated[t]);
        expect(chosen, `step ${t} lists the token it generated`).toBeDefined();
        sum += chosen!.logProb;
        if (hypothesis.attention) expect(Array.from(step.attention!)).toEqual(hypothesis.attention[t]);
        else expect(step.attention).toBeUndefined();
        expect(step.decoderStates).toHaveLength(model.config.num_layers);
      });
      if (!options.lengthPenalty) expect(hypothesis.score).toBeCloseTo(sum, 12);
    }
    // Greedy: each step's best candidate is the token generated.
    if (options.beam === 1) {
      const [only] = trace.hypotheses;
      only.path.forEach((id, t) => expect(trace.expansions[id].candidates[0].token).toBe(only.generated[t]));
    }
  });
});

describe('step-through frames', () => {
  it('list every encoder cell step, then the decoder steps, in computation order', () => {
    const model = randomModel(defaultConfig({ num_layers: 2, bidirectional: true, attention: 'dot' }), 3);
    const encoder = traceEncoder(weightsByRole(model), [4, 5, 6]);
    const frames = listFrames(encoder, 4);
    expect(frames).toHaveLength(2 * 2 * 3 + 4);
    expect(frames.slice(0, 6)).toEqual([
      { kind: 'encoder', layer: 0, direction: 0, position: 0 },
      { kind: 'encoder', layer: 0, direction: 0, position: 1 },
      { kind: 'encoder', layer: 0, direction: 0, position: 2 },
      { kind: 'encoder', layer: 0, direction: 1, position: 2 },
      { kind: 'encoder', layer: 0, direction: 1, position: 1 },
      { kind: 'encoder', layer: 0, direction: 1, position: 0 },
    ]);
    frames.forEach((frame, i) => {
      if (frame.kind === 'encoder')
        expect(encoderFrameIndex(encoder, frame.layer, frame.direction, frame.position)).toBe(i);
      else expect(decoderFrameIndex(encoder, frame.step)).toBe(i);
    });
  });
});
