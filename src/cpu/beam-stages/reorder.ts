/**
 * CPU twins of `beam_reorder` (shaders/beam_search.wgsl), run twice per step: mode 0 (gather)
 * copies every row's decoder state and input feed from its parent's row into `spare`, mode 1
 * (copy back) returns them, so that no row is overwritten before it is read.
 *
 * Only the parity half this step's cells wrote (1 − t % 2) moves: state[parity][block][n][j],
 * blocks = state slots × layers ([N × H] each); then h̃ [N × H] when it is fed back. `spare` holds
 * the same blocks in the same order.
 */
import { type BeamStageLayout, type BeamStageShape, BeamWords } from './words.ts';

export interface BeamReorderSpec {
  readonly shape: BeamStageShape;
  readonly layout: BeamStageLayout;
  /** H. */
  readonly hidden: number;
  /** [N × H] blocks in one parity of the decoder state: slots · layers. */
  readonly stateBlocks: number;
  /** Whether h̃ follows its parent too (input feeding). */
  readonly inputFeeding: boolean;
}

function regionCount(spec: BeamReorderSpec): number {
  return spec.stateBlocks + (spec.inputFeeding ? 1 : 0);
}

export interface BeamGatherInput {
  /** Read for the parents of step t. */
  readonly beams: Uint32Array;
  /** [2 × stateBlocks × N × H]. */
  readonly state: Float32Array;
  /** h̃ [N × H]. */
  readonly feed: Float32Array;
  readonly spare: Float32Array;
  readonly t: number;
}

/**
 * Mode 0: `spare` after the gather. Row n = b·K + k reads row b·K + parent, its parent clamped to
 * K − 1 as the shader guards it.
 */
export function beamGather(spec: BeamReorderSpec, input: BeamGatherInput): Float32Array<ArrayBuffer> {
  const words = new BeamWords(spec.shape, spec.layout);
  const K = spec.shape.beam;
  const N = words.rows;
  const H = spec.hidden;
  const written = 1 - (input.t % 2);
  const spare = Float32Array.from(input.spare);
  for (let n = 0; n < N; n++) {
    const parent = Math.min(input.beams[words.parents(input.t, n)], K - 1);
    const source = Math.floor(n / K) * K + parent;
    for (let region = 0; region < regionCount(spec); region++) {
      for (let j = 0; j < H; j++) {
        spare[(region * N + n) * H + j] =
          region < spec.stateBlocks
            ? input.state[((written * spec.stateBlocks + region) * N + source) * H + j]
            : input.feed[source * H + j];
      }
    }
  }
  return spare;
}

export interface BeamCopyBackInput {
  readonly state: Float32Array;
  readonly feed: Float32Array;
  readonly spare: Float32Array;
  readonly t: number;
}

/** Mode 1: the state and input feed after the copy back of `spare`. */
export function beamCopyBack(
  spec: BeamReorderSpec,
  input: BeamCopyBackInput,
): { state: Float32Array<ArrayBuffer>; feed: Float32Array<ArrayBuffer> } {
  const N = spec.shape.sentences * spec.shape.beam;
  const H = spec.hidden;
  const written = 1 - (input.t % 2);
  const state = Float32Array.from(input.state);
  const feed = Float32Array.from(input.feed);
  for (let region = 0; region < regionCount(spec); region++) {
    const rows = input.spare.subarray(region * N * H, (region + 1) * N * H);
    if (region < spec.stateBlocks) state.set(rows, (written * spec.stateBlocks + region) * N * H);
    else feed.set(rows);
  }
  return { state, feed };
}
