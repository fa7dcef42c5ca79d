import { describe, expect, test } from '@jest/globals';
import { Simulator } from '../../sim/engine/simulator.js';
import { RandomStream } from '../../sim/engine/random.js';

describe('simulator', () => {
  test('runs to a horizon: later events stay pending and the clock ends at the horizon', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const k = sim.register((_t, now) => seen.push(now));
    for (const t of [5, 10, 15, 20]) sim.schedule(t, k, 0);
    expect(sim.run({ untilNs: 12 })).toBe('horizon');
    expect(seen).toEqual([5, 10]);
    expect(sim.now).toBe(12);
    expect(sim.queue.size).toBe(2);
    expect(sim.run({ untilNs: 100 })).toBe('empty');
    expect(seen).toEqual([5, 10, 15, 20]);
    expect(sim.now).toBe(100);
  });

  test('stops at a maximum event count and on a stop request', () => {
    const sim = new Simulator();
    let n = 0;
    const k = sim.register((_t, now) => {
      n++;
      if (n === 7) sim.stop();
      sim.schedule(now + 1, k, 0);
    });
    sim.schedule(0, k, 0);
    expect(sim.run({ untilNs: Infinity, maxEvents: 3 })).toBe('max-events');
    expect(sim.events).toBe(3);
    expect(sim.run({ untilNs: Infinity })).toBe('stopped');
    expect(n).toBe(7);
    expect(sim.run({ untilNs: Infinity, check: (_now, ev) => ev >= 16, checkMask: 7 })).toBe('stopped');
    expect(sim.events).toBe(16);
  });

  test('a re-armed timer fires once, at its last time; a cancelled one never fires nor counts', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const k = sim.register((_t, now) => fired.push(now));
    const a = sim.newTimer();
    const b = sim.newTimer();
    sim.setTimer(a, 10, k, 0);
    sim.setTimer(a, 30, k, 0);
    sim.setTimer(b, 20, k, 1);
    expect(sim.timerPendingAt(a)).toBe(30);
    sim.cancelTimer(b);
    expect(sim.timerPendingAt(b)).toBe(-1);
    sim.run({ untilNs: 100 });
    expect(fired).toEqual([30]);
    expect(sim.events).toBe(1);
    expect(sim.timerPendingAt(a)).toBe(-1);
  });

  test('scheduling in the past happens now', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    const k = sim.register((_t, now) => fired.push(now));
    const k2 = sim.register((_t, now) => sim.schedule(now - 50, k, 0));
    sim.schedule(100, k2, 0);
    sim.run({ untilNs: 1000 });
    expect(fired).toEqual([100]);
  });

  function trace(seed: number): string {
    const sim = new Simulator();
    const rng = new RandomStream(seed, 'model');
    const out: string[] = [];
    const k = sim.register((target, now) => {
      out.push(`${now.toFixed(6)}:${target}`);
      sim.schedule(now + rng.exponential(10), k, target);
    });
    for (let i = 0; i < 20; i++) sim.schedule(rng.uniform() * 10, k, i);
    sim.run({ untilNs: Infinity, maxEvents: 2000 });
    return out.join(',');
  }

  test('is deterministic: one seed, one trace; another seed, another trace', () => {
    expect(trace(42)).toBe(trace(42));
    expect(trace(42)).not.toBe(trace(43));
  });
});
