/**
 * Xen 2.0 round robin (sched_rrobin.c): a woken vCPU goes to the head of its pCPU's
 * queue (rr_wake → __add_to_runqueue_head) but preempts only an idle pCPU, and the
 * slice is a fixed 10 ms.
 *
 * Closed form: 1 pCPU, two hogs, and a vCPU that runs 0.13 ms then sleeps exactly S.
 * When it blocks, a hog gets a fresh slice; slices then follow every 10 ms. It wakes S
 * after that, waits for the running slice to end (it does not preempt) and then runs
 * first (head of the queue), so its wait is slice − (S mod slice). Were it queued at
 * the tail it would also wait behind the other hog: one slice more.
 */
import { describe, expect, test } from '@jest/globals';
import { buildHost, cpuShare, type PeriodicSource } from '../helpers/host-builder.js';
import { dom, runYaml } from '../helpers/scenario.js';

const HORIZON_NS = 20e9;
const MS = 1e6;

function latencies(sleepNs: number, hogs: number, sliceNs?: number): number[] {
  const domains = [];
  for (let i = 0; i < hogs; i++) domains.push({ name: `hog${i}` });
  domains.push({ name: 'io', source: { burstNs: 0.13 * MS, sleepNs } });
  const b = buildHost({ pcpus: 1, scheduler: { name: 'rr', tsliceNs: sliceNs }, domains });
  b.run(HORIZON_NS);
  for (let i = 0; i < hogs; i++) expect(cpuShare(b.domains[i], HORIZON_NS)).toBeGreaterThan(0.45);
  const l = (b.sources[hogs] as PeriodicSource).latenciesNs;
  expect(l.length).toBeGreaterThan(500);
  return l;
}

describe('round robin, bare host', () => {
  test.each([
    [7.31, 2.69],
    [4.77, 5.23],
    // Woken in the second slice after it blocked: the other hog is running. Head
    // insertion gives 20 − 13.13 = 6.87 ms; tail insertion would give 16.87 ms.
    [13.13, 6.87],
  ])('sleep %f ms: waits %f ms each time (> 0: no preemption; ≤ one 10 ms slice: head of queue)', (sleepMs, waitMs) => {
    for (const l of latencies(sleepMs * MS, 2)) {
      expect(l).toBeGreaterThan(0);
      expect(l).toBeLessThanOrEqual(10 * MS);
      expect(Math.abs(l - waitMs * MS)).toBeLessThan(1e3);
    }
  });

  test('the slice is configurable: a 2 ms slice bounds the wait at 2 ms (7.31 ms sleep → 0.69 ms)', () => {
    for (const l of latencies(7.31 * MS, 2, 2 * MS)) expect(Math.abs(l - 0.69 * MS)).toBeLessThan(1e3);
  });

  test('an idle pCPU is preempted at once: alone, the woken vCPU runs without waiting', () => {
    for (const l of latencies(7.31 * MS, 0)) expect(l).toBeLessThan(1e3);
  });
});

describe('round robin through the scenario loader (workload program, idle Dom0)', () => {
  const y = (slice: string) => `
name: rr
duration: 20s
host: { pcpus: 1, memory: 1G }
scheduler: { name: rr${slice} }
dom0: { memory: 128M }
domains:
  - { name: hog, memory: 64, workload: cpu-hog }
  - name: io
    memory: 64
    workload: { program: [ { forever: [ { cpu: 100K }, { sleep: 7ms } ] } ] }
`;

  test('a woken vCPU waits for the running slice to end (≤ 10 ms)', () => {
    const io = dom(runYaml(y('')), 'io');
    expect(io.wake_latency_ms).toBeGreaterThan(0.5);
    expect(io.wake_latency_ms).toBeLessThanOrEqual(10);
  });

  test('a 2 ms slice bounds the wait at 2 ms', () => {
    const io = dom(runYaml(y(', tslice: 2ms')), 'io');
    expect(io.wake_latency_ms).toBeLessThanOrEqual(2);
    expect(io.wake_latency_ms).toBeGreaterThan(0.1);
  });
});

describe('Xen 2.0 round robin never moves a domain between pCPUs', () => {
  test('three hogs on two pCPUs get 1, ½ and ½ of a pCPU (credit1 gives ⅔ each)', () => {
    const run = (scheduler: 'rr' | 'credit') => {
      const b = buildHost({ pcpus: 2, scheduler, domains: [{ name: 'h0' }, { name: 'h1' }, { name: 'h2' }] });
      b.run(6e9);
      return b.domains.map((d) => cpuShare(d, 6e9)).sort((x, y) => y - x);
    };
    const rr = run('rr');
    expect(rr[0]).toBeGreaterThan(0.99);
    expect(Math.abs(rr[1] - 0.5)).toBeLessThan(0.01);
    expect(Math.abs(rr[2] - 0.5)).toBeLessThan(0.01);
    for (const s of run('credit')) expect(Math.abs(s - 2 / 3)).toBeLessThan(0.02);
  });
});
