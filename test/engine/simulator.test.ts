/**
 * Tests for the run loop: horizon / max-events / stop / check limits, lazy timer
 * cancellation (stale firings neither dispatched nor counted), clamping of past
 * times to now, and determinism of a small random model under a seed.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { Simulator } from '../../sim/engine/simulator.js';
import { RandomStreams } from '../../sim/engine/random.js';

/** A simulator with one handler that records (now, target) of each dispatch. */
function recording(): { sim: Simulator; kind: number; seen: [number, number][] } {
  const sim = new Simulator(4);
  const seen: [number, number][] = [];
  const kind = sim.register((target, now) => seen.push([now, target]));
  return { sim, kind, seen };
}

describe('run limits', () => {
  test('runs to a horizon: events at it are dispatched, later ones stay pending, clock ends at it', () => {
    const { sim, kind, seen } = recording();
    for (const t of [20, 5, 12, 15, 10]) sim.schedule(t, kind, t);
    expect(sim.run({ untilNs: 12 })).toBe('horizon');
    expect(seen.map(([t]) => t)).toEqual([5, 10, 12]);
    expect(sim.now).toBe(12);
    expect(sim.events).toBe(3);
    expect(sim.pending).toBe(2);
    expect(sim.queue.peekTime()).toBe(15);

    expect(sim.run({ untilNs: 100 })).toBe('empty');
    expect(seen.map(([t]) => t)).toEqual([5, 10, 12, 15, 20]);
    expect(sim.now).toBe(100); // a finite horizon is reached even when events run out first
  });

  test('with no horizon the clock stays at the last event when the queue empties', () => {
    const { sim, kind } = recording();
    sim.schedule(7, kind, 0);
    expect(sim.run({ untilNs: Infinity })).toBe('empty');
    expect(sim.now).toBe(7);
  });

  test('a horizon already passed never moves the clock backwards', () => {
    const { sim, kind, seen } = recording();
    sim.schedule(10, kind, 0);
    sim.schedule(20, kind, 0);
    sim.run({ untilNs: 10 });
    expect(sim.run({ untilNs: 5 })).toBe('horizon');
    expect(sim.now).toBe(10);
    expect(seen).toEqual([[10, 0]]);
  });

  test('events at the same time are dispatched in the order they were scheduled', () => {
    const { sim, kind, seen } = recording();
    for (let i = 0; i < 50; i++) sim.schedule(i % 3, kind, i);
    sim.run({ untilNs: Infinity });
    const expected = Array.from({ length: 50 }, (_, i) => i).sort((a, b) => (a % 3) - (b % 3) || a - b);
    expect(seen.map(([, target]) => target)).toEqual(expected);
  });

  test('maxEvents stops after that many dispatched events in all, leaving the rest pending', () => {
    const sim = new Simulator();
    const k = sim.register((target, now) => sim.schedule(now + 1, k, target));
    sim.schedule(0, k, 0);
    expect(sim.run({ untilNs: Infinity, maxEvents: 3 })).toBe('max-events');
    expect([sim.events, sim.now, sim.pending]).toEqual([3, 2, 1]);
    expect(sim.run({ untilNs: Infinity, maxEvents: 10 })).toBe('max-events');
    expect([sim.events, sim.now]).toEqual([10, 9]);
  });

  test('stop() from a handler ends the run after that event; a later run resumes', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const k = sim.register((target, now) => {
      seen.push(target);
      if (target === 3) sim.stop();
      if (target < 6) sim.schedule(now + 1, k, target + 1);
    });
    sim.schedule(0, k, 0);
    expect(sim.run({ untilNs: Infinity })).toBe('stopped');
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(sim.now).toBe(3);
    expect(sim.pending).toBe(1);
    expect(sim.run({ untilNs: Infinity })).toBe('empty');
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  test('check is called every checkMask + 1 events with (now, events) and stops on true', () => {
    const sim = new Simulator();
    const k = sim.register((target, now) => sim.schedule(now + 10, k, target));
    sim.schedule(0, k, 0);
    const calls: [number, number][] = [];
    const reason = sim.run({
      untilNs: Infinity,
      checkMask: 7,
      check: (now, events) => {
        calls.push([now, events]);
        return events >= 24;
      },
    });
    expect(reason).toBe('stopped');
    // Event n (1-based) runs at time 10(n−1).
    expect(calls).toEqual([[70, 8], [150, 16], [230, 24]]);
    expect(sim.events).toBe(24);
  });
});

describe('timers', () => {
  test('re-arming replaces the pending firing: only the last one fires, later or earlier', () => {
    const { sim, kind, seen } = recording();
    const later = sim.newTimer();
    const earlier = sim.newTimer();
    sim.setTimer(later, 10, kind, 1);
    sim.setTimer(later, 30, kind, 1);
    sim.setTimer(earlier, 40, kind, 2);
    sim.setTimer(earlier, 20, kind, 2);
    expect(sim.timerPendingAt(later)).toBe(30);
    expect(sim.timerPendingAt(earlier)).toBe(20);
    sim.run({ untilNs: 100 });
    expect(seen).toEqual([[20, 2], [30, 1]]);
    expect(sim.events).toBe(2);
    expect(sim.timerPendingAt(later)).toBe(-1);
    expect(sim.timerPendingAt(earlier)).toBe(-1);
  });

  test('a cancelled timer is neither dispatched nor counted, and can be armed again', () => {
    const { sim, kind, seen } = recording();
    const t = sim.newTimer();
    expect(sim.timerPendingAt(t)).toBe(-1);
    sim.setTimer(t, 20, kind, 7);
    sim.cancelTimer(t);
    expect(sim.timerPendingAt(t)).toBe(-1);
    sim.run({ untilNs: 50 });
    expect(seen).toEqual([]);
    expect(sim.events).toBe(0);
    sim.setTimer(t, 60, kind, 7);
    sim.run({ untilNs: 100 });
    expect(seen).toEqual([[60, 7]]);
    expect(sim.events).toBe(1);
  });

  test('a timer re-armed from its own handler ticks periodically', () => {
    const sim = new Simulator();
    const ticks: number[] = [];
    const t = sim.newTimer();
    const k = sim.register((_target, now) => {
      ticks.push(now);
      sim.setTimer(t, now + 25, k, 0);
    });
    sim.setTimer(t, 0, k, 0);
    sim.run({ untilNs: 100 });
    expect(ticks).toEqual([0, 25, 50, 75, 100]);
    expect(sim.timerPendingAt(t)).toBe(125);
  });

  test('many timer slots (past the initial 64) keep their own generations', () => {
    const { sim, kind, seen } = recording();
    const slots = Array.from({ length: 200 }, () => sim.newTimer());
    slots.forEach((s, i) => sim.setTimer(s, i, kind, i));
    slots.forEach((s, i) => { if (i % 2 === 1) sim.cancelTimer(s); });
    sim.run({ untilNs: Infinity });
    expect(seen.map(([, target]) => target)).toEqual(slots.map((_, i) => i).filter((i) => i % 2 === 0));
  });

  test('property: random set/cancel sequences fire exactly each timer\'s last arming', () => {
    const op = fc.record({
      timer: fc.integer({ min: 0, max: 4 }),
      cancel: fc.boolean(),
      atNs: fc.integer({ min: 0, max: 30 }),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const { sim, kind, seen } = recording();
        const timers = Array.from({ length: 5 }, () => sim.newTimer());
        const model = new Array<number>(5).fill(-1); // reference: pending time per timer
        const armedOrder = new Array<number>(5).fill(-1); // when it was last armed, for FIFO ties
        ops.forEach(({ timer, cancel, atNs }, i) => {
          if (cancel) {
            sim.cancelTimer(timers[timer]);
            model[timer] = -1;
          } else {
            sim.setTimer(timers[timer], atNs, kind, timer);
            model[timer] = atNs;
            armedOrder[timer] = i;
          }
        });
        model.forEach((at, i) => expect(sim.timerPendingAt(timers[i])).toBe(at));
        sim.run({ untilNs: Infinity });
        const expected = model
          .map((at, timer) => ({ at, timer }))
          .filter(({ at }) => at >= 0)
          .sort((a, b) => a.at - b.at || armedOrder[a.timer] - armedOrder[b.timer])
          .map(({ at, timer }) => [at, timer]);
        expect(seen).toEqual(expected);
        expect(sim.events).toBe(expected.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('scheduling in the past', () => {
  test('schedule() and setTimer() clamp a past time to now', () => {
    const sim = new Simulator();
    const fired: [string, number][] = [];
    const t = sim.newTimer();
    const plain = sim.register((_target, now) => fired.push(['plain', now]));
    const timed = sim.register((_target, now) => fired.push(['timer', now]));
    const late = sim.register((_target, now) => {
      sim.schedule(now - 50, plain, 0);
      sim.setTimer(t, -1, timed, 0);
      expect(sim.timerPendingAt(t)).toBe(now);
    });
    sim.schedule(100, late, 0);
    sim.schedule(101, plain, 0);
    sim.run({ untilNs: 1000 });
    expect(fired).toEqual([['plain', 100], ['timer', 100], ['plain', 101]]);
  });
});

describe('determinism', () => {
  /**
   * A small model: 30 entities, each rescheduling itself after an exponential delay
   * from its own stream, and a watchdog timer that is re-armed (cancelling the last
   * arming) at random moments. Returns the (time, target) trace, exact to the bit.
   */
  function trace(seed: number): string {
    const sim = new Simulator(8);
    const streams = new RandomStreams(seed);
    const out: string[] = [];
    const watchdog = sim.newTimer();
    const fire = sim.register((target, now) => out.push(`${now}:W${target}`));
    const step = sim.register((target, now) => {
      out.push(`${now}:${target}`);
      const rng = streams.get(`entity${target}`);
      sim.schedule(now + rng.exponential(1000), step, target);
      if (rng.uniform() < 0.3) sim.setTimer(watchdog, now + streams.get('watchdog').between(0, 200), fire, target);
    });
    for (let i = 0; i < 30; i++) sim.schedule(streams.get('start').uniform() * 100, step, i);
    sim.run({ untilNs: 1e6, maxEvents: 3000 });
    return out.join(',');
  }

  test('two runs with one seed give identical traces; another seed gives another', () => {
    const a = trace(42);
    expect(a.split(',').length).toBeGreaterThan(1000);
    expect(a).toContain('W'); // the watchdog did fire, so cancellation took part
    expect(trace(42)).toBe(a);
    expect(trace(43)).not.toBe(a);
  });
});

describe('same-instant events keep the heap order', () => {
  /** A reference kernel: a plain array sorted by (time, sequence) at every step. */
  function reference(script: number[][]): string[] {
    const q: { t: number; seq: number; id: number }[] = [];
    let seq = 0;
    let now = 0;
    const out: string[] = [];
    const push = (t: number, id: number): void => { q.push({ t: Math.max(t, now), seq: seq++, id }); };
    push(0, 0);
    while (q.length > 0 && out.length < 500) {
      q.sort((a, b) => a.t - b.t || a.seq - b.seq);
      const e = q.shift()!;
      now = e.t;
      out.push(`${e.id}@${now}`);
      for (const d of script[e.id % script.length]) push(now + d, (e.id * 7 + d + out.length) % 1000);
    }
    return out;
  }

  test('property: handlers scheduling at now and later dispatch exactly as a sorted (time, sequence) list', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(0, 0, 0, 1, 2, 5), { maxLength: 3 }), { minLength: 1, maxLength: 6 }), (script) => {
        const sim = new Simulator(4);
        const out: string[] = [];
        const kind = sim.register((id, now) => {
          out.push(`${id}@${now}`);
          if (out.length >= 500) { sim.stop(); return; }
          for (const d of script[id % script.length]) sim.schedule(now + d, kind, (id * 7 + d + out.length) % 1000);
        });
        sim.schedule(0, kind, 0);
        sim.run({ untilNs: Infinity });
        expect(out).toEqual(reference(script));
      }),
      { numRuns: 200 },
    );
  });
});

describe('deferred calls (softirqs)', () => {
  test('run right after the handler that made them, before other events at that instant, in order, uncounted', () => {
    const sim = new Simulator(4);
    const out: string[] = [];
    let ev = 0;
    const soft = sim.register((t, now) => {
      out.push(`soft${t}@${now}`);
      // A deferred call may defer another: it runs in the same pass.
      if (t === 1) sim.defer(soft, 3);
    });
    ev = sim.register((t, now) => {
      out.push(`ev${t}@${now}`);
      if (t === 0) {
        sim.schedule(now, ev, 9); // same instant, queued after the handler
        sim.defer(soft, 1);
        sim.defer(soft, 2);
      }
    });
    sim.schedule(5, ev, 0);
    sim.schedule(5, ev, 8); // already queued at the same instant
    sim.run({ untilNs: Infinity });
    expect(out).toEqual(['ev0@5', 'soft1@5', 'soft2@5', 'soft3@5', 'ev8@5', 'ev9@5']);
    expect(sim.events).toBe(3);
  });

  test('calls deferred outside a run come before the first event of the next run', () => {
    const sim = new Simulator(4);
    const out: string[] = [];
    const k = sim.register((t) => out.push(`k${t}`));
    sim.schedule(0, k, 1);
    sim.defer(k, 0);
    sim.run({ untilNs: Infinity });
    expect(out).toEqual(['k0', 'k1']);
  });
});

describe('timers armed from handlers keep the eager order', () => {
  /**
   * A reference kernel with eager cancellation: a list sorted by (time, sequence) at
   * every step, where arming a timer removes its pending entry and queues a new one
   * with the next sequence number, and cancelling removes it.
   */
  type Step = { plain: number[]; timer: number; arm: number };
  function reference(script: Step[], timers: number): string[] {
    const q: { t: number; seq: number; id: number; timer: number }[] = [];
    let seq = 0;
    let now = 0;
    const out: string[] = [];
    const drop = (timer: number): void => { const i = q.findIndex((e) => e.timer === timer); if (i >= 0) q.splice(i, 1); };
    q.push({ t: 0, seq: seq++, id: 0, timer: -1 });
    while (q.length > 0 && out.length < 400) {
      q.sort((a, b) => a.t - b.t || a.seq - b.seq);
      const e = q.shift()!;
      now = e.t;
      out.push(`${e.id}@${now}`);
      const st = script[e.id % script.length];
      for (const d of st.plain) q.push({ t: now + d, seq: seq++, id: (e.id * 7 + d + out.length) % 1000, timer: -1 });
      const timer = (e.id + out.length) % timers;
      drop(timer);
      if (st.arm >= 0) q.push({ t: now + st.arm, seq: seq++, id: 1000 + timer, timer });
    }
    return out;
  }

  test('property: arming, re-arming later or earlier and cancelling from handlers dispatch as an eager kernel', () => {
    const step = fc.record({
      plain: fc.array(fc.constantFrom(0, 0, 1, 3, 8), { maxLength: 2 }),
      timer: fc.nat(),
      // -1 cancels; small delays re-arm before, at or after an entry already queued.
      arm: fc.constantFrom(-1, 0, 1, 2, 4, 6, 10, 30),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 3 }), (script, timers) => {
        const sim = new Simulator(4);
        const slots = Array.from({ length: timers }, () => sim.newTimer());
        const out: string[] = [];
        const kind = sim.register((id, now) => {
          out.push(`${id}@${now}`);
          if (out.length >= 400) { sim.stop(); return; }
          const st = script[id % script.length];
          for (const d of st.plain) sim.schedule(now + d, kind, (id * 7 + d + out.length) % 1000);
          const timer = (id + out.length) % timers;
          if (st.arm >= 0) sim.setTimer(slots[timer], now + st.arm, kind, 1000 + timer);
          else sim.cancelTimer(slots[timer]);
        });
        sim.schedule(0, kind, 0);
        sim.run({ untilNs: Infinity });
        expect(out).toEqual(reference(script, timers));
        expect(sim.events).toBe(out.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bookkeeping kept off the clock (credit.ts quiet stretches)', () => {
  test('setTimerSeq puts a timer back at the position an earlier arming had', () => {
    const { sim, kind, seen } = recording();
    const t = sim.newTimer();
    sim.setTimer(t, 10, kind, 1); // armed first: fires before the event below
    const seq = sim.timerSeqOf(t);
    sim.schedule(10, kind, 2);
    sim.cancelTimer(t);
    sim.setTimer(t, 10, kind, 9); // a later arming would come after target 2 …
    sim.setTimerSeq(t, 10, seq, kind, 1); // … put back under the first one's number
    sim.run({ untilNs: 20 });
    expect(seen).toEqual([[10, 1], [10, 2]]);
  });

  test('a fractional sequence number orders between whole ones', () => {
    const { sim, kind, seen } = recording();
    sim.schedule(10, kind, 1);
    const t = sim.newTimer();
    sim.setTimer(t, 10, kind, 0);
    const s = sim.timerSeqOf(t);
    sim.schedule(10, kind, 3);
    sim.setTimerSeq(t, 10, s + 0.5, kind, 2);
    sim.run({ untilNs: 20 });
    expect(seen.map((x) => x[1])).toEqual([1, 2, 3]);
  });

  test('the dispatch log gives each dispatch its time, sequence and starting counter', () => {
    const sim = new Simulator(4);
    const armedBy: number[] = [];
    let other = -1;
    const kind = sim.register((target, now) => {
      if (target === 0) {
        sim.logAcquire();
        armedBy.push(sim.nextSeq());
        sim.schedule(now + 5, other, 1);
      }
    });
    other = sim.register(() => {});
    sim.onLogTurn(() => {});
    sim.schedule(1, kind, 0);
    sim.schedule(3, kind, 2);
    sim.run({ untilNs: 10 });
    const first = sim.logFirst();
    expect(sim.logN - first).toBe(3); // the acquiring dispatch, then two more
    expect(sim.logTimeAt(first)).toBe(1);
    expect(sim.logCtrAt(first)).toBe(-Infinity);
    expect([sim.logTimeAt(first + 1), sim.logTimeAt(first + 2)]).toEqual([3, 6]);
    // The sequence number handed out during the first dispatch belongs to it.
    expect(sim.logArmingOf(armedBy[0])).toBe(first);
    expect(sim.logFirstAtOrAfter(4)).toBe(first + 2);
    sim.logRelease();
  });
});
