/**
 * The English→Spanish lexicon of the synthetic corpus. Every English word has exactly one
 * Spanish rendering in each context, so a sentence has exactly one translation.
 *
 * Tables are compact strings, one entry per line, fields separated by "|"; the parsers
 * below turn them into typed entries. A field left empty takes the regular form.
 */

export type Gender = 'm' | 'f';
export type NounKind = 'person' | 'animal' | 'food' | 'thing' | 'place';

export interface Noun {
  en: string;
  enPlural: string;
  es: string;
  esPlural: string;
  gender: Gender;
  kind: NounKind;
  /** Mass nouns (bread, milk) are singular only and never take "a" or a number. */
  mass: boolean;
}

export interface Adjective {
  en: string;
  /** Spanish forms by gender and number: masculine/feminine singular, masculine/feminine plural. */
  es: { ms: string; fs: string; mp: string; fp: string };
  /** The copula of "NP is ADJ": ser for lasting qualities, estar for states. */
  copula: 'ser' | 'estar';
  /** Whether the adjective may describe people and animals only (tired), things only (broken), or any. */
  applies: 'animate' | 'inanimate' | 'any';
}

export interface Name {
  text: string;
  /** People take the personal "a" as objects and agree in gender; organisations and cities do not. */
  kind: 'person' | 'organisation' | 'city';
  gender: Gender;
}

// ---------------------------------------------------------------------------------------------
// Nouns: en | en plural | es | es plural | gender. Kind comes from the section; "mass" marks mass nouns.

const NOUNS: Record<NounKind, string> = {
  person: `
boy||niño||m
girl||niña||f
man|men|hombre||m
woman|women|mujer|mujeres|f
king||rey|reyes|m
queen||reina||f
brother||hermano||m
sister||hermana||f
father||padre||m
mother||madre||f
son||hijo||m
daughter||hija||f
uncle||tío||m
aunt||tía||f
grandfather||abuelo||m
grandmother||abuela||f
doctor||médico||m
teacher||profesor|profesores|m
student||estudiante||m
friend||amigo||m
neighbor||vecino||m
baker||panadero||m
farmer||granjero||m
lawyer||abogado||m
nurse||enfermera||f
waiter||camarero||m
singer||cantante||m
writer||escritor|escritores|m
painter||pintor|pintores|m
cook||cocinero||m
child|children|niño||m
`,
  animal: `
cat||gato||m
dog||perro||m
bird||pájaro||m
horse||caballo||m
cow||vaca||f
mouse|mice|ratón|ratones|m
rabbit||conejo||m
duck||pato||m
pig||cerdo||m
lion||león|leones|m
tiger||tigre||m
bear||oso||m
monkey||mono||m
frog||rana||f
snake||serpiente||f
spider||araña||f
turtle||tortuga||f
goat||cabra||f
elephant||elefante||m
wolf|wolves|lobo||m
fox|foxes|zorro||m
bee||abeja||f
ant||hormiga||f
whale||ballena||f
owl||búho||m
`,
  food: `
apple||manzana||f
bread||pan||m|mass
cheese||queso||m|mass
fish||pescado||m|mass
soup||sopa||f|mass
cake||pastel|pasteles|m
egg||huevo||m
orange||naranja||f
banana||plátano||m
meat||carne||f|mass
rice||arroz||m|mass
milk||leche||f|mass
coffee||café||m|mass
tea||té||m|mass
juice||jugo||m|mass
wine||vino||m|mass
cookie||galleta||f
sandwich|sandwiches|sándwich|sándwiches|m
tomato|tomatoes|tomate||m
potato|potatoes|patata||f
salad||ensalada||f
pizza||pizza||f
chocolate||chocolate||m|mass
carrot||zanahoria||f
lemon||limón|limones|m
grape||uva||f
strawberry|strawberries|fresa||f
pear||pera||f
`,
  thing: `
book||libro||m
letter||carta||f
newspaper||periódico||m
table||mesa||f
chair||silla||f
door||puerta||f
window||ventana||f
car||coche||m
bicycle||bicicleta||f
ball||pelota||f
key||llave||f
box|boxes|caja||f
bag||bolsa||f
cup||taza||f
glass|glasses|vaso||m
plate||plato||m
bottle||botella||f
phone||teléfono||m
computer||computadora||f
pen||bolígrafo||m
pencil||lápiz|lápices|m
clock||reloj|relojes|m
hat||sombrero||m
shirt||camisa||f
shoe||zapato||m
dress|dresses|vestido||m
picture||cuadro||m
song||canción|canciones|f
map||mapa||m
lamp||lámpara||f
bed||cama||f
ring||anillo||m
flower||flor|flores|f
tree||árbol|árboles|m
guitar||guitarra||f
piano||piano||m
toy||juguete||m
gift||regalo||m
card||tarjeta||f
ticket||billete||m
towel||toalla||f
spoon||cuchara||f
knife|knives|cuchillo||m
fork||tenedor|tenedores|m
mirror||espejo||m
blanket||manta||f
candle||vela||f
boat||barco||m
train||tren|trenes|m
bus|buses|autobús|autobuses|m
plane||avión|aviones|m
camera||cámara||f
`,
  place: `
house||casa||f
park||parque||m
school||escuela||f
city|cities|ciudad|ciudades|f
street||calle||f
garden||jardín|jardines|m
kitchen||cocina||f
room||habitación|habitaciones|f
store||tienda||f
market||mercado||m
library|libraries|biblioteca||f
beach|beaches|playa||f
river||río||m
lake||lago||m
forest||bosque||m
mountain||montaña||f
office||oficina||f
hospital||hospital|hospitales|m
church|churches|iglesia||f
restaurant||restaurante||m
museum||museo||m
bank||banco||m
station||estación|estaciones|f
airport||aeropuerto||m
farm||granja||f
village||pueblo||m
bridge||puente||m
island||isla||f
hotel||hotel|hoteles|m
castle||castillo||m
`,
};

// ---------------------------------------------------------------------------------------------
// Adjectives: en | es masculine singular | es feminine singular (blank: same as masculine, as
// for "grande") | es masculine plural | es feminine plural | copula | applies.

const ADJECTIVES = `
red|rojo||||ser|any
blue|azul||azules|azules|ser|inanimate
green|verde||||ser|inanimate
yellow|amarillo||||ser|any
black|negro||||ser|any
white|blanco||||ser|any
brown|marrón||marrones|marrones|ser|any
gray|gris||grises|grises|ser|any
purple|morado||||ser|inanimate
big|grande||||ser|any
small|pequeño||||ser|any
tall|alto||||ser|any
long|largo||||ser|inanimate
new|nuevo||||ser|inanimate
old|viejo||||ser|any
young|joven||jóvenes|jóvenes|ser|animate
beautiful|hermoso||||ser|any
ugly|feo||||ser|any
good|bueno||||ser|any
bad|malo||||ser|any
fast|rápido||||ser|any
slow|lento||||ser|any
strong|fuerte||||ser|any
weak|débil||débiles|débiles|ser|animate
rich|rico||||ser|animate
poor|pobre||||ser|animate
smart|inteligente||||ser|animate
kind|amable||||ser|animate
funny|divertido||||ser|any
cheap|barato||||ser|inanimate
expensive|caro||||ser|inanimate
heavy|pesado||||ser|inanimate
delicious|delicioso||||ser|inanimate
sweet|dulce||||ser|inanimate
quiet|tranquilo||||ser|any
famous|famoso||||ser|any
modern|moderno||||ser|inanimate
important|importante||||ser|any
easy|fácil||fáciles|fáciles|ser|inanimate
difficult|difícil||difíciles|difíciles|ser|inanimate
tired|cansado||||estar|animate
happy|contento||||estar|animate
sad|triste||||estar|animate
angry|enojado||||estar|animate
sick|enfermo||||estar|animate
busy|ocupado||||estar|animate
ready|listo||||estar|any
dirty|sucio||||estar|any
clean|limpio||||estar|any
broken|roto||||estar|inanimate
open|abierto||||estar|inanimate
closed|cerrado||||estar|inanimate
full|lleno||||estar|inanimate
empty|vacío||||estar|inanimate
hot|caliente||||estar|inanimate
cold|frío||||estar|inanimate
`;

// ---------------------------------------------------------------------------------------------
// Names copied through unchanged.

export const NAMES: Name[] = [
  ...'Maria Ana Lucia Sofia Elena Carmen'
    .split(' ')
    .map((text) => ({ text, kind: 'person' as const, gender: 'f' as const })),
  ...'Carlos Pedro Juan Diego Miguel Pablo'
    .split(' ')
    .map((text) => ({ text, kind: 'person' as const, gender: 'm' as const })),
  ...'NYU NASA IBM MIT UNESCO BBC'
    .split(' ')
    .map((text) => ({ text, kind: 'organisation' as const, gender: 'f' as const })),
  ...'Madrid Boston Chicago Lima Toronto'
    .split(' ')
    .map((text) => ({ text, kind: 'city' as const, gender: 'm' as const })),
];

// ---------------------------------------------------------------------------------------------
// Numbers 1–20; "one" agrees in gender (un / una).

export const NUMBERS: { en: string; es: string }[] = [
  ['one', 'un'],
  ['two', 'dos'],
  ['three', 'tres'],
  ['four', 'cuatro'],
  ['five', 'cinco'],
  ['six', 'seis'],
  ['seven', 'siete'],
  ['eight', 'ocho'],
  ['nine', 'nueve'],
  ['ten', 'diez'],
  ['eleven', 'once'],
  ['twelve', 'doce'],
  ['thirteen', 'trece'],
  ['fourteen', 'catorce'],
  ['fifteen', 'quince'],
  ['sixteen', 'dieciséis'],
  ['seventeen', 'diecisiete'],
  ['eighteen', 'dieciocho'],
  ['nineteen', 'diecinueve'],
  ['twenty', 'veinte'],
].map(([en, es]) => ({ en, es }));

// ---------------------------------------------------------------------------------------------
// Parsers.

function parseNouns(): Noun[] {
  const nouns: Noun[] = [];
  for (const [kind, table] of Object.entries(NOUNS) as [NounKind, string][]) {
    for (const line of lines(table)) {
      const [en, enPlural, es, esPlural, gender, flag] = line.split('|');
      nouns.push({
        en,
        enPlural: enPlural || `${en}s`,
        es,
        esPlural: esPlural || `${es}s`,
        gender: gender as Gender,
        kind,
        mass: flag === 'mass',
      });
    }
  }
  return nouns;
}

function parseAdjectives(): Adjective[] {
  return lines(ADJECTIVES).map((line) => {
    const [en, ms, fs, mp, fp, copula, applies] = line.split('|');
    // A masculine form in -o has regular feminine and plural forms; others are invariable in gender.
    const inO = ms.endsWith('o');
    const feminine = fs || (inO ? `${ms.slice(0, -1)}a` : ms);
    return {
      en,
      es: { ms, fs: feminine, mp: mp || `${ms}s`, fp: fp || `${feminine}s` },
      copula: copula as Adjective['copula'],
      applies: applies as Adjective['applies'],
    };
  });
}

function lines(table: string): string[] {
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

export const NOUN_LIST: Noun[] = parseNouns();
export const ADJECTIVE_LIST: Adjective[] = parseAdjectives();
