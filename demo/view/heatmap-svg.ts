/** A grid of attention weights as SVG: one row per reading position, one column per position read. */
import { s, tooltip } from './dom.ts';
import { weightColor, weightIsDark } from './colors.ts';

const CELL = 34;
const CHAR = 7.2;

/** `rows[r][c]` in [0, 1]; `what` names the map for screen readers ("attention weights"). */
export function heatmapSvg(
  columns: readonly string[],
  rows: readonly (readonly number[])[],
  rowLabels: readonly string[],
  what: string,
): SVGSVGElement {
  const S = columns.length;
  const T = rows.length;
  const left = Math.max(...rowLabels.map((label) => label.length)) * CHAR + 14;
  const top = Math.max(...columns.map((label) => label.length)) * CHAR * 0.72 + 18;
  const width = left + S * CELL + 4;
  const height = top + T * CELL + 4;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    class: 'heatmap',
    role: 'img',
    'aria-label': `${what}, ${T} rows by ${S} columns`,
    'data-rows': T,
    'data-columns': S,
  });
  columns.forEach((label, j) => {
    const x = left + j * CELL + CELL / 2;
    svg.append(s('text', { class: 'col-label', x, y: top - 8, transform: `rotate(-45 ${x} ${top - 8})` }, label));
  });
  rows.forEach((row, t) => {
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
          'data-weight': weight.toFixed(4),
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
