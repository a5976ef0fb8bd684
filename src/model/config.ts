/** The hyper-parameters of a model directory's config.json (docs/model-format.md). */
export type CellType = 'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu';
export type AttentionType = 'none' | 'dot' | 'general' | 'additive';

export interface ModelConfig {
  format: 'seq2seq-rnn';
  version: 1;
  cell: CellType;
  src_vocab_size: number;
  tgt_vocab_size: number;
  embedding_dim: number;
  hidden_size: number;
  num_layers: number;
  bidirectional: boolean;
  attention: AttentionType;
  input_feeding: boolean;
  pad_id: number;
  unk_id: number;
  bos_id: number;
  eos_id: number;
}

/** Gates stacked in weight_ih / weight_hh rows: PyTorch order i,f,g,o (LSTM) and r,z,n (GRU). */
export function gateCount(cell: CellType): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/** Units per encoder direction: H/2 when bidirectional so the concatenated outputs are H wide. */
export function encoderDirectionSize(config: ModelConfig): number {
  return config.bidirectional ? config.hidden_size / 2 : config.hidden_size;
}
