/**
 * Log-linear histogram: quantiles within the stated relative error of the exact
 * nearest-rank quantile of the sorted sample (uniform, exponential and arbitrary
 * samples), merge equals recording everything in one, exact count/mean/min/max,
 * memory that does not grow.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Histogram, HISTOGRAM_MAX_BYTES, HISTOGRAM_RELATIVE_ERROR } from '../../sim/stats/histogram.js';
import { rng } from '../helpers/rng.js';

/** Exact nearest-rank quantile: the ⌈q·n⌉-th smallest value. */
function exactQuantile(sorted: number[], q: number): number {
  if (q <= 0) return sorted[0];
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length))) - 1];
}

/** Allowed error: the stated relative bound, or < 1 ns below 128 ns. */
function within(got: number, want: number): boolean {
  return Math.abs(got - want) <= Math.max(want * HISTOGRAM_RELATIVE_ERROR, want < 128 ? 1 : 0) + 1e-9 * want;
}


const QS = [0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

function checkAll(values: number[]): void {
  const h = new Histogram();
  for (const v of values) h.record(v);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of QS) {
    const got = h.quantile(q);
    const want = exactQuantile(sorted, q);
    if (!within(got, want)) throw new Error(`q=${q}: got ${got}, exact ${want} (n=${values.length})`);
  }
}

describe('Histogram', () => {
  test('the stated bound is at most 1 %', () => {
    expect(HISTOGRAM_RELATIVE_ERROR).toBeLessThanOrEqual(0.01);
  });

  test('property: uniform samples (seeded) — quantiles within the bound', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3000 }), fc.double({ min: 1, max: 1e12, noNaN: true }), (seed, n, scale) => {
        const r = rng(seed);
        checkAll(Array.from({ length: n }, () => r() * scale));
      }),
      { numRuns: 200 },
    );
  });

  test('property: exponential samples (seeded) — quantiles within the bound', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 3000 }), fc.double({ min: 100, max: 1e10, noNaN: true }), (seed, n, mean) => {
        const r = rng(seed);
        checkAll(Array.from({ length: n }, () => -Math.log(1 - r()) * mean));
      }),
      { numRuns: 200 },
    );
  });

  test('property: any non-negative values, including powers of two and their neighbours', () => {
    const edge = fc.integer({ min: 0, max: 62 }).chain((e) => fc.constantFrom(2 ** e, 2 ** e - 1, 2 ** e + 1, 2 ** e * (1 - 2 ** -52)));
    fc.assert(fc.property(fc.array(fc.oneof(fc.double({ min: 0, max: 1e15, noNaN: true }), edge), { minLength: 1, maxLength: 500 }), checkAll));
  });

  test('count, mean, min and max are exact', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }), (vs) => {
        const h = new Histogram();
        for (const v of vs) h.record(v);
        const sum = vs.reduce((a, b) => a + b, 0);
        return h.count === vs.length && Math.abs(h.mean - sum / vs.length) <= 1e-9 * (sum / vs.length) && h.min === Math.min(...vs) && h.max === Math.max(...vs);
      }),
    );
  });

  test('property: merge(a, b) answers exactly as recording both samples into one', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e12, noNaN: true })), fc.array(fc.double({ min: 0, max: 1e12, noNaN: true })), (a, b) => {
        const ha = new Histogram(), hb = new Histogram(), all = new Histogram();
        for (const v of a) { ha.record(v); all.record(v); }
        for (const v of b) { hb.record(v); all.record(v); }
        ha.merge(hb);
        if (ha.count !== all.count || ha.min !== all.min || ha.max !== all.max || Math.abs(ha.sum - all.sum) > 1e-6 * Math.max(1, all.sum)) return false;
        return QS.every((q) => ha.quantile(q) === all.quantile(q));
      }),
    );
  });

  test('empty and reset histograms report zeros', () => {
    const h = new Histogram();
    expect([h.count, h.mean, h.min, h.max, h.quantile(0.5)]).toEqual([0, 0, 0, 0, 0]);
    h.record(5e6);
    h.record(7);
    h.reset();
    expect([h.count, h.mean, h.min, h.max, h.quantile(0.99)]).toEqual([0, 0, 0, 0, 0]);
    h.record(42);
    expect(h.quantile(0.5)).toBe(42);
  });

  test('property: after reset a histogram answers exactly as a fresh one (no count left behind)', () => {
    const value = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.double({ min: 0, max: 1e12, noNaN: true }));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), fc.array(value, { minLength: 1, maxLength: 60 }), (first, second) => {
        const used = new Histogram();
        for (const v of first) used.record(v);
        used.reset();
        const fresh = new Histogram();
        for (const v of second) { used.record(v); fresh.record(v); }
        return used.count === fresh.count && [0.01, 0.25, 0.5, 0.9, 0.95, 0.99].every((q) => used.quantile(q) === fresh.quantile(q));
      }),
      { numRuns: 300 },
    );
  });

  test('memory is bounded: a million values over 12 orders of magnitude stay under the 58 KiB cap, and only the ranges used cost memory', () => {
    const h = new Histogram();
    expect(h.memoryBytes).toBe(0);
    const r = rng(7);
    for (let i = 0; i < 1_000_000; i++) h.record(10 ** (r() * 12));
    // 10^0 … 10^12 < 2^40: one block per power of two from 2^7 to 2^39 (33) plus the linear one.
    expect(h.memoryBytes).toBeLessThanOrEqual(HISTOGRAM_MAX_BYTES);
    expect(h.memoryBytes).toBe(34 * 128 * 8);
    expect(HISTOGRAM_MAX_BYTES).toBeLessThan(64 * 1024);
    expect(h.count).toBe(1_000_000);
    // Response times of 2–5 ms fall in [2^20, 2^23): three blocks, 3 KiB.
    const ms = new Histogram();
    for (let i = 0; i < 100_000; i++) ms.record(2e6 + r() * 3e6);
    expect(ms.memoryBytes).toBe(3 * 128 * 8);
  });
});
