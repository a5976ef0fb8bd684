/**
 * What the recurrent kernels (shaders/rnn_step.wgsl for the encoder, cell_update.wgsl for the
 * decoder) share: the CELL override that picks the cell; and the encoder's block of rows per invocation.
 */
import { GpuError } from '../../errors.ts';
import type { CellType } from '../../model/config.ts';
import type { KernelPipeline } from '../kernel.ts';

/** The CELL override (CELL_LSTM... of shaders/lib/cells.wgsl) for each cell type. */
export const CELL_CODES: Readonly<Record<CellType, number>> = { lstm: 0, gru: 1, rnn_tanh: 2, rnn_relu: 3 };

/** The cell type a recurrent pipeline was compiled for. */
export function pipelineCell(compiled: KernelPipeline): CellType {
  const cell = (Object.keys(CELL_CODES) as CellType[]).find((type) => CELL_CODES[type] === compiled.overrides.CELL);
  if (!cell)
    throw new GpuError(`kernel "${compiled.kernel.name}": the pipeline has no CELL override of a known cell type`);
  return cell;
}

/**
 * Rows (sentences of the encoder, rows of the decoder) one invocation steps together, sharing its
 * weight reads (the shaders' BATCH_BLOCK and ROW_BLOCK): the smallest of 1, 2, 4 and 8 that holds
 * them, else 8. Each size is its own pipeline.
 */
export function rowBlock(rows: number): 1 | 2 | 4 | 8 {
  return rows <= 1 ? 1 : rows <= 2 ? 2 : rows <= 4 ? 4 : 8;
}

/** Refuses a pipeline compiled for another row block than `rows` needs. */
export function checkRowBlock(label: string, compiled: KernelPipeline, override: string, rows: number): void {
  const block = rowBlock(rows);
  if (compiled.overrides[override] !== block) {
    throw new GpuError(
      `${label}: ${rows} rows need the pipeline with ${override} ${block}, got ${compiled.overrides[override]}`,
    );
  }
}
