/**
 * Verbs of the synthetic corpus: English forms and Spanish conjugations for the five persons
 * the grammar uses (yo, tú, él/ella, nosotros, ellos) in present, preterite and future.
 */

export type Person = '1s' | '2s' | '3s' | '1p' | '3p';
export type Tense = 'present' | 'past' | 'future';
export const TENSES: Tense[] = ['present', 'past', 'future'];

export type Conjugation = Record<Tense, Record<Person, string>>;

export interface Verb {
  /** English base, third person singular present and past, possibly with a particle ("look for"). */
  en: { base: string; third: string; past: string };
  infinitive: string;
  forms: Conjugation;
  /**
   * What the verb takes as object: noun kinds ("food"), single nouns ("=guitar"), "drink",
   * "personName" or "cityName"; empty for intransitive verbs (where "motion" / "motionAt" set `motion`).
   */
  objects: string[];
  /**
   * Intransitive verbs of motion take a destination, "a" in Spanish, after this English
   * preposition ("runs to the park", "arrives at the station"); others take a location ("en").
   */
  motion?: 'to' | 'at';
}

function persons(forms: string): Record<Person, string> {
  const list = forms.trim().split(/\s+/);
  if (list.length !== 5) throw new Error(`expected five forms: "${forms}"`);
  return { '1s': list[0], '2s': list[1], '3s': list[2], '1p': list[3], '3p': list[4] };
}

const ENDINGS = {
  ar: { present: 'o as a amos an', past: 'é aste ó amos aron' },
  er: { present: 'o es e emos en', past: 'í iste ió imos ieron' },
  ir: { present: 'o es e imos en', past: 'í iste ió imos ieron' },
} as const;
const FUTURE_ENDINGS = 'é ás á emos án';

/** Regular conjugation, with the preterite spelling changes of -car, -gar and -zar (busqué, llegué). */
export function conjugateRegular(infinitive: string): Conjugation {
  const stem = infinitive.slice(0, -2);
  const group = infinitive.slice(-2) as keyof typeof ENDINGS;
  const build = (base: string, endings: string) =>
    persons(
      endings
        .split(' ')
        .map((e) => base + e)
        .join(' '),
    );
  const past = build(stem, ENDINGS[group].past);
  if (group === 'ar') {
    const respell: Record<string, string> = { c: 'qu', g: 'gu', z: 'c' };
    const last = stem.slice(-1);
    if (respell[last]) past['1s'] = `${stem.slice(0, -1)}${respell[last]}é`;
  }
  return { present: build(stem, ENDINGS[group].present), past, future: build(infinitive, FUTURE_ENDINGS) };
}

/** Irregular tenses written out: "present: ...; past: ...; future: ..." (missing tenses are regular). */
function conjugate(infinitive: string, irregular = ''): Conjugation {
  const forms = conjugateRegular(infinitive);
  for (const part of irregular.split(';').filter((p) => p.trim())) {
    const [tense, list] = part.split(':');
    forms[tense.trim() as Tense] = persons(list);
  }
  return forms;
}

// en base | third | past | infinitive | objects (space-separated) | irregular tenses
const VERBS = `
eat|eats|ate|comer|food
drink|drinks|drank|beber|drink
see|sees|saw|ver|person animal thing place personName|present: veo ves ve vemos ven; past: vi viste vio vimos vieron
buy|buys|bought|comprar|food thing
sell|sells|sold|vender|food thing animal
want|wants|wanted|querer|food thing animal|present: quiero quieres quiere queremos quieren; past: quise quisiste quiso quisimos quisieron; future: querré querrás querrá querremos querrán
have|has|had|tener|thing animal food|present: tengo tienes tiene tenemos tienen; past: tuve tuviste tuvo tuvimos tuvieron; future: tendré tendrás tendrá tendremos tendrán
make|makes|made|hacer|=cake =soup =salad =pizza =sandwich =bread =table =chair =box|present: hago haces hace hacemos hacen; past: hice hiciste hizo hicimos hicieron; future: haré harás hará haremos harán
find|finds|found|encontrar|thing animal person personName|present: encuentro encuentras encuentra encontramos encuentran
bring|brings|brought|traer|food thing|present: traigo traes trae traemos traen; past: traje trajiste trajo trajimos trajeron
carry|carries|carried|llevar|thing food
wash|washes|washed|lavar|thing animal
cook|cooks|cooked|cocinar|food
clean|cleans|cleaned|limpiar|thing place
paint|paints|painted|pintar|thing place
draw|draws|drew|dibujar|person animal thing place personName
visit|visits|visited|visitar|person place personName cityName
help|helps|helped|ayudar|person personName
call|calls|called|llamar|person personName
watch|watches|watched|mirar|person animal thing personName
open|opens|opened|abrir|=door =window =box =bag =bottle =book =letter =store
close|closes|closed|cerrar|=door =window =box =bag =book =store|present: cierro cierras cierra cerramos cierran
break|breaks|broke|romper|thing
hide|hides|hid|esconder|thing food animal
need|needs|needed|necesitar|thing food
use|uses|used|usar|thing
take|takes|took|tomar|thing food
wait for|waits for|waited for|esperar|person personName =bus =train =plane
look for|looks for|looked for|buscar|person animal thing place personName
listen to|listens to|listened to|escuchar|=song person personName
play|plays|played|tocar|=guitar =piano =song
write|writes|wrote|escribir|=letter =book =song =card
learn|learns|learned|aprender|=song
study|studies|studied|estudiar|=book =map
love|loves|loved|amar|person animal personName
receive|receives|received|recibir|=letter =gift =card =book =ticket
share|shares|shared|compartir|food thing
prepare|prepares|prepared|preparar|food
throw|throws|threw|lanzar|=ball =key =shoe =hat =cookie =apple
sleep|sleeps|slept|dormir||present: duermo duermes duerme dormimos duermen; past: dormí dormiste durmió dormimos durmieron
run|runs|ran|correr|motion
walk|walks|walked|caminar|motion
swim|swims|swam|nadar|
dance|dances|danced|bailar|
sing|sings|sang|cantar|
work|works|worked|trabajar|
arrive|arrives|arrived|llegar|motionAt
live|lives|lived|vivir|
travel|travels|traveled|viajar|motion
go|goes|went|ir|motion|present: voy vas va vamos van; past: fui fuiste fue fuimos fueron
rest|rests|rested|descansar|
cry|cries|cried|llorar|
jump|jumps|jumped|saltar|
shout|shouts|shouted|gritar|
`;

function parseVerbs(): Verb[] {
  return VERBS.split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [base, third, past, infinitive, objects = '', irregular = ''] = line.split('|');
      const words = objects.split(/\s+/).filter((w) => w.length > 0);
      return {
        en: { base, third, past },
        infinitive,
        forms: conjugate(infinitive, irregular),
        objects: words.filter((w) => !w.startsWith('motion')),
        motion: words.includes('motion') ? 'to' : words.includes('motionAt') ? 'at' : undefined,
      };
    });
}

export const VERB_LIST: Verb[] = parseVerbs();
export const TRANSITIVE_VERBS = VERB_LIST.filter((v) => v.objects.length > 0);
export const INTRANSITIVE_VERBS = VERB_LIST.filter((v) => v.objects.length === 0);

/** The copulas and auxiliaries; the past of ser/estar is the imperfect, as for descriptions. */
export const SER = conjugate(
  'ser',
  'present: soy eres es somos son; past: era eras era éramos eran; future: seré serás será seremos serán',
);
export const ESTAR = conjugate(
  'estar',
  'present: estoy estás está estamos están; past: estaba estabas estaba estábamos estaban; future: estaré estarás estará estaremos estarán',
);
/** "can" is used in the present only. */
export const PODER_PRESENT = persons('puedo puedes puede podemos pueden');
/** "there is / was / will be". */
export const HABER_EXISTENTIAL: Record<Tense, string> = { present: 'hay', past: 'había', future: 'habrá' };

/** Drinks are the food nouns "drink" selects. */
export const DRINKS = new Set(['milk', 'coffee', 'tea', 'juice', 'wine']);
