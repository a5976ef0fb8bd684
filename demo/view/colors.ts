/** Colour scales: sequential for weights in [0, 1], diverging for state values around 0. */

type Rgb = [number, number, number];

function interpolate(stops: readonly Rgb[], t: number): Rgb {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [stops[i], stops[i + 1]];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

const css = ([r, g, b]: Rgb) => `rgb(${Math.round(r)} ${Math.round(g)} ${Math.round(b)})`;

// Near-white to deep indigo: attention weights read as "how much ink".
const WEIGHT_STOPS: Rgb[] = [
  [248, 248, 252],
  [199, 210, 254],
  [129, 140, 248],
  [79, 70, 229],
  [49, 46, 129],
];

// Teal (negative) through white to orange (positive), for hidden state values in about [−1, 1].
const STATE_STOPS: Rgb[] = [
  [13, 148, 136],
  [153, 222, 214],
  [250, 250, 250],
  [253, 186, 116],
  [234, 88, 12],
];

function weightRgb(value: number): Rgb {
  return interpolate(WEIGHT_STOPS, value);
}

export function weightColor(value: number): string {
  return css(weightRgb(value));
}

/** Whether text on a weight cell should be light, for contrast. */
export function weightIsDark(value: number): boolean {
  return value > 0.55;
}

export function stateRgb(value: number): Rgb {
  return interpolate(STATE_STOPS, (value + 1) / 2);
}

/** The weight scale as a CSS gradient, 0 at the left: the legend under a heatmap. */
export function weightGradient(): string {
  const stops = WEIGHT_STOPS.map((stop, i) => `${css(stop)} ${((i / (WEIGHT_STOPS.length - 1)) * 100).toFixed(0)}%`);
  return `linear-gradient(90deg, ${stops.join(', ')})`;
}
