/**
 * The benchmark, side by side with TensorFlow.js on the same adapter:
 *   node tools/run.mjs bench/run.ts [--quick] [--tfjs-default-init] [--out FILE] [--model DIR]... [--sentences FILE]
 *     [--references FILE]
 * - LSTM encoder (B=8 T=32 E=128 H=256, and a larger shape unless --quick): engine GPU, engine CPU
 *   reference and TensorFlow.js WebGPU (tf.layers.lstm with the same weights), cold and warm;
 * - the shipped LSTM and Transformer models side by side on the same 64 test sentences, gpu and cpu
 *   backends: the encoder alone, greedy and beam 5 (sentences/s, exact match);
 * - matmul GFLOP/s at 512³, engine against tf.matMul.
 * Prints markdown tables with ratios (progress goes to stderr) and writes bench/results.json.
 * --tfjs-default-init also times TensorFlow.js building the small LSTM with its default random
 * initialisers before taking the weights, as tf.layers does unless told otherwise (minutes on SwiftShader).
 */
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { acquireGpu } from '../src/gpu/device.ts';
import { benchDecoding, type DecodingResult } from './decoding.ts';
import { engineCpuLstm, engineGpuLstm, type LstmTiming } from './engine-lstm.ts';
import { LARGE_LSTM, SMALL_LSTM, shapeName, type LstmShape } from './lstm-shapes.ts';
import { engineMatmul, engineMatmulShape, tfjsMatmul, type MatmulTiming } from './matmul.ts';
import { fixed, markdownTable, ms, ratio } from './table.ts';
import { tfjsLstm } from './tfjs-lstm.ts';
import { startTfWebgpu } from './tfjs-webgpu.ts';
import { progress } from './timing.ts';

const MATMUL_SIZE = 512;
const MATMUL_REPEATS = 8;
const DECODE_SENTENCES = 64;
/** Targets of the issue, on SwiftShader: engine speed-up over TensorFlow.js WebGPU. */
const TARGETS = { lstmWarm: 10, lstmCold: 20, matmul: 1 };

interface Options {
  quick: boolean;
  tfjsDefaultInit: boolean;
  out: string;
  models: string[];
  sentences: string;
  references: string;
}

interface LstmResult {
  shape: LstmShape;
  engineGpu: LstmTiming;
  engineCpu: LstmTiming;
  tfjs: LstmTiming | { unavailable: string };
  /** TensorFlow.js with its default initialisers, run after `tfjs` (so its LSTM shaders are compiled). */
  tfjsDefaultInit?: LstmTiming | { unavailable: string };
  /** Warm time per time step of the engine's GPU encoder at B=1, against the shape's B. */
  gpuStepMs: { batch1: number; batch: number };
  /**
   * The encoder's two products timed alone with the engine's matmul kernel: the input projection
   * [B·T × E]·W_ihᵀ and one step's [B × H]·W_hhᵀ; `estimateMs` = projection + T steps, what an
   * encode would cost if its recurrent step ran at the matmul kernel's speed.
   */
  matmulBound: { projectionMs: number; stepProductMs: number; estimateMs: number };
}

export async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(
      `${options}\nusage: node tools/run.mjs bench/run.ts [--quick] [--tfjs-default-init] [--out FILE] [--model DIR]... [--sentences FILE] [--references FILE]\n`,
    );
    return 2;
  }
  const machine = await describeMachine();
  const loadAtStart = loadavg()[0];
  progress(`adapter ${machine.adapter}; ${machine.cpu}`);
  const tf = await startTfWebgpu();
  if ('unavailable' in tf) progress(`TensorFlow.js WebGPU: n/a (${tf.unavailable})`);
  else progress(`TensorFlow.js WebGPU on ${tf.adapter}`);

  const lstm: LstmResult[] = [];
  for (const shape of options.quick ? [SMALL_LSTM] : [SMALL_LSTM, LARGE_LSTM]) {
    lstm.push(await benchLstm(shape, tf, options.tfjsDefaultInit && shape === SMALL_LSTM));
  }

  progress(`matmul ${MATMUL_SIZE}³: engine`);
  const engineMm = await engineMatmul(MATMUL_SIZE, MATMUL_REPEATS);
  progress(`matmul ${MATMUL_SIZE}³: TensorFlow.js`);
  const tfMm =
    'unavailable' in tf
      ? tf
      : await tfjsMatmul(tf.tf, MATMUL_SIZE, MATMUL_REPEATS).catch((error: unknown) => ({
          unavailable: `failed: ${describe(error)}`,
        }));

  const decoding = await benchDecoding(options.models, options.sentences, options.references, DECODE_SENTENCES);

  const targets = checkTargets(lstm[0], engineMm, tfMm);
  // Other processes on the machine slow SwiftShader (it runs on the CPU cores): say how busy it was.
  const load = { start: loadAtStart, end: loadavg()[0] };
  const report = [
    `Machine: ${machine.cpu}, ${machine.memory}; ${machine.node}; WebGPU adapter ${machine.adapter} (Dawn); ` +
      `1-minute load average ${fixed(load.start)} at the start, ${fixed(load.end)} at the end.`,
    '',
    lstmTable(lstm),
    '',
    matmulTable(engineMm, tfMm),
    '',
    decodingTable(decoding),
    '',
    ...targets.map(
      (t) =>
        `- ${t.name}: ${t.met ? 'met' : 'missed'} (${t.measured}, target ${t.target})${t.met ? '' : `: ${t.note}`}`,
    ),
  ].join('\n');
  process.stdout.write(`${report}\n`);

  const results = {
    date: new Date().toISOString(),
    quick: options.quick,
    machine: { ...machine, loadAverage: load },
    lstm: lstm.map((result) => ({
      shape: result.shape,
      engineGpu: timing(result.engineGpu),
      engineCpu: timing(result.engineCpu),
      tfjsWebgpu: 'unavailable' in result.tfjs ? result.tfjs : timing(result.tfjs),
      ...(result.tfjsDefaultInit
        ? {
            tfjsWebgpuDefaultInit:
              'unavailable' in result.tfjsDefaultInit ? result.tfjsDefaultInit : timing(result.tfjsDefaultInit),
          }
        : {}),
      maxAbsDiffFromCpu: {
        engineGpu: maxAbsDiff(result.engineGpu.outputs, result.engineCpu.outputs),
        ...('unavailable' in result.tfjs
          ? {}
          : { tfjsWebgpu: maxAbsDiff(result.tfjs.outputs, result.engineCpu.outputs) }),
      },
      gpuStepMs: result.gpuStepMs,
      matmulBound: result.matmulBound,
    })),
    matmul: {
      size: MATMUL_SIZE,
      repeats: MATMUL_REPEATS,
      engineGflops: engineMm.gflops,
      tfjsGflops: 'unavailable' in tfMm ? tfMm : tfMm.gflops,
      ...('unavailable' in tfMm ? {} : { maxAbsDiff: maxAbsDiff(engineMm.product, tfMm.product) }),
    },
    decoding,
    targets,
    report,
  };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${options.out}`);
  return 0;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = {
    quick: false,
    tfjsDefaultInit: false,
    out: 'bench/results.json',
    models: [],
    sentences: 'data/en-es/test.en',
    references: 'data/en-es/test.es',
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--tfjs-default-init') options.tfjsDefaultInit = true;
    else if (arg === '--out' || arg === '--model' || arg === '--sentences' || arg === '--references') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      if (arg === '--model') options.models.push(value);
      else options[arg.slice(2) as 'out' | 'sentences' | 'references'] = value;
    } else return `unknown argument "${arg}"`;
  }
  if (options.models.length === 0) options.models = ['models/en-es', 'models/en-es-transformer'];
  return options;
}

async function describeMachine() {
  const gpu = await acquireGpu();
  const { vendor, architecture, description, isSoftware } = gpu.adapterInfo;
  gpu.destroy();
  const cores = cpus();
  return {
    cpu: `${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: `Node ${process.version}, ${process.platform}`,
    adapter: `${vendor}/${architecture}${description ? ` (${description})` : ''}${isSoftware ? ', software' : ''}`,
  };
}

async function benchLstm(
  shape: LstmShape,
  tf: Awaited<ReturnType<typeof startTfWebgpu>>,
  tfjsDefaultInit: boolean,
): Promise<LstmResult> {
  const name = shapeName(shape);
  const warmRuns = shape === SMALL_LSTM ? 5 : 3;
  progress(`LSTM ${name}: engine GPU`);
  const engineGpu = await engineGpuLstm(shape, warmRuns);
  progress(`LSTM ${name}: engine GPU at B=1 (per-step cost)`);
  const single = await engineGpuLstm({ ...shape, batch: 1 }, warmRuns);
  progress(`LSTM ${name}: the encoder's products alone with the engine's matmul`);
  const G = 4 * shape.hidden;
  const projection = await engineMatmulShape({ m: shape.batch * shape.length, n: G, k: shape.embedding }, 2);
  const stepProduct = await engineMatmulShape({ m: shape.batch, n: G, k: shape.hidden }, shape.length);
  progress(`LSTM ${name}: engine CPU reference`);
  const engineCpu = await engineCpuLstm(shape, warmRuns);
  let tfjs: LstmResult['tfjs'];
  if ('unavailable' in tf) tfjs = tf;
  else {
    progress(`LSTM ${name}: TensorFlow.js WebGPU (the first call compiles its shaders: may take minutes)`);
    tfjs = await tfjsLstm(tf.tf, shape, warmRuns).catch((error: unknown) => ({
      unavailable: `failed: ${describe(error)}`,
    }));
  }
  let tfjsDefault: LstmResult['tfjsDefaultInit'];
  if (tfjsDefaultInit && !('unavailable' in tf)) {
    progress(`LSTM ${name}: TensorFlow.js WebGPU with its default initialisers (minutes on SwiftShader)`);
    tfjsDefault = await tfjsLstm(tf.tf, shape, 1, true).catch((error: unknown) => ({
      unavailable: `failed: ${describe(error)}`,
    }));
  }
  return {
    shape,
    engineGpu,
    engineCpu,
    tfjs,
    ...(tfjsDefault ? { tfjsDefaultInit: tfjsDefault } : {}),
    gpuStepMs: { batch1: single.warmMs / shape.length, batch: engineGpu.warmMs / shape.length },
    matmulBound: {
      projectionMs: projection.ms,
      stepProductMs: stepProduct.ms,
      estimateMs: projection.ms + shape.length * stepProduct.ms,
    },
  };
}

function lstmTable(results: LstmResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    const name = shapeName(result.shape);
    const gpu = result.engineGpu;
    const row = (what: string, t: LstmTiming | { unavailable: string }) =>
      'unavailable' in t
        ? [name, what, 'n/a', 'n/a', `n/a (${t.unavailable})`, '', '']
        : [
            name,
            what,
            ms(t.warmMs),
            ms(t.coldMs),
            ratio(t.warmMs / gpu.warmMs),
            ratio(t.coldMs / gpu.coldMs),
            maxAbsDiff(t.outputs, result.engineCpu.outputs).toExponential(1),
          ];
    rows.push(
      row('engine GPU', gpu),
      row('engine CPU reference', result.engineCpu),
      row('TensorFlow.js WebGPU', result.tfjs),
    );
    if (result.tfjsDefaultInit) rows.push(row('TensorFlow.js WebGPU, default initialisers ¹', result.tfjsDefaultInit));
  }
  const table = markdownTable(
    ['LSTM encoder', 'implementation', 'warm', 'cold', 'warm ÷ engine GPU', 'cold ÷ engine GPU', 'max |Δ| vs CPU'],
    rows,
  );
  const notes = results.map(
    (r) =>
      `${shapeName(r.shape)}: engine GPU cold = ${ms(r.engineGpu.setupMs ?? 0)} weight upload and pipeline compiles + the first encode; ` +
      `warm ${fixed(r.gpuStepMs.batch, 1)} ms per time step at B=${r.shape.batch}, ${fixed(r.gpuStepMs.batch1, 1)} ms at B=1; ` +
      `the engine's matmul kernel does one step's W_hh product in ${fixed(r.matmulBound.stepProductMs, 1)} ms and the input ` +
      `projection in ${ms(r.matmulBound.projectionMs)}.`,
  );
  const legend =
    'Ratios are time ÷ the engine GPU time: above 1× the engine GPU is faster. Warm: median of repeated calls; ' +
    'cold: the first call, shader compiles included (the engine on a fresh device; TensorFlow.js at its first call of that shape, its backend started once per process).';
  const footnote = results.some((r) => r.tfjsDefaultInit)
    ? '\n¹ tf.layers with its default random initialisers (orthogonal recurrent kernel) run before the weights are set, measured after the row above, so its LSTM shaders were already compiled.'
    : '';
  return `${table}\n\n${legend}\n${notes.join('\n')}${footnote}`;
}

function matmulTable(engine: MatmulTiming, tfjs: MatmulTiming | { unavailable: string }): string {
  const rows = [[`${engine.size}³`, 'engine', fixed(engine.gflops), '1.0×']];
  if ('unavailable' in tfjs)
    rows.push([`${engine.size}³`, 'TensorFlow.js WebGPU tf.matMul', `n/a (${tfjs.unavailable})`, '']);
  else
    rows.push([
      `${engine.size}³`,
      'TensorFlow.js WebGPU tf.matMul',
      fixed(tfjs.gflops),
      ratio(tfjs.gflops / engine.gflops),
    ]);
  return markdownTable(['matmul', 'implementation', 'GFLOP/s', '÷ engine'], rows);
}

function decodingTable(decoding: DecodingResult): string {
  if ('skipped' in decoding) return `Decoding: skipped: ${decoding.skipped}.`;
  // The cpu reference's rate of the same model and search, for the ratio column.
  const cpuRate = (model: string, search: string) =>
    decoding.rows.find((r) => r.model === model && r.search === search && r.backend === 'cpu')?.sentencesPerSecond;
  const rows = decoding.rows.map((row) => {
    if (row.unavailable !== undefined)
      return [row.model, row.search, row.backend, `n/a (${row.unavailable})`, '', '', '', ''];
    const reference = cpuRate(row.model, row.search);
    return [
      row.model,
      row.search,
      row.backend,
      fixed(row.sentencesPerSecond!, 1),
      row.backend === 'gpu' && reference ? ratio(row.sentencesPerSecond! / reference) : '',
      row.exactMatch === undefined ? '' : `${fixed(row.exactMatch, 1)}%`,
      fixed(row.submitsPerSentence!),
      fixed(row.readbacksPerSentence!),
    ];
  });
  const sentences = decoding.rows.find((row) => row.sentences > 0)?.sentences ?? 0;
  return markdownTable(
    [
      `model (${sentences} test sentences)`,
      'run',
      'backend',
      'sentences/s',
      'gpu ÷ cpu',
      'exact match',
      'submits/sentence',
      'readbacks/sentence',
    ],
    rows,
  );
}

interface TargetCheck {
  name: string;
  target: string;
  measured: string;
  met: boolean;
  note: string;
}

function checkTargets(
  small: LstmResult,
  engineMm: MatmulTiming,
  tfMm: MatmulTiming | { unavailable: string },
): TargetCheck[] {
  const checks: TargetCheck[] = [];
  const { tfjs, engineGpu, gpuStepMs, matmulBound, shape } = small;
  if (!('unavailable' in tfjs)) {
    const warm = tfjs.warmMs / engineGpu.warmMs;
    const cold = tfjs.coldMs / engineGpu.coldMs;
    checks.push({
      name: `warm LSTM ${shapeName(shape)}, engine GPU vs TensorFlow.js WebGPU`,
      target: `≥ ${TARGETS.lstmWarm}×`,
      measured: ratio(warm),
      met: warm >= TARGETS.lstmWarm,
      note:
        `the encoder's recurrent step kernel (one invocation per unit and block of 8 sentences, one dispatch per time step): ` +
        `${fixed(gpuStepMs.batch, 1)} ms per time step at B=${shape.batch} against ${fixed(gpuStepMs.batch1, 1)} ms at B=1, ` +
        `where the engine's matmul kernel does the step's W_hh product in ${fixed(matmulBound.stepProductMs, 1)} ms; ` +
        `at matmul speed the warm encode would take about ${ms(matmulBound.estimateMs)} (${ratio(tfjs.warmMs / matmulBound.estimateMs)})`,
    });
    checks.push({
      name: `cold LSTM ${shapeName(shape)}, engine GPU vs TensorFlow.js WebGPU`,
      target: `≥ ${TARGETS.lstmCold}×`,
      measured: ratio(cold),
      met: cold >= TARGETS.lstmCold,
      note:
        `20× needs an engine first call of ${ms(tfjs.coldMs / TARGETS.lstmCold)}; of its ${ms(engineGpu.coldMs)}, weight upload ` +
        `and pipeline compiles (SwiftShader turns each pipeline into machine code with LLVM) take ${ms(engineGpu.setupMs ?? 0)} ` +
        `and the first encode the rest, where a warm encode takes ${ms(engineGpu.warmMs)}` +
        (small.tfjsDefaultInit && !('unavailable' in small.tfjsDefaultInit)
          ? ` (with its default initialisers, TensorFlow.js's first call takes ${ms(small.tfjsDefaultInit.coldMs)}, ` +
            `${ratio(small.tfjsDefaultInit.coldMs / engineGpu.coldMs)} the engine's)`
          : ''),
    });
  }
  if (!('unavailable' in tfMm)) {
    const speedup = engineMm.gflops / tfMm.gflops;
    checks.push({
      name: `matmul ${engineMm.size}³ GFLOP/s, engine vs tf.matMul`,
      target: `≥ ${TARGETS.matmul}× (on par)`,
      measured: ratio(speedup),
      met: speedup >= TARGETS.matmul,
      note: 'the engine kernel reaches fewer GFLOP/s than TensorFlow.js on this adapter',
    });
  }
  return checks;
}

function timing(t: LstmTiming) {
  return { coldMs: t.coldMs, warmMs: t.warmMs, ...(t.setupMs === undefined ? {} : { setupMs: t.setupMs }) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i] - b[i]));
  return max;
}

/** The peer's failures are reported in its cells (the engine's own failures stop the run). */
function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
