/**
 * The model picker: the models bundled with the page (the LSTM, the Transformer, and the subword
 * Transformer when it was there at build time), and the one a `?model=` address named. A bundled
 * model that was missing at build time is listed, disabled, with the reason under the picker.
 */
import { type ModelChoice, choiceKey } from '../app/model-choice.ts';
import type { BundledOffer } from '../app/model-source.ts';
import type { AppStore } from '../app/state.ts';
import { byId, fill, h } from '../view/dom.ts';

export interface PickerActions {
  pick(choice: ModelChoice): void;
}

export function mountModelPicker(store: AppStore, offers: readonly BundledOffer[], actions: PickerActions): void {
  const select = byId<HTMLSelectElement>('model-select');
  const note = byId('model-note');
  const missing = offers.filter((offer) => offer.missing);
  fill(
    note,
    ...missing.map((offer) =>
      h(
        'span',
        { class: 'missing-model' },
        `The ${offer.label} is not offered: ${offer.missing}. Train it there and rebuild the page (npm run demo). `,
      ),
    ),
  );
  select.addEventListener('change', () => {
    const value = select.value;
    const offer = offers.find((candidate) => candidate.pick === value);
    const current = store.get().choice;
    if (offer) actions.pick({ kind: 'bundled', pick: offer.pick });
    else if (current?.kind === 'url') actions.pick(current);
  });
  store.subscribe(
    (state) => {
      const options = offers.map((offer) =>
        h(
          'option',
          { value: offer.pick, disabled: offer.missing !== undefined },
          `${offer.label} (${offer.name})${offer.missing ? ': not bundled' : ''}`,
        ),
      );
      if (state.choice?.kind === 'url') {
        options.push(h('option', { value: choiceKey(state.choice) }, `the model at ${state.choice.url}`));
      }
      fill(select, ...options);
      if (state.choice) select.value = choiceKey(state.choice);
      // One model at a time: no new pick while one loads or a translation runs.
      select.disabled = state.load.phase === 'loading' || state.busy;
    },
    ['choice', 'load', 'busy'],
  );
}
