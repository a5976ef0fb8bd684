/** Markdown tables for the benchmark's output (the README shows them as printed). */

export function markdownTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1)) + ' ms';
export const ratio = (value: number) => `${value >= 10 ? value.toFixed(0) : value.toFixed(1)}×`;
export const fixed = (value: number, digits = 2) => value.toFixed(digits);
