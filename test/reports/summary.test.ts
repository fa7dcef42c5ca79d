/**
 * The summary line: "1.38% cpu utilisation over 42 days", as the talk's admin said it —
 * utilisation to two decimals, the span in whole units rounded down.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { summaryLine } from '../../reports/summary.js';
import { summaryLine as simSummaryLine } from '../../sim/stats/summary.js';
import { GREEBO_DOMAINS, GREEBO_DURATION_NS } from '../fixtures/result-fixture.js';

const DAY_NS = 86_400e9;

describe('summaryLine', () => {
  test("greebo's 42.5 days at the talk's Time(s) figures read as the talk's line", () => {
    const cpuS = GREEBO_DOMAINS.reduce((a, d) => a + d.cpuSeconds, 0);
    const util = cpuS / (GREEBO_DURATION_NS / 1e9);
    expect(summaryLine(util, GREEBO_DURATION_NS)).toBe('1.38% cpu utilisation over 42 days');
  });

  test('reports re-exports the simulator rule (one rule, two callers)', () => {
    expect(summaryLine).toBe(simSummaryLine);
  });

  test.each([
    [42.5 * DAY_NS, '42 days'],
    [DAY_NS, '1 day'],
    [1.99 * DAY_NS, '1 day'],
    [2 * DAY_NS, '2 days'],
    [DAY_NS - 1e9, '23 hours'],
    [3600e9, '1 hour'],
    [90 * 60e9, '1 hour'],
    [59 * 60e9, '59 minutes'],
    [60e9, '1 minute'],
    [45e9, '45 seconds'],
    [1e9, '1 second'],
  ])('span %d ns reads "%s"', (ns, span) => {
    expect(summaryLine(0.5, ns)).toBe(`50.00% cpu utilisation over ${span}`);
  });

  test('utilisation is × 100 with two decimals, rounded', () => {
    expect(summaryLine(0.013821, DAY_NS)).toMatch(/^1\.38% /);
    expect(summaryLine(0.013849, DAY_NS)).toMatch(/^1\.38% /);
    expect(summaryLine(0.01386, DAY_NS)).toMatch(/^1\.39% /);
    expect(summaryLine(0, DAY_NS)).toMatch(/^0\.00% /);
    expect(summaryLine(3.5, DAY_NS)).toMatch(/^350\.00% /); // 4 pCPUs, 3.5 busy
  });

  test('whole days, never more than the run: days in the line × 1 day ≤ duration < (days + 1) × 1 day', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 5000, noNaN: true }), (days) => {
        const m = /over (\d+) days?$/.exec(summaryLine(0.1, days * DAY_NS));
        expect(m).not.toBeNull();
        const n = Number(m![1]);
        expect(n * DAY_NS).toBeLessThanOrEqual(days * DAY_NS);
        expect((n + 1) * DAY_NS).toBeGreaterThan(days * DAY_NS);
      }),
    );
  });
});
