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
  const architecture =
    c.format === 'seq2seq-transformer'
      ? `Transformer: ${c.encoder_layers}-layer encoder, ${c.decoder_layers}-layer decoder, ${c.num_heads} heads, ${c.norm_first ? 'pre-norm' : 'post-norm'}, ${c.activation.toUpperCase()}, ${c.positions} positions.`
      : `${c.num_layers}-layer ${c.bidirectional ? 'bidirectional ' : ''}${CELLS[c.cell]} encoder, ${c.num_layers}-layer ${CELLS[c.cell]} decoder, ${c.attention === 'none' ? 'no attention' : `${c.attention} attention`}${c.input_feeding ? ' with input feeding' : ''}.`;
  const sizes =
    c.format === 'seq2seq-transformer'
      ? [
          h('dt', {}, 'model width'),
          h('dd', {}, String(c.d_model)),
          h('dt', {}, 'feed-forward'),
          h('dd', {}, String(c.ffn_dim)),
        ]
      : [
          h('dt', {}, 'hidden size'),
          h('dd', {}, String(c.hidden_size)),
          h('dt', {}, 'embeddings'),
          h('dd', {}, String(c.embedding_dim)),
        ];
  const what =
    c.format === 'seq2seq-transformer'
      ? 'Attention all the way: the encoder reads every source word at once through self-attention, and the decoder writes one word per step, keeping the keys and values of the words it has read in a cache that grows by one entry a step.'
      : 'A recurrent encoder–decoder: the encoder reads the source one word at a time and keeps a state per word; the decoder writes one word per step from its own state and its attention over those kept states.';
  panel.replaceChildren(
    h('p', { id: 'model-what' }, what),
    h('p', {}, architecture),
    h(
      'dl',
      { class: 'facts', id: 'model-facts' },
      h('dt', {}, 'model'),
      h('dd', {}, loaded.name),
      ...sizes,
      h('dt', {}, 'vocabularies'),
      h('dd', {}, `${c.src_vocab_size} English, ${c.tgt_vocab_size} Spanish tokens`),
      h('dt', {}, 'parameters'),
      h('dd', {}, `${(parameters / 1e6).toFixed(2)} M (${(loaded.bytes / 2 ** 20).toFixed(1)} MiB file)`),
    ),
  );
}
