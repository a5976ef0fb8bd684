/**
 * The unrolling, frame by frame: the encoder cell moving over the source (every state kept),
 * then the decoder's steps along the chosen hypothesis, with its attention over the kept
 * states and its best candidates. The states come from the CPU reference's recorded run.
 */
import { decoderStartFrame, followedPath, lastFrame } from '../app/selection.ts';
import type { AppStore } from '../app/state.ts';
import type { TranslationRun } from '../app/translate-run.ts';
import type { TracedHypothesis } from '../trace/decode-trace.ts';
import type { EncoderTrace } from '../trace/encoder-trace.ts';
import { type Frame, encoderFrameIndex, listFrames } from '../trace/frames.ts';
import { byId, formatNumber, h, s, tooltip } from '../view/dom.ts';
import { fitOrScroll } from '../view/fit.ts';
import { type IconName, icon } from '../view/icons.ts';
import { scrollCue } from '../view/scroll-cue.ts';
import { stateImage } from '../view/state-image.ts';
import { PLAY_SPEEDS, nextSpeed, stepKeyAction } from '../view/step-keys.ts';
import { keepLabelsInView, placeStickyLabels } from '../view/sticky.ts';
import { candidates } from './candidates.ts';
import { renderTransformerFrame } from './transformer-steps.ts';

const COLUMN = 64;
const LEFT = 104;

interface View {
  run: TranslationRun;
  encoder: EncoderTrace;
  traced: TracedHypothesis;
  exact: boolean;
  frames: Frame[];
  vocab: string[];
}

export function mountStepThroughPanel(store: AppStore): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  let frameMs: number = PLAY_SPEEDS[0].ms;
  const controls = byId('step-controls');
  const button = (name: IconName, title: string, action: () => void) => {
    const element = h('button', { type: 'button', class: 'icon', title, 'aria-label': title }, icon(name));
    element.addEventListener('click', action);
    return element;
  };
  const slider = h('input', { type: 'range', min: 0, max: 0, value: 0, 'aria-label': 'frame' });
  const counter = h('span', { class: 'counter', id: 'step-counter' });
  const speed = h(
    'select',
    { id: 'play-speed', 'aria-label': 'playback speed' },
    ...PLAY_SPEEDS.map((choice) => h('option', { value: choice.ms }, `${choice.label} (${choice.ms} ms a step)`)),
  );
  const frameCount = () => {
    const { run, selected } = store.get();
    return run ? lastFrame(run, selected) + 1 : 0;
  };
  const go = (frame: number) => store.update({ frame: Math.max(0, Math.min(frameCount() - 1, frame)) });
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    play.replaceChildren(icon('play'));
    play.title = 'play the unrolling';
  };
  const tick = () => {
    if (store.get().frame >= frameCount() - 1) stop();
    else go(store.get().frame + 1);
  };
  const start = () => {
    if (store.get().frame >= frameCount() - 1) go(0);
    play.replaceChildren(icon('pause'));
    play.title = 'pause';
    timer = setInterval(tick, frameMs);
  };
  const toggle = () => (timer !== undefined ? stop() : start());
  const play = button('play', 'play the unrolling', toggle);
  const setSpeed = (ms: number) => {
    frameMs = ms;
    speed.value = String(ms);
    // A new speed takes effect at once, not after the old interval runs out.
    if (timer !== undefined) {
      clearInterval(timer);
      timer = setInterval(tick, frameMs);
    }
  };
  speed.addEventListener('change', () => setSpeed(Number(speed.value)));
  const decoderStart = () => {
    const run = store.get().run;
    return run ? decoderStartFrame(run) : 0;
  };
  controls.replaceChildren(
    button('first', 'first frame', () => (stop(), go(0))),
    button('previous', 'previous step', () => (stop(), go(store.get().frame - 1))),
    play,
    button('next', 'next step', () => (stop(), go(store.get().frame + 1))),
    button('last', 'last frame', () => (stop(), go(frameCount() - 1))),
    h('button', { type: 'button', class: 'text-button', id: 'jump-decoder' }, 'decoder'),
    slider,
    counter,
    h('label', { class: 'speed' }, 'speed ', speed),
  );
  controls.querySelector('#jump-decoder')?.addEventListener('click', () => (stop(), go(decoderStart())));
  slider.addEventListener('input', () => (stop(), go(Number(slider.value))));

  // Shortcuts while the focus is in the panel (a click anywhere in it puts it there).
  byId('step-panel').addEventListener('keydown', (event) => {
    const target = event.target instanceof HTMLElement ? event.target : undefined;
    const action = stepKeyAction(
      event.key,
      { tagName: target?.tagName ?? 'section', type: (target as HTMLInputElement | undefined)?.type },
      event.ctrlKey || event.metaKey || event.altKey,
    );
    if (!action || frameCount() === 0) return;
    event.preventDefault();
    if (action === 'toggle') toggle();
    else if (action === 'slower' || action === 'faster') setSpeed(nextSpeed(frameMs, action));
    else {
      stop();
      const frame = store.get().frame;
      go({ previous: frame - 1, next: frame + 1, first: 0, last: frameCount() - 1 }[action]);
    }
  });

  store.subscribe(() => {
    stop();
    render(store, slider, counter);
  }, ['run', 'selected']);
  // The Transformer's frames draw the heatmap panel's chosen head.
  store.subscribe(() => render(store, slider, counter), ['frame', 'crossHead']);
}

function currentView(store: AppStore): View | undefined {
  const { run, selected, loaded } = store.get();
  if (!run || !loaded?.model.vocab || run.detail.family !== 'rnn') return undefined;
  const followed = followedPath(run, selected);
  if (!followed) return undefined;
  const encoder = run.detail.encoder;
  return {
    run,
    encoder,
    traced: followed.traced,
    exact: followed.exact,
    frames: listFrames(encoder, followed.traced.path.length),
    vocab: loaded.model.vocab.target,
  };
}

const RNN_LEAD =
  'The encoder cell moves over the source one word at a time and keeps every hidden state. The decoder then writes one word per step: it looks back at all the kept states (attention), and scores every word of its vocabulary.';
const TRANSFORMER_LEAD =
  'The encoder reads every source word at once, layer by layer. The decoder then writes one word per step: the word it read joins its key/value cache, it attends over that cache and over the source, and scores every word of its vocabulary.';

function render(store: AppStore, slider: HTMLInputElement, counter: HTMLElement): void {
  const transformer = store.get().run?.detail.family === 'transformer';
  byId('step-lead').textContent = transformer ? TRANSFORMER_LEAD : RNN_LEAD;
  if (transformer) {
    renderTransformerFrame(store, slider, counter);
    scrollCue(byId('step-figure'), byId('step-scroll-cue'), 'the figure');
    return;
  }
  const view = currentView(store);
  const figure = byId('step-figure');
  if (!view) {
    figure.replaceChildren(h('p', { class: 'placeholder' }, 'Translate a sentence to watch the network unroll.'));
    byId('step-caption').textContent = '';
    byId('step-candidates').replaceChildren();
    byId('step-scroll-cue').hidden = true;
    return;
  }
  const index = Math.max(0, Math.min(view.frames.length - 1, store.get().frame));
  const frame = view.frames[index];
  slider.max = String(view.frames.length - 1);
  slider.value = String(index);
  counter.textContent = `${index + 1} / ${view.frames.length}`;
  const svg = unrollSvg(view, index, frame);
  fitOrScroll(figure, svg);
  figure.replaceChildren(svg);
  keepInView(figure, frame);
  // On a narrow screen the figure scrolls: its row labels stay at the left edge, and a line says there is more.
  keepLabelsInView(figure);
  scrollCue(figure, byId('step-scroll-cue'), 'the unrolling');
  byId('step-caption').replaceChildren(...caption(view, frame));
  byId('step-candidates').replaceChildren(
    frame.kind === 'decoder' ? candidates(view, frame.step) : stateCloseUp(view, frame),
  );
  byId('step-note').textContent =
    (view.run.shown.backend === 'gpu'
      ? 'States and attention shown here come from the CPU reference, which matches the GPU within the tolerance shown in panel 3.'
      : 'States and attention shown here come from the CPU reference’s recorded run: the engine that computed the translation above.') +
    (view.exact
      ? ''
      : ' The GPU’s hypothesis has no twin among the CPU’s (a near tie): the CPU’s entry of the same rank is shown.');
}

/** Scrolls the figure sideways (when it is drawn at its natural size) so the column at work stays visible. */
function keepInView(figure: HTMLElement, frame: Frame): void {
  const column = frame.kind === 'encoder' ? frame.position : frame.step;
  const svg = figure.firstElementChild as SVGSVGElement | null;
  const scale = svg ? svg.getBoundingClientRect().width / Number(svg.getAttribute('width')) || 1 : 1;
  const x = (LEFT + column * COLUMN) * scale;
  // The row labels cover the figure's left edge: the column must show to their right.
  const labels = LEFT * scale;
  if (x < figure.scrollLeft + labels || x + COLUMN * scale > figure.scrollLeft + figure.clientWidth) {
    figure.scrollLeft = Math.max(0, x - (figure.clientWidth + labels) / 2);
  }
  placeStickyLabels(figure);
}

function chipSize(directions: number): number {
  return directions === 2 ? 26 : 40;
}

function unrollSvg(view: View, index: number, frame: Frame): SVGSVGElement {
  const { run, traced, encoder } = view;
  const S = encoder.length;
  const T = traced.path.length;
  const L = encoder.layers;
  const D = encoder.directions;
  const chip = chipSize(D);
  const rowHeight = chip + 18;
  const width = LEFT + Math.max(S, T) * COLUMN + 8;
  const sourceY = 22;
  const encoderTop = sourceY + 30;
  const topEncoderRowY = encoderTop + (L - 1) * rowHeight;
  const attentionGap = 78;
  const decoderTop = topEncoderRowY + rowHeight + attentionGap;
  const decoderChip = 30;
  const decoderRow = decoderChip + 14;
  const wordsY = decoderTop + L * decoderRow + 8;
  const height = wordsY + 30;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    class: 'unroll',
    role: 'img',
    'aria-label': 'the encoder and decoder unrolled over time',
  });

  const defs = s(
    'defs',
    {},
    s(
      'marker',
      {
        id: 'arrow',
        viewBox: '0 0 8 8',
        refX: 7,
        refY: 4,
        markerWidth: 6,
        markerHeight: 6,
        orient: 'auto-start-reverse',
      },
      s('path', { d: 'M0,0 L8,4 L0,8 z', class: 'arrow-head' }),
    ),
  );
  svg.append(defs);

  // Row labels: drawn last over an opaque band, they stay in view while the figure scrolls (view/sticky.ts).
  const labels = s(
    'g',
    { class: 'labels', 'data-sticky': 'left' },
    s('rect', { class: 'label-band', x: 0, y: 0, width: LEFT - 2, height }),
  );
  const label = (text: string, y: number, sub?: string) => {
    labels.append(s('text', { class: 'row-title', x: 8, y }, text));
    if (sub) labels.append(s('text', { class: 'row-sub', x: 8, y: y + 13 }, sub));
  };
  label('source', sourceY + 4);
  for (let layer = 0; layer < L; layer++) {
    const y = encoderTop + (L - 1 - layer) * rowHeight + chip / 2;
    label(`encoder ${layer + 1}`, y, D === 2 ? '→ forward ← back' : layer === L - 1 ? 'kept states' : undefined);
  }
  for (let layer = 0; layer < L; layer++)
    label(`decoder ${layer + 1}`, decoderTop + (L - 1 - layer) * decoderRow + decoderChip / 2 + 4);
  label('output', wordsY + 4);

  const currentEncoder = frame.kind === 'encoder' ? frame : undefined;
  const currentStep = frame.kind === 'decoder' ? frame.step : -1;

  // Source words.
  run.source.forEach((token, j) => {
    const x = LEFT + j * COLUMN;
    const active = currentEncoder?.position === j && currentEncoder.layer === 0;
    svg.append(
      s('rect', {
        class: active ? 'word active' : token.known ? 'word' : 'word unknown',
        x: x + 2,
        y: sourceY - 14,
        width: COLUMN - 4,
        height: 24,
        rx: 6,
      }),
    );
    svg.append(s('text', { class: 'word-text', x: x + COLUMN / 2, y: sourceY + 3 }, clip(token.token, 8)));
  });

  // Encoder states: a chip per layer, direction and position; empty until its frame comes.
  const chipX = (j: number, d: number) =>
    LEFT + j * COLUMN + (D === 2 ? (COLUMN - 2 * chip - 4) / 2 + d * (chip + 4) : (COLUMN - chip) / 2);
  const chipY = (layer: number) => encoderTop + (L - 1 - layer) * rowHeight;
  for (let layer = 0; layer < L; layer++) {
    for (let d = 0; d < D; d++) {
      for (let j = 0; j < S; j++) {
        const x = chipX(j, d);
        const y = chipY(layer);
        const done = encoderFrameIndex(encoder, layer, d, j) <= index;
        const active =
          currentEncoder &&
          currentEncoder.layer === layer &&
          currentEncoder.direction === d &&
          currentEncoder.position === j;
        if (done) {
          svg.append(
            s(
              'image',
              {
                href: stateImage(encoder.states[layer][d][j]),
                x,
                y,
                width: chip,
                height: chip,
                class: 'chip',
                preserveAspectRatio: 'none',
              },
              tooltip(
                `encoder layer ${layer + 1}${D === 2 ? (d === 0 ? ' forward' : ' backward') : ''}, after “${run.source[j].token}”`,
              ),
            ),
          );
        }
        svg.append(
          s('rect', {
            class: active ? 'chip-frame active' : done ? 'chip-frame' : 'chip-frame empty',
            x,
            y,
            width: chip,
            height: chip,
            rx: 3,
          }),
        );
      }
    }
  }
  if (currentEncoder) {
    // The cell at work: its input from below, its previous state from the side.
    const { layer, direction, position } = currentEncoder;
    const x = chipX(position, direction);
    const y = chipY(layer);
    const belowY = layer === 0 ? sourceY + 10 : chipY(layer - 1) + chip;
    svg.append(
      s('line', {
        class: 'flow',
        x1: x + chip / 2,
        y1: belowY + 2,
        x2: x + chip / 2,
        y2: y - 2,
        'marker-end': 'url(#arrow)',
      }),
    );
    const previous = direction === 0 ? position - 1 : position + 1;
    if (previous >= 0 && previous < S) {
      const px = chipX(previous, direction);
      const [x1, x2] = direction === 0 ? [px + chip + 1, x - 2] : [px - 1, x + chip + 2];
      svg.append(s('line', { class: 'flow', x1, y1: y + chip / 2, x2, y2: y + chip / 2, 'marker-end': 'url(#arrow)' }));
    }
  }

  // Attention of the current decoder step: lines to the kept states, weights under them.
  const expansion = currentStep >= 0 ? run.decode.expansions[traced.path[currentStep]] : undefined;
  const decoderChipX = (t: number) => LEFT + t * COLUMN + (COLUMN - decoderChip) / 2;
  const decoderChipY = (layer: number) => decoderTop + (L - 1 - layer) * decoderRow;
  if (expansion?.attention) {
    const fromX = decoderChipX(currentStep) + decoderChip / 2;
    const fromY = decoderChipY(L - 1) - 2;
    const barTop = topEncoderRowY + chip + 8;
    expansion.attention.forEach((alpha, j) => {
      const toX = LEFT + j * COLUMN + COLUMN / 2;
      svg.append(
        s('line', {
          class: 'attention-line',
          x1: fromX,
          y1: fromY,
          x2: toX,
          y2: barTop + 20,
          'stroke-width': 0.5 + alpha * 7,
          'stroke-opacity': 0.15 + alpha * 0.85,
        }),
      );
      svg.append(
        s('rect', { class: 'alpha-track', x: LEFT + j * COLUMN + 8, y: barTop, width: COLUMN - 16, height: 6, rx: 3 }),
      );
      svg.append(
        s(
          'rect',
          {
            class: 'alpha-bar',
            x: LEFT + j * COLUMN + 8,
            y: barTop,
            width: Math.max(1, (COLUMN - 16) * alpha),
            height: 6,
            rx: 3,
          },
          tooltip(`α = ${(alpha * 100).toFixed(1)}%`),
        ),
      );
      svg.append(s('text', { class: 'alpha-text', x: toX, y: barTop + 18 }, `${Math.round(alpha * 100)}%`));
    });
  }

  // Decoder states and output words along the chosen path.
  for (let t = 0; t < T; t++) {
    const e = run.decode.expansions[traced.path[t]];
    const done = t <= currentStep;
    for (let layer = 0; layer < L; layer++) {
      const x = decoderChipX(t);
      const y = decoderChipY(layer);
      if (done)
        svg.append(
          s(
            'image',
            {
              href: stateImage(e.decoderStates[layer]),
              x,
              y,
              width: decoderChip,
              height: decoderChip,
              class: 'chip',
              preserveAspectRatio: 'none',
            },
            tooltip(`decoder layer ${layer + 1} after step ${t + 1}`),
          ),
        );
      svg.append(
        s('rect', {
          class: t === currentStep ? 'chip-frame active' : done ? 'chip-frame' : 'chip-frame empty',
          x,
          y,
          width: decoderChip,
          height: decoderChip,
          rx: 3,
        }),
      );
    }
    const x = LEFT + t * COLUMN;
    const word = view.vocab[traced.generated[t]] ?? '';
    svg.append(
      s('rect', {
        class: t === currentStep ? 'word out active' : done ? 'word out' : 'word empty',
        x: x + 2,
        y: wordsY - 14,
        width: COLUMN - 4,
        height: 24,
        rx: 6,
      }),
    );
    if (done) svg.append(s('text', { class: 'word-text', x: x + COLUMN / 2, y: wordsY + 3 }, clip(word, 8)));
    if (done && t > 0) {
      // The word written at step t feeds step t+1.
      const x0 = LEFT + (t - 1) * COLUMN + COLUMN - 6;
      svg.append(
        s('path', {
          class: 'feed',
          d: `M${x0},${wordsY - 14} C${x0 + 8},${wordsY - 40} ${x + 10},${wordsY - 40} ${decoderChipX(t)},${decoderChipY(0) + decoderChip}`,
          'marker-end': 'url(#arrow)',
        }),
      );
    }
  }
  svg.append(labels);
  return svg;
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}

function caption(view: View, frame: Frame): (Node | string)[] {
  const { run } = view;
  const em = (text: string) => h('strong', {}, text);
  if (frame.kind === 'encoder') {
    const token = run.source[frame.position].token;
    const direction =
      view.encoder.directions === 2 ? (frame.direction === 0 ? ' reading forward' : ' reading backward') : '';
    const input =
      frame.layer === 0
        ? ['the embedding of ', em(`“${token}”`)]
        : [`layer ${frame.layer}’s state${view.encoder.directions === 2 ? 's' : ''} at `, em(`“${token}”`)];
    return [
      `Encoder layer ${frame.layer + 1}${direction}, position ${frame.position + 1} of ${view.encoder.length}: the cell combines `,
      ...input,
      ' with its previous state into a new state, and keeps it.',
      frame.layer === view.encoder.layers - 1 ? ' The top layer’s states are what the decoder will attend to.' : '',
    ];
  }
  const expansion = run.decode.expansions[view.traced.path[frame.step]];
  const fed = frame.step === 0 ? '<s> (start)' : view.vocab[expansion.input];
  const written = view.vocab[view.traced.generated[frame.step]];
  const chosen = expansion.candidates.find((c) => c.token === view.traced.generated[frame.step]);
  const parts: (Node | string)[] = [
    `Decoder step ${frame.step + 1}: it reads `,
    em(`“${fed}”`),
    ' and updates its state',
  ];
  if (expansion.attention) {
    const order = Array.from(expansion.attention.keys()).sort(
      (a, b) => expansion.attention![b] - expansion.attention![a],
    );
    const top = order.slice(0, 2).filter((j) => expansion.attention![j] >= 0.05);
    parts.push(
      '; attention puts ',
      ...top.flatMap((j, i) => [
        i > 0 ? ' and ' : '',
        em(`${Math.round(expansion.attention![j] * 100)}%`),
        ` on “${run.source[j].token}”`,
      ]),
    );
  }
  parts.push('. It writes ', em(`“${written}”`), chosen ? ` (p = ${formatNumber(Math.exp(chosen.logProb))}).` : '.');
  return parts;
}

function stateCloseUp(view: View, frame: Extract<Frame, { kind: 'encoder' }>): HTMLElement {
  const state = view.encoder.states[frame.layer][frame.direction][frame.position];
  return h(
    'div',
    { class: 'close-up' },
    h('div', { class: 'bars-title' }, `the new state: ${state.length} numbers`),
    h('img', { src: stateImage(state), alt: 'the state vector as coloured squares', class: 'state-large' }),
    h('div', { class: 'legend small' }, h('span', {}, '−1'), h('span', { class: 'gradient' }), h('span', {}, '+1')),
    h('p', { class: 'muted small' }, `Each square is one unit of the hidden state h, teal below 0 and orange above.`),
  );
}
