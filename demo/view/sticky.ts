/**
 * Sticky labels inside a scrolling SVG figure. CSS `position: sticky` does not reach into SVG,
 * so the label groups a figure marks with `data-sticky` ("left", "top" or "corner") are moved by
 * the container's scroll offset, divided by the figure's drawing scale.
 */
const watched = new WeakSet<HTMLElement>();

/** Moves the marked groups of the figure in `container` to the visible edges; call after each redraw. */
export function placeStickyLabels(container: HTMLElement): void {
  const svg = container.querySelector('svg');
  if (!svg) return;
  const drawn = Number(svg.getAttribute('width'));
  const scale = drawn > 0 ? svg.getBoundingClientRect().width / drawn || 1 : 1;
  const x = container.scrollLeft / scale;
  const y = container.scrollTop / scale;
  svg.querySelectorAll<SVGGElement>('g[data-sticky]').forEach((group) => {
    const side = group.dataset.sticky;
    const dx = side === 'left' || side === 'corner' ? x : 0;
    const dy = side === 'top' || side === 'corner' ? y : 0;
    group.setAttribute('transform', `translate(${dx.toFixed(1)} ${dy.toFixed(1)})`);
  });
}

/** Keeps the labels of whatever figure `container` holds in view while it scrolls (once per container). */
export function keepLabelsInView(container: HTMLElement): void {
  if (!watched.has(container)) {
    watched.add(container);
    container.addEventListener('scroll', () => placeStickyLabels(container), { passive: true });
  }
  placeStickyLabels(container);
}
