/** Player icons drawn as SVG, since media-control characters are missing from many fonts. */
import { s } from './dom.ts';

const PATHS = {
  first: 'M3 3h2v10H3zM13 3v10L6 8z',
  previous: 'M12 3v10L5 8z',
  play: 'M5 3v10l8-5z',
  pause: 'M4 3h3v10H4zM9 3h3v10H9z',
  next: 'M4 3v10l7-5z',
  last: 'M3 3v10l7-5zM11 3h2v10h-2z',
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName): SVGSVGElement {
  return s(
    'svg',
    { viewBox: '0 0 16 16', width: 16, height: 16, 'aria-hidden': 'true', class: 'icon-svg' },
    s('path', { d: PATHS[name] }),
  );
}
