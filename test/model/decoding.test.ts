import { describe, expect, it } from 'vitest';
import {
  lengthPenaltyDivisor,
  maskLogProbs,
  resolveDecodeOptions,
  checkDecodeOptions,
  checkDecodeOptionsForModel,
  MAX_BEAM,
  MAX_DECODE_LENGTH,
  MAX_LENGTH_PENALTY,
  MAX_NO_REPEAT_NGRAM,
  optionsForPart,
  checkPrefixCount,
} from '../../src/model/decoding.ts';
import { InputError } from '../../src/errors.ts';
import { defaultConfig, defaultTransformerConfig } from '../../src/model/random-model.ts';
import { SPECIAL } from '../helpers/toy-step-models.ts';

describe('resolveDecodeOptions', () => {
  it('fills the contract defaults, maxLength = 2·S + 10', () => {
    expect(resolveDecodeOptions(undefined, 7)).toEqual({
      beam: 1,
      nBest: 1,
      maxLength: 24,
      minLength: 0,
      lengthPenalty: 0,
      attention: false,
      prefix: [],
      noRepeatNgram: 0,
      coveragePenalty: 0,
      sampling: undefined,
      alignment: false,
      sentence: 0,
    });
    expect(resolveDecodeOptions({}, 1).maxLength).toBe(12);
  });

  it('keeps the values given', () => {
    const given = { beam: 5, nBest: 3, maxLength: 9, minLength: 2, lengthPenalty: 0.6, attention: true };
    expect(resolveDecodeOptions(given, 4)).toMatchObject(given);
  });

  it('accepts minLength above maxLength (EOS is then never allowed)', () => {
    expect(resolveDecodeOptions({ maxLength: 3, minLength: 5 }, 2)).toMatchObject({ maxLength: 3, minLength: 5 });
  });

  const bad: [string, Record<string, unknown>][] = [
    ['beam', { beam: 0 }],
    ['beam', { beam: 2.5 }],
    ['beam', { beam: Number.NaN }],
    ['nBest', { nBest: 0 }],
    ['nBest', { beam: 2, nBest: 3 }],
    ['nBest', { nBest: 2 }],
    ['maxLength', { maxLength: 0 }],
    ['maxLength', { maxLength: 1.5 }],
    ['minLength', { minLength: -1 }],
    ['minLength', { minLength: 0.5 }],
    ['lengthPenalty', { lengthPenalty: -0.1 }],
    ['lengthPenalty', { lengthPenalty: Number.POSITIVE_INFINITY }],
    ['lengthPenalty', { lengthPenalty: Number.NaN }],
    ['attention', { attention: 'yes' }],
  ];
  for (const [name, options] of bad) {
    it(`rejects ${JSON.stringify(options, (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v))} naming ${name}`, () => {
      expect(() => resolveDecodeOptions(options, 3)).toThrow(InputError);
      expect(() => checkDecodeOptions(options)).toThrow(new RegExp(`\\b${name}\\b`));
    });
  }
});

describe('decode option maxima', () => {
  it('accepts every option at its bound', () => {
    const atBounds = {
      beam: MAX_BEAM,
      nBest: MAX_BEAM,
      maxLength: MAX_DECODE_LENGTH,
      minLength: MAX_DECODE_LENGTH,
      lengthPenalty: MAX_LENGTH_PENALTY,
    };
    expect(checkDecodeOptions(atBounds)).toEqual(atBounds);
    expect([MAX_BEAM, MAX_DECODE_LENGTH, MAX_LENGTH_PENALTY]).toEqual([64, 4096, 10]);
  });

  // Each is refused before anything is allocated, naming the option and the bound.
  const past: [Record<string, unknown>, string][] = [
    [{ beam: 65 }, 'decode option beam must be at most 64 (got 65)'],
    [{ beam: 100000 }, 'decode option beam must be at most 64 (got 100000)'],
    [{ beam: 2 ** 31 }, 'decode option beam must be at most 64 (got 2147483648)'],
    [{ beam: 2 ** 53 }, 'decode option beam must be an integer >= 1 (got 9007199254740992)'],
    [{ beam: Infinity }, 'decode option beam must be an integer >= 1 (got Infinity)'],
    [{ beam: 64, nBest: 65 }, 'decode option nBest must be at most 64 (got 65)'],
    [{ maxLength: 4097 }, 'decode option maxLength must be at most 4096 (got 4097)'],
    [{ maxLength: 1e9 }, 'decode option maxLength must be at most 4096 (got 1000000000)'],
    [{ minLength: 4097 }, 'decode option minLength must be at most 4096 (got 4097)'],
    [{ lengthPenalty: 10.5 }, 'decode option lengthPenalty must be at most 10 (got 10.5)'],
    [{ lengthPenalty: 1e308 }, 'decode option lengthPenalty must be at most 10 (got 1e+308)'],
  ];
  for (const [options, message] of past) {
    it(`refuses ${message.split(' (')[0]} (${String(Object.values(options).at(-1))})`, () => {
      expect(() => checkDecodeOptions(options)).toThrow(InputError);
      expect(() => checkDecodeOptions(options)).toThrow(message);
    });
  }

  it('leaves the reference search unbounded when it is called without a checked copy', () => {
    // The exhaustive-search tests run K = V^(M−1), past MAX_BEAM.
    expect(resolveDecodeOptions({ beam: 6 ** 4, nBest: 3 }, 1)).toMatchObject({ beam: 1296, nBest: 3 });
    expect(() => resolveDecodeOptions(checkDecodeOptions({ beam: 6 ** 4 }), 1)).toThrow('at most 64');
  });

  it('caps the default maxLength at MAX_DECODE_LENGTH for very long sources', () => {
    expect(resolveDecodeOptions({}, 2043).maxLength).toBe(4096);
    expect(resolveDecodeOptions({}, 5000).maxLength).toBe(MAX_DECODE_LENGTH);
  });
});

describe('checkDecodeOptionsForModel', () => {
  const config = defaultConfig({ tgt_vocab_size: 6 });

  it('accepts a beam as wide as the target vocabulary, and returns the checked copy', () => {
    const checked = checkDecodeOptionsForModel({ beam: 6, nBest: 2 }, config);
    expect(checked).toEqual({ beam: 6, nBest: 2 });
    expect(checkDecodeOptions(checked)).toBe(checked);
    expect(checkDecodeOptionsForModel(undefined, defaultConfig({ tgt_vocab_size: 1 }))).toEqual({});
  });

  it('refuses a beam wider than tgt_vocab_size, naming both', () => {
    expect(() => checkDecodeOptionsForModel({ beam: 7 }, config)).toThrow(
      new InputError('decode option beam (7) must not exceed the target vocabulary size tgt_vocab_size (6)'),
    );
    // The general maxima come first.
    expect(() => checkDecodeOptionsForModel({ beam: 100000 }, config)).toThrow('must be at most 64');
  });
});

describe('lengthPenaltyDivisor', () => {
  it('is ((5 + n) / 6)^α', () => {
    expect(lengthPenaltyDivisor(1, 0)).toBe(1);
    expect(lengthPenaltyDivisor(7, 0)).toBe(1);
    expect(lengthPenaltyDivisor(1, 0.6)).toBe(1);
    expect(lengthPenaltyDivisor(7, 1)).toBeCloseTo(2, 15);
    expect(lengthPenaltyDivisor(4, 0.6)).toBeCloseTo(Math.pow(1.5, 0.6), 15);
    expect(lengthPenaltyDivisor(13, 2)).toBeCloseTo(9, 14);
  });
});

describe('maskLogProbs', () => {
  const logProbs = Float64Array.from([-1.5, -2, -0.5, -3, -4, -0.25]);

  it('sets pad and bos to −∞ without renormalising, and leaves the input alone', () => {
    const masked = maskLogProbs(logProbs, 0, { minLength: 0 }, SPECIAL);
    expect(Array.from(masked)).toEqual([-Infinity, -2, -Infinity, -3, -4, -0.25]);
    expect(Array.from(logProbs)).toEqual([-1.5, -2, -0.5, -3, -4, -0.25]);
  });

  it('forbids EOS while fewer than minLength tokens have been generated', () => {
    expect(maskLogProbs(logProbs, 0, { minLength: 2 }, SPECIAL)[SPECIAL.eosId]).toBe(-Infinity);
    expect(maskLogProbs(logProbs, 1, { minLength: 2 }, SPECIAL)[SPECIAL.eosId]).toBe(-Infinity);
    expect(maskLogProbs(logProbs, 2, { minLength: 2 }, SPECIAL)[SPECIAL.eosId]).toBe(-3);
    expect(maskLogProbs(logProbs, 5, { minLength: 2 }, SPECIAL)[SPECIAL.eosId]).toBe(-3);
  });

  it('uses the ids it is given', () => {
    const masked = maskLogProbs(logProbs, 0, { minLength: 1 }, { padId: 5, bosId: 4, eosId: 0 });
    expect(Array.from(masked)).toEqual([-Infinity, -2, -0.5, -3, -Infinity, -Infinity]);
  });
});

describe('checkDecodeOptions', () => {
  it('returns a frozen copy that later checks pass through unchanged', () => {
    const given = { beam: 3, nBest: 2 };
    const checked = checkDecodeOptions(given);
    expect(checked).toEqual(given);
    expect(checked).not.toBe(given);
    expect(Object.isFrozen(checked)).toBe(true);
    expect(checkDecodeOptions(checked)).toBe(checked);
    // The copy does not follow later changes to what the caller gave.
    given.beam = 0;
    expect(checkDecodeOptions(checked).beam).toBe(3);
    expect(() => checkDecodeOptions(given)).toThrow(/beam/);
  });
});

describe('checkDecodeOptionsForModel with max_positions (Transformer models)', () => {
  const config = defaultTransformerConfig({ tgt_vocab_size: 6, max_positions: 16 });

  it('caps the default maxLength at max_positions and keeps an explicit one within it', () => {
    const checked = checkDecodeOptionsForModel({ beam: 2 }, config);
    expect(resolveDecodeOptions(checked, 3).maxLength).toBe(16);
    expect(resolveDecodeOptions(checked, 2).maxLength).toBe(14);
    expect(resolveDecodeOptions(checkDecodeOptionsForModel({ maxLength: 16 }, config), 40).maxLength).toBe(16);
    // The capped copy is recognised again, and a model without the key leaves the default alone.
    expect(checkDecodeOptionsForModel(checked, config)).toBe(checked);
    expect(
      resolveDecodeOptions(checkDecodeOptionsForModel({}, defaultConfig({ tgt_vocab_size: 6 })), 3).maxLength,
    ).toBe(16);
    expect(
      resolveDecodeOptions(checkDecodeOptionsForModel({}, defaultConfig({ tgt_vocab_size: 6 })), 30).maxLength,
    ).toBe(70);
  });

  it('refuses a maxLength past max_positions, naming both', () => {
    expect(() => checkDecodeOptionsForModel({ maxLength: 17 }, config)).toThrow(
      new InputError(
        "decode option maxLength (17) must not exceed the model's max_positions (16): step t of the decoder reads position t",
      ),
    );
  });
});

describe('the second set of decode options (prefix, noRepeatNgram, coverage, sampling, alignment)', () => {
  it('resolves each sentence its prefix and random-number key, and fills the sampling defaults', () => {
    const options = { prefix: [[5], [], [6, 7]], sentenceOffset: 10, sampling: {} };
    expect(resolveDecodeOptions(options, 2, 2)).toMatchObject({ prefix: [6, 7], sentence: 12 });
    expect(resolveDecodeOptions(options, 2, 1)).toMatchObject({ prefix: [], sentence: 11 });
    expect(resolveDecodeOptions(options, 2).sampling).toEqual({ topK: 0, topP: 1, temperature: 1, seed: 0 });
    const given = { topK: 3, topP: 0.5, temperature: 0.7, seed: 99 };
    expect(resolveDecodeOptions({ sampling: given }, 2).sampling).toEqual(given);
  });

  it('slices a call into parts with their prefixes and keys (optionsForPart)', () => {
    const checked = checkDecodeOptions({ prefix: [[5], [], [6, 7]], sentenceOffset: 4 });
    const part = optionsForPart(checked, 1, 3);
    expect(part.prefix).toEqual([[], [6, 7]]);
    expect(resolveDecodeOptions(part, 3, 1)).toMatchObject({ prefix: [6, 7], sentence: 6 });
    expect(optionsForPart(checkDecodeOptions({ beam: 2 }), 0, 5)).toEqual({ beam: 2 });
  });

  it('accepts every new option at its bound', () => {
    const atBounds = {
      noRepeatNgram: MAX_NO_REPEAT_NGRAM,
      coveragePenalty: 10,
      sentenceOffset: 2 ** 32 - 1,
      sampling: { topK: 1, topP: 1, temperature: 100, seed: 2 ** 32 - 1 },
      alignment: true,
      prefix: [[]],
    };
    expect(checkDecodeOptions(atBounds)).toEqual(atBounds);
    expect(checkDecodeOptions({ sampling: { topP: 1e-9, temperature: 1e-3, seed: 0 } })).toBeTruthy();
    expect(MAX_NO_REPEAT_NGRAM).toBe(16);
  });

  const refused: [Record<string, unknown>, string][] = [
    [{ coveragePenalty: -0.1 }, 'decode option coveragePenalty must be a finite number >= 0 (got -0.1)'],
    [{ coveragePenalty: Number.NaN }, 'decode option coveragePenalty must be a finite number >= 0 (got NaN)'],
    [{ coveragePenalty: 10.5 }, 'decode option coveragePenalty must be at most 10 (got 10.5)'],
    [{ sampling: { topP: 0 } }, 'decode option sampling.topP must be in (0, 1] (got 0)'],
    [{ sampling: { topP: 1.01 } }, 'decode option sampling.topP must be in (0, 1] (got 1.01)'],
    [{ sampling: { topP: -0.5 } }, 'decode option sampling.topP must be in (0, 1] (got -0.5)'],
    [
      { sampling: { temperature: 0.0005 } },
      'decode option sampling.temperature must be a number in [0.001, 100] (got 0.0005)',
    ],
    [{ sampling: { temperature: 0 } }, 'decode option sampling.temperature must be a number in [0.001, 100] (got 0)'],
    [
      { sampling: { temperature: 101 } },
      'decode option sampling.temperature must be a number in [0.001, 100] (got 101)',
    ],
    [{ sampling: { topK: 0 } }, 'decode option sampling.topK must be an integer >= 1 (got 0)'],
    [{ sampling: { seed: -1 } }, 'decode option sampling.seed must be an integer >= 0 (got -1)'],
    [{ sampling: { seed: 1.5 } }, 'decode option sampling.seed must be an integer >= 0 (got 1.5)'],
    [{ sampling: { seed: 2 ** 32 } }, 'decode option sampling.seed must be at most 4294967295 (got 4294967296)'],
    [{ noRepeatNgram: 17 }, 'decode option noRepeatNgram must be at most 16 (got 17)'],
    [{ noRepeatNgram: -1 }, 'decode option noRepeatNgram must be an integer >= 0 (got -1)'],
    [{ beam: 2, sampling: {} }, 'decode option sampling needs beam 1 (got beam 2)'],
    [{ sampling: 'yes' }, 'decode option sampling must be an object { topK, topP, temperature, seed }'],
    [{ sentenceOffset: 2 ** 32 }, 'decode option sentenceOffset must be at most 4294967295 (got 4294967296)'],
    [{ prefix: [5] }, 'decode option prefix must be a list of id lists, one per source sentence'],
    [{ prefix: [[4], [5, -1]] }, 'decode option prefix: sentence 1, position 1: -1 is not a token id'],
    [{ alignment: 1 }, 'decode option alignment must be true or false (got 1)'],
  ];
  for (const [options, message] of refused) {
    it(`refuses: ${message}`, () => {
      expect(() => checkDecodeOptions(options)).toThrow(InputError);
      expect(() => checkDecodeOptions(options)).toThrow(message);
    });
  }

  describe('against a model', () => {
    const rnn = defaultConfig({ tgt_vocab_size: 6, attention: 'none' });
    const attentive = defaultConfig({ tgt_vocab_size: 6, attention: 'dot' });
    const transformer = defaultTransformerConfig({ tgt_vocab_size: 6 });

    it('refuses a prefix id outside the target vocabulary, naming sentence and position', () => {
      expect(() => checkDecodeOptionsForModel({ prefix: [[4], [5, 6]] }, rnn)).toThrow(
        new InputError('decode option prefix: sentence 1, position 1: id 6 is outside the target vocabulary (size 6)'),
      );
    });

    for (const special of [0, 2, 3]) {
      it(`refuses to force pad/bos/eos (id ${special})`, () => {
        expect(() => checkDecodeOptionsForModel({ prefix: [[4, special]] }, transformer)).toThrow(
          new InputError(
            `decode option prefix: sentence 0, position 1: id ${special} is pad_id, bos_id or eos_id, which cannot be forced`,
          ),
        );
      });
    }

    it('accepts the unk id and every other id in a prefix', () => {
      expect(checkDecodeOptionsForModel({ prefix: [[1, 4, 5], []] }, rnn).prefix).toEqual([[1, 4, 5], []]);
    });

    it('refuses coverage on a recurrent model without attention, accepts it with attention', () => {
      expect(() => checkDecodeOptionsForModel({ coveragePenalty: 0.2 }, rnn)).toThrow(
        new InputError('decode option coveragePenalty needs a model with attention (this one has attention "none")'),
      );
      expect(checkDecodeOptionsForModel({ coveragePenalty: 0 }, rnn).coveragePenalty).toBe(0);
      expect(checkDecodeOptionsForModel({ coveragePenalty: 0.2 }, attentive).coveragePenalty).toBe(0.2);
      expect(checkDecodeOptionsForModel({ coveragePenalty: 0.2 }, transformer).coveragePenalty).toBe(0.2);
    });

    it('refuses sampling.topK above tgt_vocab_size, naming both', () => {
      expect(checkDecodeOptionsForModel({ sampling: { topK: 6 } }, rnn).sampling).toEqual({ topK: 6 });
      expect(() => checkDecodeOptionsForModel({ sampling: { topK: 7 } }, rnn)).toThrow(
        new InputError('decode option sampling.topK (7) must not exceed the target vocabulary size tgt_vocab_size (6)'),
      );
    });
  });

  it('checkPrefixCount wants one prefix per source sentence', () => {
    const checked = checkDecodeOptions({ prefix: [[4], [5]] });
    expect(() => checkPrefixCount(checked, 2)).not.toThrow();
    expect(() => checkPrefixCount(checkDecodeOptions({}), 3)).not.toThrow();
    expect(() => checkPrefixCount(checked, 3)).toThrow(
      new InputError('decode option prefix has 2 entries for 3 source sentences (one per sentence)'),
    );
  });
});
