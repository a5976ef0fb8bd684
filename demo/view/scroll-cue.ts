/**
 * A visible cue on a figure wider than its card: a line saying there is more to the side, and
 * which way (the edge shadows are CSS, `.scroll-shadows`). A scrollbar alone is hidden on
 * touch screens and overlay-scrollbar systems until the reader happens to swipe.
 */
const watched = new WeakMap<HTMLElement, () => void>();

function update(container: HTMLElement, cue: HTMLElement, what: string): void {
  const hidden = container.scrollWidth - container.clientWidth;
  if (hidden <= 2) {
    cue.hidden = true;
    cue.textContent = '';
    return;
  }
  const atStart = container.scrollLeft <= 2;
  const atEnd = container.scrollLeft >= hidden - 2;
  cue.hidden = false;
  cue.dataset.side = atStart ? 'right' : atEnd ? 'left' : 'both';
  cue.textContent = atStart
    ? `${what} goes on to the right: scroll sideways →`
    : atEnd
      ? `← ${what} starts further left`
      : `← scroll sideways for the rest of ${what} →`;
}

/** Shows `cue` while `container` has content out of sight sideways; call after each redraw. */
export function scrollCue(container: HTMLElement, cue: HTMLElement, what: string): void {
  let refresh = watched.get(container);
  if (!refresh) {
    refresh = () => update(container, cue, cue.dataset.what ?? what);
    watched.set(container, refresh);
    container.addEventListener('scroll', refresh, { passive: true });
  }
  cue.dataset.what = what;
  refresh();
}
