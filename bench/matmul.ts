/**
 * Matmul throughput at s³ on the same adapter: the engine's register-blocked kernel
 * (C = A·Bᵀ, B in PyTorch weight layout) against TensorFlow.js's tf.matMul(a, b, false, true).
 * Each timed run records `repeats` products and reads the last C back, so the readback is
 * amortised the same way on both sides; the figure is the median of several runs after a warm-up.
 */
import { createStorageBuffer, readFloat32, submitCommands } from '../src/gpu/buffers.ts';
import { acquireGpu } from '../src/gpu/device.ts';
import { createMatmulKernel, planMatmul, recordMatmul } from '../src/gpu/kernels/matmul.ts';
import { seededRandom } from '../src/model/random-model.ts';
import type { Tf } from './tfjs-webgpu.ts';
import { medianMs } from './timing.ts';

export interface MatmulTiming {
  size: number;
  repeats: number;
  gflops: number;
  /** C of one product, to check both sides multiply the same matrices. */
  product: Float32Array;
}

const RUNS = 3;

/** 2·s³ flops per product. */
const gflops = (size: number, repeats: number, ms: number) => (2 * size ** 3 * repeats) / (ms / 1000) / 1e9;

function operands(size: number): { a: Float32Array; b: Float32Array } {
  const random = seededRandom(5);
  const data = () => Float32Array.from({ length: size * size }, () => random() * 2 - 1);
  return { a: data(), b: data() };
}

export async function engineMatmul(size: number, repeats: number): Promise<MatmulTiming> {
  const gpu = await acquireGpu();
  const { device } = gpu;
  const { a, b } = operands(size);
  const buffers = [createStorageBuffer(device, 'bench A', a), createStorageBuffer(device, 'bench B', b), createStorageBuffer(device, 'bench C', size * size * 4)];
  const [aBuffer, bBuffer, cBuffer] = buffers;
  const kernel = createMatmulKernel(device);
  await kernel.prepare(['none']);
  const plan = planMatmul(kernel, { m: size, n: size, k: size, a: { buffer: aBuffer }, b: { buffer: bBuffer }, c: { buffer: cBuffer }, label: 'bench matmul' });
  const run = async (count: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let r = 0; r < count; r++) recordMatmul(pass, plan);
    pass.end();
    submitCommands(device, [encoder.finish()]);
    return readFloat32(device, cBuffer);
  };
  try {
    const product = await run(1);
    const ms = await medianMs(RUNS, () => run(repeats));
    return { size, repeats, gflops: gflops(size, repeats, ms), product };
  } finally {
    plan.destroy();
    for (const buffer of buffers) buffer.destroy();
    gpu.destroy();
  }
}

export async function tfjsMatmul(tf: Tf, size: number, repeats: number): Promise<MatmulTiming> {
  const { a: aData, b: bData } = operands(size);
  const a = tf.tensor2d(aData, [size, size]);
  const b = tf.tensor2d(bData, [size, size]);
  const run = async (count: number) => {
    let c = tf.matMul(a, b, false, true);
    for (let r = 1; r < count; r++) {
      c.dispose();
      c = tf.matMul(a, b, false, true);
    }
    try {
      return (await c.data()) as Float32Array;
    } finally {
      c.dispose();
    }
  };
  try {
    const product = await run(1);
    const ms = await medianMs(RUNS, () => run(repeats));
    return { size, repeats, gflops: gflops(size, repeats, ms), product };
  } finally {
    a.dispose();
    b.dispose();
  }
}
