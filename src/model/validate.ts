import { InputError } from '../errors.ts';

/** Throws InputError unless every id is an integer in [0, vocabSize). */
export function checkIds(ids: readonly number[], vocabSize: number, what: string): void {
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new InputError(`${what}: id ${id} at position ${t} is outside the vocabulary (size ${vocabSize})`);
    }
  }
}

/** Throws InputError unless the source sentence is non-empty and its ids are in range. */
export function checkSource(source: readonly number[], vocabSize: number, what = 'source sentence'): void {
  if (source.length === 0) throw new InputError(`${what} is empty`);
  checkIds(source, vocabSize, what);
}
