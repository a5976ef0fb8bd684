/**
 * Translating with the shipped models through the public API, side by side on the same test
 * sentences: for each model (the LSTM models/en-es and the Transformer models/en-es-transformer)
 * and each backend (gpu, cpu reference), the encoder alone, greedy and beam 5. Sentences per second
 * after a warm-up call, GPU submits and readbacks per sentence (counted by src/gpu/debug.ts), and
 * for the searches the exact match against the reference translations of the same sentences.
 */
import { readFile, stat } from 'node:fs/promises';
import { enableGpuDebug, gpuCounters } from '../src/gpu/debug.ts';
import { createBackend, type Backend, type LoadedModel, type TranslateOptions } from '../src/node.ts';
import { progress, timeMs } from './timing.ts';

export interface DecodingRow {
  model: string;
  backend: 'gpu' | 'cpu';
  /** 'encode', 'greedy' or 'beam 5'. */
  search: string;
  sentences: number;
  /** Undefined when the run could not be made, with the reason. */
  sentencesPerSecond?: number;
  submitsPerSentence?: number;
  readbacksPerSentence?: number;
  /** Percentage of best hypotheses whose tokens equal the (tokenised) reference translation (searches only). */
  exactMatch?: number;
  unavailable?: string;
}

export type DecodingResult = { rows: DecodingRow[]; models: string[] } | { skipped: string };

interface Search {
  name: string;
  options?: TranslateOptions;
  /** The first reference word as every sentence's forced prefix. */
  prefixFromReference?: boolean;
}

/**
 * The plain searches, then the same searches with the second set of decoding options, to show that
 * the options add no readback per sentence.
 */
const SEARCHES: Search[] = [
  { name: 'encode' },
  { name: 'greedy', options: {} },
  { name: 'beam 5', options: { beam: 5 } },
  {
    name: 'sampling (top-k 10, top-p 0.9, seed 1), no-repeat 3-grams, coverage 0.2',
    options: { sampling: { topK: 10, topP: 0.9, seed: 1 }, noRepeatNgram: 3, coveragePenalty: 0.2 },
  },
  {
    name: 'beam 5, prefix, no-repeat 3-grams, coverage 0.2, alignment',
    options: { beam: 5, noRepeatNgram: 3, coveragePenalty: 0.2, alignment: true },
    prefixFromReference: true,
  },
];

async function readLines(file: string, count: number): Promise<string[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(0, count);
}

export async function benchDecoding(
  modelDirs: string[],
  sentencesFile: string,
  referencesFile: string,
  count: number,
): Promise<DecodingResult> {
  const present: string[] = [];
  for (const dir of modelDirs) if (await exists(`${dir}/config.json`)) present.push(dir);
  if (present.length === 0) return { skipped: `no model at ${modelDirs.join(' or ')} (config.json not found)` };
  if (!(await exists(sentencesFile))) return { skipped: `no test sentences at ${sentencesFile}` };
  const sentences = await readLines(sentencesFile, count);
  const references = (await exists(referencesFile)) ? await readLines(referencesFile, count) : undefined;

  // Submits and readbacks per sentence are read from the helpers' counters, off unless enabled.
  enableGpuDebug();
  const rows: DecodingRow[] = [];
  for (const dir of present) {
    for (const kind of ['gpu', 'cpu'] as const) {
      const backend: Backend = await createBackend({ kind });
      try {
        const model = await backend.load(dir);
        for (const search of SEARCHES) {
          progress(`decoding: ${dir}, ${search.name} on ${kind}, ${sentences.length} sentences`);
          rows.push(await measure(model, dir, kind, search, sentences, references));
        }
      } catch (error) {
        rows.push({ model: dir, backend: kind, search: 'load', sentences: 0, unavailable: describe(error) });
      } finally {
        backend.dispose();
      }
    }
  }
  return { rows, models: present };
}

async function measure(
  model: LoadedModel,
  dir: string,
  backend: 'gpu' | 'cpu',
  search: Search,
  sentences: string[],
  references: string[] | undefined,
): Promise<DecodingRow> {
  const row = { model: dir, backend, search: search.name, sentences: sentences.length };
  if (search.prefixFromReference && !references) return { ...row, unavailable: 'no reference translations' };
  const firstWords = references?.map((line) => line.split(' ')[0]);
  const run = (input: string[]) => {
    if (!search.options) return model.encode(input).then(() => undefined);
    const prefix = search.prefixFromReference ? firstWords?.slice(0, input.length) : undefined;
    return model.translate(input, prefix ? { ...search.options, prefix } : search.options);
  };
  try {
    // Warm-up: pipelines compiled, arenas sized for the largest batch.
    await run(sentences.slice(0, 32));
  } catch (error) {
    return { ...row, unavailable: describe(error) };
  }
  const submits = gpuCounters.submits;
  const readbacks = gpuCounters.readbacks;
  const { ms, value } = await timeMs(() => run(sentences));
  const measured: DecodingRow = {
    ...row,
    sentencesPerSecond: sentences.length / (ms / 1000),
    submitsPerSentence: (gpuCounters.submits - submits) / sentences.length,
    readbacksPerSentence: (gpuCounters.readbacks - readbacks) / sentences.length,
  };
  if (value && references) {
    const exact = value.filter(
      (translation, i) => translation.hypotheses[0]?.tokens?.join(' ') === references[i],
    ).length;
    measured.exactMatch = (100 * exact) / sentences.length;
  }
  return measured;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
