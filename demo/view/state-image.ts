/**
 * A state vector drawn as a small square of coloured pixels (teal below 0, orange above), so a
 * hidden state reads at a glance and many fit side by side. Images are cached per vector.
 */
import { stateRgb } from './colors.ts';

const cache = new WeakMap<Float64Array, string>();

function stateGrid(size: number): { columns: number; rows: number } {
  const columns = Math.max(1, Math.ceil(Math.sqrt(size)));
  return { columns, rows: Math.max(1, Math.ceil(size / columns)) };
}

/** A data: URL of the vector as a columns×rows PNG (empty cells transparent). */
export function stateImage(vector: Float64Array): string {
  const cached = cache.get(vector);
  if (cached) return cached;
  const { columns, rows } = stateGrid(vector.length);
  const canvas = document.createElement('canvas');
  canvas.width = columns;
  canvas.height = rows;
  const context = canvas.getContext('2d');
  if (!context) return '';
  const pixels = context.createImageData(columns, rows);
  for (let i = 0; i < vector.length; i++) {
    const [r, g, b] = stateRgb(vector[i]);
    pixels.data.set([r, g, b, 255], i * 4);
  }
  context.putImageData(pixels, 0, 0);
  const url = canvas.toDataURL();
  cache.set(vector, url);
  return url;
}
