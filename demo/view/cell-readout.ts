/**
 * Tap-to-inspect for a heatmap: the value of the cell tapped (or hovered) written out in a line
 * under the map. A <title> tooltip only shows on hover with a mouse; a touch screen has none.
 */
import { h } from './dom.ts';

export interface ReadoutLabels {
  rows: readonly string[];
  columns: readonly string[];
  /** How a row reads a column: "attends to", "reads". */
  verb: string;
}

/** The readout line for `svg`; tapping a cell marks it and writes its weight there. */
export function cellReadout(svg: SVGSVGElement, labels: ReadoutLabels): HTMLElement {
  const readout = h(
    'p',
    { class: 'cell-readout small', 'aria-live': 'polite' },
    'Tap or hover a cell for its exact weight.',
  );
  const show = (event: Event) => {
    const cell = event.target instanceof Element ? event.target.closest('rect.cell') : null;
    if (!(cell instanceof SVGRectElement)) return;
    const row = Number(cell.dataset.row);
    const column = Number(cell.dataset.col);
    const weight = Number(cell.dataset.weight);
    svg.querySelector('rect.cell.picked')?.classList.remove('picked');
    cell.classList.add('picked');
    readout.dataset.row = String(row);
    readout.dataset.col = String(column);
    readout.replaceChildren(
      `“${labels.rows[row] ?? ''}” ${labels.verb} “${labels.columns[column] ?? ''}”: `,
      h('strong', {}, `${(weight * 100).toFixed(1)}%`),
    );
  };
  svg.addEventListener('click', show);
  svg.addEventListener('pointerover', (event) => {
    if (event.pointerType === 'mouse') show(event);
  });
  return readout;
}
