/**
 * What one decoder step costs, apart from the steps a search wastes: each shipped model decodes the
 * same sentences for exactly S₁ and then S₂ steps (minLength = maxLength = S, so no row ends early),
 * and the difference of the two times over S₂ − S₁ is the time of one step at that batch: the
 * decoder, the output layer and the search's own kernels. Its effective GFLOP/s counts the model's
 * multiply-adds only (stepFlops below), to set beside the engine's matmul GFLOP/s on the same
 * adapter: how near a step comes to what the adapter's matmul can do. The cpu reference is timed
 * the same way, for the per-step ratio without the waste of finished rows.
 */
import { createBackend, type LoadedModel, type ModelConfig } from '../src/node.ts';
import { markdownTable, ms, ratio, fixed } from './table.ts';
import { medianMs, progress } from './timing.ts';

/** Step counts, whole greedy and beam chunks (8 steps each) so the chunk readbacks cancel out. */
const SHORT_STEPS = 8;
const LONG_STEPS = 24;
const RUNS = 3;

export interface DecoderStepRow {
  model: string;
  search: string;
  /** Decoder rows of a step: sentences × beam. */
  rows: number;
  gpuMsPerStep: number;
  cpuMsPerStep: number;
  /** Multiply-adds ×2 of one step (stepFlops), in GFLOP. */
  gflopPerStep: number;
  gpuGflops: number;
}

/**
 * FLOPs of one decoder step of `rows` rows, counting multiply-adds twice and nothing else: the
 * recurrent cells or the Transformer's projections and attention, and the output layer. The
 * Transformer's self-attention is counted at `position` (the mean of the steps timed).
 */
function stepFlops(config: ModelConfig, rows: number, sourceLength: number, position: number): number {
  const V = config.tgt_vocab_size;
  if (config.format === 'seq2seq-transformer') {
    const D = config.d_model;
    const F = config.ffn_dim;
    const perLayer =
      2 * D * 3 * D + // self-attention q, k, v
      2 * 2 * position * D + // scores and context over the cache
      2 * D * D + // self-attention output
      2 * D * D + // cross-attention query (keys and values are projected once per call)
      2 * 2 * sourceLength * D + // cross scores and context
      2 * D * D + // cross-attention output
      2 * 2 * D * F; // feed-forward
    return rows * (config.decoder_layers * perLayer + 2 * D * V);
  }
  const H = config.hidden_size;
  const G = config.cell === 'lstm' ? 4 : config.cell === 'gru' ? 3 : 1;
  let cells = 0;
  for (let layer = 0; layer < config.num_layers; layer++) {
    const input = layer === 0 ? config.embedding_dim + (config.input_feeding ? H : 0) : H;
    cells += 2 * G * H * (input + H);
  }
  const attention =
    config.attention === 'none'
      ? 0
      : (config.attention === 'additive' ? 2 * H * H : 0) + 2 * 2 * sourceLength * H + 2 * 2 * H * H;
  return rows * (cells + attention + 2 * H * V);
}

async function stepMs(model: LoadedModel, sentences: string[], beam: number): Promise<number> {
  const run = (steps: number) => model.translate(sentences, { beam, nBest: 1, minLength: steps, maxLength: steps });
  await run(SHORT_STEPS);
  const short = await medianMs(RUNS, () => run(SHORT_STEPS));
  const long = await medianMs(RUNS, () => run(LONG_STEPS));
  return (long - short) / (LONG_STEPS - SHORT_STEPS);
}

export async function benchDecoderSteps(
  modelDirs: readonly string[],
  sentences: string[],
  /** The engine's matmul GFLOP/s on the same adapter, for the last column. */
  matmulGflops: number,
): Promise<{ rows: DecoderStepRow[]; table: string }> {
  const rows: DecoderStepRow[] = [];
  for (const dir of modelDirs) {
    for (const beam of [1, 5]) {
      const search = beam === 1 ? 'greedy' : `beam ${beam}`;
      const times: Record<'gpu' | 'cpu', number> = { gpu: NaN, cpu: NaN };
      let config: ModelConfig | undefined;
      let sourceLength = 0;
      for (const kind of ['gpu', 'cpu'] as const) {
        progress(`decoder step: ${dir}, ${search} on ${kind}, ${sentences.length} sentences`);
        const backend = await createBackend({ kind });
        try {
          const model = await backend.load(dir, { batchSize: sentences.length });
          config = model.config;
          const lengths = sentences.map((line) => model.tokenize(line).length);
          sourceLength = lengths.reduce((sum, length) => sum + length, 0) / lengths.length;
          times[kind] = await stepMs(model, sentences, beam);
        } finally {
          backend.dispose();
        }
      }
      if (!config) continue;
      const rowsPerStep = sentences.length * beam;
      const flops = stepFlops(config, rowsPerStep, sourceLength, (SHORT_STEPS + LONG_STEPS) / 2);
      rows.push({
        model: dir,
        search,
        rows: rowsPerStep,
        gpuMsPerStep: times.gpu,
        cpuMsPerStep: times.cpu,
        gflopPerStep: flops / 1e9,
        gpuGflops: flops / 1e9 / (times.gpu / 1000),
      });
    }
  }
  const table = markdownTable(
    [
      'model',
      'search',
      'rows',
      'gpu per step',
      'cpu per step',
      'gpu ÷ cpu speed',
      'GFLOP per step',
      'gpu GFLOP/s',
      `÷ matmul 512³ (${fixed(matmulGflops)})`,
    ],
    rows.map((row) => [
      row.model,
      row.search,
      String(row.rows),
      ms(row.gpuMsPerStep),
      ms(row.cpuMsPerStep),
      ratio(row.cpuMsPerStep / row.gpuMsPerStep),
      fixed(row.gflopPerStep, 4),
      fixed(row.gpuGflops),
      ratio(row.gpuGflops / matmulGflops),
    ]),
  );
  return { rows, table };
}
