/**
 * Writes the English→Spanish corpus: {train,valid,test}.{en,es}, one sentence per line,
 * tokens separated by single spaces.
 *   node tools/run.mjs tools/corpus/generate.ts --seed 1 --out data/en-es
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFlags } from '../args.ts';
import { generateCorpus } from './corpus.ts';

export async function main(args: string[]): Promise<number> {
  const flags = parseFlags(
    args,
    { seed: 'number', out: 'string', train: 'number', valid: 'number', test: 'number' },
    { seed: 1, out: 'data/en-es', train: 50000, valid: 1000, test: 1000 },
  );
  const started = performance.now();
  const corpus = generateCorpus(flags.seed, { train: flags.train, valid: flags.valid, test: flags.test });
  await mkdir(flags.out, { recursive: true });
  for (const [split, text] of Object.entries(corpus)) {
    for (const side of ['en', 'es'] as const) {
      await writeFile(join(flags.out, `${split}.${side}`), text[side].map((line) => `${line}\n`).join(''));
    }
    process.stderr.write(`${split}: ${text.en.length} sentence pairs\n`);
  }
  process.stderr.write(`wrote ${flags.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return 0;
}
