/**
 * The sorted-array layout alone: pops come out as a stable sort on (time, sequence)
 * with every payload field, interleaved with pushes, past its first capacity.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { SortedEvents } from '../../sim/engine/sorted-events.js';
import type { PoppedEntry } from '../../sim/engine/popped-entry.js';

const out: PoppedEntry = { outTime: 0, outSeq: 0, outKind: 0, outTarget: 0, outTimer: -1, outGen: 0 };

describe('SortedEvents', () => {
  test('property: interleaved pushes and pops agree with a sorted reference', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant(-1)), { maxLength: 300 }), (ops) => {
        const q = new SortedEvents(4);
        const ref: { t: number; s: number }[] = [];
        let seq = 0;
        for (const op of ops) {
          if (op >= 0) {
            // Sequence numbers need not be pushed in order (a timer's entry queued late).
            const s = seq % 3 === 0 ? seq + 1000 : seq;
            seq++;
            q.push(op, s, s % 7, s, s % 5, s * 2);
            ref.push({ t: op, s });
          } else {
            ref.sort((a, b) => a.t - b.t || a.s - b.s);
            const want = ref.shift();
            expect(q.pop(out)).toBe(want !== undefined);
            if (want) expect([out.outTime, out.outSeq, out.outKind, out.outTarget, out.outTimer, out.outGen]).toEqual([want.t, want.s, want.s % 7, want.s, want.s % 5, want.s * 2]);
          }
          ref.sort((a, b) => a.t - b.t || a.s - b.s);
          expect(q.peekTime()).toBe(ref.length > 0 ? ref[0].t : Infinity);
          expect(q.peekSeq()).toBe(ref.length > 0 ? ref[0].s : Infinity);
        }
        expect(q.size).toBe(ref.length);
        expect(q.capacity).toBeGreaterThanOrEqual(q.size);
      }),
      { numRuns: 200 },
    );
  });
});
