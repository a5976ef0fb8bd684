/**
 * The step-through for a Transformer. The encoder has no recurrence to unroll: one frame per
 * layer shows its self-attention, every position at once. Then one frame per decoder step: the
 * token fed joins the key/value cache (one more row and column of self-attention each step), the
 * step attends over the cache and over the source (cross-attention), and writes a word.
 * The maps are the CPU reference's, for the heatmap panel's chosen layer and head.
 */
import { decoderStartFrame, followedPath, lastFrame } from '../app/selection.ts';
import type { AppStore } from '../app/state.ts';
import type { TranslationRun } from '../app/translate-run.ts';
import type { TransformerTrace } from '../../src/cpu/transformer/trace.ts';
import {
  type HeadChoice,
  cacheAttentionRows,
  crossAttentionRows,
  encoderAttention,
  headLabel,
  validHead,
} from '../trace/attention-maps.ts';
import type { TracedHypothesis } from '../trace/decode-trace.ts';
import type { TransformerDetail } from '../trace/model-tracer.ts';
import { byId, formatNumber, h } from '../view/dom.ts';
import { heatmapSvg } from '../view/heatmap-svg.ts';
import { candidates } from './candidates.ts';

interface TransformerView {
  run: TranslationRun;
  detail: TransformerDetail;
  traced: TracedHypothesis;
  exact: boolean;
  trace: TransformerTrace;
  vocab: string[];
  /** The decoder's layer and head to draw. */
  head: HeadChoice;
}

function currentView(store: AppStore): TransformerView | undefined {
  const { run, selected, loaded, crossHead } = store.get();
  const vocab = loaded?.model.vocab?.target;
  if (!run || !vocab || run.detail.family !== 'transformer') return undefined;
  const followed = followedPath(run, selected);
  if (!followed) return undefined;
  const detail = run.detail;
  return {
    run,
    detail,
    traced: followed.traced,
    exact: followed.exact,
    trace: detail.maps(followed.traced.ids),
    vocab,
    head: validHead(crossHead, detail.decoderLayers, detail.heads),
  };
}

export function renderTransformerFrame(store: AppStore, slider: HTMLInputElement, counter: HTMLElement): void {
  const view = currentView(store);
  const figure = byId('step-figure');
  if (!view) {
    figure.replaceChildren(h('p', { class: 'placeholder' }, 'Translate a sentence to watch the decoder step.'));
    return;
  }
  const { run, selected } = store.get();
  const frames = lastFrame(view.run, selected) + 1;
  const index = Math.max(0, Math.min(frames - 1, store.get().frame));
  slider.max = String(frames - 1);
  slider.value = String(index);
  counter.textContent = `${index + 1} / ${frames}`;
  const step = run ? index - decoderStartFrame(run) : -1;
  if (step < 0) {
    const layer = index;
    const choice = validHead(
      { layer, head: store.get().encoderHead?.head ?? 'average' },
      view.detail.encoderLayers,
      view.detail.heads,
    );
    const tokens = view.run.source.map((token) => token.token);
    const svg = heatmapSvg(tokens, encoderAttention(view.trace, choice), tokens, 'encoder self-attention');
    figure.replaceChildren(
      h('div', { class: 'map-title' }, `encoder ${headLabel(choice, view.detail.encoderLayers)}`),
      h('div', { id: 'encoder-step-attention' }, svg),
    );
    byId('step-caption').replaceChildren(...encoderCaption(view, layer));
    byId('step-candidates').replaceChildren();
  } else {
    figure.replaceChildren(...decoderFigure(view, step));
    byId('step-caption').replaceChildren(...decoderCaption(view, step));
    byId('step-candidates').replaceChildren(candidates(view, step));
  }
  byId('step-note').textContent =
    `Attention maps from the CPU reference (decoder ${headLabel(view.head, view.detail.decoderLayers)}; choose another head in panel 2).` +
    (view.exact
      ? ''
      : ' The GPU’s hypothesis has no twin among the CPU’s (a near tie): the CPU’s entry of the same rank is shown.');
}

/** The token fed at each position: <s>, then the words written so far. */
function fedTokens(view: TransformerView, upTo: number): string[] {
  return Array.from({ length: upTo + 1 }, (_, p) =>
    p === 0 ? '<s>' : (view.vocab[view.traced.generated[p - 1]] ?? ''),
  );
}

function decoderFigure(view: TransformerView, step: number): HTMLElement[] {
  const fed = fedTokens(view, step);
  const cache = heatmapSvg(fed, cacheAttentionRows(view.trace, view.head, step), fed, 'self-attention over the cache');
  const source = view.run.source.map((token) => token.token);
  const written = view.vocab[view.traced.generated[step]] ?? '';
  const cross = heatmapSvg(
    source,
    crossAttentionRows(view.trace, view.head, step + 1).slice(step),
    [written],
    'cross-attention',
  );
  return [
    h(
      'div',
      { class: 'step-maps' },
      h(
        'div',
        { id: 'cache-attention', 'data-cache': step + 1 },
        h(
          'div',
          { class: 'map-title' },
          `self-attention over the cache: ${step + 1} ${step === 0 ? 'entry' : 'entries'}`,
        ),
        cache,
        h(
          'p',
          { class: 'muted small' },
          'Each row is a step; its last column is the entry it added. Earlier rows are kept as they were.',
        ),
      ),
      h(
        'div',
        { id: 'cross-step-attention' },
        h('div', { class: 'map-title' }, 'cross-attention over the source, this step'),
        cross,
      ),
    ),
  ];
}

function encoderCaption(view: TransformerView, layer: number): (Node | string)[] {
  const last = layer === view.detail.encoderLayers - 1;
  return [
    `Encoder layer ${layer + 1} of ${view.detail.encoderLayers}: every source word attends to every other at once (self-attention), then passes through a feed-forward block.`,
    last
      ? ' The last layer’s outputs are the memory the decoder attends to: their keys and values are projected once for all steps.'
      : '',
  ];
}

function decoderCaption(view: TransformerView, step: number): (Node | string)[] {
  const em = (text: string) => h('strong', {}, text);
  const expansion = view.run.decode.expansions[view.traced.path[step]];
  const fed = step === 0 ? '<s> (start)' : view.vocab[expansion.input];
  const written = view.vocab[view.traced.generated[step]];
  const chosen = expansion.candidates.find((c) => c.token === view.traced.generated[step]);
  const cross = view.trace.steps[step]?.attention ?? [];
  const top = Array.from(cross.keys())
    .sort((a, b) => cross[b] - cross[a])
    .slice(0, 2)
    .filter((j) => cross[j] >= 0.05);
  return [
    `Decoder step ${step + 1}: it reads `,
    em(`“${fed}”`),
    ` at position ${step}, adds its keys and values to the cache (now `,
    em(`${step + 1} ${step === 0 ? 'entry' : 'entries'}`),
    '), attends over the cache and over the source',
    ...(top.length > 0
      ? [
          ' (the last layer’s heads put ',
          ...top.flatMap((j, i) => [
            i > 0 ? ' and ' : '',
            em(`${Math.round(cross[j] * 100)}%`),
            ` on “${view.run.source[j].token}”`,
          ]),
          ')',
        ]
      : []),
    '. It writes ',
    em(`“${written}”`),
    chosen ? ` (p = ${formatNumber(Math.exp(chosen.logProb))}).` : '.',
  ];
}
