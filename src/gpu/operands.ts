/**
 * Operands of a kernel launch (src/gpu/launch.ts): each storage binding with the elements the
 * kernel may touch from the start of its buffer, and helpers that turn a matrix or vector inside
 * a bigger buffer (element offsets, row strides) into one. The launcher checks every extent
 * against its buffer before anything is created.
 */
import { GpuError } from '../errors.ts';

/** A storage binding's buffer and the elements (4 bytes each) from its start the kernel may touch. */
export interface Operand {
  readonly buffer: GPUBuffer;
  readonly elements: number;
  /** The operand's name in errors; default the binding's WGSL name. */
  readonly name?: string;
  /** The extent in words, for errors, e.g. "3×3 at offset 4, stride 3". */
  readonly layout?: string;
}

/** A matrix inside a buffer: element `offset` is [0, 0], rows are `stride` elements apart. */
export interface MatrixOperand {
  buffer: GPUBuffer;
  /** Elements (4 bytes each) before [0, 0]; default 0. */
  offset?: number;
  /** Elements from one row to the next; default the row length. */
  stride?: number;
}

/** A vector inside a buffer. */
export interface VectorOperand {
  buffer: GPUBuffer;
  /** Elements (4 bytes each) before the first one; default 0. */
  offset?: number;
}

export function checkCount(label: string, name: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min || value > 0xffffffff) {
    throw new GpuError(`${label}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

/**
 * A rows × cols matrix operand, resolved, and its extent, also when `extraElements` more are added
 * to its offset (the largest per-step shift a plan applies).
 */
export function matrixOperand(
  label: string,
  name: string,
  matrix: MatrixOperand,
  rows: number,
  cols: number,
  extraElements = 0,
): { offset: number; stride: number; operand: Operand } {
  const offset = matrix.offset ?? 0;
  const stride = matrix.stride ?? cols;
  checkCount(label, `${name} offset`, offset);
  if (!Number.isInteger(stride) || stride < cols) {
    throw new GpuError(`${label}: ${name} row stride must be an integer >= ${cols}, got ${stride}`);
  }
  const elements = rows === 0 || cols === 0 ? 0 : offset + extraElements + (rows - 1) * stride + cols;
  const layout = `${rows}×${cols} at offset ${offset}${shifted(extraElements)}, stride ${stride}`;
  return { offset, stride, operand: { buffer: matrix.buffer, elements, name, layout } };
}

/** A vector operand of `length` elements, resolved, and its extent. */
export function vectorOperand(
  label: string,
  name: string,
  vector: VectorOperand,
  length: number,
  extraElements = 0,
): { offset: number; operand: Operand } {
  const offset = vector.offset ?? 0;
  checkCount(label, `${name} offset`, offset);
  const elements = length === 0 ? 0 : offset + extraElements + length;
  const layout = `${length} values at offset ${offset}${shifted(extraElements)}`;
  return { offset, operand: { buffer: vector.buffer, elements, name, layout } };
}

function shifted(extraElements: number): string {
  return extraElements ? ` (+${extraElements} at the last step)` : '';
}
