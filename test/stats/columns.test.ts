import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Column, DomainColumns, expectedPoints } from '../../sim/stats/columns.js';

describe('Column', () => {
  test('keeps every pushed value in order, growing past its first capacity', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20 }), fc.array(fc.double({ noNaN: true }), { maxLength: 200 }), (cap, xs) => {
      const c = new Column(cap);
      for (const x of xs) c.push(x);
      expect(c.length).toBe(xs.length);
      expect(c.toArray()).toEqual(xs);
    }));
  });

  test('toArray hands out a new plain array each time', () => {
    const c = new Column(2);
    c.push(1);
    const a = c.toArray();
    a.push(9);
    expect(Array.isArray(a)).toBe(true);
    expect(c.toArray()).toEqual([1]);
  });

  test('NaN marks a point without a value: null in the nullable form', () => {
    const c = new Column(4);
    c.push(1.5); c.push(NaN); c.push(0);
    expect(c.toNullableArray()).toEqual([1.5, null, 0]);
  });
});

describe('DomainColumns', () => {
  test('gives the Result field names, p95 with nulls', () => {
    const d = new DomainColumns(1);
    d.cpu.push(0.5); d.allocMb.push(256); d.targetMb.push(256); d.wsMb.push(100); d.ioOpsPerS.push(3); d.p95Ms.push(NaN);
    expect(d.toResult()).toEqual({ cpu: [0.5], alloc_mb: [256], target_mb: [256], ws_mb: [100], io_ops_per_s: [3], p95_ms: [null] });
  });
});

describe('expectedPoints', () => {
  test('every full interval and the last partial one, bounded up front', () => {
    expect(expectedPoints(10e9, 1e9)).toBe(11);
    expect(expectedPoints(10.5e9, 1e9)).toBe(12);
    expect(expectedPoints(3600e9, 1e6)).toBe(4096);
    expect(expectedPoints(Infinity, 1e9)).toBe(16);
  });
});
