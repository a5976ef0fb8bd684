/** The adapter in use (header badge and panel), or why the page runs on the CPU reference. */
import type { AppStore } from '../app/state.ts';
import { byId, fill, formatMs, h } from '../view/dom.ts';

export function mountAdapterPanel(store: AppStore): void {
  store.subscribe(() => render(store), ['backends', 'load']);
}

/** A message as a sentence: ending with a full stop. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

function render(store: AppStore): void {
  const { backends, load } = store.get();
  const badge = byId('adapter-badge');
  const panel = byId('adapter');
  const notice = byId('page-notice');
  if (!backends) {
    if (load.phase === 'failed') {
      badge.dataset.kind = 'none';
      badge.textContent = 'no model loaded';
    }
    fill(
      panel,
      h(
        'p',
        { class: 'placeholder' },
        load.phase === 'failed' ? 'The GPU is started once a model is loaded.' : 'Starting the GPU…',
      ),
    );
    return;
  }
  const gpu = backends.gpu ?? backends.gpuAdapterOnly;
  if (!gpu) {
    badge.dataset.kind = 'cpu';
    badge.textContent = 'CPU only: no WebGPU';
    notice.hidden = false;
    notice.dataset.kind = 'warning';
    fill(
      notice,
      h('strong', {}, 'No WebGPU here. '),
      sentence(backends.gpuUnavailable ?? 'The GPU backend could not start'),
      ' The page runs everything on the CPU reference instead: the same math in plain TypeScript. ',
      'Open it in a browser with WebGPU (a recent Chrome, Edge or Safari) to run the GPU kernels.',
    );
    fill(
      panel,
      h(
        'div',
        { class: 'verdict', 'data-agree': 'unavailable', id: 'adapter-kind' },
        'No GPU adapter: CPU reference only.',
      ),
      h('p', { class: 'muted small' }, backends.gpuUnavailable ?? ''),
    );
    return;
  }
  const { adapter, features, limits } = gpu;
  const name =
    [adapter.vendor, adapter.architecture].filter((part) => part && part !== 'unknown').join(' · ') ||
    'unnamed adapter';
  badge.dataset.kind = adapter.isSoftware ? 'software' : 'hardware';
  badge.textContent = `${adapter.isSoftware ? 'software GPU' : 'GPU'}: ${name}`;
  badge.title = adapter.description;
  if (adapter.isSoftware) {
    notice.hidden = false;
    notice.dataset.kind = 'info';
    fill(
      notice,
      h('strong', {}, 'Software adapter. '),
      `WebGPU runs here on ${name}, a CPU implementation: the kernels are the real ones, and their numbers match the CPU reference within the tolerances of panel 3 (float32 against float64: differences around 1e-6), but it is slow.`,
    );
  } else notice.hidden = true;
  if (!backends.gpu) {
    // WebGPU works, but the GPU engine could not take this model: it runs on the CPU reference.
    notice.hidden = false;
    notice.dataset.kind = 'warning';
    fill(
      notice,
      h('strong', {}, 'This model runs on the CPU reference. '),
      `The GPU engine could not take it: ${sentence(backends.gpuUnavailable ?? 'it failed to start')} `,
      'The page picks the GPU up by itself once the engine can run it.',
    );
  }
  const featureNames = Object.entries({
    subgroups: features.subgroups,
    'shader-f16': features.shaderF16,
    'timestamp-query': features.timestampQuery,
  })
    .filter(([, on]) => on)
    .map(([feature]) => feature);
  fill(
    panel,
    h(
      'dl',
      { class: 'facts', id: 'adapter-facts' },
      h('dt', {}, 'adapter'),
      h('dd', { id: 'adapter-name' }, name),
      adapter.description ? h('dt', {}, 'description') : null,
      adapter.description ? h('dd', {}, adapter.description) : null,
      h('dt', {}, 'kind'),
      h('dd', { id: 'adapter-kind' }, adapter.isSoftware ? 'software (runs on the CPU)' : 'hardware'),
      h('dt', {}, 'features'),
      h('dd', {}, featureNames.length > 0 ? featureNames.join(', ') : 'none of the optional ones'),
      h('dt', {}, 'largest binding'),
      h('dd', {}, mebibytes(limits.maxStorageBufferBindingSize)),
      h('dt', {}, 'start-up'),
      h(
        'dd',
        {},
        backends.gpu
          ? `${formatMs(backends.gpu.startMs)} (device, weight upload, kernel compilation)`
          : 'this model runs on the CPU reference',
      ),
    ),
    gpu.log.length > 0 ? h('p', { class: 'muted small mono' }, gpu.log.join('\n')) : null,
  );
}
