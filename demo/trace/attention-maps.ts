/**
 * The Transformer's attention maps as the page draws them: one head of one layer, or the heads'
 * average, taken out of a teacher-forced trace (src/cpu/transformer/trace.ts). The last decoder
 * layer's average over heads is the attention `translate --attention` reports.
 */
import type { TransformerTrace } from '../../src/cpu/transformer/trace.ts';

/** A layer's head, or the mean of its heads. */
export interface HeadChoice {
  layer: number;
  head: number | 'average';
}

/** Every choice for `layers` layers of `heads` heads, the last layer first (what the decoder's output reads). */
export function headChoices(layers: number, heads: number): HeadChoice[] {
  const choices: HeadChoice[] = [];
  for (let layer = layers - 1; layer >= 0; layer--) {
    choices.push({ layer, head: 'average' });
    for (let head = 0; head < heads; head++) choices.push({ layer, head });
  }
  return choices;
}

export function headKey(choice: HeadChoice): string {
  return `${choice.layer}:${choice.head}`;
}

export function parseHeadKey(key: string): HeadChoice {
  const [layer, head] = key.split(':');
  return { layer: Number(layer), head: head === 'average' ? 'average' : Number(head) };
}

export function headLabel(choice: HeadChoice, layers: number): string {
  const layer = `layer ${choice.layer + 1}${choice.layer === layers - 1 ? ' (last)' : ''}`;
  return choice.head === 'average' ? `${layer}: average of the heads` : `${layer}: head ${choice.head + 1}`;
}

/** A choice that exists in a model of `layers` × `heads` (a new model may have fewer): else `fallback`. */
export function validHead(choice: HeadChoice | undefined, layers: number, heads: number): HeadChoice {
  if (choice && choice.layer < layers && (choice.head === 'average' || choice.head < heads)) return choice;
  return { layer: layers - 1, head: 'average' };
}

/** The element-wise mean of equally long rows. */
export function averageRows(rows: readonly (readonly number[])[]): number[] {
  const out = new Array<number>(rows[0]?.length ?? 0).fill(0);
  for (const row of rows) row.forEach((value, i) => (out[i] += value / rows.length));
  return out;
}

/** `perHead[head]` is one head's row (or matrix row); picks the chosen one or averages them. */
function pick(perHead: readonly (readonly number[])[], head: HeadChoice['head']): number[] {
  return head === 'average' ? averageRows(perHead) : [...perHead[head]];
}

/** Cross-attention of the first `steps` decoder steps: [step][S]. */
export function crossAttentionRows(trace: TransformerTrace, choice: HeadChoice, steps: number): number[][] {
  return trace.steps.slice(0, steps).map((step) => pick(step.crossAttention[choice.layer], choice.head));
}

/** The encoder's self-attention of a layer: [query i][key j], S × S. */
export function encoderAttention(trace: TransformerTrace, choice: HeadChoice): number[][] {
  const layer = trace.encoderSelfAttention[choice.layer];
  const S = trace.source.length;
  return Array.from({ length: S }, (_, i) =>
    pick(
      layer.map((head) => head[i]),
      choice.head,
    ),
  );
}

/**
 * The decoder's self-attention over its cache up to step `step`: row t has t + 1 entries (the
 * positions cached by then), so the rows form a triangle that grows by one row and column a step.
 */
export function cacheAttentionRows(trace: TransformerTrace, choice: HeadChoice, step: number): number[][] {
  return trace.steps.slice(0, step + 1).map((s) => pick(s.selfAttention[choice.layer], choice.head));
}
