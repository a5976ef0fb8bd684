/**
 * The benchmark, side by side with TensorFlow.js and ONNX Runtime on the same adapter:
 *   node tools/run.mjs bench/run.ts [--quick] [--only lstm] [--tfjs-default-init] [--out FILE] [--model DIR]...
 *     [--sentences FILE] [--references FILE] [--write-onnx FILE]
 * - LSTM encoder (B=8 T=32 E=128 H=256, B=1 at the same sizes, and a larger shape unless --quick):
 *   engine GPU, engine CPU reference, TensorFlow.js WebGPU and WASM (tf.layers.lstm with the same
 *   weights), ONNX Runtime Web on its WebGPU EP and ONNX Runtime Node on the CPU (an ONNX graph
 *   of the same weights, bench/onnx/lstm-onnx.ts), cold and warm, each checked against the CPU reference;
 * - the shipped LSTM and Transformer models side by side on the same 64 test sentences, gpu and cpu
 *   backends: the encoder alone, greedy and beam 5 (sentences/s, exact match);
 * - matmul GFLOP/s at 512³, engine against tf.matMul;
 * - one decoder step's time and effective GFLOP/s at 32 sentences (bench/decoder-step.ts), beside
 *   the matmul's;
 * - length bucketing on and off over the test split (256 sentences with --quick), through the API
 *   (bench/bucketing.ts);
 * - the first call after load against a warm one, each in a fresh process (bench/first-call.ts).
 * Prints markdown tables with ratios (progress goes to stderr) and writes bench/results.json.
 * --only lstm runs the LSTM encoder part alone (and writes JSON only with an explicit --out).
 * --write-onnx FILE writes the small shape's ONNX model, to inspect it (Netron, onnx.checker), and stops.
 * --tfjs-default-init also times TensorFlow.js building the small LSTM with its default random
 * initialisers before taking the weights, as tf.layers does unless told otherwise (minutes on SwiftShader).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg, totalmem } from 'node:os';
import { acquireGpu } from '../src/gpu/device.ts';
import { benchBucketing } from './bucketing.ts';
import { benchDecoderSteps } from './decoder-step.ts';
import { benchDecoding, type DecodingResult } from './decoding.ts';
import { benchFirstCall } from './first-call.ts';
import { engineCpuLstm, engineGpuLstm, type LstmTiming } from './engine-lstm.ts';
import { LARGE_LSTM, LATENCY_LSTM, SMALL_LSTM, lstmModel, shapeName, type LstmShape } from './lstm-shapes.ts';
import { engineMatmul, engineMatmulShape, tfjsMatmul, type MatmulTiming } from './matmul.ts';
import { lstmOnnxModel } from './onnx/lstm-onnx.ts';
import { ortNodeLstm, ortWebgpuLstm, type PeerTiming } from './ort-lstm.ts';
import { fixed, markdownTable, ms, ratio } from './table.ts';
import { tfjsLstm } from './tfjs-lstm.ts';
import { tfjsWasmLstm } from './tfjs-wasm.ts';
import { startTfWebgpu } from './tfjs-webgpu.ts';
import { progress } from './timing.ts';

const MATMUL_SIZE = 512;
const MATMUL_REPEATS = 8;
const DECODE_SENTENCES = 64;
/** Sentences of the decoder-step timing: one batch of the default batch size. */
const STEP_SENTENCES = 32;
/** The bucketing comparison's sentences with --quick (else the whole test split). */
const QUICK_BUCKETING_SENTENCES = 256;
/** Targets of the issue, on SwiftShader: engine speed-up over TensorFlow.js WebGPU. */
const TARGETS = { lstmWarm: 10, lstmCold: 20, matmul: 1 };
/** An implementation's LSTM outputs agree with the CPU reference when every |out − ref| ≤ ABS + REL·|ref|. */
const TOLERANCE = { abs: 1e-4, rel: 1e-4 };
/** Warm repeats of the peers added beside TensorFlow.js WebGPU (at most the shape's own count). */
const PEER_WARM_RUNS = 3;

interface Options {
  quick: boolean;
  /** Only the LSTM encoder part. */
  onlyLstm: boolean;
  /** Whether --out was given (with --only lstm, JSON is written only then). */
  outGiven: boolean;
  writeOnnx?: string;
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
  /** The other peers, in table order. */
  peers: Peer[];
  /** Warm time per time step of the engine's GPU encoder at B=1, against the shape's B. */
  gpuStepMs: { batch1: number; batch: number };
  /**
   * The encoder's two products timed alone with the engine's matmul kernel: the input projection
   * [B·T × E]·W_ihᵀ and one step's [B × H]·W_hhᵀ; `estimateMs` = projection + T steps, what an
   * encode would cost if its recurrent step ran at the matmul kernel's speed.
   */
  matmulBound: { projectionMs: number; stepProductMs: number; estimateMs: number };
}

interface Peer {
  /** Its key in results.json. */
  key: 'tfjsWasm' | 'ortWebgpu' | 'ortNodeCpu';
  name: string;
  timing: PeerTiming;
  /** Set when the row is not what its name says (ORT's LSTM node off the WebGPU EP). */
  caveat?: string;
  extra?: Record<string, unknown>;
}

export async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(
      `${options}\nusage: node tools/run.mjs bench/run.ts [--quick] [--only lstm] [--tfjs-default-init] [--out FILE] [--model DIR]... [--sentences FILE] [--references FILE] [--write-onnx FILE]\n`,
    );
    return 2;
  }
  if (options.writeOnnx) {
    await writeFile(options.writeOnnx, lstmOnnxModel(lstmModel(SMALL_LSTM), SMALL_LSTM));
    progress(`wrote the ONNX model of LSTM ${shapeName(SMALL_LSTM)} to ${options.writeOnnx}`);
    return 0;
  }
  const machine = await describeMachine();
  const loadAtStart = loadavg()[0];
  progress(`adapter ${machine.adapter}; ${machine.cpu}`);
  const tf = await startTfWebgpu();
  if ('unavailable' in tf) progress(`TensorFlow.js WebGPU: n/a (${tf.unavailable})`);
  else progress(`TensorFlow.js WebGPU on ${tf.adapter}`);

  const lstm: LstmResult[] = [];
  const shapes = options.quick ? [SMALL_LSTM, LATENCY_LSTM] : [SMALL_LSTM, LATENCY_LSTM, LARGE_LSTM];
  for (const shape of shapes) {
    lstm.push(await benchLstm(shape, tf, options.tfjsDefaultInit && shape === SMALL_LSTM));
  }
  if (options.onlyLstm) return reportLstmOnly(options, machine, loadAtStart, lstm);

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
  const stepSentences = (await readFile(options.sentences, 'utf8').catch(() => ''))
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .slice(0, STEP_SENTENCES);
  const decoderSteps =
    stepSentences.length > 0 ? await benchDecoderSteps(options.models, stepSentences, engineMm.gflops) : undefined;
  progress(`length bucketing: ${options.quick ? QUICK_BUCKETING_SENTENCES : 'all'} test sentences`);
  const bucketing = await benchBucketing(options.models, options.sentences, {
    count: options.quick ? QUICK_BUCKETING_SENTENCES : undefined,
  });
  const firstCall = await benchFirstCall({ models: options.models });

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
    ...(decoderSteps ? [decoderSteps.table, ''] : []),
    'skipped' in bucketing ? `Length bucketing: skipped (${bucketing.skipped}).` : bucketing.table,
    '',
    firstCall.table,
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
    lstm: lstmJson(lstm),
    lstmTolerance: TOLERANCE,
    matmul: {
      size: MATMUL_SIZE,
      repeats: MATMUL_REPEATS,
      engineGflops: engineMm.gflops,
      tfjsGflops: 'unavailable' in tfMm ? tfMm : tfMm.gflops,
      ...('unavailable' in tfMm ? {} : { maxAbsDiff: maxAbsDiff(engineMm.product, tfMm.product) }),
    },
    decoding,
    decoderSteps: decoderSteps?.rows,
    bucketing: 'skipped' in bucketing ? bucketing : bucketing.rows,
    firstCall: firstCall.rows,
    targets,
    report,
  };
  await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
  progress(`wrote ${options.out}`);
  return 0;
}

function lstmJson(lstm: LstmResult[]) {
  return lstm.map((result) => ({
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
    // TensorFlow.js WASM, ONNX Runtime Web WebGPU, ONNX Runtime Node CPU: timings, or why not, with
    // whether their outputs agree with the CPU reference (`outputsAgree`, within lstmTolerance).
    peers: Object.fromEntries(
      result.peers.map((peer) => [
        peer.key,
        {
          name: peer.name,
          ...('unavailable' in peer.timing
            ? peer.timing
            : {
                ...timing(peer.timing),
                outputsAgree: agrees(peer.timing.outputs, result.engineCpu.outputs),
                ...(peer.timing.note ? { note: peer.timing.note } : {}),
              }),
          ...(peer.caveat ? { caveat: peer.caveat } : {}),
          ...peer.extra,
        },
      ]),
    ),
    maxAbsDiffFromCpu: {
      engineGpu: maxAbsDiff(result.engineGpu.outputs, result.engineCpu.outputs),
      ...('unavailable' in result.tfjs
        ? {}
        : { tfjsWebgpu: maxAbsDiff(result.tfjs.outputs, result.engineCpu.outputs) }),
      ...Object.fromEntries(
        result.peers.flatMap((peer) =>
          'unavailable' in peer.timing
            ? []
            : [[peer.key, maxAbsDiff(peer.timing.outputs, result.engineCpu.outputs)] as const],
        ),
      ),
    },
    gpuStepMs: result.gpuStepMs,
    matmulBound: result.matmulBound,
  }));
}

/** --only lstm: the LSTM table alone; JSON only to an explicit --out (bench/results.json keeps the full run's). */
async function reportLstmOnly(
  options: Options,
  machine: Awaited<ReturnType<typeof describeMachine>>,
  loadAtStart: number,
  lstm: LstmResult[],
): Promise<number> {
  const load = { start: loadAtStart, end: loadavg()[0] };
  const report = [
    `Machine: ${machine.cpu}, ${machine.memory}; ${machine.node}; WebGPU adapter ${machine.adapter} (Dawn); ` +
      `1-minute load average ${fixed(load.start)} at the start, ${fixed(load.end)} at the end.`,
    '',
    lstmTable(lstm),
  ].join('\n');
  process.stdout.write(`${report}\n`);
  if (options.outGiven) {
    const results = {
      date: new Date().toISOString(),
      quick: options.quick,
      only: 'lstm',
      machine: { ...machine, loadAverage: load },
      lstm: lstmJson(lstm),
      lstmTolerance: TOLERANCE,
      report,
    };
    await writeFile(options.out, `${JSON.stringify(results, null, 2)}\n`);
    progress(`wrote ${options.out}`);
  }
  return 0;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = {
    quick: false,
    onlyLstm: false,
    outGiven: false,
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
    else if (arg === '--only') {
      const value = args[++i];
      if (value !== 'lstm') return `--only takes "lstm" (the only part that runs alone)`;
      options.onlyLstm = true;
    } else if (arg === '--write-onnx') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      options.writeOnnx = value;
    } else if (arg === '--out' || arg === '--model' || arg === '--sentences' || arg === '--references') {
      const value = args[++i];
      if (value === undefined) return `${arg} needs a value`;
      if (arg === '--model') options.models.push(value);
      else options[arg.slice(2) as 'out' | 'sentences' | 'references'] = value;
      if (arg === '--out') options.outGiven = true;
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
  let single = engineGpu;
  if (shape.batch !== 1) {
    progress(`LSTM ${name}: engine GPU at B=1 (per-step cost)`);
    single = await engineGpuLstm({ ...shape, batch: 1 }, warmRuns);
  }
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
  const peers = await benchPeers(shape, tf, Math.min(warmRuns, PEER_WARM_RUNS));
  return {
    shape,
    engineGpu,
    engineCpu,
    tfjs,
    ...(tfjsDefault ? { tfjsDefaultInit: tfjsDefault } : {}),
    peers,
    gpuStepMs: { batch1: single.warmMs / shape.length, batch: engineGpu.warmMs / shape.length },
    matmulBound: {
      projectionMs: projection.ms,
      stepProductMs: stepProduct.ms,
      estimateMs: projection.ms + shape.length * stepProduct.ms,
    },
  };
}

/** TensorFlow.js WASM, ONNX Runtime Node (CPU) and ONNX Runtime Web (WebGPU EP) on one shape. */
async function benchPeers(
  shape: LstmShape,
  tf: Awaited<ReturnType<typeof startTfWebgpu>>,
  warmRuns: number,
): Promise<Peer[]> {
  const name = shapeName(shape);
  const failed = (error: unknown) => ({ unavailable: `failed: ${describe(error)}` });
  progress(`LSTM ${name}: TensorFlow.js WASM`);
  const tfWasm: PeerTiming =
    'unavailable' in tf
      ? { unavailable: `needs TensorFlow.js: ${tf.unavailable}` }
      : await tfjsWasmLstm(tf.tf, shape, warmRuns).catch(failed);
  progress(`LSTM ${name}: ONNX Runtime Node, CPU EP`);
  const ortCpu = await ortNodeLstm(shape, warmRuns).catch(failed);
  progress(
    `LSTM ${name}: ONNX Runtime Web, WebGPU EP (the first shape compiles its shaders: a minute or more on SwiftShader)`,
  );
  const ortGpu = await ortWebgpuLstm(shape, warmRuns).catch((error: unknown) => ({
    timing: failed(error),
    lstmOnWebgpu: false,
    placement: undefined,
  }));
  const ortGpuOk = !('unavailable' in ortGpu.timing);
  if (ortGpuOk && !ortGpu.lstmOnWebgpu)
    progress(`LSTM ${name}: ONNX Runtime Web ran the LSTM node off WebGPU (${ortGpu.placement ?? 'unknown'})`);
  return [
    { key: 'tfjsWasm', name: 'TensorFlow.js WASM', timing: tfWasm },
    {
      key: 'ortWebgpu',
      name: 'ONNX Runtime Web, WebGPU EP',
      timing: ortGpu.timing,
      ...(ortGpuOk && !ortGpu.lstmOnWebgpu
        ? { caveat: `not WebGPU: ${ortGpu.placement ?? 'LSTM placement unknown'}` }
        : ortGpuOk && ortGpu.placement
          ? { caveat: ortGpu.placement }
          : {}),
      extra: ortGpuOk ? { lstmOnWebgpu: ortGpu.lstmOnWebgpu } : {},
    },
    { key: 'ortNodeCpu', name: 'ONNX Runtime Node, CPU EP', timing: ortCpu },
  ];
}

function lstmTable(results: LstmResult[]): string {
  const rows: string[][] = [];
  for (const result of results) {
    const name = shapeName(result.shape);
    const gpu = result.engineGpu;
    const reference = result.engineCpu.outputs;
    const row = (what: string, t: LstmTiming | { unavailable: string }, checked = true) => {
      if ('unavailable' in t) return [name, what, 'n/a', 'n/a', `n/a (${t.unavailable})`, '', ''];
      const diff = maxAbsDiff(t.outputs, reference).toExponential(1);
      const label = t.note ? `${what} (${t.note})` : what;
      if (checked && !agrees(t.outputs, reference))
        return [name, label, `wrong outputs (max diff ${diff})`, 'not timed', '', '', diff];
      return [
        name,
        label,
        ms(t.warmMs),
        ms(t.coldMs),
        ratio(t.warmMs / gpu.warmMs),
        ratio(t.coldMs / gpu.coldMs),
        diff,
      ];
    };
    rows.push(
      row('engine GPU', gpu),
      row('engine CPU reference', result.engineCpu, false),
      row('TensorFlow.js WebGPU', result.tfjs),
    );
    if (result.tfjsDefaultInit) rows.push(row('TensorFlow.js WebGPU, default initialisers ¹', result.tfjsDefaultInit));
    for (const peer of result.peers)
      rows.push(row(peer.caveat ? `${peer.name} — ${peer.caveat}` : peer.name, peer.timing));
  }
  const table = markdownTable(
    ['LSTM encoder', 'implementation', 'warm', 'cold', 'warm ÷ engine GPU', 'cold ÷ engine GPU', 'max |Δ| vs CPU'],
    rows,
  );
  const notes = results.map(
    (r) =>
      `${shapeName(r.shape)}: engine GPU cold = ${ms(r.engineGpu.setupMs ?? 0)} weight upload and pipeline compiles + the first encode; ` +
      `warm ${fixed(r.gpuStepMs.batch, 1)} ms per time step at B=${r.shape.batch}` +
      (r.shape.batch === 1 ? '; ' : `, ${fixed(r.gpuStepMs.batch1, 1)} ms at B=1; `) +
      `the engine's matmul kernel does one step's W_hh product in ${fixed(r.matmulBound.stepProductMs, 1)} ms and the input ` +
      `projection in ${ms(r.matmulBound.projectionMs)}.`,
  );
  const legend =
    'Ratios are time ÷ the engine GPU time: above 1× the engine GPU is faster. Warm: median of repeated calls; ' +
    'cold: the first call, shader compiles included (the engine on a fresh device; TensorFlow.js at its first call of that shape, its backend started once per process; ' +
    'ONNX Runtime: creating the session from the ONNX bytes and its first run, its WASM module and WebGPU device started once per process). ' +
    `Every row's outputs are checked against the CPU reference: |Δ| ≤ ${TOLERANCE.abs} + ${TOLERANCE.rel}·|reference| everywhere, else "wrong outputs". ` +
    "ONNX Runtime Web gets the engine's Dawn GPU object as navigator.gpu, asks it for its adapter and makes its own device; " +
    'where ORT placed each node is read from its verbose session log (a row says so when the LSTM node left the WebGPU EP). ' +
    "ORT Web's WebGPU EP keeps its compiled pipelines for the life of the process, so only the first shape it runs pays its shader " +
    'compiles and first-use costs in cold (on SwiftShader, tens of seconds, most of it before its first LSTM step); later shapes reuse them.';
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

function agrees(outputs: ArrayLike<number>, reference: ArrayLike<number>): boolean {
  if (outputs.length !== reference.length) return false;
  for (let i = 0; i < outputs.length; i++) {
    // Written so that NaN disagrees.
    if (!(Math.abs(outputs[i] - reference[i]) <= TOLERANCE.abs + TOLERANCE.rel * Math.abs(reference[i]))) return false;
  }
  return true;
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
