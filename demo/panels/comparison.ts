/** GPU against CPU on the same input: agreement, timings, and the largest differences against tolerance. */
import type { ComparisonResult } from '../app/comparison.ts';
import type { AppStore } from '../app/state.ts';
import type { TranslationRun } from '../app/translate-run.ts';
import { byId, fill, formatMs, formatNumber, h } from '../view/dom.ts';

export function mountComparisonPanel(store: AppStore): void {
  store.subscribe(() => render(store), ['run', 'comparison', 'backends']);
}

function render(store: AppStore): void {
  const { run, comparison, backends } = store.get();
  const target = byId('comparison');
  if (backends && !backends.gpu) {
    fill(
      target,
      h(
        'div',
        { class: 'verdict', 'data-agree': 'unavailable' },
        backends.gpuAdapterOnly
          ? 'The GPU engine cannot run this model: it runs on the CPU reference alone.'
          : 'No GPU backend in this browser: everything runs on the CPU reference.',
      ),
      h('p', { class: 'muted small' }, backends.gpuUnavailable ?? ''),
      run ? timingBars(run) : null,
    );
    return;
  }
  if (!run) {
    fill(target, h('p', { class: 'placeholder' }, 'Translate a sentence to compare the two backends.'));
    return;
  }
  switch (comparison.phase) {
    case 'none':
    case 'running':
      fill(
        target,
        h('p', { class: 'placeholder' }, h('span', { class: 'spinner' }), ' comparing the GPU with the CPU reference…'),
        timingBars(run),
      );
      return;
    case 'unavailable':
      fill(target, h('div', { class: 'verdict', 'data-agree': 'unavailable' }, comparison.reason), timingBars(run));
      return;
    case 'failed':
      fill(
        target,
        h('div', { class: 'verdict', 'data-agree': 'false' }, `The comparison failed: ${comparison.message}`),
      );
      return;
    case 'done':
      fill(
        target,
        verdict(run, comparison.result),
        timingBars(run),
        differenceBars(comparison.result),
        footnote(store),
      );
  }
}

function verdict(run: TranslationRun, result: ComparisonResult): HTMLElement {
  const K = run.options.beam;
  let text: string;
  if (result.nBestAgree === true) {
    text =
      K === 1
        ? 'The outputs agree: same greedy translation on the GPU and the CPU.'
        : `The outputs agree: same ${run.options.nBest}-best list (beam ${K}) on the GPU and the CPU.`;
  } else if (result.nBestAgree === null) {
    text = `The GPU could not run beam ${K}; its greedy output ${result.numbers.greedyAgree ? 'agrees' : 'differs'} with the CPU’s.`;
  } else {
    text = 'The outputs differ between the GPU and the CPU.';
  }
  if (!result.numbers.withinTolerance) text += ' Some numbers are past the tolerance.';
  return h(
    'div',
    { class: 'verdict', id: 'comparison-verdict', 'data-agree': String(result.agree) },
    h('span', { class: 'mark' }, result.agree ? '✓' : '✗'),
    ' ',
    text,
  );
}

function timingBars(run: TranslationRun): HTMLElement {
  const rows: { label: string; ms: number; kind: string }[] = [];
  if (run.gpu) rows.push({ label: 'GPU', ms: run.gpu.ms, kind: 'gpu' });
  rows.push({ label: 'CPU', ms: run.cpu.ms, kind: 'cpu' });
  const longest = Math.max(...rows.map((row) => row.ms), 1e-3);
  return h(
    'div',
    { class: 'bars', id: 'comparison-timings' },
    h('div', { class: 'bars-title' }, `translate(), beam ${run.options.beam}, ${run.sourceIds.length} source tokens`),
    ...rows.map((row) =>
      h(
        'div',
        { class: 'bar-row' },
        h('span', { class: 'bar-label' }, row.label),
        h(
          'span',
          { class: 'bar-track' },
          h('span', {
            class: `bar-fill ${row.kind}`,
            style: `width:${Math.max(1, (row.ms / longest) * 100).toFixed(1)}%`,
          }),
        ),
        h('span', { class: 'bar-value' }, formatMs(row.ms)),
      ),
    ),
  );
}

const LOG_FLOOR = -9;

/** Position of |difference| on a log10 axis from 1e-9 to 1, in percent. */
function logPosition(value: number): number {
  if (value <= 0) return 0;
  if (!Number.isFinite(value)) return 100;
  return Math.min(100, Math.max(0, ((Math.log10(value) - LOG_FLOOR) / -LOG_FLOOR) * 100));
}

function differenceBars(result: ComparisonResult): HTMLElement {
  const { maxAbsDiff } = result.numbers;
  const rows: { label: string; value: number; tolerance: number }[] = [
    { label: 'encoder outputs', value: maxAbsDiff.outputs, tolerance: result.tolerance.states },
  ];
  if (result.hasStates) rows.push({ label: 'final states h', value: maxAbsDiff.h, tolerance: result.tolerance.states });
  if (maxAbsDiff.c > 0) rows.push({ label: 'final states c', value: maxAbsDiff.c, tolerance: result.tolerance.states });
  rows.push({ label: 'step log-probs', value: maxAbsDiff.logprobs, tolerance: result.tolerance.logProbs });
  if (result.nBestAgree)
    rows.push({ label: 'attention α', value: result.attentionDiff, tolerance: result.tolerance.logProbs });
  return h(
    'div',
    { class: 'bars log', id: 'comparison-differences' },
    h('div', { class: 'bars-title' }, 'largest |GPU − CPU| (log scale; the tick is the tolerance)'),
    ...rows.map((row) =>
      h(
        'div',
        { class: 'bar-row' },
        h('span', { class: 'bar-label' }, row.label),
        h(
          'span',
          { class: 'bar-track' },
          h('span', {
            class: `bar-fill ${row.value <= row.tolerance ? 'ok' : 'bad'}`,
            style: `width:${Math.max(0.5, logPosition(row.value)).toFixed(1)}%`,
          }),
          h('span', {
            class: 'tick',
            style: `left:${logPosition(row.tolerance).toFixed(1)}%`,
            title: `tolerance ${row.tolerance}`,
          }),
        ),
        h('span', { class: 'bar-value' }, row.value === 0 ? '0' : formatNumber(row.value)),
      ),
    ),
    h(
      'div',
      { class: 'axis' },
      h('span', {}, '1e-9'),
      h('span', {}, '1e-6'),
      h('span', {}, '1e-3'),
      h('span', {}, '1'),
    ),
  );
}

function footnote(store: AppStore): HTMLElement {
  const gpu = store.get().backends?.gpu;
  const parts = ['Log-probs compared along the greedy path, step by step (teacher forcing), as `unroll compare` does.'];
  if (gpu?.adapter.isSoftware) parts.push('This is a software adapter: timings say nothing about a real GPU.');
  return h('p', { class: 'muted small' }, parts.join(' '));
}
