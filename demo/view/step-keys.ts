/**
 * The step-through's keyboard shortcuts, as a pure map from a key to an action, so the page and
 * its tests agree on them. Keys typed into a field, or a slider's own arrows, are left alone.
 */
export type StepAction = 'previous' | 'next' | 'first' | 'last' | 'toggle' | 'slower' | 'faster';

const STEP_KEYS: Readonly<Record<string, StepAction>> = {
  ArrowLeft: 'previous',
  ArrowRight: 'next',
  Home: 'first',
  End: 'last',
  ' ': 'toggle',
  k: 'toggle',
  '-': 'slower',
  '+': 'faster',
  '=': 'faster',
};

/** `target` is what has the focus: the key belongs to it when it takes typing or arrows itself. */
export function stepKeyAction(
  key: string,
  target: { tagName: string; type?: string },
  modifiers = false,
): StepAction | undefined {
  if (modifiers) return undefined;
  const tag = target.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return undefined;
  if (tag === 'input') return undefined;
  // A focused button clicks itself on Space: playing from the key too would undo it.
  if (tag === 'button' && (key === ' ' || key === 'Enter')) return undefined;
  return STEP_KEYS[key];
}

/** Playback speeds: milliseconds per frame, the first the default. */
export const PLAY_SPEEDS = [
  { label: '1×', ms: 450 },
  { label: '2×', ms: 225 },
  { label: '4×', ms: 110 },
  { label: '10×', ms: 45 },
  { label: '½×', ms: 900 },
] as const;

/** Speeds from slowest to fastest, for the − and + keys. */
export function nextSpeed(ms: number, direction: 'slower' | 'faster'): number {
  const sorted: number[] = PLAY_SPEEDS.map((speed) => speed.ms).sort((a, b) => b - a);
  const at = sorted.indexOf(ms);
  const index = at < 0 ? 1 : at + (direction === 'faster' ? 1 : -1);
  return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
}
