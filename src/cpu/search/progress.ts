/**
 * Streaming progress of the CPU reference (docs/decoding.md, "Progress"): the same shape as the
 * engine's ProgressListener, declared here because src/cpu does not import src/engine.
 */
export interface SearchProgress {
  sentence: number;
  /** Ids of the best hypothesis so far (prefix included, EOS excluded). */
  ids: number[];
}

export type SearchProgressListener = (progress: readonly SearchProgress[]) => void;

/** What a driver calls with the best ids so far of its one sentence. */
export type SentenceProgress = (ids: number[]) => void;

/** The reference reports after every chunk of this many steps (and at a sentence's end), like the GPU's readbacks. */
export const PROGRESS_CHUNK = 8;
