/**
 * Synchronous rules for phrases: each rule emits the English and the Spanish side together,
 * with the features (number, gender, person, animacy) agreement needs later.
 */
import { ADJECTIVE_LIST, type Adjective, type Gender, type Name, NOUN_LIST, type Noun, NUMBERS } from './lexicon.ts';
import { namesOf } from './names.ts';
import type { Rng } from './rng.ts';
import { DRINKS, type Person } from './verbs.ts';

/** Aligned token lists of one phrase. */
export interface Pair {
  en: string[];
  es: string[];
}

export interface NounPhrase extends Pair {
  plural: boolean;
  gender: Gender;
  animate: boolean;
  /** People take the personal "a" as direct objects ("veo a Maria", "ayudo al niño"). */
  personal: boolean;
}

export interface Subject extends NounPhrase {
  person: Person;
  /** False for I / you / we / they, whose gender the sentence does not show. */
  genderKnown: boolean;
}

export function join(...pairs: Pair[]): Pair {
  return { en: pairs.flatMap((p) => p.en), es: pairs.flatMap((p) => p.es) };
}

export function words(en: string, es: string): Pair {
  const split = (text: string) => text.split(' ').filter((w) => w.length > 0);
  return { en: split(en), es: split(es) };
}

// ---------------------------------------------------------------------------------------------
// Nouns and names chosen by selectors: a noun kind ("food"), one noun ("=guitar"), "drink",
// "personName" or "cityName".

export type Referent = { noun: Noun } | { name: Name };

const NOUNS_BY_EN = new Map(NOUN_LIST.map((n) => [n.en, n]));

export function pickReferent(rng: Rng, selectors: readonly string[]): Referent {
  const selector = rng.pick(selectors);
  if (selector.startsWith('=')) return { noun: NOUNS_BY_EN.get(selector.slice(1))! };
  if (selector === 'drink') return { noun: NOUNS_BY_EN.get(rng.pick([...DRINKS]))! };
  if (selector === 'personName') return { name: rng.pick(namesOf('person')) };
  if (selector === 'cityName') return { name: rng.pick(namesOf('city')) };
  if (selector === 'orgName') return { name: rng.pick(namesOf('organisation')) };
  const nouns = NOUN_LIST.filter((n) => n.kind === selector);
  if (nouns.length === 0) throw new Error(`unknown selector "${selector}"`);
  return { noun: rng.pick(nouns) };
}

// ---------------------------------------------------------------------------------------------
// Determiners: English word, Spanish by gender and number.

interface Determiner {
  en: string;
  es: Record<'ms' | 'fs' | 'mp' | 'fp', string>;
}

function det(en: string, ms: string, fs: string, mp: string, fp: string): Determiner {
  return { en, es: { ms, fs, mp, fp } };
}

const SINGULAR_DETERMINERS: Determiner[] = [
  det('the', 'el', 'la', '', ''),
  det('a', 'un', 'una', '', ''),
  det('this', 'este', 'esta', '', ''),
  det('that', 'ese', 'esa', '', ''),
  det('my', 'mi', 'mi', '', ''),
  det('your', 'tu', 'tu', '', ''),
  det('his', 'su', 'su', '', ''),
  det('her', 'su', 'su', '', ''),
  det('our', 'nuestro', 'nuestra', '', ''),
  det('their', 'su', 'su', '', ''),
  det('one', 'un', 'una', '', ''),
];

const PLURAL_DETERMINERS: Determiner[] = [
  det('the', '', '', 'los', 'las'),
  det('these', '', '', 'estos', 'estas'),
  det('those', '', '', 'esos', 'esas'),
  det('my', '', '', 'mis', 'mis'),
  det('your', '', '', 'tus', 'tus'),
  det('his', '', '', 'sus', 'sus'),
  det('her', '', '', 'sus', 'sus'),
  det('our', '', '', 'nuestros', 'nuestras'),
  det('their', '', '', 'sus', 'sus'),
  det('some', '', '', 'unos', 'unas'),
  det('many', '', '', 'muchos', 'muchas'),
  ...NUMBERS.slice(1).map((n) => det(n.en, '', '', n.es, n.es)),
];

/** Determiners a mass noun takes (no "a", "one" or plural ones). */
const MASS_DETERMINERS = SINGULAR_DETERMINERS.filter((d) => d.en !== 'a' && d.en !== 'one');
/** Indefinite determiners, for "there is ...". */
const INDEFINITE = new Set(['a', 'one', 'some', 'many', ...NUMBERS.map((n) => n.en)]);

function agreementKey(gender: Gender, plural: boolean): 'ms' | 'fs' | 'mp' | 'fp' {
  return `${gender}${plural ? 'p' : 's'}`;
}

export function adjectiveForm(adjective: Adjective, gender: Gender, plural: boolean): string {
  return adjective.es[agreementKey(gender, plural)];
}

/** An adjective that can describe a referent of this animacy. */
export function pickAdjective(rng: Rng, animate: boolean, copula?: Adjective['copula']): Adjective {
  const fits = ADJECTIVE_LIST.filter(
    (a) => (a.applies === 'any' || (a.applies === 'animate') === animate) && (!copula || a.copula === copula),
  );
  return rng.pick(fits);
}

/** Optional "very" + adjective, placed after the noun in Spanish: "the very big cat" → "el gato muy grande". */
function modifier(rng: Rng, animate: boolean, gender: Gender, plural: boolean): Pair {
  if (!rng.chance(0.3)) return { en: [], es: [] };
  const adjective = pickAdjective(rng, animate);
  const very = rng.chance(0.15);
  return {
    en: [...(very ? ['very'] : []), adjective.en],
    es: [...(very ? ['muy'] : []), adjectiveForm(adjective, gender, plural)],
  };
}

export interface NounPhraseOptions {
  /** Only indefinite determiners ("there is a cat"). */
  indefinite?: boolean;
  /** A mass noun may stand alone ("eats bread" → "come pan"); with `indefinite` it always does. */
  allowBare?: boolean;
  /** Allow "Maria 's dog" → "el perro de Maria". */
  allowPossessor?: boolean;
}

export function nounPhrase(rng: Rng, noun: Noun, options: NounPhraseOptions = {}): NounPhrase {
  const animate = noun.kind === 'person' || noun.kind === 'animal';
  const plural = !noun.mass && rng.chance(0.4);
  const features = { plural, gender: noun.gender, animate, personal: noun.kind === 'person' };
  const nounPair = { en: [plural ? noun.enPlural : noun.en], es: [plural ? noun.esPlural : noun.es] };
  const adjective = modifier(rng, animate, noun.gender, plural);
  const key = agreementKey(noun.gender, plural);

  if (noun.mass && (options.indefinite || (options.allowBare && rng.chance(0.3)))) {
    return { ...features, en: [...adjective.en, ...nounPair.en], es: [...nounPair.es, ...adjective.es] };
  }
  if (options.allowPossessor && !options.indefinite && rng.chance(0.08)) {
    const owner = rng.pick(namesOf('person'));
    const article = plural ? (noun.gender === 'm' ? 'los' : 'las') : noun.gender === 'm' ? 'el' : 'la';
    return {
      ...features,
      en: [owner.text, "'s", ...adjective.en, ...nounPair.en],
      es: [article, ...nounPair.es, ...adjective.es, 'de', owner.text],
    };
  }
  let choices = noun.mass ? MASS_DETERMINERS : plural ? PLURAL_DETERMINERS : SINGULAR_DETERMINERS;
  if (options.indefinite) choices = choices.filter((d) => INDEFINITE.has(d.en));
  // "the" and "a" are the most frequent determiners, as in real text.
  const common = choices.filter((d) => d.en === 'the' || d.en === 'a');
  const determiner = common.length > 0 && rng.chance(0.5) ? rng.pick(common) : rng.pick(choices);
  return {
    ...features,
    en: [determiner.en, ...adjective.en, ...nounPair.en],
    es: [determiner.es[key], ...nounPair.es, ...adjective.es],
  };
}

/** A name as a noun phrase: copied through unchanged. */
function namePhrase(name: Name): NounPhrase {
  return {
    en: [name.text],
    es: [name.text],
    plural: false,
    gender: name.gender,
    animate: name.kind === 'person',
    personal: name.kind === 'person',
  };
}

export function referentPhrase(rng: Rng, referent: Referent, options: NounPhraseOptions = {}): NounPhrase {
  return 'noun' in referent ? nounPhrase(rng, referent.noun, options) : namePhrase(referent.name);
}

// ---------------------------------------------------------------------------------------------
// Pronouns.

interface Pronoun {
  person: Person;
  subject: Pair;
  /** Direct object clitic, placed before the verb in Spanish. */
  object: Pair;
  /** After "with" and "for" ("conmigo", "para ti"). */
  withForm: string;
  forForm: string;
  gender?: Gender;
}

export const PRONOUNS: Pronoun[] = [
  { person: '1s', subject: words('I', 'yo'), object: words('me', 'me'), withForm: 'conmigo', forForm: 'mí' },
  { person: '2s', subject: words('you', 'tú'), object: words('you', 'te'), withForm: 'contigo', forForm: 'ti' },
  {
    person: '3s',
    subject: words('he', 'él'),
    object: words('him', 'lo'),
    withForm: 'con él',
    forForm: 'él',
    gender: 'm',
  },
  {
    person: '3s',
    subject: words('she', 'ella'),
    object: words('her', 'la'),
    withForm: 'con ella',
    forForm: 'ella',
    gender: 'f',
  },
  {
    person: '1p',
    subject: words('we', 'nosotros'),
    object: words('us', 'nos'),
    withForm: 'con nosotros',
    forForm: 'nosotros',
  },
  {
    person: '3p',
    subject: words('they', 'ellos'),
    object: words('them', 'los'),
    withForm: 'con ellos',
    forForm: 'ellos',
  },
];

// ---------------------------------------------------------------------------------------------
// Subjects.

export interface SubjectOptions {
  /** Allow the pronouns I / you / we / they, whose gender is unknown. */
  genderless?: boolean;
  /** Noun kinds the subject may be (people, animals; things for descriptions). */
  kinds: readonly string[];
}

export function subject(rng: Rng, options: SubjectOptions): Subject {
  const form = rng.weighted([
    // Pronouns are frequent so that every person of every verb is seen often enough.
    ['pronoun', 0.42],
    ['noun', 0.4],
    ['name', 0.1],
    ['coordinated', 0.08],
  ] as const);
  if (form === 'pronoun') {
    const pronouns = PRONOUNS.filter((p) => options.genderless || p.gender);
    const pronoun = rng.pick(pronouns);
    return {
      ...pronoun.subject,
      person: pronoun.person,
      plural: pronoun.person.endsWith('p'),
      gender: pronoun.gender ?? 'm',
      genderKnown: pronoun.gender !== undefined,
      animate: true,
      personal: true,
    };
  }
  const one = (): NounPhrase =>
    form !== 'noun' && rng.chance(0.7)
      ? namePhrase(rng.pick(namesOf('person')))
      : referentPhrase(rng, pickReferent(rng, options.kinds), { allowPossessor: true });
  const first = one();
  if (form !== 'coordinated') return { ...first, person: first.plural ? '3p' : '3s', genderKnown: true };
  const second = one();
  // Two referents of one kind: a group is feminine only when both members are.
  const both = join(first, words('and', 'y'), second);
  return {
    ...both,
    person: '3p',
    plural: true,
    gender: first.gender === 'f' && second.gender === 'f' ? 'f' : 'm',
    genderKnown: true,
    animate: first.animate && second.animate,
    personal: first.personal && second.personal,
  };
}

// ---------------------------------------------------------------------------------------------
// Prepositional phrases.

const LOCATIONS: [string, string][] = [
  ['in', 'en'],
  ['at', 'en'],
  ['on', 'sobre'],
  ['under', 'debajo de'],
  ['behind', 'detrás de'],
  ['near', 'cerca de'],
  ['next to', 'al lado de'],
  ['in front of', 'delante de'],
];

/** Where something is: "in the park", "under the red table", "in Madrid", "at NYU". */
export function locationPhrase(rng: Rng): Pair {
  const [en, es] = rng.pick(LOCATIONS);
  if (en === 'in' && rng.chance(0.2)) return join(words(en, es), namePhrase(pickName(rng, 'city')));
  if (en === 'at' && rng.chance(0.3)) return join(words(en, es), namePhrase(pickName(rng, 'organisation')));
  const place = rng.pick(
    NOUN_LIST.filter((n) => n.kind === 'place' || (n.kind === 'thing' && en !== 'in' && en !== 'at')),
  );
  return join(words(en, es), nounPhrase(rng, place));
}

/**
 * Where to: "to the park" → "al parque", "to Madrid" → "a Madrid"; with "at" (arrive), a city
 * takes "in": "arrives in Madrid" → "llega a Madrid".
 */
export function destinationPhrase(rng: Rng, preposition: 'to' | 'at' = 'to'): Pair {
  if (rng.chance(0.2)) return join(words(preposition === 'at' ? 'in' : 'to', 'a'), namePhrase(pickName(rng, 'city')));
  return join(words(preposition, 'a'), nounPhrase(rng, rng.pick(NOUN_LIST.filter((n) => n.kind === 'place'))));
}

/** "with the dog", "with me" → "conmigo", "for Maria", "for IBM". */
export function companionPhrase(rng: Rng): Pair {
  const preposition = rng.pick([
    ['with', 'con'],
    ['for', 'para'],
  ] as const);
  if (rng.chance(0.25)) {
    const pronoun = rng.pick(PRONOUNS);
    const es = preposition[0] === 'with' ? pronoun.withForm : `para ${pronoun.forForm}`;
    return words(`${preposition[0]} ${pronoun.object.en[0]}`, es);
  }
  const kinds = preposition[0] === 'with' ? ['person', 'animal', 'personName'] : ['person', 'personName', 'orgName'];
  return join(words(preposition[0], preposition[1]), referentPhrase(rng, pickReferent(rng, kinds)));
}

function pickName(rng: Rng, kind: Name['kind']): Name {
  return rng.pick(namesOf(kind));
}
