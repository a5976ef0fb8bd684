/**
 * The demo page: loads the picked model, starts the GPU backend for it (the CPU reference when the
 * browser has no WebGPU, or the GPU engine cannot run the model), mounts the panels and runs
 * translations and model switches one after the other.
 */
import { startBackends } from './app/backends.ts';
import { compareRun } from './app/comparison.ts';
import { loadExamples } from './app/examples.ts';
import { type DemoReady, readView } from './app/handle.ts';
import {
  BUNDLED_PICKS,
  type BundledPick,
  type ModelChoice,
  choiceFromSearch,
  searchForChoice,
} from './app/model-choice.ts';
import { ModelUnavailable, bundledOffers, bundledPicks, loadModel, modelLocation } from './app/model-source.ts';
import { lastFrame } from './app/selection.ts';
import { createAppStore } from './app/state.ts';
import { describeError, runTranslation } from './app/translate-run.ts';
import { mountAdapterPanel } from './panels/adapter.ts';
import { mountBeamTreePanel } from './panels/beam-tree.ts';
import { mountComparisonPanel } from './panels/comparison.ts';
import { mountHeatmapPanel } from './panels/heatmap.ts';
import { mountModelPanel } from './panels/model-info.ts';
import { mountModelPicker } from './panels/model-picker.ts';
import { mountStepThroughPanel } from './panels/step-through.ts';
import { mountTranslatePanel } from './panels/translate.ts';
import { byId } from './view/dom.ts';

const store = createAppStore();
let queue: Promise<unknown> = Promise.resolve();

/** Work runs one piece at a time: a model switch waits for the translation before it, and the reverse. */
function enqueue<T>(work: () => Promise<T>): Promise<T> {
  const next = queue.then(work);
  queue = next.catch(() => undefined);
  return next;
}

function translate(text: string): Promise<void> {
  // The wait the page reports starts here, at the request, queue included.
  const asked = performance.now();
  return enqueue(() => translateNow(text, asked));
}

async function translateNow(text: string, asked = performance.now()): Promise<void> {
  const { loaded, backends, options } = store.get();
  if (!loaded || !backends) return;
  store.update({ busy: true, runError: undefined, partial: undefined });
  try {
    const done = await runTranslation(loaded.model, backends, text, options, (partial) => store.update({ partial }));
    const run = { ...done, waitedMs: performance.now() - asked };
    store.update({
      run,
      partial: undefined,
      selected: 0,
      frame: lastFrame(run, 0),
      comparison: { phase: 'running' },
    });
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
    // The old translation would read as the answer to this input: it goes, and the error says why.
    store.update({ runError: describeError(error), run: undefined, comparison: { phase: 'none' } });
  } finally {
    store.update({ busy: false, partial: undefined });
  }
}

/** Loads a model in place of the current one, whose runners (and GPU buffers) are freed first. */
async function loadNow(choice: ModelChoice | undefined): Promise<DemoReady> {
  const where = modelLocation(choice);
  const previous = store.get().backends;
  store.update({
    choice,
    loaded: undefined,
    backends: undefined,
    run: undefined,
    runError: undefined,
    comparison: { phase: 'none' },
    selected: 0,
    frame: 0,
    crossHead: undefined,
    encoderHead: undefined,
    load: { phase: 'loading', detail: `loading the model (${where.name})…` },
  });
  previous?.dispose();
  try {
    const loaded = await loadModel(where, (bytes, total) => {
      const share = total > 0 ? ` ${Math.round((bytes / total) * 100)}%` : ` ${(bytes / 2 ** 20).toFixed(1)} MiB`;
      store.update({ load: { phase: 'loading', detail: `loading the model weights…${share}` } });
    });
    store.update({
      loaded,
      load: { phase: 'loading', detail: 'starting the GPU: uploading weights, compiling kernels…' },
    });
    const backends = await startBackends(loaded.model);
    store.update({ backends, load: { phase: 'ready' } });
    const adapter = (backends.gpu ?? backends.gpuAdapterOnly)?.adapter;
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

/** The picker's action: the address follows (so a link opens this view), and the typed sentence is translated again. */
function pick(choice: ModelChoice): Promise<DemoReady> {
  history.replaceState(history.state, '', `${location.pathname}${searchForChoice(location.search, choice)}`);
  return enqueue(async () => {
    const result = await loadNow(choice);
    const text = byId<HTMLInputElement>('source-input').value;
    if (!result.error && text.trim()) await translateNow(text);
    return result;
  });
}

async function start(): Promise<DemoReady> {
  const examples = loadExamples().then((list) => store.update({ examples: list }));
  const choice = choiceFromSearch(location.search, bundledPicks());
  // A link may ask for a model this build lacks: the address then names the one shown.
  if (choice && new URLSearchParams(location.search).has('pick')) {
    history.replaceState(history.state, '', `${location.pathname}${searchForChoice(location.search, choice)}`);
  }
  const result = await enqueue(() => loadNow(choice));
  if (result.error) return result;
  await examples;
  const input = byId<HTMLInputElement>('source-input');
  if (!input.value) input.value = store.get().examples[0] ?? '';
  if (input.value) void translate(input.value);
  return result;
}

mountModelPicker(store, bundledOffers(), { pick: (choice) => void pick(choice) });
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
    let seen: Promise<unknown>;
    do {
      seen = queue;
      await seen;
    } while (seen !== queue);
  },
  async translate(text, options = {}) {
    const current = store.get().options;
    const beam = options.beam ?? current.beam;
    store.update({ options: { ...current, ...options, beam, nBest: Math.min(options.nBest ?? current.nBest, beam) } });
    byId<HTMLInputElement>('source-input').value = text;
    await translate(text);
    return readView();
  },
  async pick(model) {
    const choice: ModelChoice = (BUNDLED_PICKS as readonly string[]).includes(model)
      ? { kind: 'bundled', pick: model as BundledPick }
      : { kind: 'url', url: model };
    const result = await pick(choice);
    await window.__unrollDemo.idle();
    return result;
  },
  view: readView,
};
