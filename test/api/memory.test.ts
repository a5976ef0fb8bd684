// About 1000 translate calls through the public API on the gpu backend leave the count of live GPU
// buffers and the process memory flat: every call's staging and readback buffers are destroyed,
// arenas are reused, and nothing accumulates on the JavaScript heap.
//
// Bounds, measured first on SwiftShader (2 cores, Node 20) with this workload: after a forced GC,
// heapUsed moved by -0.3..+0.3 MB and rss by -17..+34 MB over 1000 calls (rss also holds Dawn's and
// SwiftShader's native pools, which move in steps). The test allows 4 MB of heap (4 KB per call)
// and 64 MB of rss (64 KB per call).
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { liveBufferCount, liveBufferLabels } from '../../src/gpu/debug.ts';
import { createBackend, type Backend, type LoadedModel } from '../../src/index.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { makeVocab } from '../helpers/model-files.ts';

/**
 * The shapes of the workload (sentences, length, options) repeat every 60 calls, and the decoder
 * keeps the arenas of its last shapes, whose buffers differ a little (an arena that keeps α of every
 * step needs no table of zeros): buffer counts are compared at the same point of that cycle.
 */
const SHAPE_PERIOD = 60;
const CALLS = 17 * SHAPE_PERIOD;
const WARM_UP_CALLS = 2 * SHAPE_PERIOD;
const HEAP_BOUND_BYTES = 4 * 2 ** 20;
const RSS_BOUND_BYTES = 64 * 2 ** 20;

v8.setFlagsFromString('--expose_gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

const config = defaultConfig({ attention: 'general', input_feeding: true });
let backend: Backend;
let model: LoadedModel;
let buffersBeforeLoad: number;

beforeAll(async () => {
  buffersBeforeLoad = liveBufferCount();
  backend = await createBackend({ kind: 'gpu' });
  model = await backend.load({ ...randomModel(config, 5), vocab: makeVocab(config) });
});

afterAll(() => backend?.dispose());

/** Call i: 1 to 3 sentences of 1 to 5 words (texts and ids), greedy or beam 3, attention on or off. */
function translateCall(i: number): Promise<unknown> {
  const sentences = Array.from({ length: 1 + (i % 3) }, (_, s) => {
    const ids = Array.from({ length: 1 + ((i + s) % 5) }, (_, t) => 4 + ((i + t) % 16));
    return s % 2 === 0 ? ids : ids.map((id) => `w${id}`).join(' ');
  });
  const options =
    i % 4 === 3 ? { beam: 3, nBest: 2, attention: true, maxLength: 6 } : { maxLength: 6, attention: i % 2 === 0 };
  return model.translate(sentences, options);
}

/** The labels in `now` beyond those in `before` (a multiset difference). */
function labelsAdded(before: string[], now: string[]): string[] {
  const remaining = [...before];
  return now.filter((label) => {
    const index = remaining.indexOf(label);
    if (index < 0) return true;
    remaining.splice(index, 1);
    return false;
  });
}

function memory(): { heap: number; rss: number } {
  collectGarbage();
  const { heapUsed, rss } = process.memoryUsage();
  return { heap: heapUsed, rss };
}

it(`${CALLS} translate calls leave the live GPU buffers and the process memory flat`, async () => {
  // Warm-up: arenas grow to the largest shapes of the workload, pipelines compile.
  for (let i = 0; i < WARM_UP_CALLS; i++) await translateCall(i);
  const buffers = liveBufferCount();
  const labels = liveBufferLabels();
  const before = memory();

  for (let i = 0; i < CALLS; i++) {
    await translateCall(i);
    // A leak fails the test soon after it happens, listing the buffers that were not there before.
    if ((i + 1) % (2 * SHAPE_PERIOD) === 0 && liveBufferCount() !== buffers) {
      expect(
        liveBufferCount(),
        `after call ${i}, new buffers: ${labelsAdded(labels, liveBufferLabels()).join(', ')}`,
      ).toBe(buffers);
    }
  }
  const after = memory();

  expect(liveBufferCount()).toBe(buffers);
  expect(after.heap - before.heap).toBeLessThan(HEAP_BOUND_BYTES);
  expect(after.rss - before.rss).toBeLessThan(RSS_BOUND_BYTES);

  // Disposing the backend frees every buffer its model created.
  backend.dispose();
  expect(liveBufferCount()).toBe(buffersBeforeLoad);
}, 180_000);
