/**
 * Exact-match accuracy and corpus BLEU of a model on a parallel split, on either backend.
 *   node tools/run.mjs tools/eval/evaluate.ts --model models/en-es --data data/en-es \
 *     --split test --backend cpu --beam 1,5 [--limit 50] [--hypotheses out.txt]
 * Prints one JSON object per beam width on stdout; progress goes to stderr.
 */
import { writeFile } from 'node:fs/promises';
import { createRunner } from '../../src/cli/runners.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import { parseFlags } from '../args.ts';
import { readSplit } from '../train/data.ts';
import { evaluateRunner } from './evaluate-runner.ts';

export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      model: 'string',
      data: 'string',
      split: 'string',
      backend: 'string',
      beam: 'string',
      limit: 'number',
      'batch-size': 'number',
      hypotheses: 'string',
    },
    {
      model: 'models/en-es',
      data: 'data/en-es',
      split: 'test',
      backend: 'cpu',
      beam: '1,5',
      limit: 0,
      'batch-size': 32,
      hypotheses: '',
    },
  );
  if (flags.backend !== 'cpu' && flags.backend !== 'gpu')
    throw new Error(`--backend must be cpu or gpu (got "${flags.backend}")`);
  const beams = flags.beam.split(',').map(Number);
  if (!beams.every((k) => Number.isInteger(k) && k >= 1))
    throw new Error(`--beam must list positive integers (got "${flags.beam}")`);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  const model = await loadModelDir(flags.model);
  if (!model.vocab) throw new Error(`${flags.model} has no vocab.json`);
  const data = await readSplit(flags.data, flags.split);
  const count = flags.limit > 0 ? Math.min(flags.limit, data.source.length) : data.source.length;
  const sources = data.source.slice(0, count);
  const references = data.target.slice(0, count);
  const runner = await createRunner(flags.backend, model, log);
  try {
    for (const beam of beams) {
      const result = await evaluateRunner(runner, model.vocab, model.config.unk_id, sources, references, {
        beam,
        batchSize: flags['batch-size'],
        // A live counter only on a terminal; logs stay one line per result.
        progress: process.stderr.isTTY ? (done) => process.stderr.write(`\rbeam ${beam}: ${done}/${count}`) : undefined,
      });
      if (process.stderr.isTTY) process.stderr.write('\n');
      const summary = {
        model: flags.model,
        split: flags.split,
        backend: runner.backend,
        beam,
        sentences: result.sentences,
        exact_match: round(result.exactMatch, 2),
        bleu: round(result.bleu.score, 2),
        bleu_precisions: result.bleu.precisions.map((p) => round(p, 2)),
        brevity_penalty: round(result.bleu.brevityPenalty, 4),
        seconds: round(result.seconds, 1),
      };
      process.stdout.write(`${JSON.stringify(summary)}\n`);
      if (flags.hypotheses) {
        const file = beams.length > 1 ? `${flags.hypotheses}.beam${beam}` : flags.hypotheses;
        await writeFile(file, result.hypotheses.map((h) => `${h.join(' ')}\n`).join(''));
        log(`wrote ${file}`);
      }
    }
  } finally {
    runner.dispose();
  }
  return 0;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
