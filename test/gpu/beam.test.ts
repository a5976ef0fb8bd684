// GPU beam search (src/engine/beam-search.ts, shaders/beam_search.wgsl) against the CPU
// reference search (src/cpu/search/beam.ts) on random models of every cell and attention type, run
// through Dawn (SwiftShader without a GPU). Encoder results come from the CPU reference
// (test/gpu/cpu-encoding.ts), so only the decoder and the search are under test here.
//
// Every model decodes one mixed-length batch with K ∈ {1, 2, 5, 12}, n-best ∈ {1, 3} and length
// penalty 0 and 0.6 (and min/max lengths in some runs). Hypotheses must equal the CPU's (ids,
// scores within SCORE_TOLERANCE, α within ALIGNMENT_TOLERANCE) unless the CPU search had a
// near-tie (test/gpu/beam-reference.ts), which the file counts and reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DecodeOptions } from '../../src/model/decoding.ts';
import { gpuCounters } from '../../src/gpu/debug.ts';
import { acquireGpu, type GpuContext } from '../../src/gpu/device.ts';
import type { AttentionType, CellType, RnnConfig } from '../../src/model/config.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { BEAM_CHUNK_STEPS } from '../../src/engine/beam-search.ts';
import { GpuDecoder } from '../../src/engine/decoder.ts';
import { resolveDecodeOptions } from '../../src/model/decoding.ts';
import { expectMatchesCpu, newStats } from './beam-reference.ts';
import { uploadCpuEncoding } from './cpu-encoding.ts';

const CELLS: CellType[] = ['lstm', 'gru', 'rnn_tanh', 'rnn_relu'];
const ATTENTIONS: AttentionType[] = ['none', 'dot', 'general', 'additive'];

/** Mixed source lengths: default max lengths 2·S + 10 = 20, 12, 16, 14. */
const sources = [[4, 5, 6, 7, 8], [9], [10, 11, 4], [12, 13]];

/** Every (K, n-best) pair with n-best ≤ K, each with both length penalties across the runs. */
const runs: DecodeOptions[] = [
  { beam: 1, nBest: 1, lengthPenalty: 0.6, attention: true },
  { beam: 2, nBest: 1, lengthPenalty: 0, attention: true },
  { beam: 2, nBest: 1, lengthPenalty: 0.6, minLength: 3 },
  { beam: 5, nBest: 1, lengthPenalty: 0.6, attention: true },
  { beam: 5, nBest: 3, lengthPenalty: 0, attention: true, maxLength: 9 },
  { beam: 12, nBest: 1, lengthPenalty: 0 },
  { beam: 12, nBest: 3, lengthPenalty: 0.6, attention: true, minLength: 2 },
];

const stats = newStats();
let gpu: GpuContext;

beforeAll(async () => {
  gpu = await acquireGpu();
});

afterAll(() => {
  gpu?.destroy();
  // The number of near-ties is part of what these tests report.
  console.log(
    `beam parity: ${stats.sentences} sentence searches, ${stats.nearTies} with a near-tie on the CPU ` +
      `(${stats.differing} of them gave a different list on the GPU), worst score difference ${stats.worstScoreDifference.toExponential(2)}`,
  );
});

function config(cell: CellType, attention: AttentionType, feed: boolean, layers: number, vocab: number): RnnConfig {
  return defaultConfig({
    cell,
    attention,
    input_feeding: feed,
    num_layers: layers,
    bidirectional: layers === 2,
    embedding_dim: 6,
    hidden_size: 8,
    src_vocab_size: 16,
    tgt_vocab_size: vocab,
  });
}

/** Cells × attention types; input feeding, depth, vocabulary and an EOS bias vary with them. */
const cases = CELLS.flatMap((cell, c) =>
  ATTENTIONS.map((attention, a) => ({
    cell,
    attention,
    feed: attention !== 'none' && (a + c) % 2 === 0,
    layers: 1 + ((a + c) % 2),
    vocab: 12 + 2 * ((a + 2 * c) % 4),
    // Half the models end hypotheses early and at various lengths, half mostly run to max length.
    eosBias: (a + c) % 2 === 0 ? 1.5 : 0,
  })),
);

function makeModel(spec: (typeof cases)[number], seed: number): RnnModel {
  const model = randomModel(config(spec.cell, spec.attention, spec.feed, spec.layers, spec.vocab), seed);
  model.weights.get('generator.bias')![model.config.eos_id] += spec.eosBias;
  return model;
}

describe('GPU beam search equals the CPU search', () => {
  it.each(cases)('$cell, attention $attention, input feeding $feed, $layers layer(s), V=$vocab', async (spec) => {
    const model = makeModel(spec, 100 + CELLS.indexOf(spec.cell) * 4 + ATTENTIONS.indexOf(spec.attention));
    const decoder = await GpuDecoder.create(gpu.device, model);
    const encoding = uploadCpuEncoding(gpu.device, model, sources);
    try {
      for (const options of runs) {
        const before = gpuCounters.readbacks;
        const actual = await decoder.beamSearch(encoding, options);
        const readbacks = gpuCounters.readbacks - before;
        const steps = Math.max(...sources.map((source) => resolveDecodeOptions(options, source.length).maxLength));
        // One live-count readback per chunk but the last, then the final readout.
        expect(readbacks).toBeLessThanOrEqual(Math.ceil(steps / BEAM_CHUNK_STEPS));
        expectMatchesCpu(model, sources, options, actual, stats);
      }
    } finally {
      decoder.dispose();
      encoding.destroy();
    }
  });
});
