/** What the loaded model is: its architecture in words and numbers. */
import type { AppStore } from '../app/state.ts';
import { byId, h } from '../view/dom.ts';

export function mountModelPanel(store: AppStore): void {
  store.subscribe(() => render(store), ['loaded', 'load']);
}

const CELLS = { lstm: 'LSTM', gru: 'GRU', rnn_tanh: 'Elman RNN (tanh)', rnn_relu: 'Elman RNN (ReLU)' } as const;

function render(store: AppStore): void {
  const { loaded, load } = store.get();
  const panel = byId('model-info');
  if (!loaded) {
    panel.replaceChildren(h('p', { class: 'placeholder' }, load.phase === 'failed' ? 'No model.' : 'Loading…'));
    return;
  }
  const c = loaded.model.config;
  let parameters = 0;
  for (const tensor of loaded.model.weights.values()) parameters += tensor.length;
  panel.replaceChildren(
    h(
      'p',
      {},
      `${c.num_layers}-layer ${c.bidirectional ? 'bidirectional ' : ''}${CELLS[c.cell]} encoder, ${c.num_layers}-layer ${CELLS[c.cell]} decoder, ${c.attention === 'none' ? 'no attention' : `${c.attention} attention`}${c.input_feeding ? ' with input feeding' : ''}.`,
    ),
    h(
      'dl',
      { class: 'facts', id: 'model-facts' },
      h('dt', {}, 'model'),
      h('dd', {}, loaded.name),
      h('dt', {}, 'hidden size'),
      h('dd', {}, String(c.hidden_size)),
      h('dt', {}, 'embeddings'),
      h('dd', {}, String(c.embedding_dim)),
      h('dt', {}, 'vocabularies'),
      h('dd', {}, `${c.src_vocab_size} English, ${c.tgt_vocab_size} Spanish tokens`),
      h('dt', {}, 'parameters'),
      h('dd', {}, `${(parameters / 1e6).toFixed(2)} M (${(loaded.bytes / 2 ** 20).toFixed(1)} MiB file)`),
    ),
  );
}
