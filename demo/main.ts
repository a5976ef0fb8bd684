/**
 * The demo page: loads the model, starts the GPU backend (the CPU reference when the browser
 * has no WebGPU), mounts the panels and runs translations one after the other.
 */
import { startBackends } from './app/backends.ts';
import { compareRun } from './app/comparison.ts';
import { loadExamples } from './app/examples.ts';
import { type DemoReady, readView } from './app/handle.ts';
import { ModelUnavailable, loadModel, modelLocation } from './app/model-source.ts';
import { lastFrame } from './app/selection.ts';
import { createAppStore } from './app/state.ts';
import { describeError, runTranslation } from './app/translate-run.ts';
import { mountAdapterPanel } from './panels/adapter.ts';
import { mountBeamTreePanel } from './panels/beam-tree.ts';
import { mountComparisonPanel } from './panels/comparison.ts';
import { mountHeatmapPanel } from './panels/heatmap.ts';
import { mountModelPanel } from './panels/model-info.ts';
import { mountStepThroughPanel } from './panels/step-through.ts';
import { mountTranslatePanel } from './panels/translate.ts';
import { byId } from './view/dom.ts';
import { asRnnModel } from '../src/model/model.ts';

const store = createAppStore();
let queue: Promise<void> = Promise.resolve();

function translate(text: string): Promise<void> {
  queue = queue.then(() => translateNow(text));
  return queue;
}

async function translateNow(text: string): Promise<void> {
  const { loaded, backends, options } = store.get();
  if (!loaded || !backends) return;
  store.update({ busy: true, runError: undefined });
  try {
    const run = await runTranslation(loaded.model, backends, text, options);
    store.update({ run, selected: 0, frame: lastFrame(run, 0), comparison: { phase: 'running' } });
    try {
      const result = await compareRun(backends, run);
      store.update({
        comparison:
          'unavailable' in result ? { phase: 'unavailable', reason: result.unavailable } : { phase: 'done', result },
      });
    } catch (error) {
      store.update({ comparison: { phase: 'failed', message: describeError(error) } });
    }
  } catch (error) {
    store.update({ runError: describeError(error) });
  } finally {
    store.update({ busy: false });
  }
}

async function start(): Promise<DemoReady> {
  const where = modelLocation();
  const examples = loadExamples().then((list) => store.update({ examples: list }));
  try {
    store.update({ load: { phase: 'loading', detail: `loading the model (${where.name})…` } });
    const loaded = await loadModel(where, (bytes, total) => {
      const share = total > 0 ? ` ${Math.round((bytes / total) * 100)}%` : ` ${(bytes / 2 ** 20).toFixed(1)} MiB`;
      store.update({ load: { phase: 'loading', detail: `loading the model weights…${share}` } });
    });
    store.update({
      loaded,
      load: { phase: 'loading', detail: 'starting the GPU: uploading weights, compiling kernels…' },
    });
    const backends = await startBackends(asRnnModel(loaded.model, 'the demo page'));
    store.update({ backends, load: { phase: 'ready' } });
    await examples;
    const input = byId<HTMLInputElement>('source-input');
    if (!input.value) input.value = store.get().examples[0] ?? '';
    if (input.value) void translate(input.value);
    const adapter = backends.gpu?.adapter;
    return {
      model: loaded.name,
      backend: backends.gpu ? 'gpu' : 'cpu',
      adapter: adapter && {
        vendor: adapter.vendor,
        architecture: adapter.architecture,
        isSoftware: adapter.isSoftware,
      },
    };
  } catch (error) {
    const message = describeError(error);
    store.update({
      load: { phase: 'failed', message, hint: error instanceof ModelUnavailable ? error.hint : undefined },
    });
    return { model: where.name, error: message };
  }
}

mountTranslatePanel(store, { translate: (text) => void translate(text) });
mountHeatmapPanel(store);
mountComparisonPanel(store);
mountStepThroughPanel(store);
mountBeamTreePanel(store);
mountAdapterPanel(store);
mountModelPanel(store);
// Draw every panel's empty state once.
store.update({ run: undefined, backends: undefined, loaded: undefined, comparison: { phase: 'none' } });

// Wide figures choose between shrinking and scrolling by the room they have: redraw on resize.
let resizeQueued = false;
addEventListener('resize', () => {
  if (resizeQueued) return;
  resizeQueued = true;
  requestAnimationFrame(() => {
    resizeQueued = false;
    store.update({ frame: store.get().frame });
  });
});

window.__unrollDemo = {
  ready: start(),
  idle: async () => {
    let seen: Promise<void>;
    do {
      seen = queue;
      await seen;
    } while (seen !== queue);
  },
  async translate(text, options = {}) {
    const current = store.get().options;
    const beam = options.beam ?? current.beam;
    store.update({ options: { beam, nBest: Math.min(options.nBest ?? current.nBest, beam) } });
    byId<HTMLInputElement>('source-input').value = text;
    await translate(text);
    return readView();
  },
  view: readView,
};
