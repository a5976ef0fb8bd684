/** What the page knows at any moment; every panel draws from it. */
import type { LoadedModel } from './model-source.ts';
import type { Backends } from './backends.ts';
import type { ComparisonResult } from './comparison.ts';
import type { HeadChoice } from '../trace/attention-maps.ts';
import type { ModelChoice } from './model-choice.ts';
import { createStore, type Store } from './store.ts';
import type { RunOptions, TranslationRun } from './translate-run.ts';

export type LoadStatus =
  { phase: 'loading'; detail: string } | { phase: 'ready' } | { phase: 'failed'; message: string; hint?: string };

export type ComparisonState =
  | { phase: 'none' }
  | { phase: 'running' }
  | { phase: 'done'; result: ComparisonResult }
  | { phase: 'unavailable'; reason: string }
  | { phase: 'failed'; message: string };

export interface AppState {
  load: LoadStatus;
  /** The model asked for (picker and address); undefined when nothing was bundled and none was asked. */
  choice?: ModelChoice;
  loaded?: LoadedModel;
  backends?: Backends;
  examples: string[];
  options: RunOptions;
  /** A translation is in progress. */
  busy: boolean;
  /** While a translation decodes: the tokens of its best hypothesis so far. */
  partial?: string[];
  run?: TranslationRun;
  runError?: string;
  comparison: ComparisonState;
  /** Index of the n-best entry the heatmap, step-through and tree follow. */
  selected: number;
  /** Step-through frame; frames are listed by trace/frames.ts. */
  frame: number;
  /** Transformer: the cross-attention map shown (heatmap and step-through); undefined = last layer's average. */
  crossHead?: HeadChoice;
  /** Transformer: the encoder self-attention map shown; undefined = last layer's average. */
  encoderHead?: HeadChoice;
}

export type AppStore = Store<AppState>;

export function createAppStore(): AppStore {
  return createStore<AppState>({
    load: { phase: 'loading', detail: 'starting' },
    examples: [],
    options: { beam: 4, nBest: 3 },
    busy: false,
    comparison: { phase: 'none' },
    selected: 0,
    frame: 0,
  });
}
