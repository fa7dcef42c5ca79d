/** Student t quantiles and the per-cell summary: known values, closed forms, simple-statistics agreement. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { summarise, tQuantile } from '../../sim/experiment/stats.js';
import { tCdf } from '../../sim/experiment/stats.js';

describe('Student t quantile', () => {
  // t(0.975, df) as printed by R's qt(0.975, df) and in the NIST/SEMATECH e-Handbook,
  // §1.3.6.7.2 (table of critical values of the t distribution).
  const table: [number, number][] = [
    [1, 12.706204736174698], [2, 4.302652729749464], [3, 3.182446305284263], [4, 2.776445105197793],
    [5, 2.570581835636314], [9, 2.262157162798205], [10, 2.228138851986274], [29, 2.045229642132703],
    [30, 2.042272456301238], [100, 1.983971518523552],
  ];
  test.each(table)('t(0.975, %i) = %f', (df, t) => {
    expect(tQuantile(0.975, df)).toBeCloseTo(t, 9);
  });

  test('large df approaches the normal quantile 1.959964', () => {
    expect(tQuantile(0.975, 1e5)).toBeCloseTo(1.959963984540054, 4);
    expect(tQuantile(0.975, 1e5)).toBeGreaterThan(1.959963984540054);
  });

  test('closed forms: df 1 is Cauchy, tan(π(p − ½)); df 2 is (2p − 1)/√(2p(1 − p))', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
      expect(tQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 6);
      expect(tQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 8);
    }));
  });

  test('quantile inverts the CDF for any df', () => {
    fc.assert(fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
      expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
    }));
  });

  test('symmetric and monotone; bad arguments give NaN', () => {
    expect(tQuantile(0.025, 7)).toBeCloseTo(-tQuantile(0.975, 7), 12);
    expect(tQuantile(0.5, 3)).toBe(0);
    expect(tQuantile(0.99, 5)).toBeGreaterThan(tQuantile(0.975, 5));
    expect(tQuantile(0, 5)).toBeNaN();
    expect(tQuantile(0.975, 0)).toBeNaN();
  });
});

describe('summarise: n, mean, sd, 95 % CI, min, max', () => {
  test('1..5: mean 3, sd √2.5, CI 3 ± 2.776445·√2.5/√5', () => {
    const s = summarise([1, 2, 3, 4, 5]);
    expect(s.n).toBe(5);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt(2.5), 14);
    const half = 2.776445105197793 * Math.sqrt(2.5) / Math.sqrt(5);
    expect(s.ci95Low).toBeCloseTo(3 - half, 9);
    expect(s.ci95High).toBeCloseTo(3 + half, 9);
    expect([s.min, s.max]).toEqual([1, 5]);
  });

  test('two values: the CI uses t(0.975, 1) = 12.706', () => {
    const s = summarise([10, 12]);
    expect(s.ci95High! - s.mean!).toBeCloseTo(12.706204736174698 * Math.SQRT2 / Math.SQRT2, 8);
  });

  test('n < 2: no sd and no CI; non-finite values are left out of n', () => {
    expect(summarise([4])).toEqual({ n: 1, mean: 4, min: 4, max: 4 });
    expect(summarise([])).toEqual({ n: 0 });
    expect(summarise([NaN, 2, Infinity]).n).toBe(1);
  });

  test('the CI holds the mean and narrows as √n for repeated data', () => {
    fc.assert(fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 2, maxLength: 30 }), (v) => {
      const s = summarise(v);
      expect(s.ci95Low!).toBeLessThanOrEqual(s.mean! + 1e-9 * (1 + Math.abs(s.mean!)));
      expect(s.ci95High!).toBeGreaterThanOrEqual(s.mean! - 1e-9 * (1 + Math.abs(s.mean!)));
      expect(s.min!).toBeLessThanOrEqual(s.max!);
    }));
    const once = summarise([1, 2, 3, 4]);
    const four = summarise([1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
    expect(four.ci95High! - four.mean!).toBeLessThan((once.ci95High! - once.mean!) / 2);
  });
});
