/**
 * Guidance around the input: what the loaded model covers, what of the typed sentence it does
 * not know (flagged while typing, before anything runs), and whether the translation shown is
 * stale because the sentence or an option changed since.
 */
import { type InputCheck, checkInput, modelCoverage } from '../app/coverage.ts';
import { staleReasons } from '../app/stale.ts';
import type { AppState, AppStore } from '../app/state.ts';
import { tokenizerOf } from '../../src/model/tokenizer/model-tokenizer.ts';
import { sourceTokensOf } from '../text/model-text.ts';
import { byId, fill, h } from '../view/dom.ts';

export interface GuideActions {
  translate(text: string): void;
}

export function mountInputGuide(store: AppStore, actions: GuideActions): void {
  const input = byId<HTMLInputElement>('source-input');
  const refresh = () => {
    const state = store.get();
    renderCoverage(state);
    renderCheck(state, input.value);
    renderStale(state, input.value, actions);
  };
  input.addEventListener('input', refresh);
  // A chip or the page handle sets the text without an input event: the run and busy updates that follow catch it.
  store.subscribe(refresh, ['loaded', 'choice', 'options', 'run', 'busy']);
}

/** The model's coverage in words; the typed text's fit to it. */
function coverageOf(state: Readonly<AppState>) {
  const model = state.loaded?.model;
  const vocab = model?.vocab;
  if (!model || !vocab) return undefined;
  return modelCoverage(state.choice, vocab.source.length, tokenizerOf(model)?.kind === 'tokenizer.json');
}

function renderCoverage(state: Readonly<AppState>): void {
  byId('coverage-note').textContent = coverageOf(state)?.description ?? '';
}

/** Same tokenisation as the translation's: the words flagged here are the ones it reads as unknown. */
function check(state: Readonly<AppState>, text: string): InputCheck | undefined {
  const model = state.loaded?.model;
  const coverage = coverageOf(state);
  const tokenizer = model && tokenizerOf(model);
  if (!tokenizer || !coverage) return undefined;
  return checkInput(sourceTokensOf(tokenizer, text, model.config.unk_id), coverage);
}

function renderCheck(state: Readonly<AppState>, text: string): void {
  const element = byId('input-check');
  const result = check(state, text);
  // An empty box is not a mistake while typing: the error comes if Translate is pressed.
  if (!result || result.level === 'ok' || result.level === 'empty') {
    element.hidden = true;
    element.dataset.level = result?.level ?? 'none';
    fill(element);
    return;
  }
  element.hidden = false;
  element.dataset.level = result.level;
  element.dataset.tokens = String(result.tokens);
  element.dataset.unknown = String(result.unknown.length);
  fill(element, ...result.messages.map((message) => h('p', {}, message)));
}

function renderStale(state: Readonly<AppState>, text: string, actions: GuideActions): void {
  const note = byId('stale-note');
  const output = byId('translate-output');
  const reasons = state.run && !state.busy ? staleReasons(state.run, text, state.options) : [];
  output.classList.toggle('stale', reasons.length > 0);
  note.hidden = reasons.length === 0;
  if (reasons.length === 0) {
    fill(note);
    return;
  }
  const again = h('button', { type: 'button', class: 'text-button', id: 'translate-again' }, 'Translate again');
  again.addEventListener('click', () => actions.translate(text));
  fill(note, h('strong', {}, 'Out of date. '), `Changed since this translation: ${reasons.join(', ')}. `, again);
}
