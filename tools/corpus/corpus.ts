/** Builds the deduplicated, split parallel corpus from the grammar. */
import type { Name } from './lexicon.ts';
import { withNames } from './names.ts';
import { Rng } from './rng.ts';
import { sentence } from './sentences.ts';

export interface SplitSizes {
  train: number;
  valid: number;
  test: number;
}

export interface ParallelText {
  en: string[];
  es: string[];
}

export type Corpus = Record<keyof SplitSizes, ParallelText>;

export const MIN_WORDS = 3;
export const MAX_WORDS = 20;

/**
 * Draws sentences until there are enough distinct English sentences, keeping only those of
 * 3–20 tokens on both sides. A sentence drawn twice must translate the same way: the grammar
 * is synchronous and deterministic, and this checks it on every draw.
 */
export function generateCorpus(seed: number, sizes: SplitSizes): Corpus {
  const rng = new Rng(seed);
  const total = sizes.train + sizes.valid + sizes.test;
  const translations = new Map<string, string>();
  const order: string[] = [];
  let draws = 0;
  while (order.length < total) {
    if (++draws > total * 50)
      throw new Error(`the grammar produced only ${order.length} distinct sentences in ${draws} draws`);
    const pair = sentence(rng);
    if (!withinLength(pair.en) || !withinLength(pair.es)) continue;
    const en = pair.en.join(' ');
    const es = pair.es.join(' ');
    const known = translations.get(en);
    if (known !== undefined) {
      if (known !== es) throw new Error(`"${en}" was translated two ways: "${known}" and "${es}"`);
      continue;
    }
    translations.set(en, es);
    order.push(en);
  }
  const take = (from: number, count: number): ParallelText => {
    const en = order.slice(from, from + count);
    return { en, es: en.map((s) => translations.get(s)!) };
  };
  return {
    test: take(0, sizes.test),
    valid: take(sizes.test, sizes.valid),
    train: take(sizes.test + sizes.valid, sizes.train),
  };
}

function withinLength(tokens: string[]): boolean {
  return tokens.length >= MIN_WORDS && tokens.length <= MAX_WORDS;
}

/**
 * `count` distinct sentence pairs drawn with the grammar's names replaced by `names`, keeping only
 * sentences that hold at least one of them and none of the sentences in `exclude` (English side).
 * For the subword model's name-heavy training pairs and its held-out-names test list.
 */
export function generateNamePairs(
  seed: number,
  count: number,
  names: readonly Name[],
  exclude: ReadonlySet<string> = new Set(),
): ParallelText {
  const rng = new Rng(seed);
  const texts = new Set(names.map((n) => n.text));
  const seen = new Set<string>(exclude);
  const out: ParallelText = { en: [], es: [] };
  let draws = 0;
  withNames(names, () => {
    while (out.en.length < count) {
      if (++draws > count * 200)
        throw new Error(`the grammar produced only ${out.en.length} sentences with names in ${draws} draws`);
      const pair = sentence(rng);
      if (!withinLength(pair.en) || !withinLength(pair.es)) continue;
      if (!pair.en.some((w) => texts.has(w))) continue;
      const en = pair.en.join(' ');
      if (seen.has(en)) continue;
      seen.add(en);
      out.en.push(en);
      out.es.push(pair.es.join(' '));
    }
  });
  return out;
}
