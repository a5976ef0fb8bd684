/**
 * The CPU reference's recorded run of one input, for either model family: the search with every
 * step kept (the tree, the candidates), and what the family has to show besides: the recurrent
 * encoder's states, or the Transformer's attention maps of every layer and head.
 */
import { CpuStepModel } from '../../src/cpu/reference-step-model.ts';
import { TransformerStepModel } from '../../src/cpu/transformer/reference.ts';
import { type TransformerTrace, traceTransformer } from '../../src/cpu/transformer/trace.ts';
import type { DecodeOptions } from '../../src/model/decoding.ts';
import { type Model, isTransformerModel } from '../../src/model/model.ts';
import { weightsByRole } from '../../src/model/weights-by-role.ts';
import { type DecodeTrace, traceDecode, traceSearch } from './decode-trace.ts';
import { type EncoderTrace, traceEncoder } from './encoder-trace.ts';

export interface TransformerDetail {
  family: 'transformer';
  encoderLayers: number;
  decoderLayers: number;
  heads: number;
  /** Every attention map of the target `ids` read after the source (teacher forcing); computed once per ids. */
  maps(ids: readonly number[]): TransformerTrace;
}

export type RunDetail = { family: 'rnn'; encoder: EncoderTrace } | TransformerDetail;

export interface ModelTracer {
  eosId: number;
  trace(source: number[], options: DecodeOptions): { decode: DecodeTrace; detail: RunDetail };
}

export function createTracer(model: Model): ModelTracer {
  if (!isTransformerModel(model)) {
    const stepModel = new CpuStepModel(model);
    const weights = weightsByRole(model);
    return {
      eosId: stepModel.eosId,
      trace: (source, options) => ({
        decode: traceDecode(stepModel, source, options),
        detail: { family: 'rnn', encoder: traceEncoder(weights, source) },
      }),
    };
  }
  const stepModel = new TransformerStepModel(model);
  const c = model.config;
  return {
    eosId: stepModel.eosId,
    trace(source, options) {
      // Each n-best entry the page shows asks for its maps; a pass per entry, only when asked.
      const cache = new Map<string, TransformerTrace>();
      const maps = (ids: readonly number[]) => {
        const key = ids.join(' ');
        let trace = cache.get(key);
        if (!trace) {
          trace = traceTransformer(model, source, [...ids]);
          cache.set(key, trace);
        }
        return trace;
      };
      return {
        // The Transformer's state is its key/value cache: the step-through draws it from the maps.
        decode: traceSearch(stepModel, source, options, () => []),
        detail: {
          family: 'transformer',
          encoderLayers: c.encoder_layers,
          decoderLayers: c.decoder_layers,
          heads: c.num_heads,
          maps,
        },
      };
    },
  };
}
