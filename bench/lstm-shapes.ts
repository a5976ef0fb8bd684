/**
 * The LSTM encoder shapes the benchmark runs, and the one-layer LSTM model each is run on: the
 * same random weights go to the engine (GPU and CPU), TensorFlow.js and ONNX Runtime.
 */
import { defaultConfig, randomModel, seededRandom } from '../src/model/random-model.ts';
import type { RnnModel } from '../src/model/model.ts';

export interface LstmShape {
  /** Batch B, length T (every sentence full length), embedding E, hidden H. */
  batch: number;
  length: number;
  embedding: number;
  hidden: number;
}

export const SMALL_LSTM: LstmShape = { batch: 8, length: 32, embedding: 128, hidden: 256 };
/** Latency: one sentence at a time, the small shape otherwise. */
export const LATENCY_LSTM: LstmShape = { batch: 1, length: 32, embedding: 128, hidden: 256 };
export const LARGE_LSTM: LstmShape = { batch: 16, length: 64, embedding: 256, hidden: 512 };

export const shapeName = (s: LstmShape) => `B=${s.batch} T=${s.length} E=${s.embedding} H=${s.hidden}`;

/** Source vocabulary of the benchmark model: only the embedding table's size depends on it. */
const VOCAB = 1000;

/** A one-layer unidirectional LSTM encoder (the decoder part is unused) with PyTorch-like init. */
export function lstmModel(shape: LstmShape): RnnModel {
  const config = defaultConfig({
    cell: 'lstm',
    src_vocab_size: VOCAB,
    tgt_vocab_size: 16,
    embedding_dim: shape.embedding,
    hidden_size: shape.hidden,
  });
  return randomModel(config, 7, 1 / Math.sqrt(shape.hidden));
}

/** B full-length sources of ids in [4, VOCAB), the same on every backend. */
export function lstmSources(shape: LstmShape): number[][] {
  const random = seededRandom(11);
  return Array.from({ length: shape.batch }, () =>
    Array.from({ length: shape.length }, () => 4 + Math.floor(random() * (VOCAB - 4))),
  );
}
