/**
 * The input form, examples, decoding options, and the output: the translation (growing while it
 * decodes; hover a word to light up the source word it is aligned with) and the n-best list.
 */
import { loadFailureHint } from '../app/model-choice.ts';
import { lastFrame } from '../app/selection.ts';
import type { AppStore } from '../app/state.ts';
import type { RunOptions, ShownHypothesis, TranslationRun } from '../app/translate-run.ts';
import type { Model } from '../../src/model/model.ts';
import { tokenizerOf } from '../../src/model/tokenizer/model-tokenizer.ts';
import { targetPieces } from '../text/model-text.ts';
import { detokenize, glued } from '../text/tokenize.ts';
import { byId, fill, formatMs, formatNumber, h } from '../view/dom.ts';
import { mountInputGuide } from './input-guide.ts';

const BEAM_CHOICES = [1, 2, 3, 4, 5, 6, 8];

export interface TranslateActions {
  translate(text: string): void;
}

export function mountTranslatePanel(store: AppStore, actions: TranslateActions): void {
  const form = byId<HTMLFormElement>('translate-form');
  const input = byId<HTMLInputElement>('source-input');
  const button = byId<HTMLButtonElement>('translate-button');
  const beamSelect = byId<HTMLSelectElement>('beam-select');
  const nBestSelect = byId<HTMLSelectElement>('nbest-select');

  for (const beam of BEAM_CHOICES) beamSelect.append(h('option', { value: beam }, String(beam)));
  const fillNBest = () => {
    const { beam, nBest } = store.get().options;
    fill(nBestSelect, ...Array.from({ length: beam }, (_, i) => h('option', { value: i + 1 }, String(i + 1))));
    beamSelect.value = String(beam);
    nBestSelect.value = String(Math.min(nBest, beam));
  };
  fillNBest();
  beamSelect.addEventListener('change', () => {
    const beam = Number(beamSelect.value);
    const current = store.get().options;
    store.update({ options: { ...current, beam, nBest: Math.min(current.nBest, beam) } });
    fillNBest();
  });
  nBestSelect.addEventListener('change', () => {
    store.update({ options: { ...store.get().options, nBest: Number(nBestSelect.value) } });
  });

  mountMoreOptions(store);
  mountInputGuide(store, actions);

  // Options may also be set from outside the form (the page handle).
  store.subscribe(fillNBest, ['options']);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    actions.translate(input.value);
  });

  store.subscribe(
    (state) => {
      byId('examples').replaceChildren(
        ...state.examples.map((example) => {
          const chip = h('button', { type: 'button', class: 'chip' }, example);
          chip.addEventListener('click', () => {
            input.value = example;
            actions.translate(example);
          });
          return chip;
        }),
      );
    },
    ['examples'],
  );

  store.subscribe(
    (state) => {
      const ready = state.load.phase === 'ready';
      button.disabled = !ready || state.busy;
      button.textContent = state.busy ? 'Translating…' : 'Translate';
      const status = byId('load-status');
      status.dataset.phase = state.load.phase;
      if (state.load.phase === 'loading') fill(status, h('span', { class: 'spinner' }), ` ${state.load.detail}`);
      else if (state.load.phase === 'failed') {
        const hint = loadFailureHint(state.choice, state.load.hint);
        fill(
          status,
          h('strong', {}, 'The model could not be loaded. '),
          state.load.message,
          hint ? h('p', { class: 'hint' }, hint) : null,
        );
      } else if (state.runError) fill(status, h('strong', {}, 'Translation failed: '), state.runError);
      else fill(status);
    },
    ['load', 'busy', 'runError', 'choice'],
  );

  store.subscribe(() => renderOutput(store), ['run', 'selected']);
  store.subscribe(renderPartial, ['partial']);
}

/** The prefix, n-gram blocking, coverage, unknown replacement and sampling controls, two-way with the store. */
function mountMoreOptions(store: AppStore): void {
  const prefix = byId<HTMLInputElement>('prefix-input');
  const noRepeat = byId<HTMLInputElement>('no-repeat-input');
  const coverage = byId<HTMLInputElement>('coverage-input');
  const replace = byId<HTMLInputElement>('replace-unknowns');
  const sample = byId<HTMLInputElement>('sampling-toggle');
  const topK = byId<HTMLInputElement>('topk-input');
  const topP = byId<HTMLInputElement>('topp-input');
  const temperature = byId<HTMLInputElement>('temperature-input');
  const seed = byId<HTMLInputElement>('seed-input');
  const beamSelect = byId<HTMLSelectElement>('beam-select');
  const nBestSelect = byId<HTMLSelectElement>('nbest-select');
  // A number field's value within [min, max]; an empty or bad field counts as `otherwise`.
  const numberOf = (input: HTMLInputElement, otherwise: number, integer = false) => {
    const value = Number(input.value);
    if (input.value.trim() === '' || !Number.isFinite(value)) return otherwise;
    const within = Math.min(Math.max(value, Number(input.min || -Infinity)), Number(input.max || Infinity));
    return integer ? Math.round(within) : within;
  };
  const read = (): Partial<RunOptions> => {
    const k = numberOf(topK, 0, true);
    return {
      prefix: prefix.value,
      noRepeatNgram: numberOf(noRepeat, 0, true),
      coveragePenalty: numberOf(coverage, 0),
      replaceUnknowns: replace.checked,
      sampling: sample.checked
        ? {
            ...(k > 0 ? { topK: k } : {}),
            topP: numberOf(topP, 1),
            temperature: numberOf(temperature, 1),
            seed: numberOf(seed, 0, true),
          }
        : undefined,
    };
  };
  for (const input of [prefix, noRepeat, coverage, replace, sample, topK, topP, temperature, seed]) {
    input.addEventListener('change', () => store.update({ options: { ...store.get().options, ...read() } }));
  }
  const show = () => {
    const options = store.get().options;
    if (document.activeElement !== prefix) prefix.value = options.prefix ?? '';
    noRepeat.value = String(options.noRepeatNgram ?? 0);
    coverage.value = String(options.coveragePenalty ?? 0);
    replace.checked = options.replaceUnknowns ?? false;
    sample.checked = options.sampling !== undefined;
    if (options.sampling) {
      topK.value = String(options.sampling.topK ?? 0);
      topP.value = String(options.sampling.topP ?? 1);
      temperature.value = String(options.sampling.temperature ?? 1);
      seed.value = String(options.sampling.seed ?? 0);
    }
    // Sampling draws one hypothesis: the beam and n-best do not apply.
    beamSelect.disabled = nBestSelect.disabled = options.sampling !== undefined;
    for (const input of [topK, topP, temperature, seed]) input.disabled = !sample.checked;
  };
  show();
  store.subscribe(show, ['options']);
}

/**
 * How long the reader waited (from the click to the result: the translation, the CPU reference's
 * run and the recording for the panels below), and the engine's own call within it.
 */
function renderTime(run: TranslationRun): void {
  const engine = run.shown.backend === 'gpu' ? run.gpu?.ms : run.cpu.ms;
  const who = run.shown.backend === 'gpu' ? 'the GPU’s translate() call' : 'the CPU reference’s translate() call';
  const element = byId('translate-time');
  element.title =
    'From pressing Translate to the result on the page. Besides the translation itself this includes the CPU ' +
    'reference’s run and the recording of every step for the panels below.';
  element.textContent =
    run.waitedMs === undefined
      ? engine === undefined
        ? ''
        : `${who}: ${formatMs(engine)}`
      : `answered in ${formatMs(run.waitedMs)}${engine === undefined ? '' : ` (${who}: ${formatMs(engine)})`}`;
}

/** The best hypothesis so far, while the translation decodes. */
function renderPartial(state: { partial?: string[]; loaded?: { model: Model } }): void {
  if (!state.partial) return;
  byId('translate-output').hidden = false;
  const translation = byId('translation');
  translation.classList.add('partial');
  // The model's tokenizer joins subword pieces; the word-level rules only when there is none.
  const tokenizer = state.loaded && tokenizerOf(state.loaded.model);
  translation.textContent = `${tokenizer ? tokenizer.detokenizeTarget(state.partial) : detokenize(state.partial)} …`;
}

/** One [space before, text] per output token, as the model's tokenizer writes them (subword pieces join up). */
function pieces(model: Model | undefined, shown: ShownHypothesis): [string, string][] {
  const tokenizer = model && tokenizerOf(model);
  if (!tokenizer) return glued(shown.tokens);
  // The ids decode to the hypothesis's text unless an unk token shows a typed word instead.
  return targetPieces(tokenizer, shown.tokens, shown.replaced.length === 0 ? shown.ids : undefined);
}

function renderOutput(store: AppStore): void {
  const { run, selected, loaded } = store.get();
  const output = byId('translate-output');
  if (!run) {
    output.hidden = true;
    return;
  }
  output.hidden = false;
  byId('source-tokens').replaceChildren(
    ...run.source.map((token) =>
      h(
        'span',
        {
          class: token.known ? 'token' : 'token unknown',
          title: token.known ? `id ${token.id}` : `"${token.typed}" is not in the vocabulary: read as ${token.token}`,
        },
        token.known ? token.token : `${token.typed} → ${token.token}`,
      ),
    ),
  );

  const shown = run.shown.hypotheses[selected] ?? run.shown.hypotheses[0];
  const translation = byId('translation');
  translation.classList.remove('partial');
  translation.dataset.progress = String(run.progress);
  // A subword hypothesis of special tokens only decodes to no text: as empty as no tokens.
  if (shown && shown.tokens.length > 0 && shown.text.length > 0) {
    // Each word aligned with a source word: hovering it lights that source token up.
    const sourceTokens = byId('source-tokens').children;
    translation.replaceChildren(
      ...pieces(loaded?.model, shown).flatMap(([glue, token], i) => {
        const position = shown.alignment?.[i] ?? -1;
        const replaced = shown.replaced.includes(i);
        const word = h(
          'span',
          {
            class: replaced ? 'out-token replaced' : 'out-token',
            'data-source': position,
            title: replaced ? `an unknown word: the source word it is aligned with, "${token}"` : '',
          },
          token,
        );
        const light = (on: boolean) => () => sourceTokens[position]?.classList.toggle('aligned', on);
        word.addEventListener('mouseenter', light(true));
        word.addEventListener('mouseleave', light(false));
        return glue ? [glue, word] : [word];
      }),
    );
  } else translation.textContent = shown ? '(empty translation)' : '(no translation)';
  // A long translation in the headline size fills a phone's screen several times over.
  translation.classList.toggle('long', (translation.textContent ?? '').length > 90);
  translation.dataset.ids = shown ? shown.ids.join(' ') : '';
  translation.dataset.backend = run.shown.backend;

  const pill = byId('shown-backend');
  pill.textContent = run.shown.backend === 'gpu' ? 'computed on the GPU' : 'computed on the CPU';
  pill.dataset.backend = run.shown.backend;
  renderTime(run);

  const notice = byId('run-notice');
  // Only when a GPU backend exists: without one the page-wide notice already explains the CPU fallback.
  const gpuFailed = run.gpuError !== undefined && store.get().backends?.gpu !== undefined;
  notice.hidden = !gpuFailed;
  notice.textContent = !gpuFailed
    ? ''
    : run.options.beam > 1
      ? `The GPU could not run this beam search (${run.gpuError}). Showing the CPU reference’s result instead.`
      : `The GPU failed on this input (${run.gpuError}). Showing the CPU reference’s result instead.`;

  const best = run.shown.hypotheses[0]?.score ?? 0;
  byId('nbest-list').replaceChildren(
    ...run.shown.hypotheses.map((hypothesis, i) => {
      // Bar length: probability relative to the best entry, exp(score − best).
      const relative = Math.exp(hypothesis.score - best);
      const item = h(
        'li',
        { class: i === selected ? 'selected' : '' },
        h(
          'button',
          { type: 'button', 'aria-pressed': i === selected },
          h('span', { class: 'rank' }, String(i + 1)),
          h('span', { class: 'text' }, hypothesis.text || '(empty)'),
          h(
            'span',
            { class: 'score', title: 'sum of the token log-probabilities (EOS included)' },
            h('span', { class: 'bar', style: `width:${(relative * 100).toFixed(1)}%` }),
            h('span', { class: 'value' }, `log p ${formatNumber(hypothesis.score)}`),
          ),
        ),
      );
      item
        .querySelector('button')
        ?.addEventListener('click', () => store.update({ selected: i, frame: lastFrame(run, i) }));
      return item;
    }),
  );
}
