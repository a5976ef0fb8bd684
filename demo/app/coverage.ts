/**
 * What a model can be expected to translate, and how a typed input fits it. The bundled models
 * learned a synthetic grammar (models/en-es/README.md), not English at large: input outside its
 * words or its sentence lengths still decodes, to a confident-looking guess, so the page says so
 * before anything runs. Pure: the tokens come from the page's tokenizer.
 */
import type { ModelChoice } from './model-choice.ts';

export interface Coverage {
  /** English tokens the model can read (its source vocabulary, specials included). */
  words: number;
  /** Sentence lengths, in tokens, the model was trained on; absent when unknown (a model by address). */
  lengths?: { min: number; max: number };
  /** One or two sentences for the page. */
  description: string;
}

/** Both bundled models were trained on the corpus of tools/corpus/: sentences of 3–20 tokens. */
const BUNDLED_LENGTHS = { min: 3, max: 20 };

/**
 * `subword`: the model reads pieces of words (a tokenizer.json), so its vocabulary size counts
 * pieces, not words, and a sentence's token count is not its length in words: the trained lengths,
 * counted in words, are not checked against it.
 */
export function modelCoverage(choice: ModelChoice | undefined, sourceWords: number, subword = false): Coverage {
  if (choice?.kind === 'url') {
    return {
      words: sourceWords,
      description: `This model reads ${sourceWords} English tokens; what it translates well depends on what it was trained on.`,
    };
  }
  if (subword) {
    return {
      words: sourceWords,
      description:
        `Trained on a synthetic English→Spanish grammar, not English at large: ${sourceWords} English word pieces ` +
        `cover its words (everyday nouns, adjectives, verbs in present, past and future, numbers one to twenty, ` +
        `a few names), in sentences of ${BUNDLED_LENGTHS.min}–${BUNDLED_LENGTHS.max} words. Other words are read ` +
        'piece by piece, and may still come out wrong.',
    };
  }
  return {
    words: sourceWords,
    lengths: BUNDLED_LENGTHS,
    description:
      `Trained on a synthetic English→Spanish grammar, not English at large: ${sourceWords} English words ` +
      `(everyday nouns, adjectives, verbs in present, past and future, numbers one to twenty, a few names), ` +
      `in sentences of ${BUNDLED_LENGTHS.min}–${BUNDLED_LENGTHS.max} tokens. Words outside it are read as unknown.`,
  };
}

/** The part of a tokenizer's output the check reads. */
export interface CheckedToken {
  typed: string;
  known: boolean;
}

export interface InputCheck {
  /** 'empty': nothing to translate; 'ok'; 'warn': translatable, but expect a poor result; 'nonsense': no word is known. */
  level: 'empty' | 'ok' | 'warn' | 'nonsense';
  tokens: number;
  /** The typed words the model does not know, each once, in input order. */
  unknown: string[];
  messages: string[];
}

function quoted(words: readonly string[], most = 6): string {
  const shown = words.slice(0, most).map((word) => `“${word}”`);
  return words.length > most ? `${shown.join(', ')} and ${words.length - most} more` : shown.join(', ');
}

export function checkInput(tokens: readonly CheckedToken[], coverage: Coverage): InputCheck {
  if (tokens.length === 0) return { level: 'empty', tokens: 0, unknown: [], messages: ['Type a sentence first.'] };
  const unknown = [...new Set(tokens.filter((token) => !token.known).map((token) => token.typed))];
  const messages: string[] = [];
  const allUnknown = tokens.every((token) => !token.known);
  if (allUnknown) {
    messages.push(
      'None of these words is in the model’s vocabulary: whatever it writes will be a guess, not a translation.',
    );
  } else if (unknown.length > 0) {
    messages.push(
      `${unknown.length === 1 ? 'One word is' : `${unknown.length} words are`} not in the model’s vocabulary and will be read as unknown: ${quoted(unknown)}.`,
    );
  }
  const { lengths } = coverage;
  if (lengths && tokens.length > lengths.max) {
    messages.push(
      `${tokens.length} tokens: the model was trained on sentences of ${lengths.min}–${lengths.max}. It will still translate, but expect dropped or repeated words.`,
    );
  } else if (lengths && tokens.length < lengths.min) {
    messages.push(
      `${tokens.length} token${tokens.length === 1 ? '' : 's'}: the model was trained on sentences of ${lengths.min}–${lengths.max}.`,
    );
  }
  const level = allUnknown ? 'nonsense' : messages.length > 0 ? 'warn' : 'ok';
  return { level, tokens: tokens.length, unknown, messages };
}
