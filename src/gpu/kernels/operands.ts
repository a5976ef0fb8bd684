/**
 * Operands of the general kernels: a matrix or vector inside a bigger buffer, described by element
 * offsets and row strides, and the checks that keep every index a plan can produce inside its
 * buffer (a GpuError naming the operand otherwise, before anything is recorded).
 */
import { GpuError } from '../../errors.ts';
import { STEP_STRIDE } from '../step-table.ts';

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

/** Steps a step table (src/gpu/step-table.ts) holds, from its size. */
export function stepTableSteps(table: GPUBuffer): number {
  return Math.floor(table.size / STEP_STRIDE);
}

export function checkCount(label: string, name: string, value: number, min = 0): void {
  if (!Number.isInteger(value) || value < min || value > 0xffffffff) {
    throw new GpuError(`${label}: ${name} must be an integer >= ${min}, got ${value}`);
  }
}

/**
 * Resolves a rows × cols matrix operand and checks that it fits its buffer, also when
 * `extraElements` more are added to its offset (the largest per-step shift a plan applies).
 */
export function checkMatrix(
  label: string,
  name: string,
  operand: MatrixOperand,
  rows: number,
  cols: number,
  extraElements = 0,
): { offset: number; stride: number } {
  const offset = operand.offset ?? 0;
  const stride = operand.stride ?? cols;
  checkCount(label, `${name} offset`, offset);
  if (!Number.isInteger(stride) || stride < cols) {
    throw new GpuError(`${label}: ${name} row stride must be an integer >= ${cols}, got ${stride}`);
  }
  const needed = rows === 0 || cols === 0 ? 0 : offset + extraElements + (rows - 1) * stride + cols;
  const shifted = extraElements ? ` (+${extraElements} at the last step)` : '';
  checkFits(label, name, operand.buffer, needed, `${rows}×${cols} at offset ${offset}${shifted}, stride ${stride}`);
  return { offset, stride };
}

/** Resolves a vector operand of `length` elements and checks that it fits its buffer. */
export function checkVector(label: string, name: string, operand: VectorOperand, length: number, extraElements = 0): number {
  const offset = operand.offset ?? 0;
  checkCount(label, `${name} offset`, offset);
  const shifted = extraElements ? ` (+${extraElements} at the last step)` : '';
  checkFits(label, name, operand.buffer, length === 0 ? 0 : offset + extraElements + length, `${length} values at offset ${offset}${shifted}`);
  return offset;
}

function checkFits(label: string, name: string, buffer: GPUBuffer, elements: number, what: string): void {
  if (elements * 4 > buffer.size) {
    throw new GpuError(`${label}: ${name} (${what}) needs ${elements * 4} bytes, its buffer "${buffer.label}" has ${buffer.size}`);
  }
}

/** Refuses a writable operand that shares its buffer with another operand of the same dispatch. */
export function checkNoAlias(
  label: string,
  writable: { name: string; buffer: GPUBuffer },
  others: readonly { name: string; buffer: GPUBuffer | undefined }[],
): void {
  for (const other of others) {
    if (other.buffer === writable.buffer) {
      throw new GpuError(
        `${label}: ${writable.name} must not share a buffer with ${other.name} (a writable binding may not alias another)`,
      );
    }
  }
}
