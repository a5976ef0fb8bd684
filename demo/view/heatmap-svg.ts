/**
 * A grid of attention weights as SVG: one row per reading position, one column per position read.
 * The labels are drawn last, in groups marked `data-sticky`, over an opaque band: a scrolling
 * container moves them along (view/sticky.ts) so a long input keeps its words in sight.
 */
import { s, tooltip } from './dom.ts';
import { weightColor, weightIsDark } from './colors.ts';

/** Natural cell size; a figure is shrunk to at most 0.7 of it (view/fit.ts) and scrolls beyond. */
const CELL = 34;
const CHAR = 7.2;

/** What the rows and columns are, drawn as axis titles in the corner. */
export interface HeatmapAxes {
  rows: string;
  columns: string;
}

/** `rows[r][c]` in [0, 1]; `what` names the map for screen readers ("attention weights"). */
export function heatmapSvg(
  columns: readonly string[],
  rows: readonly (readonly number[])[],
  rowLabels: readonly string[],
  what: string,
  axes?: HeatmapAxes,
): SVGSVGElement {
  const S = columns.length;
  const T = rows.length;
  // The corner holds the axis titles: wide and tall enough for them.
  const titleWidth = axes ? Math.max(axes.rows.length, axes.columns.length) * 6.4 + 14 : 0;
  const left = Math.max(Math.max(...rowLabels.map((label) => label.length)) * CHAR + 14, titleWidth);
  const top = Math.max(Math.max(...columns.map((label) => label.length)) * CHAR * 0.72 + 18, axes ? 40 : 0);
  const width = left + S * CELL + 4;
  const height = top + T * CELL + 4;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    class: 'heatmap',
    role: 'img',
    'aria-label': `${what}, ${T} rows by ${S} columns${axes ? ` (rows: ${axes.rows}; columns: ${axes.columns})` : ''}`,
    'data-rows': T,
    'data-columns': S,
  });
  rows.forEach((row, t) => {
    const y = top + t * CELL;
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
  const columnBand = s(
    'g',
    { class: 'labels', 'data-sticky': 'top' },
    s('rect', { class: 'label-band', x: 0, y: 0, width, height: top }),
  );
  columns.forEach((label, j) => {
    const x = left + j * CELL + CELL / 2;
    columnBand.append(
      s('text', { class: 'col-label', x, y: top - 8, transform: `rotate(-45 ${x} ${top - 8})` }, label),
    );
  });
  const rowBand = s(
    'g',
    { class: 'labels', 'data-sticky': 'left' },
    s('rect', { class: 'label-band', x: 0, y: 0, width: left, height }),
  );
  rows.forEach((_, t) => {
    rowBand.append(s('text', { class: 'row-label', x: left - 8, y: top + t * CELL + CELL / 2 + 4 }, rowLabels[t]));
  });
  const corner = s(
    'g',
    { class: 'labels', 'data-sticky': 'corner' },
    s('rect', { class: 'label-band', x: 0, y: 0, width: left, height: top }),
  );
  if (axes) {
    corner.append(
      s('text', { class: 'axis-title columns', x: left - 6, y: 14 }, `${axes.columns} →`),
      s('text', { class: 'axis-title rows', x: 4, y: top - 6 }, `${axes.rows} ↓`),
    );
  }
  svg.append(columnBand, rowBand, corner);
  return svg;
}
