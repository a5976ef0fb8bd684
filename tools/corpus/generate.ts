/**
 * Writes the English→Spanish corpus: {train,valid,test}.{en,es}, one sentence per line,
 * tokens separated by single spaces.
 *   node tools/run.mjs tools/corpus/generate.ts --seed 1 --out data/en-es
 *
 * With --names N (the subword model's corpus, models/en-es-subword), it also writes
 *   names.{en,es}       --name-pairs pairs whose names come from N made-up training names,
 *   names-test.{en,es}  --name-test-pairs pairs whose names come from --held-out-names other names,
 *   names-valid.{en,es} --name-valid-pairs pairs whose names come from --valid-names names in
 *                       neither list (validation while training),
 *   names.txt, held-out-names.txt  the training and held-out name lists;
 * the default splits stay exactly as without the flag.
 *   node tools/run.mjs tools/corpus/generate.ts --seed 1 --out DIR --names 5000 --held-out-names 500 \
 *     --name-pairs 25000 --name-test-pairs 200
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFlags } from '../args.ts';
import { type ParallelText, generateCorpus, generateNamePairs } from './corpus.ts';
import { makeNames } from './names.ts';

export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    {
      seed: 'number',
      out: 'string',
      train: 'number',
      valid: 'number',
      test: 'number',
      names: 'number',
      'held-out-names': 'number',
      'name-pairs': 'number',
      'name-test-pairs': 'number',
      'valid-names': 'number',
      'name-valid-pairs': 'number',
    },
    {
      seed: 1,
      out: 'data/en-es',
      train: 50000,
      valid: 1000,
      test: 1000,
      names: 0,
      'held-out-names': 500,
      'name-pairs': 25000,
      'name-test-pairs': 200,
      'valid-names': 500,
      'name-valid-pairs': 200,
    },
  );
  const started = performance.now();
  const corpus = generateCorpus(flags.seed, { train: flags.train, valid: flags.valid, test: flags.test });
  await mkdir(flags.out, { recursive: true });
  const write = async (name: string, text: ParallelText) => {
    for (const side of ['en', 'es'] as const) {
      await writeFile(join(flags.out, `${name}.${side}`), text[side].map((line) => `${line}\n`).join(''));
    }
    process.stderr.write(`${name}: ${text.en.length} sentence pairs\n`);
  };
  for (const [split, text] of Object.entries(corpus)) await write(split, text);
  if (flags.names > 0) {
    // Seeds of their own, so that the default splits above do not depend on these flags.
    const names = makeNames(flags.seed + 1000, flags.names, flags['held-out-names'], flags['valid-names']);
    const standard = new Set([...corpus.train.en, ...corpus.valid.en, ...corpus.test.en]);
    const train = generateNamePairs(flags.seed + 2000, flags['name-pairs'], names.train, standard);
    await write('names', train);
    const test = generateNamePairs(
      flags.seed + 3000,
      flags['name-test-pairs'],
      names.heldOut,
      new Set([...standard, ...train.en]),
    );
    await write('names-test', test);
    if (flags['name-valid-pairs'] > 0) {
      const valid = generateNamePairs(
        flags.seed + 4000,
        flags['name-valid-pairs'],
        names.valid,
        new Set([...standard, ...train.en, ...test.en]),
      );
      await write('names-valid', valid);
    }
    await writeFile(join(flags.out, 'names.txt'), names.train.map((n) => `${n.text}\n`).join(''));
    await writeFile(join(flags.out, 'held-out-names.txt'), names.heldOut.map((n) => `${n.text}\n`).join(''));
  }
  process.stderr.write(`wrote ${flags.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
