/**
 * The attention of the chosen hypothesis as a target × source grid of weights. For a Transformer
 * also a head selector (each head of each layer, or their average) and the encoder's
 * self-attention, source × source, with its own selector.
 */
import type { AppStore } from '../app/state.ts';
import type { ShownHypothesis, TranslationRun } from '../app/translate-run.ts';
import {
  type HeadChoice,
  crossAttentionRows,
  encoderAttention,
  headChoices,
  headKey,
  headLabel,
  parseHeadKey,
  validHead,
} from '../trace/attention-maps.ts';
import type { TransformerDetail } from '../trace/model-tracer.ts';
import { cellReadout } from '../view/cell-readout.ts';
import { weightGradient } from '../view/colors.ts';
import { byId, fill, h } from '../view/dom.ts';
import { fitOrScroll } from '../view/fit.ts';
import { type HeatmapAxes, heatmapSvg } from '../view/heatmap-svg.ts';
import { scrollCue } from '../view/scroll-cue.ts';
import { keepLabelsInView } from '../view/sticky.ts';

/** Row labels of an attention matrix: the generated tokens, then </s> when EOS was generated. */
function attentionRowLabels(hypothesis: ShownHypothesis, rows: number, eosToken: string): string[] {
  return Array.from({ length: rows }, (_, t) => hypothesis.tokens[t] ?? eosToken);
}

export function mountHeatmapPanel(store: AppStore): void {
  store.subscribe(() => render(store), ['run', 'selected', 'crossHead', 'encoderHead']);
}

function render(store: AppStore): void {
  const { run, selected, loaded } = store.get();
  const target = byId('heatmap');
  const controls = byId('heatmap-controls');
  const encoder = byId('encoder-attention');
  const hypothesis = run?.shown.hypotheses[selected];
  const transformer = run?.detail.family === 'transformer' ? run.detail : undefined;
  encoder.hidden = !transformer;
  if (!transformer) {
    fill(controls);
    fill(encoder);
  }
  if (!run || !hypothesis) {
    target.replaceChildren(h('p', { class: 'placeholder' }, 'Translate a sentence to see where the decoder looks.'));
    return;
  }
  const attention = hypothesis.attention;
  if (!attention || attention.length === 0) {
    target.replaceChildren(
      h('p', { class: 'placeholder' }, 'This model has no attention: the decoder only sees the encoder’s final state.'),
    );
    return;
  }
  const eos = loaded?.model.vocab?.target[loaded.model.config.eos_id] ?? '</s>';
  const rowLabels = attentionRowLabels(hypothesis, attention.length, eos);
  const columns = run.source.map((token) => token.token);
  const from = `${run.shown.backend === 'gpu' ? 'GPU' : 'CPU'} run`;
  if (!transformer) {
    const svg = heatmapSvg(columns, attention, rowLabels, 'attention weights', CROSS_AXES);
    mountMap(target, svg, { rows: rowLabels, columns, verb: 'attends to' }, [
      h('p', { class: 'muted small' }, `Weights from the ${from}, in percent (cells under 15% are left unnumbered).`),
    ]);
    return;
  }
  const choice = validHead(store.get().crossHead, transformer.decoderLayers, transformer.heads);
  const trace = transformer.maps(hypothesis.ids);
  // The last layer's average is the run's own attention (what `--attention` returns); the rest
  // comes from the CPU reference's pass over the same ids.
  const returned = choice.layer === transformer.decoderLayers - 1 && choice.head === 'average';
  const rows = returned ? attention : crossAttentionRows(trace, choice, attention.length);
  fill(
    controls,
    headSelect('head-select', 'cross-attention', transformer.decoderLayers, transformer.heads, choice, (next) =>
      store.update({ crossHead: next }),
    ),
  );
  const svg = heatmapSvg(
    columns,
    rows,
    rowLabels,
    `cross-attention, ${headLabel(choice, transformer.decoderLayers)}`,
    CROSS_AXES,
  );
  svg.dataset.head = headKey(choice);
  mountMap(target, svg, { rows: rowLabels, columns, verb: 'attends to' }, [
    h(
      'p',
      { class: 'muted small' },
      returned
        ? `The decoder’s last layer, averaged over its ${transformer.heads} heads: the attention the engine returns. Weights from the ${from}, in percent.`
        : `Decoder ${headLabel(choice, transformer.decoderLayers)}, from the CPU reference’s pass over the same words, in percent.`,
    ),
  ]);
  renderEncoder(store, run, transformer);
}

function renderEncoder(store: AppStore, run: TranslationRun, detail: TransformerDetail): void {
  const hypothesis = run.shown.hypotheses[store.get().selected];
  if (!hypothesis) return;
  const choice = validHead(store.get().encoderHead, detail.encoderLayers, detail.heads);
  const tokens = run.source.map((token) => token.token);
  const svg = heatmapSvg(
    tokens,
    encoderAttention(detail.maps(hypothesis.ids), choice),
    tokens,
    `encoder self-attention, ${headLabel(choice, detail.encoderLayers)}`,
    { rows: 'reading word', columns: 'word read' },
  );
  svg.dataset.head = headKey(choice);
  const figure = h('div', { class: 'figure' });
  fill(
    byId('encoder-attention'),
    h('h3', {}, 'Encoder self-attention'),
    h(
      'p',
      { class: 'muted small' },
      'Each source word (row) reads every source word (column) at once; there is no recurrence to unroll.',
    ),
    headSelect('encoder-head-select', 'encoder self-attention', detail.encoderLayers, detail.heads, choice, (next) =>
      store.update({ encoderHead: next }),
    ),
    figure,
  );
  mountMap(figure, svg, { rows: tokens, columns: tokens, verb: 'reads' }, []);
}

/** The cross-attention's axes: what the rows and the columns are. */
const CROSS_AXES: HeatmapAxes = { rows: 'Spanish written', columns: 'English read' };

/**
 * A map in `target`: scrolling both ways at a readable cell size with its labels kept in view,
 * a cue when part of it is out of sight, the colour scale, and the tapped cell's value.
 */
function mountMap(
  target: HTMLElement,
  svg: SVGSVGElement,
  labels: Parameters<typeof cellReadout>[1],
  notes: HTMLElement[],
): void {
  const scroller = h('div', { class: 'figure scroll map-scroll scroll-shadows' }, svg);
  const cue = h('p', { class: 'scroll-cue small', hidden: true });
  target.replaceChildren(scroller, cue, colourScale(), cellReadout(svg, labels), ...notes);
  fitOrScroll(scroller, svg);
  keepLabelsInView(scroller);
  scrollCue(scroller, cue, 'the map');
}

/** The legend: which colour is which weight. */
function colourScale(): HTMLElement {
  return h(
    'div',
    { class: 'weight-scale small', 'aria-label': 'colour scale: attention weight from 0% to 100%' },
    h('span', {}, '0%'),
    h('span', { class: 'weight-gradient', style: `background:${weightGradient()}` }),
    h('span', {}, '100%'),
    h('span', { class: 'muted' }, 'attention weight; each row sums to 100%'),
  );
}

function headSelect(
  id: string,
  what: string,
  layers: number,
  heads: number,
  current: HeadChoice,
  choose: (choice: HeadChoice) => void,
): HTMLElement {
  const select = h(
    'select',
    { id, 'aria-label': `${what}: layer and head` },
    ...headChoices(layers, heads).map((choice) => h('option', { value: headKey(choice) }, headLabel(choice, layers))),
  );
  select.value = headKey(current);
  select.addEventListener('change', () => choose(parseHeadKey(select.value)));
  return h('label', { class: 'head-picker' }, `${what}: `, select);
}
