/** The best next words of one decoder step along the followed path, with what the beam kept: either model family. */
import type { TranslationRun } from '../app/translate-run.ts';
import type { Expansion, TracedHypothesis } from '../trace/decode-trace.ts';
import { formatNumber, h } from '../view/dom.ts';

export function candidates(
  view: { run: TranslationRun; traced: TracedHypothesis; vocab: string[] },
  step: number,
): HTMLElement {
  const expansion: Expansion = view.run.decode.expansions[view.traced.path[step]];
  const chosen = view.traced.generated[step];
  const beam = view.run.options.beam;
  const kept = new Set(expansion.children.keys());
  const best = Math.exp(expansion.candidates[0]?.logProb ?? 0);
  return h(
    'div',
    { class: 'candidate-list' },
    h('div', { class: 'bars-title' }, `step ${step + 1}: best next words`),
    beam > 1
      ? h(
          'div',
          { class: 'muted small' },
          `this hypothesis is number ${expansion.rank + 1} of the beam (width ${beam})`,
        )
      : null,
    ...expansion.candidates.map((candidate) => {
      const p = Math.exp(candidate.logProb);
      const classes = ['candidate'];
      if (candidate.token === chosen) classes.push('chosen');
      else if (kept.has(candidate.token)) classes.push('kept');
      return h(
        'div',
        { class: classes.join(' '), title: `log p = ${formatNumber(candidate.logProb)}` },
        h('span', { class: 'candidate-word' }, view.vocab[candidate.token]),
        h(
          'span',
          { class: 'bar-track' },
          h('span', { class: 'bar-fill', style: `width:${Math.max(1, (p / best) * 100).toFixed(1)}%` }),
        ),
        h('span', { class: 'bar-value' }, p >= 0.001 ? `${(p * 100).toFixed(1)}%` : formatNumber(p)),
      );
    }),
    h(
      'div',
      { class: 'legend small' },
      h('span', { class: 'swatch chosen' }),
      ' written',
      beam > 1 ? h('span', { class: 'swatch kept' }) : null,
      beam > 1 ? ' also kept in the beam' : null,
    ),
  );
}
