/**
 * Power model: exact at the 10 % steps, linear in between (midpoints are averages),
 * clamped outside [0, 1]; energy of a constant load is P(u) × t; the named profiles
 * carry specpower.csv's numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { energyJoules, linearCurve, powerAt } from '../../sim/hw/power.js';
import { POWER_PROFILES, powerProfile } from '../../sim/hw/power-profiles.js';

const CSV = join(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'data', 'power', 'specpower.csv');
const G3 = [105, 112, 118, 125, 131, 137, 147, 153, 157, 164, 169]; // HP ML110 G3 row of specpower.csv

describe('power curve', () => {
  test('exact at every step, the average of neighbours at every midpoint', () => {
    for (let i = 0; i <= 10; i++) expect(powerAt(G3, i / 10)).toBeCloseTo(G3[i], 9);
    for (let i = 0; i < 10; i++) expect(powerAt(G3, (i + 0.5) / 10)).toBeCloseTo((G3[i] + G3[i + 1]) / 2, 9);
  });

  test('clamped below 0 and above 1; monotone for a rising curve', () => {
    expect(powerAt(G3, -0.3)).toBe(105);
    expect(powerAt(G3, 1.7)).toBe(169);
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => (a <= b ? powerAt(G3, a) <= powerAt(G3, b) + 1e-9 : true)));
  });

  test('linearCurve runs from idle to max in 11 equal steps', () => {
    const c = linearCurve(140, 220);
    expect(c).toHaveLength(11);
    expect(c[0]).toBe(140);
    expect(c[10]).toBe(220);
    expect(powerAt(c, 0.37)).toBeCloseTo(140 + 0.37 * 80, 9);
  });

  test('property: energy of a constant load u over t equals P(u) × t', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5000 }), fc.double({ min: 1e6, max: 3.6e12, noNaN: true }), (u, n, dtNs) => {
        const j = energyJoules(G3, new Array(n).fill(u), dtNs);
        const want = (powerAt(G3, u) * n * dtNs) / 1e9;
        return Math.abs(j - want) <= 1e-9 * want;
      }),
    );
  });

  test('a day at 50 % on the G3 is 137 W × 86,400 s', () => {
    expect(energyJoules(G3, new Array(288).fill(0.5), 300e9)).toBeCloseTo(137 * 86_400, 6);
  });
});

describe('power profiles', () => {
  test('every specpower.csv row is a profile with the same 11 numbers and its source id', () => {
    const rows = readFileSync(CSV, 'utf8').trim().split('\n').slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const f = row.split(',');
      const curve = f.slice(2, 13).map(Number);
      const p = POWER_PROFILES.find((x) => x.server === f[0] && x.cpu === f[1]);
      expect(p).toBeDefined();
      expect(p!.curveW).toEqual(curve);
      expect(p!.source).toContain(/power_ssj2008-\d{8}-\d{5}/.exec(f[13])![0]);
      expect(p!.name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    }
  });

  test('the 2005-era servers are present, rise from idle to max, and say they are estimates', () => {
    const era = POWER_PROFILES.filter((p) => /2005/.test(p.name));
    expect(era.length).toBeGreaterThanOrEqual(2);
    for (const p of era) {
      expect(p.curveW).toHaveLength(11);
      expect(p.curveW[10]).toBeGreaterThan(p.curveW[0]);
      expect(p.source).toMatch(/estimate/i);
    }
    expect(powerProfile('p4-1u-2005')).toBeDefined();
    expect(new Set(POWER_PROFILES.map((p) => p.name)).size).toBe(POWER_PROFILES.length);
  });
});
