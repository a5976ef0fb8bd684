/**
 * Decoding the shipped model through the public API: greedy and beam 5 over the first test
 * sentences, on the gpu backend and the cpu reference. Sentences per second after a warm-up call,
 * and the GPU submits and readbacks per sentence (counted by src/gpu/debug.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { enableGpuDebug, gpuCounters } from '../src/gpu/debug.ts';
import { createBackend, type Backend, type LoadedModel, type TranslateOptions } from '../src/node.ts';
import { progress, timeMs } from './timing.ts';

export interface DecodingRow {
  backend: 'gpu' | 'cpu';
  search: string;
  sentences: number;
  /** Undefined when the run could not be made, with the reason. */
  sentencesPerSecond?: number;
  submitsPerSentence?: number;
  readbacksPerSentence?: number;
  unavailable?: string;
}

export type DecodingResult = { rows: DecodingRow[]; model: string } | { skipped: string };

const SEARCHES: { name: string; options: TranslateOptions }[] = [
  { name: 'greedy', options: {} },
  { name: 'beam 5', options: { beam: 5 } },
];

export async function benchDecoding(modelDir: string, sentencesFile: string, count: number): Promise<DecodingResult> {
  if (!(await exists(`${modelDir}/config.json`))) return { skipped: `no model at ${modelDir} (config.json not found)` };
  if (!(await exists(sentencesFile))) return { skipped: `no test sentences at ${sentencesFile}` };
  const sentences = (await readFile(sentencesFile, 'utf8'))
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .slice(0, count);

  // Submits and readbacks per sentence are read from the helpers' counters, off unless enabled.
  enableGpuDebug();
  const rows: DecodingRow[] = [];
  for (const kind of ['gpu', 'cpu'] as const) {
    const backend: Backend = await createBackend({ kind });
    try {
      const model = await backend.load(modelDir);
      for (const search of SEARCHES) {
        progress(`decoding: ${search.name} on ${kind}, ${sentences.length} sentences`);
        rows.push(await measure(model, kind, search.name, search.options, sentences));
      }
    } finally {
      backend.dispose();
    }
  }
  return { rows, model: modelDir };
}

async function measure(
  model: LoadedModel,
  backend: 'gpu' | 'cpu',
  search: string,
  options: TranslateOptions,
  sentences: string[],
): Promise<DecodingRow> {
  const row = { backend, search, sentences: sentences.length };
  try {
    // Warm-up: pipelines compiled, arenas sized for the largest batch.
    await model.translate(sentences.slice(0, 32), options);
  } catch (error) {
    return { ...row, unavailable: error instanceof Error ? error.message : String(error) };
  }
  const submits = gpuCounters.submits;
  const readbacks = gpuCounters.readbacks;
  const { ms } = await timeMs(() => model.translate(sentences, options));
  return {
    ...row,
    sentencesPerSecond: sentences.length / (ms / 1000),
    submitsPerSentence: (gpuCounters.submits - submits) / sentences.length,
    readbacksPerSentence: (gpuCounters.readbacks - readbacks) / sentences.length,
  };
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
