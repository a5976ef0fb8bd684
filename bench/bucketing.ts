/**
 * Length bucketing (docs/decoding.md, "Batching") on the gpu backend: the test sentences translated
 * through the public API with bucketing off (batches in input order) and on (the default window),
 * after a warm-up, for each model and search. Each row says whether the outputs were identical to
 * the unbucketed run's, as they must be: bucketing only reorders the work.
 */
import { readFile, stat } from 'node:fs/promises';
import { createBackend, type LoadedModel, type Translation, type TranslateOptions } from '../src/node.ts';
import { markdownTable } from './table.ts';
import { progress, timeMs } from './timing.ts';

export interface BucketingRow {
  model: string;
  /** 'greedy' or 'beam 5'. */
  search: string;
  bucketing: 'on' | 'off';
  sentences: number;
  seconds: number;
  sentencesPerSecond: number;
  /** Every result (hypotheses, tokens, scores) equals the unbucketed run's. */
  identical: boolean;
}

export interface BucketingOptions {
  /** The first `count` sentences of the file (default: all). */
  count?: number;
  /** Searches to run (default: greedy only; beam 5 takes several times as long on a software adapter). */
  searches?: readonly BucketingSearch[];
  /** The window when on (default: the API's default). */
  bucketWindow?: number;
  batchSize?: number;
}

export type BucketingSearch = 'greedy' | 'beam 5';

export type BucketingResult = { rows: BucketingRow[]; table: string } | { skipped: string };

const SEARCH_OPTIONS: Record<BucketingSearch, TranslateOptions> = { greedy: {}, 'beam 5': { beam: 5 } };

export async function benchBucketing(
  modelDirs: string[],
  sentencesFile: string,
  options: BucketingOptions = {},
): Promise<BucketingResult> {
  if (!(await exists(sentencesFile))) return { skipped: `no test sentences at ${sentencesFile}` };
  const present: string[] = [];
  for (const dir of modelDirs) if (await exists(`${dir}/config.json`)) present.push(dir);
  if (present.length === 0) return { skipped: `no model at ${modelDirs.join(' or ')} (config.json not found)` };
  const sentences = (await readFile(sentencesFile, 'utf8')).split('\n').filter((line) => line.trim().length > 0);
  const input = sentences.slice(0, options.count ?? sentences.length);

  const backend = await createBackend({ kind: 'gpu' });
  const rows: BucketingRow[] = [];
  try {
    for (const dir of present) {
      const model = await backend.load(dir, options.batchSize ? { batchSize: options.batchSize } : {});
      for (const search of options.searches ?? ['greedy']) {
        rows.push(...(await compareRuns(model, dir, search, input, options.bucketWindow)));
      }
      model.dispose();
    }
  } finally {
    backend.dispose();
  }
  return { rows, table: bucketingTable(rows) };
}

/** The unbucketed run, then the bucketed one, after a warm-up of both batch orders. */
async function compareRuns(
  model: LoadedModel,
  dir: string,
  search: BucketingSearch,
  input: string[],
  bucketWindow: number | undefined,
): Promise<BucketingRow[]> {
  const base = SEARCH_OPTIONS[search];
  const on: TranslateOptions = bucketWindow === undefined ? base : { ...base, bucketWindow };
  const off: TranslateOptions = { ...base, bucketWindow: 0 };
  // Warm-up: pipelines compiled, arenas sized, for both kinds of batch.
  await model.translate(input.slice(0, 64), off);
  await model.translate(input.slice(0, 64), on);
  const runs: { bucketing: 'on' | 'off'; seconds: number; results: Translation[] }[] = [];
  for (const [bucketing, options] of [
    ['off', off],
    ['on', on],
  ] as const) {
    progress(`bucketing: ${dir}, ${search}, bucketing ${bucketing}, ${input.length} sentences`);
    const { ms, value } = await timeMs(() => model.translate(input, options));
    runs.push({ bucketing, seconds: ms / 1000, results: value });
  }
  const reference = JSON.stringify(runs[0].results);
  return runs.map(({ bucketing, seconds, results }) => ({
    model: dir,
    search,
    bucketing,
    sentences: input.length,
    seconds,
    sentencesPerSecond: input.length / seconds,
    identical: JSON.stringify(results) === reference,
  }));
}

export function bucketingTable(rows: readonly BucketingRow[]): string {
  return markdownTable(
    ['model', 'search', 'bucketing', 'sentences', 'seconds', 'sentences/s', 'identical'],
    rows.map((row) => [
      row.model,
      row.search,
      row.bucketing,
      String(row.sentences),
      row.seconds.toFixed(1),
      row.sentencesPerSecond.toFixed(1),
      row.identical ? 'yes' : 'NO',
    ]),
  );
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
