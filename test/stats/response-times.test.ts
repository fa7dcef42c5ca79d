/**
 * ResponseTimes keeps an interval's values raw and hands them to the run's histogram
 * when the interval ends. It must answer exactly as two histograms recorded value by
 * value would (the collector used to do that): the same interval quantiles and the
 * same run histogram (count, sum to the bit, min, max, quantiles), also when an
 * interval spills past BUFFER_MAX values and when the run's histogram is read in
 * the middle of an interval.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Histogram } from '../../sim/stats/histogram.js';
import { BUFFER_MAX, ResponseTimes } from '../../sim/stats/response-times.js';

const QS = [0.01, 0.5, 0.9, 0.95, 0.99];

function sameHistogram(a: Histogram, b: Histogram): void {
  expect(a.count).toBe(b.count);
  expect(a.sum).toBe(b.sum);
  expect(a.min).toBe(b.min);
  expect(a.max).toBe(b.max);
  for (const q of [0, ...QS, 1]) expect(a.quantile(q)).toBe(b.quantile(q));
}

/** Intervals of values (ns); `peek` marks intervals in which the run's histogram is read halfway. */
const value = fc.oneof(
  fc.double({ min: 0, max: 1e10, noNaN: true }),
  fc.integer({ min: 0, max: 300 }), // below and around the linear range's end (128)
  fc.constantFrom(1e6, 1e6 + 1, 2.5e7),
);
const intervals = fc.array(fc.record({ values: fc.array(value, { maxLength: 80 }), peek: fc.boolean() }), { maxLength: 12 });

function replay(run: { values: number[]; peek: boolean }[]): void {
  const rt = new ResponseTimes();
  const whole = new Histogram();
  const interval = new Histogram();
  for (const { values, peek } of run) {
    values.forEach((v, i) => {
      rt.record(v);
      whole.record(v);
      interval.record(v);
      if (peek && i === values.length >> 1) sameHistogram(rt.all, whole);
    });
    expect(rt.intervalCount).toBe(interval.count);
    for (const q of QS) if (interval.count > 0) expect(rt.intervalQuantile(q)).toBe(interval.quantile(q));
    rt.endInterval();
    interval.reset();
    expect(rt.intervalCount).toBe(0);
  }
  sameHistogram(rt.all, whole);
}

describe('ResponseTimes', () => {
  test('answers as a run histogram and an interval histogram recorded value by value', () => {
    fc.assert(fc.property(intervals, (run) => replay(run)), { numRuns: 300 });
  });

  test('an interval longer than the raw buffer spills into a histogram and still answers the same', () => {
    // Three buffers' worth plus change in one interval, read in the middle, then a short one.
    const big: number[] = [];
    let x = 12345;
    for (let i = 0; i < 3 * BUFFER_MAX + 17; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      big.push(1e5 + (x % 5e7));
    }
    replay([{ values: big, peek: true }, { values: [3e6, 1e6, 2e6], peek: false }, { values: big.slice(0, BUFFER_MAX), peek: false }]);
  });

  test('an empty interval reports nothing and leaves the run untouched', () => {
    const rt = new ResponseTimes();
    expect(rt.intervalCount).toBe(0);
    expect(rt.intervalQuantile(0.95)).toBe(0);
    rt.endInterval();
    expect(rt.all.count).toBe(0);
  });
});
