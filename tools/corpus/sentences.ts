/**
 * Synchronous rules for clauses and sentences. Each rule builds the English and Spanish sides
 * at once, so a sentence has exactly one translation.
 */
import {
  type NounPhrase,
  type Pair,
  PRONOUNS,
  type Subject,
  adjectiveForm,
  companionPhrase,
  destinationPhrase,
  join,
  locationPhrase,
  nounPhrase,
  pickAdjective,
  pickReferent,
  referentPhrase,
  subject,
  words,
} from './phrases.ts';
import { NOUN_LIST } from './lexicon.ts';
import type { Rng } from './rng.ts';
import {
  ESTAR,
  HABER_EXISTENTIAL,
  INTRANSITIVE_VERBS,
  PODER_PRESENT,
  type Person,
  SER,
  TENSES,
  TRANSITIVE_VERBS,
  type Tense,
  type Verb,
} from './verbs.ts';

type Polarity = 'affirmative' | 'negative' | 'never' | 'always';

interface Clause {
  pair: Pair;
  tense: Tense;
}

/** Verbs whose subject may be an animal ("the cat sleeps") as well as a person. */
const ANIMAL_SUBJECT_VERBS = new Set([
  'eat',
  'drink',
  'see',
  'find',
  'want',
  'have',
  'hide',
  'watch',
  'look for',
  'love',
  'break',
  'sleep',
  'run',
  'walk',
  'swim',
  'jump',
  'rest',
  'arrive',
  'live',
]);

/** "want to" in the past is the imperfect (quería comer), as Spanish says it. */
const QUERER_MODAL: Record<'present' | 'past', Record<Person, string>> = {
  present: { '1s': 'quiero', '2s': 'quieres', '3s': 'quiere', '1p': 'queremos', '3p': 'quieren' },
  past: { '1s': 'quería', '2s': 'querías', '3s': 'quería', '1p': 'queríamos', '3p': 'querían' },
};

const TIME_ADVERBS: Record<Tense, [string, string][]> = {
  present: [
    ['today', 'hoy'],
    ['now', 'ahora'],
    ['every day', 'todos los días'],
    ['at night', 'por la noche'],
    ['in the morning', 'por la mañana'],
  ],
  past: [
    ['yesterday', 'ayer'],
    ['today', 'hoy'],
    ['last week', 'la semana pasada'],
    ['last year', 'el año pasado'],
    ['at night', 'por la noche'],
    ['in the morning', 'por la mañana'],
  ],
  future: [
    ['tomorrow', 'mañana'],
    ['today', 'hoy'],
    ['next week', 'la próxima semana'],
    ['next year', 'el próximo año'],
    ['at night', 'por la noche'],
  ],
};
const MANNER_ADVERBS: [string, string][] = [
  ['quickly', 'rápidamente'],
  ['slowly', 'lentamente'],
  ['well', 'bien'],
  ['again', 'otra vez'],
  ['here', 'aquí'],
  ['there', 'allí'],
];

function adverb(rng: Rng, tense: Tense, extra: [string, string][] = []): Pair {
  const [en, es] = rng.chance(0.6) ? rng.pick(TIME_ADVERBS[tense]) : rng.pick([...MANNER_ADVERBS, ...extra]);
  return words(en, es);
}

const EMPTY: Pair = { en: [], es: [] };

// ---------------------------------------------------------------------------------------------
// Verb groups.

function englishVerb(verb: Verb, person: Person, tense: Tense, polarity: Polarity): string[] {
  const base = verb.en.base.split(' ');
  const third = person === '3s';
  const adverbs = polarity === 'never' || polarity === 'always' ? [polarity] : [];
  if (tense === 'future') return ['will', ...(polarity === 'negative' ? ['not'] : adverbs), ...base];
  if (polarity === 'negative') return [tense === 'past' ? 'did' : third ? 'does' : 'do', 'not', ...base];
  const form = tense === 'past' ? verb.en.past : third ? verb.en.third : verb.en.base;
  return [...adverbs, ...form.split(' ')];
}

function spanishVerb(form: string, polarity: Polarity, clitic: string[] = []): string[] {
  const before = { affirmative: [], negative: ['no'], never: ['nunca'], always: ['siempre'] }[polarity];
  return [...before, ...clitic, form];
}

/** "is / are / was / were / will be" with an optional "not"; Spanish ser or estar. */
function copula(person: Person, tense: Tense, negative: boolean, spanish: typeof SER): Pair {
  const en =
    tense === 'future'
      ? ['will', ...(negative ? ['not'] : []), 'be']
      : [englishBe(person, tense), ...(negative ? ['not'] : [])];
  return { en, es: [...(negative ? ['no'] : []), spanish[tense][person]] };
}

function englishBe(person: Person, tense: 'present' | 'past'): string {
  if (tense === 'past') return person === '1s' || person === '3s' ? 'was' : 'were';
  return person === '1s' ? 'am' : person === '3s' ? 'is' : 'are';
}

function pickPolarity(rng: Rng): Polarity {
  return rng.weighted([
    ['affirmative', 0.65],
    ['negative', 0.2],
    ['never', 0.08],
    ['always', 0.07],
  ] as const);
}

function subjectKinds(verb: Verb): string[] {
  return ANIMAL_SUBJECT_VERBS.has(verb.en.base) ? ['person', 'person', 'animal'] : ['person'];
}

// ---------------------------------------------------------------------------------------------
// Objects.

interface ObjectPhrase {
  pair: Pair;
  /** A Spanish object pronoun goes before the verb ("yo lo veo"). */
  clitic: string[];
}

function directObject(rng: Rng, verb: Verb, subjectPerson: Person, allowClitic: boolean): ObjectPhrase {
  const takesPeople = verb.objects.includes('person');
  if (allowClitic && takesPeople && rng.chance(0.2)) {
    // "I see me" is not a sentence: the object pronoun is never the subject's own person.
    const pronoun = rng.pick(
      PRONOUNS.filter((p) => p.person !== subjectPerson || p.person === '3s' || p.person === '3p'),
    );
    return { pair: { en: pronoun.object.en, es: [] }, clitic: pronoun.object.es };
  }
  const phrase: NounPhrase = referentPhrase(rng, pickReferent(rng, verb.objects), {
    allowBare: true,
    allowPossessor: true,
  });
  const es = phrase.personal ? ['a', ...phrase.es] : phrase.es;
  return { pair: { en: phrase.en, es }, clitic: [] };
}

// ---------------------------------------------------------------------------------------------
// Clauses.

/** "the boy eats a red apple in the kitchen" → "el niño come una manzana roja en la cocina". */
function transitiveClause(rng: Rng): Clause {
  const verb = rng.pick(TRANSITIVE_VERBS);
  const tense = rng.pick(TENSES);
  const polarity = pickPolarity(rng);
  const who = subject(rng, { genderless: true, kinds: subjectKinds(verb) });
  const object = directObject(rng, verb, who.person, true);
  const modifiers = rng.chance(0.25) ? (rng.chance(0.6) ? locationPhrase(rng) : companionPhrase(rng)) : EMPTY;
  const tail = rng.chance(0.25) ? adverb(rng, tense) : EMPTY;
  return {
    tense,
    pair: join(
      who,
      {
        en: englishVerb(verb, who.person, tense, polarity),
        es: spanishVerb(verb.forms[tense][who.person], polarity, object.clitic),
      },
      object.pair,
      modifiers,
      tail,
    ),
  };
}

/** "the dogs run to the park" → "los perros corren al parque". */
function intransitiveClause(rng: Rng): Clause {
  const verb = rng.pick(INTRANSITIVE_VERBS);
  const tense = rng.pick(TENSES);
  const polarity = pickPolarity(rng);
  const who = subject(rng, { genderless: true, kinds: subjectKinds(verb) });
  let modifiers = EMPTY;
  if (verb.motion && (verb.en.base === 'go' || rng.chance(0.6))) modifiers = destinationPhrase(rng, verb.motion);
  else if (!verb.motion && rng.chance(0.5)) modifiers = rng.chance(0.7) ? locationPhrase(rng) : companionPhrase(rng);
  const tail = rng.chance(0.35) ? adverb(rng, tense, verb.motion ? [] : [['a lot', 'mucho']]) : EMPTY;
  return {
    tense,
    pair: join(
      who,
      { en: englishVerb(verb, who.person, tense, polarity), es: spanishVerb(verb.forms[tense][who.person], polarity) },
      modifiers,
      tail,
    ),
  };
}

/** "the cat is not very big" → "el gato no es muy grande"; states take estar ("está cansado"). */
function descriptionClause(rng: Rng): Clause {
  const tense = rng.pick(TENSES);
  const who: Subject = subject(rng, { genderless: false, kinds: ['person', 'animal', 'thing', 'food', 'place'] });
  const adjective = pickAdjective(rng, who.animate);
  const very = rng.chance(0.2);
  return {
    tense,
    pair: join(who, copula(who.person, tense, rng.chance(0.2), adjective.copula === 'ser' ? SER : ESTAR), {
      en: [...(very ? ['very'] : []), adjective.en],
      es: [...(very ? ['muy'] : []), adjectiveForm(adjective, who.gender, who.plural)],
    }),
  };
}

/** "the book was under the table" → "el libro estaba debajo de la mesa". */
function locationClause(rng: Rng): Clause {
  const tense = rng.pick(TENSES);
  const who = subject(rng, { genderless: true, kinds: ['person', 'animal', 'thing', 'food'] });
  return { tense, pair: join(who, copula(who.person, tense, rng.chance(0.15), ESTAR), locationPhrase(rng)) };
}

/** "there are three cats in the garden" → "hay tres gatos en el jardín". */
function existentialClause(rng: Rng): Clause {
  const tense = rng.pick(TENSES);
  const noun = rng.pick(NOUN_LIST.filter((n) => n.kind !== 'place'));
  const thing = nounPhrase(rng, noun, { indefinite: true });
  const be = tense === 'future' ? ['will', 'be'] : [englishBe(thing.plural ? '3p' : '3s', tense)];
  return {
    tense,
    pair: join(
      { en: ['there', ...be], es: [HABER_EXISTENTIAL[tense]] },
      thing,
      rng.chance(0.85) ? locationPhrase(rng) : EMPTY,
    ),
  };
}

/** "the girl wants to eat an apple" → "la niña quiere comer una manzana"; "cannot" → "no puede". */
function modalClause(rng: Rng): Clause {
  const transitive = rng.chance(0.7);
  const verb = rng.pick(transitive ? TRANSITIVE_VERBS : INTRANSITIVE_VERBS);
  const who = subject(rng, { genderless: true, kinds: ['person'] });
  const negative = rng.chance(0.25);
  const modal = rng.weighted([
    ['want', 0.6],
    ['can', 0.4],
  ] as const);
  const tense = modal === 'can' ? 'present' : rng.pick(['present', 'past'] as const);
  let en: string[];
  let es: string[];
  if (modal === 'can') {
    en = negative ? ['cannot'] : ['can'];
    es = [...(negative ? ['no'] : []), PODER_PRESENT[who.person]];
  } else {
    const wants = tense === 'past' ? 'wanted' : who.person === '3s' ? 'wants' : 'want';
    const doNot = tense === 'past' ? 'did' : who.person === '3s' ? 'does' : 'do';
    en = negative ? [doNot, 'not', 'want', 'to'] : [wants, 'to'];
    es = [...(negative ? ['no'] : []), QUERER_MODAL[tense][who.person]];
  }
  const complement = transitive
    ? directObject(rng, verb, who.person, false).pair
    : verb.motion
      ? destinationPhrase(rng, verb.motion)
      : rng.chance(0.4)
        ? locationPhrase(rng)
        : EMPTY;
  return {
    tense,
    pair: join(who, { en: [...en, ...verb.en.base.split(' ')], es: [...es, verb.infinitive] }, complement),
  };
}

/** "where will the cats be ?" → "¿ dónde estarán los gatos ?". */
function whereQuestion(rng: Rng): Pair {
  const tense = rng.pick(TENSES);
  const who = subject(rng, { genderless: true, kinds: ['person', 'animal', 'thing'] });
  const es = ['¿', 'dónde', ESTAR[tense][who.person], ...who.es, '?'];
  if (tense === 'future') return { en: ['where', 'will', ...who.en, 'be', '?'], es };
  return { en: ['where', englishBe(who.person, tense), ...who.en, '?'], es };
}

const CLAUSES: [(rng: Rng) => Clause, number][] = [
  [transitiveClause, 0.4],
  [intransitiveClause, 0.18],
  [descriptionClause, 0.15],
  [locationClause, 0.1],
  [existentialClause, 0.07],
  [modalClause, 0.1],
];

const CONNECTIVES: [string, string][] = [
  ['and', 'y'],
  [', but', ', pero'],
  ['because', 'porque'],
  ['when', 'cuando'],
];

/** A sentence: a clause, two joined clauses, or a question, with its final punctuation. */
export function sentence(rng: Rng): Pair {
  const kind = rng.weighted([
    ['simple', 0.7],
    ['compound', 0.24],
    ['question', 0.06],
  ] as const);
  if (kind === 'question') return finish(whereQuestion(rng));
  const first = rng.weighted(CLAUSES)(rng);
  if (kind === 'simple') return finish(join(first.pair, words('.', '.')));
  const [en, es] = rng.pick(CONNECTIVES);
  let second = rng.weighted(CLAUSES)(rng);
  // "cuando" with a future event needs the subjunctive, which this grammar leaves out.
  while (en === 'when' && second.tense === 'future') second = rng.weighted(CLAUSES)(rng);
  return finish(join(first.pair, words(en, es), second.pair, words('.', '.')));
}

/** Surface rules that look at neighbouring words: "a apple" → "an apple", "a el" → "al", "de el" → "del". */
export function finish(pair: Pair): Pair {
  const en = pair.en.map((word, i) => (word === 'a' && /^[aeiou]/.test(pair.en[i + 1] ?? '') ? 'an' : word));
  const es: string[] = [];
  for (const word of pair.es) {
    const previous = es[es.length - 1];
    if (word === 'el' && (previous === 'a' || previous === 'de')) es[es.length - 1] = previous === 'a' ? 'al' : 'del';
    else es.push(word);
  }
  return { en, es };
}
