import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MAX_WORDS, MIN_WORDS, generateCorpus } from '../../tools/corpus/corpus.ts';
import { ADJECTIVE_LIST, NAMES, NOUN_LIST, NUMBERS } from '../../tools/corpus/lexicon.ts';
import { Rng } from '../../tools/corpus/rng.ts';
import { finish, sentence } from '../../tools/corpus/sentences.ts';
import { ESTAR, SER, VERB_LIST, conjugateRegular } from '../../tools/corpus/verbs.ts';

const small = { train: 2000, valid: 100, test: 100 };

describe('the corpus generator', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = generateCorpus(7, small);
    expect(generateCorpus(7, small)).toEqual(a);
    expect(generateCorpus(8, small).train.en).not.toEqual(a.train.en);
  });

  it('reproduces the committed validation and test splits from seed 1', async () => {
    const corpus = generateCorpus(1, { train: 50000, valid: 1000, test: 1000 });
    for (const split of ['valid', 'test'] as const) {
      for (const side of ['en', 'es'] as const) {
        const committed = await readFile(`data/en-es/${split}.${side}`, 'utf8');
        expect(committed).toBe(corpus[split][side].map((line) => `${line}\n`).join(''));
      }
    }
  });

  it('keeps 3–20 tokens on both sides, no sentence twice, and no sentence in two splits', () => {
    const corpus = generateCorpus(3, small);
    const all = [...corpus.train.en, ...corpus.valid.en, ...corpus.test.en];
    expect(new Set(all).size).toBe(all.length);
    for (const split of Object.values(corpus)) {
      for (const line of [...split.en, ...split.es]) {
        const count = line.split(' ').length;
        expect(count).toBeGreaterThanOrEqual(MIN_WORDS);
        expect(count).toBeLessThanOrEqual(MAX_WORDS);
        expect(line).toBe(line.trim());
        expect(line).not.toMatch(/ {2}/);
      }
    }
  });

  it('moves adjectives after the noun with gender and number agreement', () => {
    const corpus = generateCorpus(4, small);
    const byEnglish = new Map<string, { es: string; gender: 'm' | 'f'; plural: boolean }>();
    for (const noun of NOUN_LIST) {
      byEnglish.set(noun.en, { es: noun.es, gender: noun.gender, plural: false });
      byEnglish.set(noun.enPlural, { es: noun.esPlural, gender: noun.gender, plural: true });
    }
    const articles = { ms: ['el', 'al', 'del'], fs: ['la'], mp: ['los'], fp: ['las'] };
    let checked = 0;
    corpus.train.en.forEach((en, i) => {
      const words = en.split(' ');
      const es = ` ${corpus.train.es[i]} `;
      for (let k = 0; k + 2 < words.length; k++) {
        const adjective = ADJECTIVE_LIST.find((a) => a.en === words[k + 1]);
        const noun = byEnglish.get(words[k + 2]);
        if (words[k] !== 'the' || !adjective || !noun) continue;
        const key = `${noun.gender}${noun.plural ? 'p' : 's'}` as const;
        const form = adjective.es[key];
        const found = articles[key].some((article) => es.includes(` ${article} ${noun.es} ${form} `));
        expect(found, `"the ${adjective.en} ${words[k + 2]}" in "${en}" → "${es.trim()}"`).toBe(true);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(100);
  });

  it('copies names and acronyms through unchanged', () => {
    const corpus = generateCorpus(5, small);
    let checked = 0;
    corpus.train.en.forEach((en, i) => {
      for (const name of NAMES) {
        const count = (text: string) => text.split(' ').filter((w) => w === name.text).length;
        if (count(en) === 0) continue;
        expect(count(corpus.train.es[i]), `${name.text} in "${en}"`).toBe(count(en));
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(100);
    expect(NAMES.map((n) => n.text)).toContain('NYU');
  });

  it('has a lexicon of more than 300 English words', () => {
    const lemmas = new Set([
      ...NOUN_LIST.map((n) => n.en),
      ...ADJECTIVE_LIST.map((a) => a.en),
      ...VERB_LIST.map((v) => v.en.base),
      ...NAMES.map((n) => n.text),
      ...NUMBERS.map((n) => n.en),
    ]);
    expect(lemmas.size).toBeGreaterThanOrEqual(300);
    const tokens = new Set(generateCorpus(1, small).train.en.flatMap((line) => line.split(' ')));
    expect(tokens.size).toBeGreaterThan(300);
  });
});

describe('grammar building blocks', () => {
  it('conjugates regular verbs with preterite spelling changes', () => {
    expect(conjugateRegular('hablar').present).toEqual({
      '1s': 'hablo',
      '2s': 'hablas',
      '3s': 'habla',
      '1p': 'hablamos',
      '3p': 'hablan',
    });
    expect(conjugateRegular('comer').past).toEqual({
      '1s': 'comí',
      '2s': 'comiste',
      '3s': 'comió',
      '1p': 'comimos',
      '3p': 'comieron',
    });
    expect(conjugateRegular('vivir').future['1p']).toBe('viviremos');
    expect(conjugateRegular('buscar').past['1s']).toBe('busqué');
    expect(conjugateRegular('llegar').past['1s']).toBe('llegué');
    expect(conjugateRegular('lanzar').past['1s']).toBe('lancé');
  });

  it('uses the irregular forms where they are given', () => {
    const verb = (base: string) => VERB_LIST.find((v) => v.en.base === base)!;
    expect(verb('have').forms.present['1s']).toBe('tengo');
    expect(verb('go').forms.past['3p']).toBe('fueron');
    expect(verb('sleep').forms.past['3s']).toBe('durmió');
    expect(verb('close').forms.present['3s']).toBe('cierra');
    expect(verb('close').forms.future['3s']).toBe('cerrará');
    expect(SER.past['1p']).toBe('éramos');
    expect(ESTAR.future['3p']).toBe('estarán');
  });

  it('inflects adjectives by gender and number', () => {
    const adjective = (en: string) => ADJECTIVE_LIST.find((a) => a.en === en)!.es;
    expect(adjective('red')).toEqual({ ms: 'rojo', fs: 'roja', mp: 'rojos', fp: 'rojas' });
    expect(adjective('big')).toEqual({ ms: 'grande', fs: 'grande', mp: 'grandes', fp: 'grandes' });
    expect(adjective('blue')).toEqual({ ms: 'azul', fs: 'azul', mp: 'azules', fp: 'azules' });
    expect(ADJECTIVE_LIST.find((a) => a.en === 'tired')!.copula).toBe('estar');
  });

  it('applies "an" and the contractions al / del', () => {
    expect(finish({ en: 'a apple and a old cat and a dog'.split(' '), es: [] }).en.join(' ')).toBe(
      'an apple and an old cat and a dog',
    );
    expect(finish({ en: [], es: 'va a el parque cerca de el río con él'.split(' ') }).es.join(' ')).toBe(
      'va al parque cerca del río con él',
    );
    expect(finish({ en: [], es: 'a la casa de la niña'.split(' ') }).es.join(' ')).toBe('a la casa de la niña');
  });

  it('ends every sentence with its punctuation and opens Spanish questions with ¿', () => {
    const rng = new Rng(11);
    for (let i = 0; i < 500; i++) {
      const { en, es } = sentence(rng);
      const last = en[en.length - 1];
      expect(['.', '?']).toContain(last);
      expect(es[es.length - 1]).toBe(last);
      expect(es[0] === '¿').toBe(last === '?');
    }
  });
});
