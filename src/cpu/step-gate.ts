/**
 * CPU twin of shaders/step_gate.wgsl: the indirect dispatch arguments of a decoder step's kernels,
 * their full grids while the search goes on, else zeros.
 */

export interface StepGateFlags {
  /** flags[offset + i] for i < count are read. */
  readonly offset: number;
  readonly count: number;
  /**
   * true: greedy finished flags (the search goes on while one is 0); false: beam search live
   * counts (it goes on while one is not 0).
   */
  readonly goesOnWhileZero: boolean;
}

/** Whether the search goes on after the step that left `flags`. */
function searchGoesOn(flags: Uint32Array, spec: StepGateFlags): boolean {
  for (let i = 0; i < spec.count; i++) {
    if ((flags[spec.offset + i] === 0) === spec.goesOnWhileZero) return true;
  }
  return false;
}

/** The arguments the gate writes: `grids` (x, y, z per kernel) or zeros. */
export function stepGateArgs(flags: Uint32Array, spec: StepGateFlags, grids: Uint32Array): Uint32Array {
  return searchGoesOn(flags, spec) ? Uint32Array.from(grids) : new Uint32Array(grids.length);
}
