/** The input form, examples, decoding options, and the output: translation and n-best list. */
import { lastFrame } from '../app/selection.ts';
import type { AppStore } from '../app/state.ts';
import { byId, fill, formatMs, formatNumber, h } from '../view/dom.ts';

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
    store.update({ options: { beam, nBest: Math.min(store.get().options.nBest, beam) } });
    fillNBest();
  });
  nBestSelect.addEventListener('change', () => {
    store.update({ options: { ...store.get().options, nBest: Number(nBestSelect.value) } });
  });

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
        fill(
          status,
          h('strong', {}, 'The model could not be loaded. '),
          state.load.message,
          state.load.hint ? h('p', { class: 'hint' }, state.load.hint) : null,
        );
      } else if (state.runError) fill(status, h('strong', {}, 'Translation failed: '), state.runError);
      else fill(status);
    },
    ['load', 'busy', 'runError'],
  );

  store.subscribe(() => renderOutput(store), ['run', 'selected']);
}

function renderOutput(store: AppStore): void {
  const { run, selected } = store.get();
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
  translation.textContent = shown ? shown.text || '(empty translation)' : '(no translation)';
  translation.dataset.ids = shown ? shown.ids.join(' ') : '';
  translation.dataset.backend = run.shown.backend;

  const pill = byId('shown-backend');
  pill.textContent = run.shown.backend === 'gpu' ? 'computed on the GPU' : 'computed on the CPU';
  pill.dataset.backend = run.shown.backend;
  const time = run.shown.backend === 'gpu' ? run.gpu?.ms : run.cpu.ms;
  byId('translate-time').textContent = time === undefined ? '' : `in ${formatMs(time)}`;

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
