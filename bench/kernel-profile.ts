/**
 * Where a decode's GPU time goes, kernel by kernel:
 *   node tools/run.mjs bench/kernel-profile.ts [--model DIR] [--beam K] [--sentences N] [--steps S]
 * Decodes the first N test sentences for exactly S steps (minLength = maxLength = S) once to warm
 * up, then again with every dispatch in a compute pass of its own between two timestamp queries,
 * and prints the time of each pipeline summed over the call. Needs the adapter's timestamp-query
 * feature (SwiftShader has it). Splitting passes adds a little time per dispatch, so the total is
 * a bit above an unprofiled call's; the shares are what it is for.
 */
import { readFile } from 'node:fs/promises';
import { createCpuRunner } from '../src/engine/cpu-runner.ts';
import { createGpuRunner } from '../src/engine/gpu-runner.ts';
import { acquireGpu } from '../src/gpu/device.ts';
import { loadModelDir } from '../src/model/load-node.ts';
import { tokenizerOf } from '../src/model/tokenizer/model-tokenizer.ts';
import { markdownTable, ms } from './table.ts';

/** Queries per command encoder: two per dispatch. */
const QUERIES = 4096;

interface Options {
  model: string;
  beam: number;
  sentences: number;
  steps: number;
}

function parseArgs(args: string[]): Options | string {
  const options: Options = { model: 'models/en-es', beam: 1, sentences: 32, steps: 16 };
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) return `${flag} needs a value`;
    if (flag === '--model') options.model = value;
    else if (flag === '--beam' || flag === '--sentences' || flag === '--steps') {
      const number = Number(value);
      if (!Number.isInteger(number) || number < 1 || number > 1000) return `${flag} takes an integer in 1..1000`;
      options[flag.slice(2) as 'beam' | 'sentences' | 'steps'] = number;
    } else return `unknown argument "${flag}"`;
  }
  return options;
}

/** Per encoder: its query set and the pipeline label of each timed dispatch. */
interface EncoderQueries {
  querySet: GPUQuerySet;
  labels: string[];
}

/**
 * Makes every compute pass begun on `device` while `active()` a recorder that gives each dispatch
 * a pass of its own with timestamps, and resolves them when the encoder finishes.
 */
function instrument(device: GPUDevice, active: () => boolean, pending: { labels: string[]; buffer: GPUBuffer }[]) {
  const prototype = (globalThis as unknown as { GPUCommandEncoder: { prototype: GPUCommandEncoder } }).GPUCommandEncoder
    .prototype;
  // Replaced below and put back by the function returned; called with the encoder as `this`.
  type Begin = (this: GPUCommandEncoder, descriptor?: GPUComputePassDescriptor) => GPUComputePassEncoder;
  type Finish = (this: GPUCommandEncoder, descriptor?: GPUCommandBufferDescriptor) => GPUCommandBuffer;
  const originalBegin = Object.getOwnPropertyDescriptor(prototype, 'beginComputePass')?.value as Begin;
  const originalFinish = Object.getOwnPropertyDescriptor(prototype, 'finish')?.value as Finish;
  const queries = new WeakMap<GPUCommandEncoder, EncoderQueries>();
  prototype.beginComputePass = function (this: GPUCommandEncoder, descriptor?: GPUComputePassDescriptor) {
    if (!active()) return originalBegin.call(this, descriptor);
    const encoder: GPUCommandEncoder = this; // eslint-disable-line @typescript-eslint/no-this-alias -- used by the recorder's closures
    let state = queries.get(encoder);
    if (!state) {
      state = { querySet: device.createQuerySet({ type: 'timestamp', count: QUERIES }), labels: [] };
      queries.set(encoder, state);
    }
    const own = state;
    let pipeline: GPUComputePipeline | undefined;
    const groups = new Map<number, [GPUBindGroup, number[]]>();
    const dispatch = (label: string, run: (pass: GPUComputePassEncoder) => void) => {
      const index = own.labels.length;
      const timed = 2 * index + 1 < QUERIES;
      if (timed) own.labels.push(label);
      const pass = originalBegin.call(
        encoder,
        timed
          ? {
              timestampWrites: {
                querySet: own.querySet,
                beginningOfPassWriteIndex: 2 * index,
                endOfPassWriteIndex: 2 * index + 1,
              },
            }
          : {},
      );
      if (pipeline) pass.setPipeline(pipeline);
      for (const [group, [bindGroup, offsets]] of groups) pass.setBindGroup(group, bindGroup, offsets);
      run(pass);
      pass.end();
    };
    const recorder = {
      setPipeline(next: GPUComputePipeline) {
        pipeline = next;
      },
      setBindGroup(group: number, bindGroup: GPUBindGroup, offsets: Iterable<number> = []) {
        groups.set(group, [bindGroup, [...offsets]]);
      },
      dispatchWorkgroups(x: number, y = 1, z = 1) {
        dispatch(pipeline?.label ?? '(no pipeline)', (pass) => pass.dispatchWorkgroups(x, y, z));
      },
      dispatchWorkgroupsIndirect(buffer: GPUBuffer, offset: number) {
        dispatch(pipeline?.label ?? '(no pipeline)', (pass) => pass.dispatchWorkgroupsIndirect(buffer, offset));
      },
      end() {},
    };
    return recorder as unknown as GPUComputePassEncoder;
  };
  prototype.finish = function (this: GPUCommandEncoder, descriptor?: GPUCommandBufferDescriptor) {
    const state = queries.get(this);
    if (state && state.labels.length > 0) {
      const bytes = state.labels.length * 16;
      const resolved = device.createBuffer({
        size: bytes,
        usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
      });
      const read = device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
      this.resolveQuerySet(state.querySet, 0, state.labels.length * 2, resolved, 0);
      this.copyBufferToBuffer(resolved, 0, read, 0, bytes);
      pending.push({ labels: state.labels, buffer: read });
    }
    return originalFinish.call(this, descriptor);
  };
  return () => {
    prototype.beginComputePass = originalBegin;
    prototype.finish = originalFinish;
  };
}

export async function main(args: string[]): Promise<number> {
  const options = parseArgs(args);
  if (typeof options === 'string') {
    process.stderr.write(
      `${options}\nusage: node tools/run.mjs bench/kernel-profile.ts [--model DIR] [--beam K] [--sentences N] [--steps S]\n`,
    );
    return 2;
  }
  const model = await loadModelDir(options.model);
  const tokenizer = tokenizerOf(model);
  if (!tokenizer) throw new Error(`${options.model} has no vocabulary to tokenise the test sentences`);
  const lines = (await readFile('data/en-es/test.en', 'utf8')).split('\n').filter((line) => line.trim().length > 0);
  const sources = lines.slice(0, options.sentences).map((line) => tokenizer.encodeSource(line).ids);
  const gpu = await acquireGpu();
  if (!gpu.device.features.has('timestamp-query')) {
    gpu.destroy();
    process.stderr.write(`this adapter (${gpu.adapterInfo.description}) has no timestamp-query feature\n`);
    return 1;
  }
  const runner = await createGpuRunner(model, { device: gpu.device });
  const decode = { beam: options.beam, minLength: options.steps, maxLength: options.steps };
  let active = false;
  const pending: { labels: string[]; buffer: GPUBuffer }[] = [];
  const restore = instrument(gpu.device, () => active, pending);
  try {
    await runner.translate(sources, decode);
    const unprofiled = performance.now();
    await runner.translate(sources, decode);
    const plainMs = performance.now() - unprofiled;
    const cpuStart = performance.now();
    await createCpuRunner(model).translate(sources, decode);
    const cpuMs = performance.now() - cpuStart;
    active = true;
    await runner.translate(sources, decode);
    active = false;
    const totals = new Map<string, { ms: number; count: number }>();
    for (const { labels, buffer } of pending) {
      await buffer.mapAsync(GPUMapMode.READ);
      const times = new BigUint64Array(buffer.getMappedRange());
      labels.forEach((label, i) => {
        const total = totals.get(label) ?? { ms: 0, count: 0 };
        total.ms += Number(times[2 * i + 1] - times[2 * i]) / 1e6;
        total.count++;
        totals.set(label, total);
      });
      buffer.unmap();
      buffer.destroy();
    }
    const sum = [...totals.values()].reduce((all, total) => all + total.ms, 0);
    process.stdout.write(
      `${options.model}, beam ${options.beam}, ${sources.length} sentences, ${options.steps} steps: ` +
        `gpu call ${ms(plainMs)} unprofiled (cpu reference ${ms(cpuMs)}); kernels ${ms(sum)} when profiled\n\n`,
    );
    const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms);
    process.stdout.write(
      `${markdownTable(
        ['pipeline', 'time', 'share', 'dispatches', 'each'],
        rows.map(([label, total]) => [
          label,
          ms(total.ms),
          `${((100 * total.ms) / sum).toFixed(0)}%`,
          String(total.count),
          ms(total.ms / total.count),
        ]),
      )}\n`,
    );
    return 0;
  } finally {
    restore();
    runner.dispose();
    gpu.destroy();
  }
}
