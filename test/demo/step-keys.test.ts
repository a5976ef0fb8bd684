// The step-through's keyboard shortcuts and playback speeds.
import { describe, expect, it } from 'vitest';
import { PLAY_SPEEDS, nextSpeed, stepKeyAction } from '../../demo/view/step-keys.ts';

const panel = { tagName: 'SECTION' };

describe('the step-through’s keys', () => {
  it('steps, jumps, plays and changes speed from the panel', () => {
    expect(stepKeyAction('ArrowLeft', panel)).toBe('previous');
    expect(stepKeyAction('ArrowRight', panel)).toBe('next');
    expect(stepKeyAction('Home', panel)).toBe('first');
    expect(stepKeyAction('End', panel)).toBe('last');
    expect(stepKeyAction(' ', panel)).toBe('toggle');
    expect(stepKeyAction('+', panel)).toBe('faster');
    expect(stepKeyAction('-', panel)).toBe('slower');
    expect(stepKeyAction('x', panel)).toBeUndefined();
  });

  it('leaves fields, the slider, a button’s own Space and modified keys alone', () => {
    expect(stepKeyAction('ArrowLeft', { tagName: 'INPUT', type: 'range' })).toBeUndefined();
    expect(stepKeyAction('ArrowLeft', { tagName: 'SELECT' })).toBeUndefined();
    expect(stepKeyAction(' ', { tagName: 'BUTTON' })).toBeUndefined();
    expect(stepKeyAction('ArrowRight', { tagName: 'BUTTON' })).toBe('next');
    expect(stepKeyAction('ArrowRight', panel, true)).toBeUndefined();
  });

  it('moves through the speeds and stops at the ends', () => {
    expect(PLAY_SPEEDS[0].ms).toBe(450);
    expect(nextSpeed(450, 'faster')).toBe(225);
    expect(nextSpeed(450, 'slower')).toBe(900);
    expect(nextSpeed(900, 'slower')).toBe(900);
    expect(nextSpeed(45, 'faster')).toBe(45);
  });
});
