/**
 * What the encoder's and the decoder's weight uploads share: the rearrangements done once on the
 * CPU (transposes, concatenations) and an upload that frees everything it made if a later step fails.
 */
import { createStorageBuffer } from './buffers.ts';

/** The transpose of a row-major [rows × cols] matrix. */
export function transposeMatrix(matrix: Float32Array, rows: number, cols: number): Float32Array {
  if (matrix.length !== rows * cols)
    throw new Error(`transposeMatrix: ${matrix.length} values are not ${rows}×${cols}`);
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) out[c * rows + r] = matrix[r * cols + c];
  }
  return out;
}

/** The arrays laid end to end. */
export function concatenate(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Creates a storage buffer labelled `${prefix} ${label}` holding `data`. */
export type Upload = (label: string, data: Float32Array) => GPUBuffer;

/**
 * Runs `build` with an `upload` for storage buffers and adds a `dispose` that destroys all of them
 * (idempotent). If `build` throws, the buffers uploaded so far are destroyed before the error goes on.
 */
export function uploadWeights<T extends object>(
  device: GPUDevice,
  prefix: string,
  build: (upload: Upload) => T,
): T & { dispose(): void } {
  const created: GPUBuffer[] = [];
  const destroyAll = () => {
    for (const buffer of created.splice(0)) buffer.destroy();
  };
  try {
    const built = build((label, data) => {
      const buffer = createStorageBuffer(device, `${prefix} ${label}`, data);
      created.push(buffer);
      return buffer;
    });
    return { ...built, dispose: destroyAll };
  } catch (error) {
    destroyAll();
    throw error;
  }
}
