/**
 * The beam search as a tree: one column per step, one box per hypothesis the search kept and
 * expanded, edges to the hypothesis it grew from, and a final box for each n-best entry.
 * Paths that end in the n-best are drawn strong, the chosen one in the accent colour.
 */
import { decoderStartFrame, followedPath } from '../app/selection.ts';
import type { AppStore } from '../app/state.ts';
import type { TranslationRun } from '../app/translate-run.ts';
import { byId, formatNumber, h, s, tooltip } from '../view/dom.ts';
import { fitOrScroll } from '../view/fit.ts';
import { scrollCue } from '../view/scroll-cue.ts';

const COLUMN = 96;
const ROW = 34;
const NODE_W = 78;
const NODE_H = 24;
const TOP = 32;
const LEFT = 10;

interface TreeNode {
  key: string;
  depth: number;
  row: number;
  label: string;
  parentKey?: string;
  /** log p of the token that led here, and the running sum. */
  logProb?: number;
  sum: number;
  kind: 'chosen' | 'nbest' | 'pruned';
  final?: { rank: number; score: number };
}

export function mountBeamTreePanel(store: AppStore): void {
  store.subscribe(() => render(store), ['run', 'selected', 'frame']);
}

function render(store: AppStore): void {
  const { run, selected, loaded, frame } = store.get();
  const target = byId('beam-tree');
  const vocab = loaded?.model.vocab?.target;
  const followed = run ? followedPath(run, selected) : undefined;
  if (!run || !vocab || !followed) {
    target.replaceChildren(h('p', { class: 'placeholder' }, 'Translate a sentence to see the search.'));
    byId('tree-scroll-cue').hidden = true;
    byId('tree-readout').textContent = '';
    return;
  }
  const nodes = treeNodes(run, vocab, followed.traced.path);
  // Decoder step t (0-based) writes the token shown in the tree's column t + 1.
  const column = frame - decoderStartFrame(run) + 1;
  const current = column >= 1 && column <= followed.traced.path.length ? column : -1;
  const svg = treeSvg(nodes, current);
  const scrolled = target.scrollLeft;
  fitOrScroll(target, svg);
  target.replaceChildren(summary(run), svg);
  inspectOnTap(svg);
  // Redrawing keeps the reader's place; the step-through's column is brought into view when it is out of it.
  target.scrollLeft = scrolled;
  if (current >= 0) keepColumnInView(target, svg, current);
  scrollCue(target, byId('tree-scroll-cue'), 'the tree');
}

/** A tapped (or clicked) box's details under the tree: its tooltip is out of reach on a touch screen. */
function inspectOnTap(svg: SVGSVGElement): void {
  const readout = byId('tree-readout');
  readout.textContent = '';
  svg.addEventListener('click', (event) => {
    const node = event.target instanceof Element ? event.target.closest('g.node') : null;
    const details = node?.querySelector('title')?.textContent;
    if (!node || !details) return;
    svg.querySelector('g.node.picked')?.classList.remove('picked');
    node.classList.add('picked');
    readout.textContent = details;
  });
}

function keepColumnInView(target: HTMLElement, svg: SVGSVGElement, column: number): void {
  const scale = svg.getBoundingClientRect().width / Number(svg.getAttribute('width')) || 1;
  const x = (LEFT + column * COLUMN) * scale;
  if (x < target.scrollLeft || x + COLUMN * scale > target.scrollLeft + target.clientWidth) {
    target.scrollLeft = Math.max(0, x - (target.clientWidth - COLUMN * scale) / 2);
  }
}

function summary(run: TranslationRun): HTMLElement {
  const { beam, nBest } = run.options;
  const steps = Math.max(0, ...run.decode.expansions.map((e) => e.depth)) + 1;
  const text =
    beam === 1
      ? 'Beam width 1 is greedy decoding: one hypothesis per step. Choose a wider beam to see the search branch.'
      : `Beam width ${beam}: ${run.decode.expansions.length} hypotheses expanded over ${steps} steps; the ${nBest} best finished ones are returned (numbered boxes; tap or hover a box for its score). Faded paths were dropped along the way.`;
  return h('p', { class: 'muted small', id: 'beam-summary' }, text);
}

function treeNodes(run: TranslationRun, vocab: string[], chosenPath: number[]): TreeNode[] {
  const { expansions, hypotheses } = run.decode;
  const onChosen = new Set(chosenPath);
  const onNBest = new Set(hypotheses.flatMap((hyp) => hyp.path));
  const rows: number[] = [];
  const nodes: TreeNode[] = expansions.map((e) => {
    rows[e.depth] = Math.max(rows[e.depth] ?? 0, e.rank + 1);
    const parent = e.parent >= 0 ? expansions[e.parent] : undefined;
    const logProb = parent?.candidates.find((c) => c.token === e.input)?.logProb;
    return {
      key: `e${e.id}`,
      depth: e.depth,
      row: e.rank,
      label: e.parent < 0 ? '<s>' : vocab[e.input],
      parentKey: parent ? `e${parent.id}` : undefined,
      logProb,
      sum: e.logProbSum,
      kind: onChosen.has(e.id) ? 'chosen' : onNBest.has(e.id) ? 'nbest' : 'pruned',
    };
  });
  hypotheses.forEach((hyp, rank) => {
    const last = expansions[hyp.path[hyp.path.length - 1]];
    if (!last) return;
    const depth = last.depth + 1;
    const token = hyp.generated[hyp.generated.length - 1];
    const row = rows[depth] ?? 0;
    rows[depth] = row + 1;
    const logProb = last.candidates.find((c) => c.token === token)?.logProb;
    const isChosen = hyp.path === chosenPath;
    nodes.push({
      key: `f${rank}`,
      depth,
      row,
      label: vocab[token],
      parentKey: `e${last.id}`,
      logProb,
      sum: last.logProbSum + (logProb ?? 0),
      kind: isChosen ? 'chosen' : 'nbest',
      final: { rank, score: hyp.score },
    });
  });
  return nodes;
}

function treeSvg(nodes: TreeNode[], currentDepth: number): SVGSVGElement {
  const depths = Math.max(...nodes.map((n) => n.depth)) + 1;
  const rows = Math.max(...nodes.map((n) => n.row)) + 1;
  const width = LEFT + depths * COLUMN + 12;
  const height = TOP + rows * ROW + 22;
  const svg = s('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width,
    height,
    class: 'tree',
    role: 'img',
    'aria-label': 'beam search tree',
  });
  const x = (node: TreeNode) => LEFT + node.depth * COLUMN;
  const y = (node: TreeNode) => TOP + node.row * ROW;
  if (currentDepth >= 0) {
    svg.append(
      s('rect', {
        class: 'current-column',
        x: LEFT + currentDepth * COLUMN - 6,
        y: TOP - 24,
        width: NODE_W + 12,
        height: rows * ROW + 26,
        rx: 8,
      }),
    );
  }
  for (let d = 0; d < depths; d++)
    svg.append(
      s('text', { class: 'column-title', x: LEFT + d * COLUMN + NODE_W / 2, y: 14 }, d === 0 ? 'start' : `step ${d}`),
    );
  const byKey = new Map(nodes.map((node) => [node.key, node]));
  // Weak edges first, so the strong ones are drawn over them.
  const order = { pruned: 0, nbest: 1, chosen: 2 } as const;
  const sorted = [...nodes].sort((a, b) => order[a.kind] - order[b.kind]);
  for (const node of sorted) {
    const parent = node.parentKey ? byKey.get(node.parentKey) : undefined;
    if (!parent) continue;
    const x1 = x(parent) + NODE_W;
    const y1 = y(parent) + NODE_H / 2;
    const x2 = x(node);
    const y2 = y(node) + NODE_H / 2;
    const mid = (x1 + x2) / 2;
    svg.append(s('path', { class: `edge ${node.kind}`, d: `M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}` }));
  }
  for (const node of sorted) {
    const details = `${node.final ? `n-best #${node.final.rank + 1}, score ${formatNumber(node.final.score)}: ` : ''}${node.label}${node.logProb !== undefined ? `: log p ${formatNumber(node.logProb)}` : ''}, running sum ${formatNumber(node.sum)}`;
    const group = s('g', { class: `node ${node.kind}${node.final ? ' final' : ''}` }, tooltip(details));
    group.append(s('rect', { x: x(node), y: y(node), width: NODE_W, height: NODE_H, rx: 6 }));
    group.append(s('text', { x: x(node) + NODE_W / 2, y: y(node) + NODE_H / 2 + 4 }, clip(node.label, 10)));
    if (node.final) {
      // The n-best rank as a badge on the box's corner; the score is in the tooltip and the n-best list.
      group.append(s('circle', { class: 'rank-badge', cx: x(node) + NODE_W, cy: y(node), r: 8 }));
      group.append(s('text', { class: 'rank-text', x: x(node) + NODE_W, y: y(node) + 3.5 }, node.final.rank + 1));
    }
    svg.append(group);
  }
  return svg;
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
