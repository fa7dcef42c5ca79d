/**
 * Tests for the calendar queue on its own (the event queue hands it large sets only, so
 * the event-queue tests would reach it rarely): whatever the spread of times — crowds
 * at one instant, gaps of days, times near 1e15 ns, infinity — it pops exactly the
 * (time, sequence) order a stable sort gives, through rebuilds that change its bucket
 * count and width.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { CalendarQueue } from '../../sim/engine/calendar-queue.js';
import type { PoppedEntry } from '../../sim/engine/popped-entry.js';

const out: PoppedEntry = { outTime: 0, outSeq: 0, outKind: 0, outTarget: 0, outTimer: -1, outGen: 0 };

/** Times mixing every shape the simulator produces. */
const timeArb = fc.oneof(
  fc.integer({ min: 0, max: 30 }),
  fc.constantFrom(0, 1e-9, 0.5, 1e6, 1e9, 3.6e15, Infinity),
  fc.double({ min: 0, max: 4e15, noNaN: true, noDefaultInfinity: true }),
);

describe('calendar queue', () => {
  test('interleaved pushes and pops agree with a sorted reference, payload included', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(timeArb, fc.constant(-1), fc.constant(-1)), { minLength: 200, maxLength: 1500 }),
        fc.integer({ min: 4, max: 64 }),
        (ops, capacity) => {
          const q = new CalendarQueue(capacity);
          const ref: { t: number; s: number }[] = [];
          let seq = 0;
          for (const op of ops) {
            if (op !== -1) {
              q.push(op, seq, seq % 7, seq, seq % 5, seq * 3);
              ref.push({ t: op, s: seq++ });
            } else {
              ref.sort((a, b) => a.t - b.t || a.s - b.s);
              const want = ref.shift();
              expect(q.peekTime()).toBe(want ? want.t : Infinity);
              expect(q.pop(out)).toBe(want !== undefined);
              if (want) expect([out.outTime, out.outKind, out.outTarget, out.outTimer, out.outGen]).toEqual([want.t, want.s % 7, want.s, want.s % 5, want.s * 3]);
            }
            expect(q.size).toBe(ref.length);
          }
          ref.sort((a, b) => a.t - b.t || a.s - b.s);
          for (const want of ref) {
            expect(q.peekSeq()).toBe(want.s);
            q.pop(out);
            expect([out.outTime, out.outTarget]).toEqual([want.t, want.s]);
          }
          expect(q.pop(out)).toBe(false);
        },
      ),
      { numRuns: 40 },
    );
  });

  test('a hold model with a change of time scale halfway stays in order', () => {
    // Entries reschedule themselves a random delay ahead; halfway the delays shrink a
    // million times, so the width fitted to the first half is wrong for the second.
    const q = new CalendarQueue(16);
    let x = 7;
    const rnd = (): number => {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      return x / 4294967296;
    };
    let seq = 0;
    for (let i = 0; i < 2000; i++) q.push(rnd() * 1e9, seq++, 0, i, -1, 0);
    let last = -Infinity;
    let outOfOrder = 0;
    for (let e = 0; e < 200_000; e++) {
      q.pop(out);
      if (out.outTime < last) outOfOrder++;
      last = out.outTime;
      const scale = e < 100_000 ? 1e9 : 1e3;
      q.push(out.outTime + rnd() * scale, seq++, 0, out.outTarget, -1, 0);
    }
    expect(outOfOrder).toBe(0);
    expect(q.size).toBe(2000);
  });

  test('a crowd of entries at one instant comes out first-in first-out', () => {
    const q = new CalendarQueue(4);
    for (let i = 0; i < 5000; i++) q.push(i % 2 === 0 ? 10 : 20, i, 0, i, -1, 0);
    const got: number[] = [];
    while (q.pop(out)) got.push(out.outTarget);
    const even = got.slice(0, 2500);
    expect(even).toEqual(Array.from({ length: 2500 }, (_, i) => 2 * i));
    expect(got.slice(2500)).toEqual(Array.from({ length: 2500 }, (_, i) => 2 * i + 1));
  });
});
