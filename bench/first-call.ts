/**
 * The first call of a freshly loaded model against warm ones: each (model, decoding) row runs in
 * a fresh process (`node tools/run.mjs bench/first-call.ts --child <dir> <beam>`), so Dawn's and
 * the engine's pipeline caches start cold as a user's would.
 *   node tools/run.mjs bench/first-call.ts [--warm N] [--model DIR]...
 * Per row: backend creation, load, the first translate of one test sentence, the median warm
 * translate of the same sentence, and the pipelines compiled (with their compile wall time) during
 * load, during the first call, and in the background between them (src/gpu/debug.ts).
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { compileCounters, enableGpuDebug, pipelineCompiles } from '../src/gpu/debug.ts';
import { createBackend } from '../src/node.ts';
import { markdownTable, ms, ratio } from './table.ts';
import { medianMs, progress, timeMs } from './timing.ts';

const MODELS = ['models/en-es', 'models/en-es-transformer'];
const BEAMS = [1, 5];
const SENTENCES = 'data/en-es/test.en';
const WARM_RUNS = 5;

interface Compiles {
  pipelines: number;
  compileMs: number;
}

/** What one child process measures. */
interface ChildTiming {
  backendMs: number;
  loadMs: number;
  firstMs: number;
  warmMs: number;
  atLoad: Compiles;
  atFirst: Compiles;
  /** Compiles that finished or ran after the first call (background work it did not wait for). */
  afterFirst: Compiles;
}

export interface FirstCallRow extends ChildTiming {
  model: string;
  beam: number;
}

export interface FirstCallResult {
  rows: FirstCallRow[];
  table: string;
  loadAverage: number[];
}

/** Runs every (model, beam) row in its own process and tabulates them. */
export async function benchFirstCall(
  options: { models?: readonly string[]; beams?: readonly number[]; warmRuns?: number } = {},
): Promise<FirstCallResult> {
  const rows: FirstCallRow[] = [];
  const loadAverage = loadavg();
  for (const model of options.models ?? MODELS) {
    for (const beam of options.beams ?? BEAMS) {
      progress(`first call: ${model}, beam ${beam}`);
      const timing = await runChild(model, beam, options.warmRuns ?? WARM_RUNS);
      rows.push({ model, beam, ...timing });
    }
  }
  const compiles = (c: Compiles) => `${c.pipelines} / ${ms(c.compileMs)}`;
  const table = markdownTable(
    [
      'model',
      'decoding',
      'backend start',
      'load',
      'first',
      'warm',
      'first ÷ warm',
      '(load + first) ÷ warm',
      'load: pipelines / compile',
      'first: pipelines / compile',
      'after: pipelines / compile',
    ],
    rows.map((row) => [
      row.model,
      row.beam === 1 ? 'greedy' : `beam ${row.beam}`,
      ms(row.backendMs),
      ms(row.loadMs),
      ms(row.firstMs),
      ms(row.warmMs),
      ratio(row.firstMs / row.warmMs),
      ratio((row.loadMs + row.firstMs) / row.warmMs),
      compiles(row.atLoad),
      compiles(row.atFirst),
      compiles(row.afterFirst),
    ]),
  );
  return { rows, table, loadAverage };
}

function runChild(model: string, beam: number, warmRuns: number): Promise<ChildTiming> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['tools/run.mjs', 'bench/first-call.ts', '--child', model, String(beam), String(warmRuns)],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`first-call child for ${model} beam ${beam} exited with ${code}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as ChildTiming);
      } catch (error) {
        reject(new Error(`first-call child for ${model} beam ${beam} printed no result: ${stdout}`, { cause: error }));
      }
    });
  });
}

/** One row, in this (fresh) process: prints its ChildTiming as the last line of stdout. */
async function child(model: string, beam: number, warmRuns: number): Promise<void> {
  enableGpuDebug();
  const line = (await readFile(SENTENCES, 'utf8')).split('\n')[0];
  const counted = (): Compiles => ({ ...compileCounters });
  const since = (before: Compiles): Compiles => {
    const now = counted();
    return { pipelines: now.pipelines - before.pipelines, compileMs: now.compileMs - before.compileMs };
  };
  const backend = await timeMs(() => createBackend({ kind: 'gpu' }));
  try {
    const beforeLoad = counted();
    const loaded = await timeMs(() => backend.value.load(model));
    const atLoad = since(beforeLoad);
    const beforeFirst = counted();
    const first = await timeMs(() => loaded.value.translate([line], { beam }));
    const atFirst = since(beforeFirst);
    const afterBefore = counted();
    const warmMs = await medianMs(warmRuns, () => loaded.value.translate([line], { beam }));
    const result: ChildTiming = {
      backendMs: backend.ms,
      loadMs: loaded.ms,
      firstMs: first.ms,
      warmMs,
      atLoad,
      atFirst,
      afterFirst: since(afterBefore),
    };
    loaded.value.dispose();
    for (const { label, ms: took } of pipelineCompiles()) progress(`  compiled ${label}: ${ms(took)}`);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    backend.value.dispose();
  }
}

export async function main(args: string[]): Promise<number> {
  if (args[0] === '--child') {
    await child(args[1], Number(args[2]), Number(args[3] ?? WARM_RUNS));
    return 0;
  }
  const models: string[] = [];
  let warmRuns = WARM_RUNS;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--model') models.push(args[++i]);
    else if (args[i] === '--warm') warmRuns = Number(args[++i]);
    else {
      process.stderr.write(`unknown argument ${args[i]}\nusage: bench/first-call.ts [--warm N] [--model DIR]...\n`);
      return 2;
    }
  }
  const result = await benchFirstCall({ models: models.length ? models : undefined, warmRuns });
  process.stdout.write(`load average ${result.loadAverage.map((value) => value.toFixed(2)).join(' ')}\n\n`);
  process.stdout.write(`${result.table}\n`);
  return 0;
}
