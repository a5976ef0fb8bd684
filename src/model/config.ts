/** The hyper-parameters of a model directory's config.json (docs/model-format.md). */
export type CellType = 'lstm' | 'gru' | 'rnn_tanh' | 'rnn_relu';
export type AttentionType = 'none' | 'dot' | 'general' | 'additive';

/** What every model format has: vocabulary sizes and the special ids. */
export interface SharedConfig {
  version: 1;
  src_vocab_size: number;
  tgt_vocab_size: number;
  pad_id: number;
  unk_id: number;
  bos_id: number;
  eos_id: number;
}

/** A recurrent encoder-decoder with optional attention ("format": "seq2seq-rnn"). */
export interface RnnConfig extends SharedConfig {
  format: 'seq2seq-rnn';
  cell: CellType;
  embedding_dim: number;
  hidden_size: number;
  num_layers: number;
  bidirectional: boolean;
  attention: AttentionType;
  input_feeding: boolean;
}

export type TransformerActivation = 'relu' | 'gelu';
export type PositionKind = 'sinusoidal' | 'learned';

/** An encoder-decoder Transformer as torch.nn.Transformer ("format": "seq2seq-transformer"). */
export interface TransformerConfig extends SharedConfig {
  format: 'seq2seq-transformer';
  /** D, divisible by num_heads. */
  d_model: number;
  num_heads: number;
  /** F: width of the feed-forward block's hidden layer. */
  ffn_dim: number;
  encoder_layers: number;
  decoder_layers: number;
  /** false: x = norm(x + f(x)) (post-norm); true: x = x + f(norm(x)). */
  norm_first: boolean;
  activation: TransformerActivation;
  positions: PositionKind;
  /** Rows of learned position tables; also the longest source and decoder input accepted. */
  max_positions: number;
  /** Token embeddings multiplied by √D before positions are added. */
  scale_embeddings: boolean;
  layer_norm_eps: number;
}

export type ModelConfig = RnnConfig | TransformerConfig;

export function isTransformerConfig(config: ModelConfig): config is TransformerConfig {
  return config.format === 'seq2seq-transformer';
}

/** Gates stacked in weight_ih / weight_hh rows: PyTorch order i,f,g,o (LSTM) and r,z,n (GRU). */
export function gateCount(cell: CellType): number {
  return cell === 'lstm' ? 4 : cell === 'gru' ? 3 : 1;
}

/** Units per encoder direction: H/2 when bidirectional so the concatenated outputs are H wide. */
export function encoderDirectionSize(config: RnnConfig): number {
  return config.bidirectional ? config.hidden_size / 2 : config.hidden_size;
}
