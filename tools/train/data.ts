/** The parallel corpus as token ids, its vocabularies, and length-bucketed batches. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rng } from '../corpus/rng.ts';
import { tf } from './tf.ts';
import type { BatchTensors } from './network.ts';

const SPECIAL_TOKENS = ['<pad>', '<unk>', '<s>', '</s>'] as const;
export const PAD_ID = 0;
export const UNK_ID = 1;
export const BOS_ID = 2;
export const EOS_ID = 3;

export interface ParallelTokens {
  source: string[][];
  target: string[][];
}

export async function readSplit(
  dir: string,
  split: string,
  sourceLang = 'en',
  targetLang = 'es',
): Promise<ParallelTokens> {
  const read = async (lang: string) =>
    (await readFile(join(dir, `${split}.${lang}`), 'utf8'))
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => line.split(' '));
  const [source, target] = await Promise.all([read(sourceLang), read(targetLang)]);
  if (source.length !== target.length)
    throw new Error(`${split}: ${source.length} source lines but ${target.length} target lines`);
  return { source, target };
}

/** The special tokens, then every token of the data by falling frequency (ties in code-point order). */
export function buildVocabulary(sentences: readonly string[][]): string[] {
  const counts = new Map<string, number>();
  for (const sentence of sentences) for (const token of sentence) counts.set(token, (counts.get(token) ?? 0) + 1);
  for (const special of SPECIAL_TOKENS) counts.delete(special);
  const tokens = [...counts.keys()].sort((a, b) => counts.get(b)! - counts.get(a)! || (a < b ? -1 : a > b ? 1 : 0));
  return [...SPECIAL_TOKENS, ...tokens];
}

export function toIds(sentence: readonly string[], index: ReadonlyMap<string, number>): number[] {
  return sentence.map((token) => index.get(token) ?? UNK_ID);
}

export function tokenIndex(vocabulary: readonly string[]): Map<string, number> {
  return new Map(vocabulary.map((token, id) => [token, id]));
}

export interface IdPair {
  source: number[];
  target: number[];
}

/** A batch on the host, time-major, before it becomes tensors. */
export interface HostBatch {
  size: number;
  sourceLength: number;
  targetLength: number;
  source: Int32Array;
  targetIn: Int32Array;
  targetOut: Int32Array;
  mask: Float32Array;
  tokens: number;
}

/** Packs pairs of one source length into a time-major batch; targets padded to the longest + EOS. */
export function packBatch(pairs: readonly IdPair[]): HostBatch {
  const size = pairs.length;
  const sourceLength = pairs[0].source.length;
  if (pairs.some((p) => p.source.length !== sourceLength)) throw new Error('a batch must have one source length');
  const targetLength = Math.max(...pairs.map((p) => p.target.length)) + 1;
  const source = new Int32Array(sourceLength * size);
  const targetIn = new Int32Array(targetLength * size).fill(PAD_ID);
  const targetOut = new Int32Array(targetLength * size).fill(PAD_ID);
  const mask = new Float32Array(targetLength * size);
  let tokens = 0;
  pairs.forEach((pair, b) => {
    pair.source.forEach((id, t) => (source[t * size + b] = id));
    const input = [BOS_ID, ...pair.target];
    const output = [...pair.target, EOS_ID];
    for (let t = 0; t < output.length; t++) {
      targetIn[t * size + b] = input[t];
      targetOut[t * size + b] = output[t];
      mask[t * size + b] = 1;
    }
    tokens += output.length;
  });
  return { size, sourceLength, targetLength, source, targetIn, targetOut, mask, tokens };
}

/** Shuffled batches of at most `batchSize` pairs that share a source length, in shuffled order. */
export function makeBatches(pairs: readonly IdPair[], batchSize: number, rng: Rng): HostBatch[] {
  const byLength = new Map<number, IdPair[]>();
  for (const pair of pairs) {
    const group = byLength.get(pair.source.length) ?? [];
    group.push(pair);
    byLength.set(pair.source.length, group);
  }
  const batches: HostBatch[] = [];
  for (const length of [...byLength.keys()].sort((a, b) => a - b)) {
    const group = rng.shuffle([...byLength.get(length)!]);
    for (let i = 0; i < group.length; i += batchSize) batches.push(packBatch(group.slice(i, i + batchSize)));
  }
  return rng.shuffle(batches);
}

export function batchTensors(batch: HostBatch): BatchTensors {
  return {
    size: batch.size,
    sourceLength: batch.sourceLength,
    targetLength: batch.targetLength,
    source: tf.tensor1d(batch.source, 'int32'),
    targetIn: tf.tensor1d(batch.targetIn, 'int32'),
    targetOut: tf.tensor1d(batch.targetOut, 'int32'),
    mask: tf.tensor1d(batch.mask, 'float32'),
    tokens: batch.tokens,
  };
}

export function disposeBatch(batch: BatchTensors): void {
  tf.dispose([batch.source, batch.targetIn, batch.targetOut, batch.mask]);
}
