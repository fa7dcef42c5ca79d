/** The progress line's simulated time: one run's horizon, or an estate's host-days over all its groups. */
import { describe, expect, test } from '@jest/globals';
import { simulatedSpan, simulatedText } from '../../cli/progress.js';

describe('progress: simulated time', () => {
  test('one run: in the largest unit its horizon reaches', () => {
    expect(simulatedText(12.5 * 86400e9, 42.5 * 86400e9)).toBe('12.5 of 42.5 d');
    expect(simulatedText(30e9, 3600e9)).toBe('0.0 of 1.0 h');
    expect(simulatedText(1.5e9, 10e9)).toBe('1.5 of 10.0 s');
    expect(simulatedText(1e6, 250e6)).toBe('1 of 250 ms');
  });

  test('an estate: every host group\'s horizon added, in host-days', () => {
    expect(simulatedText(412 * 86400e9, 800 * 86400e9, 'host')).toBe('412 of 800 host-days');
    expect(simulatedText(3 * 3600e9, 10 * 3600e9, 'group')).toBe('3.0 of 10.0 group-hours');
  });

  test('an amount alone (plan\'s progress lines)', () => {
    expect(simulatedSpan(18 * 3600e9)).toBe('18.0 h');
    expect(simulatedSpan(250 * 86400e9)).toBe('250 d');
  });
});
