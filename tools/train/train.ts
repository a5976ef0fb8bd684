/**
 * Trains the English→Spanish LSTM attention model and exports it as a model directory.
 *   node tools/run.mjs tools/corpus/generate.ts --seed 1 --out data/en-es
 *   node tools/run.mjs tools/train/train.ts --data data/en-es --out models/en-es
 * Deterministic for a seed: seeded initialisation and shuffling, single-order reductions.
 */
import { cpus, loadavg } from 'node:os';
import type { ModelConfig } from '../../src/model/config.ts';
import type { SafetensorsDtype } from '../../src/model/safetensors.ts';
import { createCpuRunner } from '../../src/engine/cpu-runner.ts';
import { parseFlags } from '../args.ts';
import { Rng } from '../corpus/rng.ts';
import { evaluateRunner } from '../eval/evaluate-runner.ts';
import {
  BOS_ID,
  EOS_ID,
  type IdPair,
  PAD_ID,
  UNK_ID,
  buildVocabulary,
  makeBatches,
  readSplit,
  toIds,
  tokenIndex,
} from './data.ts';
import { writeModelDirectory } from './export.ts';
import { initParameters, parameterCount, parametersToModel } from './parameters.ts';
import { setLearningRate, trainStep } from './step.ts';
import { type TfBackend, initTf, tf } from './tf.ts';

const FLAGS = {
  data: 'string',
  out: 'string',
  seed: 'number',
  epochs: 'number',
  'batch-size': 'number',
  embedding: 'number',
  hidden: 'number',
  bidirectional: 'boolean',
  lr: 'number',
  init: 'number',
  'embedding-init': 'number',
  'decay-from': 'number',
  decay: 'number',
  clip: 'number',
  'valid-sentences': 'number',
  'log-every': 'number',
  'max-batches': 'number',
  dtype: 'string',
  backend: 'string',
} as const;

export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(args, FLAGS, {
    data: 'data/en-es',
    out: 'models/en-es',
    seed: 1,
    epochs: 6,
    'batch-size': 32,
    embedding: 64,
    hidden: 128,
    bidirectional: true,
    lr: 0.002,
    init: 0.1,
    'embedding-init': 1,
    'decay-from': 4,
    decay: 0.5,
    clip: 5,
    'valid-sentences': 100,
    'log-every': 200,
    'max-batches': 0,
    dtype: 'F16',
    backend: 'wasm',
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0)}s`;
  await initTf(flags.backend as TfBackend);
  log(
    `tfjs ${tf.version.tfjs} on ${tf.getBackend()}; ${cpus().length} cores, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );

  const train = await readSplit(flags.data, 'train');
  const valid = await readSplit(flags.data, 'valid');
  const vocab = { source: buildVocabulary(train.source), target: buildVocabulary(train.target) };
  const sourceIndex = tokenIndex(vocab.source);
  const targetIndex = tokenIndex(vocab.target);
  const pairs: IdPair[] = train.source.map((s, i) => ({
    source: toIds(s, sourceIndex),
    target: toIds(train.target[i], targetIndex),
  }));

  const config: ModelConfig = {
    format: 'seq2seq-rnn',
    version: 1,
    cell: 'lstm',
    src_vocab_size: vocab.source.length,
    tgt_vocab_size: vocab.target.length,
    embedding_dim: flags.embedding,
    hidden_size: flags.hidden,
    num_layers: 1,
    bidirectional: flags.bidirectional,
    attention: 'general',
    input_feeding: true,
    pad_id: PAD_ID,
    unk_id: UNK_ID,
    bos_id: BOS_ID,
    eos_id: EOS_ID,
  };
  const parameters = initParameters(config, flags.seed, flags.init, flags['embedding-init']);
  log(
    `${pairs.length} training pairs; vocabularies ${config.src_vocab_size} source, ${config.tgt_vocab_size} target; ` +
      `E=${config.embedding_dim} H=${config.hidden_size} ${config.bidirectional ? 'bidirectional' : 'unidirectional'}; ` +
      `${parameterCount(parameters)} parameters`,
  );

  const rng = new Rng(flags.seed);
  const optimizer = tf.train.adam(flags.lr);
  const validCount = Math.min(flags['valid-sentences'], valid.source.length);
  for (let epoch = 1; epoch <= flags.epochs; epoch++) {
    const learningRate = flags.lr * flags.decay ** Math.max(0, epoch - flags['decay-from'] + 1);
    setLearningRate(optimizer, learningRate);
    let batches = makeBatches(pairs, flags['batch-size'], rng);
    if (flags['max-batches'] > 0) batches = batches.slice(0, flags['max-batches']);
    let lossSum = 0;
    let tokenSum = 0;
    let windowTokens = 0;
    let windowStart = performance.now();
    for (let step = 0; step < batches.length; step++) {
      const host = batches[step];
      lossSum += trainStep(parameters, config, optimizer, host, flags.clip) * host.tokens;
      tokenSum += host.tokens;
      windowTokens += host.tokens;
      if ((step + 1) % flags['log-every'] === 0 || step + 1 === batches.length) {
        const rate = windowTokens / ((performance.now() - windowStart) / 1000);
        log(
          `epoch ${epoch} step ${step + 1}/${batches.length} loss ${(lossSum / tokenSum).toFixed(4)} ` +
            `lr ${learningRate.toPrecision(3)} ${rate.toFixed(0)} target tokens/s elapsed ${elapsed()}`,
        );
        windowTokens = 0;
        windowStart = performance.now();
      }
    }
    const model = parametersToModel(parameters, config, vocab);
    const result = await evaluateRunner(
      createCpuRunner(model),
      vocab,
      UNK_ID,
      valid.source.slice(0, validCount),
      valid.target.slice(0, validCount),
      { beam: 1 },
    );
    log(
      `epoch ${epoch} done: train loss ${(lossSum / tokenSum).toFixed(4)}; validation greedy (cpu reference, ${validCount} sentences): ` +
        `exact match ${result.exactMatch.toFixed(1)}% BLEU ${result.bleu.score.toFixed(2)}; elapsed ${elapsed()}`,
    );
  }

  const model = parametersToModel(parameters, config, vocab);
  await writeModelDirectory(flags.out, model, flags.dtype as SafetensorsDtype, {
    format: 'seq2seq-rnn',
    trained_with: `tools/train/train.ts ${args.join(' ')}`.trim(),
    seed: String(flags.seed),
    epochs: String(flags.epochs),
  });
  log(
    `wrote ${flags.out} (${flags.dtype}); total ${elapsed()}; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  return 0;
}
