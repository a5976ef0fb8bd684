// The demo's input guidance: what the model covers, how a typed sentence fits it, when the
// translation shown is out of date, and the hint for a model that did not load.
import { describe, expect, it } from 'vitest';
import { checkInput, modelCoverage } from '../../demo/app/coverage.ts';
import { loadFailureHint } from '../../demo/app/model-choice.ts';
import { staleReasons } from '../../demo/app/stale.ts';

const bundled = modelCoverage({ kind: 'bundled', pick: 'lstm' }, 660);
const words = (text: string, unknown: string[] = []) =>
  text.split(' ').map((typed) => ({ typed, known: !unknown.includes(typed) }));

describe('the model’s coverage', () => {
  it('states the bundled models’ grammar, vocabulary and sentence lengths', () => {
    expect(bundled.lengths).toEqual({ min: 3, max: 20 });
    expect(bundled.description).toContain('synthetic English→Spanish grammar');
    expect(bundled.description).toContain('660 English words');
    expect(bundled.description).toContain('3–20 tokens');
  });

  it('counts word pieces, and checks no word lengths against them, for the bundled subword model', () => {
    const subword = modelCoverage({ kind: 'bundled', pick: 'subword' }, 2000, true);
    expect(subword.lengths).toBeUndefined();
    expect(subword.description).toContain('2000 English word pieces');
    expect(subword.description).toContain('3–20 words');
    // 25 pieces of a 3–20 word sentence are no reason to warn.
    expect(checkInput(words(Array.from({ length: 25 }, () => 'a').join(' ')), subword).level).toBe('ok');
  });

  it('claims no lengths for a model by address', () => {
    const other = modelCoverage({ kind: 'url', url: 'https://example.org/m/' }, 1200);
    expect(other.lengths).toBeUndefined();
    expect(other.description).toContain('1200 English tokens');
  });
});

describe('the typed sentence against the coverage', () => {
  it('passes a sentence of known words within the lengths', () => {
    expect(checkInput(words('the red cat is under the table .'), bundled)).toMatchObject({
      level: 'ok',
      tokens: 8,
      unknown: [],
      messages: [],
    });
  });

  it('names unknown words once each', () => {
    const result = checkInput(words('the zebra ate the zebra .', ['zebra']), bundled);
    expect(result.level).toBe('warn');
    expect(result.unknown).toEqual(['zebra']);
    expect(result.messages).toEqual([
      'One word is not in the model’s vocabulary and will be read as unknown: “zebra”.',
    ]);
  });

  it('shortens a long list of unknown words', () => {
    const typed = 'a b c d e f g h the';
    const result = checkInput(words(typed, 'a b c d e f g h'.split(' ')), bundled);
    expect(result.messages[0]).toContain('8 words are not');
    expect(result.messages[0]).toContain('and 2 more');
  });

  it('warns that an input of no known word gives nonsense', () => {
    const result = checkInput(words('xyzzy plugh', ['xyzzy', 'plugh']), bundled);
    expect(result.level).toBe('nonsense');
    expect(result.messages[0]).toMatch(/^None of these words is in the model’s vocabulary/);
  });

  it('flags lengths outside the trained range, both ways', () => {
    const long = checkInput(words(Array.from({ length: 60 }, () => 'cat').join(' ')), bundled);
    expect(long.level).toBe('warn');
    expect(long.messages).toEqual([
      '60 tokens: the model was trained on sentences of 3–20. It will still translate, but expect dropped or repeated words.',
    ]);
    expect(checkInput(words('cat'), bundled).messages).toEqual([
      '1 token: the model was trained on sentences of 3–20.',
    ]);
    // No lengths known: no length warning.
    expect(checkInput(words('cat'), modelCoverage({ kind: 'url', url: 'x/' }, 10)).level).toBe('ok');
  });

  it('calls an empty input empty', () => {
    expect(checkInput([], bundled).level).toBe('empty');
  });
});

describe('a stale translation', () => {
  const shown = { text: 'the cat .', options: { beam: 4, nBest: 3 } };

  it('is current while nothing changed, or only spacing or an off option’s spelling', () => {
    expect(staleReasons(shown, ' the  cat . ', { beam: 4, nBest: 3 })).toEqual([]);
    expect(
      staleReasons(shown, 'the cat .', { beam: 4, nBest: 3, prefix: '', noRepeatNgram: 0, replaceUnknowns: false }),
    ).toEqual([]);
  });

  it('names what changed', () => {
    expect(staleReasons(shown, 'the dog .', { beam: 2, nBest: 2 })).toEqual(['the sentence', 'beam width', 'n-best']);
    expect(staleReasons(shown, 'the cat .', { beam: 4, nBest: 3, coveragePenalty: 0.2 })).toEqual(['coverage penalty']);
  });

  it('reads sampling as beam 1: turning it on changes sampling, not the beam', () => {
    const sampled = { text: 'the cat .', options: { beam: 1, nBest: 1, sampling: { seed: 1 } } };
    expect(staleReasons(sampled, 'the cat .', { beam: 4, nBest: 3, sampling: { seed: 1 } })).toEqual([]);
    expect(staleReasons(sampled, 'the cat .', { beam: 4, nBest: 3, sampling: { seed: 2 } })).toEqual(['sampling']);
    expect(staleReasons(shown, 'the cat .', { beam: 4, nBest: 3, sampling: {} })).toEqual([
      'beam width',
      'n-best',
      'sampling',
    ]);
  });
});

describe('the hint when a model does not load', () => {
  it('keeps the training hint for a bundled model', () => {
    expect(loadFailureHint({ kind: 'bundled', pick: 'lstm' }, 'Train it.')).toBe('Train it.');
  });

  it('talks about the address for a model by address, not about training into the repository', () => {
    const hint = loadFailureHint({ kind: 'url', url: 'no-such-model/' }, 'Train the model into models/en-es/.');
    expect(hint).toContain('Check the address after ?model= (no-such-model/)');
    expect(hint).not.toContain('models/en-es/');
    expect(loadFailureHint({ kind: 'url', url: 'x/' }, undefined)).toBeUndefined();
  });
});
