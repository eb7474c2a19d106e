import { describe, expect, it } from 'vitest';
import { durationSetting, parseDuration } from '../../../src/cli/durations.js';

describe('durations of the wait flags', () => {
  it.each([['500ms', 500], ['90s', 90_000], ['10m', 600_000], ['1h', 3_600_000], ['45', 45_000], ['1.5s', 1500], [' 2M ', 120_000]])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text, '--x')).toBe(ms);
  });
  it.each(['', 'soon', '0', '-1s', '10d', '1e3'])('refuses %j', (text) => {
    expect(() => parseDuration(text, '--x')).toThrow(/--x must be a positive duration/);
  });
  it('the flag wins over the variable; an empty variable is unset', () => {
    expect(durationSetting('2s', '--x', { X: '5s' }, 'X')).toBe(2000);
    expect(durationSetting(undefined, '--x', { X: '5s' }, 'X')).toBe(5000);
    expect(durationSetting(undefined, '--x', { X: '' }, 'X')).toBeUndefined();
    expect(() => durationSetting(undefined, '--x', { X: 'x' }, 'X')).toThrow(/^X must be/);
  });
});
