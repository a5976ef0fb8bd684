// The page address and the model picker: a link names the model it opens, and picking one rewrites
// only the model's part of the address.
import { describe, expect, it } from 'vitest';
import { choiceFromSearch, choiceKey, searchForChoice } from '../../demo/app/model-choice.ts';

describe('the model named by the page address', () => {
  it('takes ?pick= among the bundled models, else the first bundled one', () => {
    expect(choiceFromSearch('?pick=transformer', ['lstm', 'transformer'])).toEqual({
      kind: 'bundled',
      pick: 'transformer',
    });
    expect(choiceFromSearch('', ['lstm', 'transformer'])).toEqual({ kind: 'bundled', pick: 'lstm' });
    // Not bundled (or unknown): the first one that is.
    expect(choiceFromSearch('?pick=transformer', ['lstm'])).toEqual({ kind: 'bundled', pick: 'lstm' });
    expect(choiceFromSearch('?pick=gru', ['transformer'])).toEqual({ kind: 'bundled', pick: 'transformer' });
    expect(choiceFromSearch('?pick=lstm', [])).toBeUndefined();
  });

  it('lets ?model= win over ?pick=', () => {
    expect(choiceFromSearch('?pick=lstm&model=models/x/', ['lstm'])).toEqual({ kind: 'url', url: 'models/x/' });
    expect(choiceFromSearch('?model=http://host/m/', [])).toEqual({ kind: 'url', url: 'http://host/m/' });
  });

  it('writes the choice back, keeping the other parameters', () => {
    expect(searchForChoice('', { kind: 'bundled', pick: 'transformer' })).toBe('?pick=transformer');
    expect(searchForChoice('?model=test-model/&debug=1', { kind: 'bundled', pick: 'lstm' })).toBe('?debug=1&pick=lstm');
    expect(searchForChoice('?pick=lstm', { kind: 'url', url: 'test-model/' })).toBe('?model=test-model/');
    // What it writes reads back as the same choice.
    for (const choice of [
      { kind: 'bundled', pick: 'transformer' },
      { kind: 'url', url: 'a b/c?d=1/' },
    ] as const) {
      expect(choiceFromSearch(searchForChoice('?x=1', choice), ['lstm', 'transformer'])).toEqual(choice);
    }
  });

  it('gives each choice its own picker value', () => {
    expect(choiceKey({ kind: 'bundled', pick: 'lstm' })).toBe('lstm');
    expect(choiceKey({ kind: 'url', url: 'm/' })).toBe('url:m/');
  });
});
