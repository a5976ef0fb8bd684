/**
 * `window.__unrollDemo`: a handle for scripts driving the page (the end-to-end test). `ready`
 * settles once the model is loaded and the backends started (or failed: then `error` says why);
 * `view()` reads what the page shows, from the page itself.
 */
import type { RunOptions } from './translate-run.ts';

export interface DemoReady {
  model: string;
  /** Set when the page could not load a model; the page shows the same message. */
  error?: string;
  backend?: 'gpu' | 'cpu';
  adapter?: { vendor: string; architecture: string; isSoftware: boolean };
}

export interface DemoView {
  /** The picker's value: "lstm", "transformer" or "url:<address>". */
  model: string;
  /** The translation as displayed, and the ids behind it. */
  translation: string;
  ids: number[];
  /** Which backend computed the displayed translation. */
  backend: string;
  nBest: string[];
  heatmap: { rows: number; columns: number; cells: number };
  /** The Transformer's chosen map ("layer:head" or "layer:average"); null for a recurrent model. */
  heatmapHead: string | null;
  /** "true" / "false" / "unavailable", from the comparison panel; null before it is done. */
  agree: string | null;
  comparison: string;
  /** A notice about this translation (the GPU could not run the search), or null. */
  notice: string | null;
  /** An error shown for the translation or the model, or null. */
  error: string | null;
  /** Per displayed output token, the source position it is aligned with (-1: none). */
  alignment: number[];
  /** How many partial translations were shown while the last translation decoded. */
  progress: number;
}

export interface DemoHandle {
  ready: Promise<DemoReady>;
  /** Resolves when every queued translation and its comparison are done. */
  idle(): Promise<void>;
  /** Picks a model as the picker does ("lstm", "transformer", "subword" or a model address) and waits for its translation. */
  pick(model: string): Promise<DemoReady>;
  /** Types `text` (and options), translates, and returns what the page then shows. */
  translate(text: string, options?: Partial<RunOptions>): Promise<DemoView>;
  view(): DemoView;
}

declare global {
  interface Window {
    __unrollDemo: DemoHandle;
  }
}

const text = (selector: string) => document.querySelector(selector)?.textContent?.trim() ?? '';

export function readView(): DemoView {
  const translation = document.getElementById('translation');
  const heatmap = document.querySelector<SVGSVGElement>('#heatmap svg.heatmap');
  const notice = document.getElementById('run-notice');
  const status = document.getElementById('load-status');
  return {
    model: document.querySelector<HTMLSelectElement>('#model-select')?.value ?? '',
    translation: translation?.textContent ?? '',
    ids: (translation?.dataset.ids ?? '')
      .split(' ')
      .filter((id) => id.length > 0)
      .map(Number),
    backend: translation?.dataset.backend ?? '',
    nBest: Array.from(document.querySelectorAll('#nbest-list .text'), (item) => item.textContent ?? ''),
    heatmap: {
      rows: Number(heatmap?.dataset.rows ?? 0),
      columns: Number(heatmap?.dataset.columns ?? 0),
      cells: document.querySelectorAll('#heatmap rect.cell').length,
    },
    heatmapHead: heatmap?.dataset.head ?? null,
    agree: document.querySelector<HTMLElement>('#comparison .verdict')?.dataset.agree ?? null,
    comparison: text('#comparison'),
    notice: notice && !notice.hidden ? notice.textContent : null,
    error: status && status.textContent ? status.textContent : null,
    alignment: Array.from(document.querySelectorAll<HTMLElement>('#translation .out-token'), (token) =>
      Number(token.dataset.source ?? -1),
    ),
    progress: Number(translation?.dataset.progress ?? 0),
  };
}
