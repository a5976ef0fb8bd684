/**
 * Matmul throughput at s³ on the same adapter: the engine's register-blocked kernel
 * (C = A·Bᵀ, B in PyTorch weight layout) against TensorFlow.js's tf.matMul(a, b, false, true).
 * Each timed run records `repeats` products and reads the last C back, so the readback is
 * amortised the same way on both sides; the figure is the median of several runs after a warm-up.
 */
import { createStorageBuffer, readFloat32, submitCommands } from '../src/gpu/buffers.ts';
import { acquireGpu } from '../src/gpu/device.ts';
import { planMatmul, prepareMatmul } from '../src/gpu/kernels/matmul.ts';
import { seededRandom } from '../src/model/random-model.ts';
import type { Tf } from './tfjs-webgpu.ts';
import { medianMs } from './timing.ts';

export interface MatmulTiming {
  size: number;
  repeats: number;
  gflops: number;
  /** Milliseconds per product. */
  ms: number;
  /** C of one product, to check both sides multiply the same matrices. */
  product: Float32Array;
}

const RUNS = 3;

/** An M×K by (N×K)ᵀ product. */
export interface MatmulShape {
  m: number;
  n: number;
  k: number;
}

const square = (size: number): MatmulShape => ({ m: size, n: size, k: size });

/** 2·M·N·K flops per product. */
const gflops = ({ m, n, k }: MatmulShape, repeats: number, ms: number) => (2 * m * n * k * repeats) / (ms / 1000) / 1e9;

function operands({ m, n, k }: MatmulShape): { a: Float32Array; b: Float32Array } {
  const random = seededRandom(5);
  const data = (count: number) => Float32Array.from({ length: count }, () => random() * 2 - 1);
  return { a: data(m * k), b: data(n * k) };
}

export async function engineMatmul(size: number, repeats: number): Promise<MatmulTiming> {
  return engineMatmulShape(square(size), repeats);
}

/** The engine's matmul on any shape (the LSTM notes time the products of one encoder step with it). */
export async function engineMatmulShape(shape: MatmulShape, repeats: number): Promise<MatmulTiming> {
  const { m, n, k } = shape;
  const gpu = await acquireGpu();
  const { device } = gpu;
  const { a, b } = operands(shape);
  const buffers = [
    createStorageBuffer(device, 'bench A', a),
    createStorageBuffer(device, 'bench B', b),
    createStorageBuffer(device, 'bench C', m * n * 4),
  ];
  const [aBuffer, bBuffer, cBuffer] = buffers;
  const compiled = await prepareMatmul(device);
  const plan = planMatmul(device, compiled, {
    m,
    n,
    k,
    a: { buffer: aBuffer },
    b: { buffer: bBuffer },
    c: { buffer: cBuffer },
    label: 'bench matmul',
  });
  const run = async (count: number) => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let r = 0; r < count; r++) plan.record(pass);
    pass.end();
    submitCommands(device, [encoder.finish()]);
    return readFloat32(device, cBuffer);
  };
  try {
    const product = await run(1);
    const ms = await medianMs(RUNS, () => run(repeats));
    return { size: m, repeats, gflops: gflops(shape, repeats, ms), ms: ms / repeats, product };
  } finally {
    plan.destroy();
    for (const buffer of buffers) buffer.destroy();
    gpu.destroy();
  }
}

export async function tfjsMatmul(tf: Tf, size: number, repeats: number): Promise<MatmulTiming> {
  const { a: aData, b: bData } = operands(square(size));
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
    return { size, repeats, gflops: gflops(square(size), repeats, ms), ms: ms / repeats, product };
  } finally {
    a.dispose();
    b.dispose();
  }
}
