/**
 * Rough matmul throughput on whatever adapter acquireGpu finds (SwiftShader without a GPU):
 *   node tools/run.mjs bench/matmul-gflops.ts [sizes...]     (default 256 512)
 * Each size s runs C[s×s] = A[s×s]·B[s×s]ᵀ + bias, a few dispatches per submit, timed to
 * onSubmittedWorkDone after one warm-up run.
 */
import { createStorageBuffer, submitCommands } from '../src/gpu/buffers.ts';
import { acquireGpu } from '../src/gpu/device.ts';
import { planMatmul, prepareMatmul } from '../src/gpu/kernels/matmul.ts';
import { seededRandom } from '../src/model/random-model.ts';

export async function main(args: string[]): Promise<number> {
  const sizes = args.length ? args.map(Number) : [256, 512];
  const gpu = await acquireGpu({ log: (line) => console.log(line) });
  const device = gpu.device;
  const compileStart = performance.now();
  const matmul = await prepareMatmul(device);
  console.log(`pipeline ready in ${(performance.now() - compileStart).toFixed(0)} ms`);
  const random = seededRandom(1);
  for (const s of sizes) {
    const data = (count: number) => Float32Array.from({ length: count }, () => random() * 2 - 1);
    const a = createStorageBuffer(device, 'A', data(s * s));
    const b = createStorageBuffer(device, 'B', data(s * s));
    const bias = createStorageBuffer(device, 'bias', data(s));
    const c = createStorageBuffer(device, 'C', s * s * 4);
    const plan = planMatmul(device, matmul, {
      m: s,
      n: s,
      k: s,
      a: { buffer: a },
      b: { buffer: b },
      c: { buffer: c },
      bias: { buffer: bias },
    });
    const run = async (repeats: number) => {
      const encoder = device.createCommandEncoder();
      const pass = encoder.beginComputePass();
      for (let r = 0; r < repeats; r++) plan.record(pass);
      pass.end();
      submitCommands(device, [encoder.finish()]);
      await device.queue.onSubmittedWorkDone();
    };
    await run(1);
    const repeats = Math.max(1, Math.round((4 * 512 ** 3) / s ** 3));
    const start = performance.now();
    await run(repeats);
    const seconds = (performance.now() - start) / 1000;
    const gflops = (2 * s ** 3 * repeats) / seconds / 1e9;
    console.log(`matmul ${s}³: ${repeats} runs in ${(seconds * 1000).toFixed(0)} ms, ${gflops.toFixed(2)} GFLOP/s`);
    plan.destroy();
    for (const buffer of [a, b, bias, c]) buffer.destroy();
  }
  gpu.destroy();
  return 0;
}
