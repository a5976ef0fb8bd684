/**
 * The benchmark's LSTM encoder on TensorFlow.js's WASM backend: the same tf.layers model as the
 * WebGPU peer (bench/tfjs-lstm.ts), run with the process's TensorFlow.js switched to 'wasm' for the
 * call and back to the backend it had afterwards. The WASM backend starts once per process (outside
 * cold, as the WebGPU backend does).
 */
import type { LstmTiming } from './engine-lstm.ts';
import type { LstmShape } from './lstm-shapes.ts';
import { tfjsLstm } from './tfjs-lstm.ts';
import type { Tf } from './tfjs-webgpu.ts';

let registered: Promise<string | undefined> | undefined;

/** Registers the WASM backend; resolves to why it cannot run, or undefined. */
function registerWasm(tf: Tf): Promise<string | undefined> {
  registered ??= (async () => {
    try {
      await import('@tensorflow/tfjs-backend-wasm');
    } catch (error) {
      return `@tensorflow/tfjs-backend-wasm cannot be loaded: ${describe(error)}`;
    }
    return tf.findBackendFactory('wasm') ? undefined : 'the wasm backend did not register';
  })();
  return registered;
}

export async function tfjsWasmLstm(
  tf: Tf,
  shape: LstmShape,
  warmRuns: number,
): Promise<LstmTiming | { unavailable: string }> {
  const why = await registerWasm(tf);
  if (why) return { unavailable: why };
  const previous = tf.getBackend();
  try {
    if (!(await tf.setBackend('wasm'))) return { unavailable: 'the TensorFlow.js wasm backend did not start' };
    await tf.ready();
    const flavour = [
      tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'SIMD' : 'no SIMD',
      tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'threaded' : 'one thread',
    ].join(', ');
    return { ...(await tfjsLstm(tf, shape, warmRuns)), note: flavour };
  } catch (error) {
    return { unavailable: `failed: ${describe(error)}` };
  } finally {
    if (previous && tf.getBackend() !== previous) await tf.setBackend(previous);
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
