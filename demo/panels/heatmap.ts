/** The attention of the chosen hypothesis as a target × source grid of weights. */
import type { AppStore } from '../app/state.ts';
import type { ShownHypothesis, TranslationRun } from '../app/translate-run.ts';
import { byId, h, s, tooltip } from '../view/dom.ts';
import { weightColor, weightIsDark } from '../view/colors.ts';

const CELL = 34;
const CHAR = 7.2;

/** Row labels of an attention matrix: the generated tokens, then </s> when EOS was generated. */
function attentionRowLabels(hypothesis: ShownHypothesis, rows: number, eosToken: string): string[] {
  return Array.from({ length: rows }, (_, t) => hypothesis.tokens[t] ?? eosToken);
}

export function mountHeatmapPanel(store: AppStore): void {
  store.subscribe(() => render(store), ['run', 'selected']);
}

function render(store: AppStore): void {
  const { run, selected, loaded } = store.get();
  const target = byId('heatmap');
  const hypothesis = run?.shown.hypotheses[selected];
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
  target.replaceChildren(
    heatmapSvg(run, attention, attentionRowLabels(hypothesis, attention.length, eos)),
    h(
      'p',
      { class: 'muted small' },
      `Weights from the ${run.shown.backend === 'gpu' ? 'GPU' : 'CPU'} run, in percent; hover a cell for the exact value.`,
    ),
  );
}

function heatmapSvg(run: TranslationRun, attention: number[][], rowLabels: string[]): SVGSVGElement {
  const columns = run.source.map((token) => token.token);
  const S = columns.length;
  const T = attention.length;
  const left = Math.max(...rowLabels.map((label) => label.length)) * CHAR + 14;
  const top = Math.max(...columns.map((label) => label.length)) * CHAR * 0.72 + 18;
  const width = left + S * CELL + 4;
  const height = top + T * CELL + 4;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    class: 'heatmap',
    role: 'img',
    'aria-label': `attention weights, ${T} target steps by ${S} source tokens`,
    'data-rows': T,
    'data-columns': S,
  });
  columns.forEach((label, j) => {
    const x = left + j * CELL + CELL / 2;
    svg.append(s('text', { class: 'col-label', x, y: top - 8, transform: `rotate(-45 ${x} ${top - 8})` }, label));
  });
  attention.forEach((row, t) => {
    const y = top + t * CELL;
    svg.append(s('text', { class: 'row-label', x: left - 8, y: y + CELL / 2 + 4 }, rowLabels[t]));
    row.forEach((weight, j) => {
      const x = left + j * CELL;
      const cell = s(
        'rect',
        {
          class: 'cell',
          x: x + 1,
          y: y + 1,
          width: CELL - 2,
          height: CELL - 2,
          rx: 3,
          fill: weightColor(weight),
          'data-row': t,
          'data-col': j,
        },
        tooltip(`${rowLabels[t]} ← ${columns[j]}: ${(weight * 100).toFixed(1)}%`),
      );
      svg.append(cell);
      if (weight >= 0.15) {
        svg.append(
          s(
            'text',
            { class: weightIsDark(weight) ? 'cell-value dark' : 'cell-value', x: x + CELL / 2, y: y + CELL / 2 + 4 },
            Math.round(weight * 100),
          ),
        );
      }
    });
  });
  return svg;
}
