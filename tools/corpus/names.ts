/**
 * The names the grammar copies through, and made-up names for the subword corpus.
 *
 * By default the grammar draws from the 23 names and acronyms of lexicon.ts (`NAMES`), and the
 * default corpus depends on that. `withNames` swaps in another list for the length of a call, so
 * that `generateNamePairs` (corpus.ts) can write sentences whose names come from thousands of
 * names built from syllables (`makeNames`): a model with a subword vocabulary learns from them to
 * copy any name through, and a disjoint held-out list tests that on names it never saw.
 */
import { NAMES, type Name } from './lexicon.ts';
import { Rng } from './rng.ts';

let active: readonly Name[] = NAMES;

/** The names of one kind the grammar draws from now. */
export function namesOf(kind: Name['kind']): Name[] {
  return active.filter((n) => n.kind === kind);
}

/** Runs `body` with the grammar drawing names from `names` (which must hold every kind). */
export function withNames<T>(names: readonly Name[], body: () => T): T {
  for (const kind of ['person', 'city', 'organisation'] as const)
    if (!names.some((n) => n.kind === kind)) throw new Error(`no ${kind} names`);
  const saved = active;
  active = names;
  try {
    return body();
  } finally {
    active = saved;
  }
}

const ONSETS = 'b c d f g h j k l m n p r s t v w z br dr tr gr kr pl st th sh ch bl fr'.split(' ');
const VOWELS = 'a e i o u a e i o a ai ei ou ia'.split(' ');
const CODAS = 'n r s k l m x th nd rk'.split(' ');
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Names that the training list never holds (the README's example, among others). */
const RESERVED_HELD_OUT = ['Zorbak'];

/** One made-up name: 2–3 syllables (capitalised), or an acronym of 2–5 letters for organisations. */
function makeName(rng: Rng): Name {
  const kind = rng.weighted([
    ['person', 0.7],
    ['city', 0.2],
    ['organisation', 0.1],
  ] as const);
  if (kind === 'organisation') {
    let text = '';
    const length = 2 + rng.int(4);
    for (let i = 0; i < length; i++) text += rng.pick([...LETTERS]);
    return { text, kind, gender: 'f' };
  }
  const syllables = rng.chance(0.6) ? 2 : 3;
  let text = '';
  for (let i = 0; i < syllables; i++) {
    if (i === 0 ? rng.chance(0.85) : true) text += rng.pick(ONSETS);
    text += rng.pick(VOWELS);
    if (rng.chance(i === syllables - 1 ? 0.5 : 0.25)) text += rng.pick(CODAS);
  }
  text = text[0].toUpperCase() + text.slice(1);
  // People ending in -a are women, as with the lexicon's names; cities are masculine.
  const gender = kind === 'person' && text.endsWith('a') ? 'f' : 'm';
  return { text, kind, gender };
}

/**
 * `count` training names and `heldOut` held-out names, all distinct, none of them one of the
 * lexicon's names; the held-out list starts with `RESERVED_HELD_OUT`. `valid` more names, disjoint
 * from both, for a validation list (model selection) that leaves the held-out names to the test.
 */
export function makeNames(
  seed: number,
  count: number,
  heldOut: number,
  valid = 0,
): { train: Name[]; heldOut: Name[]; valid: Name[] } {
  const rng = new Rng(seed);
  const taken = new Set([...NAMES.map((n) => n.text), ...RESERVED_HELD_OUT]);
  const draw = (n: number): Name[] => {
    const out: Name[] = [];
    let draws = 0;
    while (out.length < n) {
      if (++draws > n * 100) throw new Error(`only ${out.length} distinct names in ${draws} draws`);
      const name = makeName(rng);
      if (taken.has(name.text)) continue;
      taken.add(name.text);
      out.push(name);
    }
    return out;
  };
  const train = draw(count);
  const reserved = RESERVED_HELD_OUT.map((text): Name => ({ text, kind: 'person', gender: 'm' }));
  const held = [...reserved, ...draw(Math.max(0, heldOut - reserved.length))];
  // Drawn last, so that the two lists above do not depend on it.
  return { train, heldOut: held, valid: draw(valid) };
}
