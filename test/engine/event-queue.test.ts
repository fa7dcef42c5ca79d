/**
 * Tests for the pending-event set: pop order is exactly a stable sort on (time,
 * insertion sequence), every payload field travels with its entry, growth past the
 * initial capacity loses nothing, and moving between the sorted array, the heap and
 * the calendar queue (as the size crosses HEAP_FROM, SORTED_BELOW, CALENDAR_FROM and
 * HEAP_BELOW) changes nothing that comes out.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CALENDAR_FROM, EventQueue, HEAP_BELOW, HEAP_FROM, SORTED_BELOW } from '../../sim/engine/event-queue.js';

describe('event queue', () => {
  test('pops exactly a stable sort of (time, insertion order), with many ties', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 0, maxLength: 400 }), (times) => {
        const q = new EventQueue(4);
        // Each payload field is a different function of the insertion index, so a
        // field that lags behind or swaps with another entry's shows up.
        times.forEach((t, i) => q.push(t, (i * 31) % 97, i, i % 11, i * 3 + 1));
        const expected = times
          .map((t, i) => ({ t, i }))
          .sort((a, b) => a.t - b.t || a.i - b.i)
          .map(({ t, i }) => [t, (i * 31) % 97, i, i % 11, i * 3 + 1]);
        const got: number[][] = [];
        while (q.pop()) got.push([q.outTime, q.outKind, q.outTarget, q.outTimer, q.outGen]);
        expect(got).toEqual(expected);
        expect(q.size).toBe(0);
      }),
      { numRuns: 200 },
    );
  });

  test('fractional and far-apart times sort like numbers (ties still FIFO)', () => {
    const timeArb = fc.oneof(
      fc.constantFrom(0, 0.5, 1e-9, 1e12),
      fc.double({ min: 0, max: 1e15, noNaN: true, noDefaultInfinity: true }),
    );
    fc.assert(
      fc.property(fc.array(timeArb, { maxLength: 200 }), (times) => {
        const q = new EventQueue(4);
        times.forEach((t, i) => q.push(t, 0, i, -1, 0));
        const expected = times.map((t, i) => [t, i]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
        const got: number[][] = [];
        while (q.pop()) got.push([q.outTime, q.outTarget]);
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  test('interleaved pushes and pops agree with a reference model', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 50 }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const q = new EventQueue(2);
        const ref: { t: number; s: number }[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op >= 0) {
            q.push(op, 0, seq, -1, 0);
            ref.push({ t: op, s: seq++ });
          } else {
            ref.sort((a, b) => a.t - b.t || a.s - b.s);
            const want = ref.shift();
            const had = q.pop();
            expect(had).toBe(want !== undefined);
            if (want) expect([q.outTime, q.outTarget]).toEqual([want.t, want.s]);
            expect(q.peekTime()).toBe(ref.length > 0 ? Math.min(...ref.map((e) => e.t)) : Infinity);
          }
        }
        expect(q.size).toBe(ref.length);
      }),
      { numRuns: 200 },
    );
  });

  test('grows past its initial capacity and keeps every payload field', () => {
    const q = new EventQueue(4);
    for (let i = 0; i < 1000; i++) q.push(1000 - i, i % 5, i, i % 3, i * 2);
    expect(q.capacity).toBeGreaterThanOrEqual(1000);
    let prev = -Infinity;
    for (let i = 0; i < 1000; i++) {
      expect(q.pop()).toBe(true);
      expect(q.outTime).toBeGreaterThanOrEqual(prev);
      prev = q.outTime;
      const id = q.outTarget;
      expect([q.outKind, q.outTimer, q.outGen]).toEqual([id % 5, id % 3, id * 2]);
    }
    expect(q.pop()).toBe(false);
    expect(q.peekTime()).toBe(Infinity);
  });

  test('sizes that cross between heap and calendar queue, back and forth, keep the order', () => {
    // Waves: fill past CALENDAR_FROM, drain below HEAP_BELOW, again, with random times
    // (ties included) and pops between pushes.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 1e6 }), (waves, seed) => {
        const q = new EventQueue(4);
        const ref: { t: number; s: number }[] = [];
        let seq = 0;
        let x = seed;
        const rnd = (): number => {
          x = (Math.imul(x, 1103515245) + 12345) >>> 0;
          return x / 4294967296;
        };
        // Compared by hand and counted: an expect() per pop would dominate the run time.
        let wrong = 0;
        const popOne = (): void => {
          ref.sort((a, b) => a.t - b.t || a.s - b.s);
          const want = ref.shift()!;
          if (!q.pop() || q.outTime !== want.t || q.outTarget !== want.s || q.outKind !== want.s % 13) wrong++;
        };
        let sawCalendar = false;
        for (const w of waves) {
          while (q.size < CALENDAR_FROM + w) {
            const t = Math.floor(rnd() * 50) * 1000 + (ref.length > 0 ? ref[0].t : 0);
            q.push(t, seq % 13, seq, -1, 0);
            ref.push({ t, s: seq++ });
            if (rnd() < 0.3) popOne();
          }
          sawCalendar ||= q.usesCalendar;
          while (q.size > HEAP_BELOW - 10) popOne();
          expect(q.usesCalendar).toBe(false);
        }
        expect(sawCalendar).toBe(true);
        while (ref.length > 0) popOne();
        expect(wrong).toBe(0);
        expect(q.pop()).toBe(false);
      }),
      { numRuns: 30 },
    );
  });

  test('sizes that cross between the sorted array and the heap keep the order and sequence numbers', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 12 })), { minLength: 1, maxLength: 6 }), (waves) => {
        const q = new EventQueue(4);
        const ref: { t: number; s: number }[] = [];
        let seq = 0;
        let now = 0;
        const popOne = (): void => {
          ref.sort((a, b) => a.t - b.t || a.s - b.s);
          const want = ref.shift()!;
          expect(q.pop()).toBe(true);
          expect([q.outTime, q.outSeq, q.outTarget]).toEqual([want.t, want.s, want.s]);
          now = q.outTime;
        };
        expect(q.usesSortedArray).toBe(true);
        for (const [extra, spread] of waves) {
          // Times near now (as a model's), ties included, with a pop now and then.
          while (q.size < HEAP_FROM + extra) {
            const t = now + ((seq * 7) % (spread + 1));
            q.push(t, 0, seq, -1, 0);
            ref.push({ t, s: seq++ });
            if (seq % 5 === 0) popOne();
          }
          expect(q.usesSortedArray).toBe(false);
          while (q.size >= SORTED_BELOW) popOne();
          expect(q.usesSortedArray).toBe(true);
        }
        while (ref.length > 0) popOne();
        expect(q.pop()).toBe(false);
      }),
      { numRuns: 100 },
    );
  });
});
