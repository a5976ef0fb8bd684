/** Translates a parallel split with a runner and scores it: exact match and corpus BLEU. */
import type { Seq2SeqRunner } from '../../src/engine/runner.ts';
import type { Vocabulary } from '../../src/model/model.ts';
import { decodeIds, encodeTokens } from '../../src/model/vocab.ts';
import { type BleuResult, corpusBleu } from './bleu.ts';

export interface EvaluationResult {
  sentences: number;
  exactMatches: number;
  /** Percent of sentences translated exactly as the reference. */
  exactMatch: number;
  bleu: BleuResult;
  hypotheses: string[][];
  seconds: number;
}

export interface EvaluationOptions {
  beam: number;
  batchSize?: number;
  /** Called after each batch with the number of sentences done. */
  progress?: (done: number) => void;
}

export async function evaluateRunner(
  runner: Seq2SeqRunner,
  vocab: Vocabulary,
  unkId: number,
  sources: readonly string[][],
  references: readonly string[][],
  options: EvaluationOptions,
): Promise<EvaluationResult> {
  const started = performance.now();
  const batchSize = options.batchSize ?? 32;
  const hypotheses: string[][] = [];
  for (let i = 0; i < sources.length; i += batchSize) {
    const ids = sources.slice(i, i + batchSize).map((tokens) => encodeTokens(tokens.join(' '), vocab.source, unkId));
    const results = await runner.translate(ids, { beam: options.beam });
    for (const nBest of results) hypotheses.push(nBest.length > 0 ? decodeIds(nBest[0].ids, vocab.target) : []);
    options.progress?.(hypotheses.length);
  }
  const exactMatches = hypotheses.filter((h, i) => h.join(' ') === references[i].join(' ')).length;
  return {
    sentences: sources.length,
    exactMatches,
    exactMatch: sources.length > 0 ? (100 * exactMatches) / sources.length : 0,
    bleu: corpusBleu(hypotheses, references),
    hypotheses,
    seconds: (performance.now() - started) / 1000,
  };
}
