/** Sizing of wide figures inside their cards. */

/** Below this scale a figure stays at its natural size and scrolls sideways instead of shrinking. */
const SMALLEST_SCALE = 0.7;

/** Shrinks a slightly too wide figure to its card; a much wider one keeps its size and scrolls. */
export function fitOrScroll(container: HTMLElement, svg: SVGSVGElement): void {
  const natural = Number(svg.getAttribute('width'));
  const available = container.clientWidth;
  const fits = available > 0 && natural * SMALLEST_SCALE <= available;
  svg.style.width = fits ? `${Math.min(natural, available)}px` : `${natural}px`;
  svg.style.height = 'auto';
}
