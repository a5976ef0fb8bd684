/**
 * Which model the page shows, as the address says it: `?pick=lstm`, `?pick=transformer` or
 * `?pick=subword` for a model bundled with the page, `?model=<url>/` for a model directory elsewhere. Kept apart from
 * the loading so a link can be read and written without touching the network.
 */

/** The models the page can bundle, in the picker's order. */
export const BUNDLED_PICKS = ['lstm', 'transformer', 'subword'] as const;
export type BundledPick = (typeof BUNDLED_PICKS)[number];

export type ModelChoice = { kind: 'bundled'; pick: BundledPick } | { kind: 'url'; url: string };

function isBundledPick(value: string | null): value is BundledPick {
  return (BUNDLED_PICKS as readonly (string | null)[]).includes(value);
}

/**
 * The choice a page address asks for. `?model=` wins over `?pick=` (it was there first and
 * names a model explicitly); an unknown or unbundled pick falls back to the first bundled one.
 */
export function choiceFromSearch(search: string, bundled: readonly BundledPick[]): ModelChoice | undefined {
  const params = new URLSearchParams(search);
  const url = params.get('model');
  if (url) return { kind: 'url', url };
  const pick = params.get('pick');
  if (isBundledPick(pick) && bundled.includes(pick)) return { kind: 'bundled', pick };
  return bundled.length > 0 ? { kind: 'bundled', pick: bundled[0] } : undefined;
}

/** The page address for a choice: other parameters are kept, `model` and `pick` replaced. */
export function searchForChoice(search: string, choice: ModelChoice): string {
  const params = new URLSearchParams(search);
  params.delete('model');
  params.delete('pick');
  if (choice.kind === 'url') params.set('model', choice.url);
  else params.set('pick', choice.pick);
  // URLSearchParams escapes "/" in values; a model address reads better as typed.
  const text = params.toString().replace(/%2F/gi, '/');
  return text ? `?${text}` : '';
}

/** A stable key for a choice, the value of the picker's option. */
export function choiceKey(choice: ModelChoice): string {
  return choice.kind === 'bundled' ? choice.pick : `url:${choice.url}`;
}

/**
 * What to do when the model could not be loaded. A bundled model is missing from the build (the
 * loader's hint says how to train it); a model by address is the reader's to fix, so the hint
 * for it is about the address, not about training into the repository.
 */
export function loadFailureHint(choice: ModelChoice | undefined, hint: string | undefined): string | undefined {
  if (choice?.kind !== 'url' || hint === undefined) return hint;
  return (
    `Check the address after ?model= (${choice.url}): it should be a model directory holding config.json, ` +
    'model.safetensors and vocab.json (or tokenizer.json), on this site or on one that allows cross-origin requests. ' +
    'Or open the page without ?model= to use a bundled model.'
  );
}
