/**
 * The rate limit (sched_ratelimit_us, 1 ms by default, Xen ≥ 4.2): csched_schedule
 * keeps a runnable vCPU that has run less than the limit, so a waking BOOST vCPU does
 * not preempt it before then; with the limit at 0 it preempts at once.
 *
 * Set-up with a closed-form answer: 1 pCPU, a hog, and a vCPU that runs exactly 0.1 ms
 * then sleeps exactly S. When the sleeper blocks the hog is switched in, so the
 * sleeper wakes S after the hog's stint began: it must wait max(0, 1 ms − S).
 */
import { describe, expect, test } from '@jest/globals';
import { buildHost, type PeriodicSource } from '../helpers/host-builder.js';

const HORIZON_NS = 5e9;
const MS = 1e6;

function latencies(sleepNs: number, ratelimitNs?: number): number[] {
  const b = buildHost({
    pcpus: 1,
    scheduler: { name: 'credit', ratelimitNs },
    domains: [{ name: 'hog' }, { name: 'sleeper', source: { burstNs: 0.1 * MS, sleepNs } }],
  });
  b.run(HORIZON_NS);
  const l = (b.sources[1] as PeriodicSource).latenciesNs;
  expect(l.length).toBeGreaterThan(1000);
  return l;
}

describe('credit rate limit', () => {
  test('woken 0.3 ms into the hog\'s stint: waits the remaining 0.7 ms, every time', () => {
    for (const l of latencies(0.3 * MS)) expect(Math.abs(l - 0.7 * MS)).toBeLessThan(1e3);
  });

  test('woken 0.05 ms into it (below CSCHED_MIN_TIMER): still waits out the limit, 0.95 ms', () => {
    for (const l of latencies(0.05 * MS)) expect(Math.abs(l - 0.95 * MS)).toBeLessThan(1e3);
  });

  test('woken 1.5 ms into it (past the limit): preempts at once', () => {
    for (const l of latencies(1.5 * MS)) expect(l).toBeLessThan(1e3);
  });

  test('a configured 2 ms limit: waits 2 − 0.3 = 1.7 ms', () => {
    for (const l of latencies(0.3 * MS, 2 * MS)) expect(Math.abs(l - 1.7 * MS)).toBeLessThan(1e3);
  });

  test('ratelimitNs: 0 turns it off: the BOOST vCPU preempts at once', () => {
    for (const l of latencies(0.3 * MS, 0)) expect(l).toBeLessThan(1e3);
  });
});
