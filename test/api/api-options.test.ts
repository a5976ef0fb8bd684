// The translate options of the public API on the cpu backend, with the shipped model models/en-es:
// prefix (text or ids, per input), replaceUnknowns, alignment, n-gram blocking, the coverage
// penalty, sampling that does not depend on the batch size, translateStream, and clear input
// errors for bad values.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createBackend,
  UnrollError,
  type Backend,
  type LoadedModel,
  type TranslateEvent,
  type TranslateOptions,
} from '../../src/node.ts';
import { detokenize } from '../../src/model/tokenizer/detokenize.ts';

const MODEL_DIR = resolve(import.meta.dirname, '../../models/en-es');

let backend: Backend;
let model: LoadedModel;

beforeAll(async () => {
  backend = await createBackend({ kind: 'cpu' });
  model = await backend.load(MODEL_DIR);
});

afterAll(() => backend.dispose());

async function rejection(promise: Promise<unknown>): Promise<UnrollError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(UnrollError);
    return error as UnrollError;
  }
  throw new Error('expected a rejection');
}

const targetId = (token: string) => model.vocab!.target.indexOf(token);

describe('prefix', () => {
  it('forces a text prefix, and an id prefix gives the same result', async () => {
    const plain = await model.translate('the red cat .');
    expect(plain.hypotheses[0].tokens?.[0]).toBe('el');
    const byText = await model.translate('the red cat .', { prefix: 'un' });
    expect(byText.hypotheses[0].tokens?.[0]).toBe('un');
    expect(byText.hypotheses[0].ids[0]).toBe(targetId('un'));
    const byIds = await model.translate('the red cat .', { prefix: [targetId('un')] });
    expect(byIds).toEqual(byText);
  });

  it('counts the forced tokens in the score (the teacher-forced log-prob of the whole output)', async () => {
    const [hypothesis] = (await model.translate('the dog sees the red cat .', { prefix: 'un perro' })).hypotheses;
    expect(hypothesis.tokens?.slice(0, 2)).toEqual(['un', 'perro']);
    const scored = await model.score('the dog sees the red cat .', hypothesis.text!);
    expect(hypothesis.score).toBeCloseTo(scored.total, 6);
  });

  it('takes one entry per input for a list: text, ids or undefined', async () => {
    const inputs = ['the red cat .', 'the dog .', 'the soup is cold .'];
    const results = await model.translate(inputs, { prefix: ['un', undefined, [targetId('una')]], beam: 3 });
    expect(results[0].hypotheses[0].tokens?.[0]).toBe('un');
    expect(results[1]).toEqual(await model.translate('the dog .', { beam: 3 }));
    expect(results[2].hypotheses[0].tokens?.[0]).toBe('una');
    // Every hypothesis of the beam starts with the prefix.
    expect(results[2].hypotheses.every((h) => h.ids[0] === targetId('una'))).toBe(true);
  });
});

describe('alignment and replaceUnknowns', () => {
  it('aligns every id with the argmax of its attention row', async () => {
    const result = await model.translate('the dog sees the red cat .', { alignment: true, attention: true, beam: 2 });
    for (const hypothesis of result.hypotheses) {
      const { ids, attention, alignment } = hypothesis;
      expect(alignment).toHaveLength(ids.length);
      alignment!.forEach((j, t) => {
        const row = attention![t];
        expect(row[j]).toBe(Math.max(...row));
        expect(row.indexOf(row[j])).toBe(j);
      });
    }
    // Alignment alone returns no attention, and neither comes without being asked.
    const [aligned] = (await model.translate('the red cat .', { alignment: true })).hypotheses;
    expect(aligned.alignment).toHaveLength(aligned.ids.length);
    expect(aligned.attention).toBeUndefined();
    const [plain] = (await model.translate('the red cat .', { replaceUnknowns: true })).hypotheses;
    expect(plain.alignment).toBeUndefined();
    expect(plain.attention).toBeUndefined();
  });

  it('replaces an unk output token with the aligned source word as typed (a name outside the vocabulary)', async () => {
    const sentence = 'Zorblax sees the red cat .';
    const words = sentence.split(' ');
    const result = await model.translate(sentence, { prefix: '<unk>', replaceUnknowns: true, alignment: true });
    expect(result.source.tokens?.[0]).toBe('<unk>');
    const [hypothesis] = result.hypotheses;
    // The forced unk token keeps its id; its text is the source word it attends to most.
    expect(hypothesis.ids[0]).toBe(model.config.unk_id);
    expect(hypothesis.tokens?.[0]).toBe(words[hypothesis.alignment![0]]);
    expect(hypothesis.tokens?.[0]).toBe('Zorblax');
    expect(hypothesis.text?.startsWith('Zorblax ')).toBe(true);
    // Without replaceUnknowns the token stays <unk>; the ids and score are the same.
    const [unreplaced] = (await model.translate(sentence, { prefix: '<unk>' })).hypotheses;
    expect(unreplaced.tokens?.[0]).toBe('<unk>');
    expect(unreplaced.ids).toEqual(hypothesis.ids);
    expect(unreplaced.score).toBe(hypothesis.score);
    // Whatever the model generates, no <unk> is left in the replaced tokens.
    const free = await model.translate([sentence, 'the Zorblax sees Quux .'], { replaceUnknowns: true, beam: 3 });
    for (const translation of free) {
      for (const h of translation.hypotheses) expect(h.tokens).not.toContain('<unk>');
    }
  });
});

describe('noRepeatNgram and coveragePenalty', () => {
  it('noRepeatNgram 1: no token occurs twice', async () => {
    const [hypothesis] = (await model.translate('the dog sees the cat .', { noRepeatNgram: 1 })).hypotheses;
    expect(new Set(hypothesis.ids).size).toBe(hypothesis.ids.length);
    const [plain] = (await model.translate('the dog sees the cat .')).hypotheses;
    expect(plain.tokens?.filter((token) => token === 'el').length).toBeGreaterThan(1);
  });

  it('coveragePenalty: greedy keeps its path and only its score gains the (non-positive) term', async () => {
    const [plain] = (await model.translate('the dog sees the red cat .')).hypotheses;
    const [covered] = (await model.translate('the dog sees the red cat .', { coveragePenalty: 0.5 })).hypotheses;
    expect(covered.ids).toEqual(plain.ids);
    expect(covered.score).toBeLessThanOrEqual(plain.score);
  });
});

describe('sampling', () => {
  const inputs = [
    'the dog sees the red cat .',
    'the soup is cold .',
    '',
    'the boy is tall .',
    'I see her .',
    'the very big houses are red .',
  ];
  const options: TranslateOptions = { sampling: { seed: 11, temperature: 1.5, topK: 20, topP: 0.95 } };

  it('gives the same draws for batch sizes 1, 3 and 32, and for a call that starts later with sentenceOffset', async () => {
    const one = await backend.load(MODEL_DIR, { batchSize: 1 });
    const three = await backend.load(MODEL_DIR, { batchSize: 3 });
    try {
      const whole = await model.translate(inputs, options);
      expect(await one.translate(inputs, options)).toEqual(whole);
      expect(await three.translate(inputs, options)).toEqual(whole);
      expect(await model.translate(inputs, options)).toEqual(whole);
      expect(await three.translate(inputs.slice(3), { ...options, sentenceOffset: 3 })).toEqual(whole.slice(3));
      // The seed matters: some other seed draws another output for some sentence.
      const texts = (results: typeof whole) => results.map((r) => r.hypotheses[0]?.text);
      const others = await Promise.all(
        [1, 2, 3, 4].map(async (seed) => texts(await model.translate(inputs, { sampling: { seed, temperature: 2 } }))),
      );
      expect(others.some((other) => JSON.stringify(other) !== JSON.stringify(texts(whole)))).toBe(true);
    } finally {
      one.dispose();
      three.dispose();
    }
  });
});

describe('translateStream', () => {
  it('reports progress, then every input once in order, with the results translate gives', async () => {
    const inputs = ['the dog sees the red cat and the boy sees the very big houses .', '', 'the soup is cold .'];
    const streaming = await backend.load(MODEL_DIR, { batchSize: 2 });
    try {
      const options: TranslateOptions = { beam: 3, nBest: 2, prefix: ['el', undefined, 'la'], alignment: true };
      const events: TranslateEvent[] = [];
      for await (const event of streaming.translateStream(inputs, options)) events.push(event);
      const done = events.filter((event) => event.done);
      expect(done.map((event) => event.index)).toEqual([0, 1, 2]);
      expect(done.map((event) => event.done && event.translation)).toEqual(await model.translate(inputs, options));
      const progress = events.filter((event) => !event.done);
      expect(progress.length).toBeGreaterThan(0);
      for (const event of progress) {
        if (event.done) continue;
        expect([0, 2]).toContain(event.index);
        // Before its input's result, prefix first, tokens matching the ids.
        const doneAt = events.findIndex((other) => other.done && other.index === event.index);
        expect(events.indexOf(event)).toBeLessThan(doneAt);
        expect(event.tokens).toEqual(event.ids.map((id) => model.vocab!.target[id]));
        expect(event.text).toBe(detokenize(event.tokens!));
        expect(event.tokens?.[0]).toBe(event.index === 0 ? 'el' : 'la');
      }
      // A single text is input 0.
      const single: TranslateEvent[] = [];
      for await (const event of streaming.translateStream('the red cat .')) single.push(event);
      expect(single.at(-1)).toEqual({ index: 0, translation: await model.translate('the red cat .'), done: true });
    } finally {
      streaming.dispose();
    }
  });

  it('throws a bad option from the iteration', async () => {
    const iterate = async () => {
      for await (const event of model.translateStream(['the cat .'], { coveragePenalty: -1 })) void event;
    };
    const error = await rejection(iterate());
    expect(error.kind).toBe('input');
    expect(error.message).toMatch(/coveragePenalty must be a finite number >= 0/);
  });
});

describe('bad values', () => {
  const cases: [string, TranslateOptions, RegExp, (string | number[])[]?][] = [
    ['a negative coverage penalty', { coveragePenalty: -0.5 }, /coveragePenalty must be a finite number >= 0/],
    ['topP above 1', { sampling: { topP: 1.5 } }, /sampling\.topP must be in \(0, 1\]/],
    ['topP 0', { sampling: { topP: 0 } }, /sampling\.topP must be in \(0, 1\]/],
    ['sampling with a beam', { beam: 2, sampling: {} }, /sampling needs beam 1/],
    ['noRepeatNgram past its bound', { noRepeatNgram: 17 }, /noRepeatNgram must be at most 16/],
    [
      'prefix ids outside the vocabulary',
      { prefix: [10, 5000] },
      /id 5000 at position 1 is outside the target vocabulary/,
    ],
    ['a prefix of eos', { prefix: [3] }, /id 3 is eos_id, which cannot be forced/],
    ['an unknown prefix word', { prefix: 'el Zorblax' }, /option prefix: "Zorblax" is not in the target vocabulary/],
    [
      'an unknown prefix word of a list input',
      { prefix: [undefined, 'la Zorblax'] },
      /option prefix of input 1: "Zorblax" is not in the target vocabulary/,
      ['the cat .', 'the soup .'],
    ],
    ['a prefix list of the wrong length', { prefix: ['el'] }, /prefix has 1 entries for 2 inputs/, ['a', 'b']],
    ['a prefix longer than maxLength', { prefix: 'el gato', maxLength: 1 }, /has 2 tokens, more than maxLength 1/],
  ];
  for (const [name, options, message, input] of cases) {
    it(`refuses ${name} with an input error`, async () => {
      const error = await rejection(
        input ? model.translate(input, options) : model.translate('the red cat .', options),
      );
      expect(error.kind).toBe('input');
      expect(error.message).toMatch(message);
    });
  }
});
