/**
 * The null scheduler (xen/common/sched/null.c, Xen 4.17): each vCPU is assigned to one
 * pCPU and is the only one that pCPU runs; vCPUs beyond the pCPUs wait, unassigned and
 * with no CPU at all, in a FIFO wait queue until a pCPU their hard affinity allows is
 * freed (unit_deassign hands it to the first such waiter).
 *
 * Numbers checked: a busy vCPU with a pCPU of its own gets 100 % of it and is switched in
 * exactly once (no slices, no migration); a waiting one gets 0 until the domain holding
 * a pCPU is destroyed, then the whole of that pCPU, and its wait-queue time is the time
 * to the destruction. Conservation (Σ vCPU CPU + Σ pCPU idle = pCPUs × duration) and the
 * one-vCPU-per-pCPU rule hold over random small hosts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { dom } from '../helpers/scenario.js';
import { bareHost, runWithFigures, type FiguresRun, type SchedDomainDesc } from './sched-host.js';
import { domainDescs, expectHostConservation } from '../helpers/conservation.js';

interface NullFigures {
  waitq_seconds: number;
  waitq_entries: number;
}

function run(yaml: string): FiguresRun<NullFigures> {
  return runWithFigures<NullFigures>(yaml, 'null');
}

const DURATION_S = 4;

/** 5 pCPUs: Dom0 (one vCPU) holds pCPU 0, so four guests fit. */
function host(domains: string[], extra = ''): string {
  return `
name: null-test
duration: ${DURATION_S}s
host: { pcpus: 5, memory: 2G }
scheduler: { name: "null" }
dom0: { memory: 256M, vcpus: 1 }
domains:
${domains.map((d) => `  - ${d}`).join('\n')}
${extra}`;
}

const hog = (name: string, more = ''): string => `{ name: ${name}, memory: 64, workload: cpu-hog${more} }`;

describe('null: one vCPU per pCPU', () => {
  test('four hogs on the four free pCPUs: each gets 100 % of its own pCPU and never moves', () => {
    const r = run(host(['a', 'b', 'c', 'd'].map((n) => hog(n))));
    const pcpus = new Set<number>();
    for (const n of ['a', 'b', 'c', 'd']) {
      const d = dom(r.result, n);
      expect(d.cpu_seconds).toBeCloseTo(DURATION_S, 6);
      expect(d.wait_seconds).toBeCloseTo(0, 6);
      // Switched in once at boot, never out: no slices, no migration.
      expect(d.context_switches).toBe(1);
      expect(d.last_pcpu).not.toBe(0);
      pcpus.add(d.last_pcpu!);
      expect(r.fig(n).waitq_seconds).toBe(0);
    }
    expect(pcpus.size).toBe(4);
    for (const p of r.result.host.pcpu.slice(1)) expect(p.busy_seconds).toBeCloseTo(DURATION_S, 6);
    expect(r.host.waiting_vcpus).toBe(0);
  });

  test('a fifth hog waits with no CPU until a domain stops at 1.5 s, then gets its pCPU', () => {
    const r = run(host([hog('a', ', stop: 1.5s'), hog('b'), hog('c'), hog('d'), hog('e')]));
    const e = dom(r.result, 'e');
    expect(e.cpu_seconds).toBeCloseTo(DURATION_S - 1.5, 6);
    expect(r.fig('e').waitq_seconds).toBeCloseTo(1.5, 9);
    expect(r.fig('e').waitq_entries).toBe(1);
    // It runs where 'a' ran, and only there.
    expect(e.last_pcpu).toBe(dom(r.result, 'a').last_pcpu);
    expect(e.context_switches).toBe(1);
    expect(dom(r.result, 'a').cpu_seconds).toBeCloseTo(1.5, 6);
    expect(r.host.waitq_seconds).toBeCloseTo(1.5, 9);
  });

  test('timeline destroy frees the pCPU the same way', () => {
    const r = run(host(['a', 'b', 'c', 'd', 'e'].map((n) => hog(n)), 'timeline:\n  - { at: 2.5s, destroy: c }\n'));
    expect(dom(r.result, 'e').cpu_seconds).toBeCloseTo(DURATION_S - 2.5, 6);
    expect(dom(r.result, 'e').last_pcpu).toBe(dom(r.result, 'c').last_pcpu);
    for (const n of ['a', 'b', 'd']) expect(dom(r.result, n).cpu_seconds).toBeCloseTo(DURATION_S, 6);
  });

  test('the wait queue is FIFO within hard affinity: a freed pCPU goes to the first waiter allowed on it', () => {
    // pCPUs 1–4 taken by a–d; e (pinned to pCPU 3) waits first, f (any pCPU) second.
    // b (pCPU 2) stops at 1 s: e may not use it, so f takes it. c (pCPU 3) stops at 2 s: e gets it.
    const r = run(host([hog('a'), hog('b', ', stop: 1s'), hog('c', ', stop: 2s'), hog('d'), hog('e', ', cpus: "3"'), hog('f')]));
    expect(dom(r.result, 'b').last_pcpu).toBe(2);
    expect(dom(r.result, 'c').last_pcpu).toBe(3);
    expect(dom(r.result, 'f').cpu_seconds).toBeCloseTo(DURATION_S - 1, 6);
    expect(dom(r.result, 'f').last_pcpu).toBe(2);
    expect(dom(r.result, 'e').cpu_seconds).toBeCloseTo(DURATION_S - 2, 6);
    expect(dom(r.result, 'e').last_pcpu).toBe(3);
    expect(r.fig('e').waitq_seconds).toBeCloseTo(2, 9);
    expect(r.fig('f').waitq_seconds).toBeCloseTo(1, 9);
  });

  test('a blocked vCPU keeps its pCPU idle: the waiting hog never gets it', () => {
    // io computes 2M instructions (under 1 ms here) then sleeps 9 ms on its own pCPU; e waits all along.
    const io = '{ name: io, memory: 64, workload: { program: [ { forever: [ { cpu: 2M }, { sleep: 9ms } ] } ] } }';
    const r = run(host([hog('a'), hog('b'), hog('c'), io, hog('e')]));
    expect(dom(r.result, 'e').cpu_seconds).toBe(0);
    expect(r.fig('e').waitq_seconds).toBeCloseTo(DURATION_S, 9);
    const ioPcpu = r.result.host.pcpu[dom(r.result, 'io').last_pcpu!];
    // Under 10 % busy, the rest idle: nobody else may use it.
    expect(ioPcpu.idle_seconds).toBeGreaterThan(0.8 * DURATION_S);
    expect(dom(r.result, 'io').wake_latency_ms).toBeLessThan(0.001);
  });

  test('a domain of three vCPUs on two free pCPUs: two run, the third waits', () => {
    const r = run(`
duration: ${DURATION_S}s
host: { pcpus: 3, memory: 2G }
scheduler: { name: "null" }
dom0: { memory: 256M, vcpus: 1 }
domains:
  - { name: w, memory: 64, vcpus: 3, workload: cpu-hog }
`);
    expect(dom(r.result, 'w').cpu_seconds).toBeCloseTo(2 * DURATION_S, 6);
    expect(r.fig('w').waitq_seconds).toBeCloseTo(DURATION_S, 9);
    expect(r.host.waiting_vcpus).toBe(1);
  });
});

describe('null: properties over random small hosts', () => {
  const MS = 1e6;
  const domArb = fc.record({
    vcpus: fc.integer({ min: 1, max: 3 }),
    pins: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), { nil: null }),
    source: fc.oneof(
      fc.constant<'busy'>('busy'),
      fc.record({ onNs: fc.double({ min: 0.05 * MS, max: 5 * MS, noNaN: true }), offNs: fc.double({ min: 0.05 * MS, max: 10 * MS, noNaN: true }) }),
    ),
    startFrac: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.8, noNaN: true })),
    stopFrac: fc.option(fc.double({ min: 0.1, max: 1.2, noNaN: true }), { nil: null, freq: 3 }),
  });
  const caseArb = fc.record({
    pcpus: fc.integer({ min: 1, max: 4 }),
    horizonMs: fc.integer({ min: 200, max: 1500 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    domains: fc.array(domArb, { minLength: 1, maxLength: 6 }),
  });

  test('conservation, one vCPU per pCPU, no migration, waiting vCPUs get no CPU', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const H = c.horizonMs * MS;
        const descs: SchedDomainDesc[] = domainDescs(c.domains, H, c.pcpus);
        const b = bareHost(c.pcpus, { name: 'null' }, descs, c.seed);
        // Which vCPU each pCPU runs, checked at every switch: only ever one per pCPU while it lives.
        const owner = new Int32Array(c.pcpus).fill(-1);
        let violations = 0;
        const s = b.host.scheduler;
        const schedule = s.doSchedule.bind(s);
        s.doSchedule = (p, now) => {
          schedule(p, now);
          const n = p.next;
          if (n !== null) {
            const o = owner[p.id];
            if (o !== -1 && o !== n.index && !b.host.vcpus[o].offline) violations++;
            owner[p.id] = n.index;
            if (!n.affinity[p.id]) violations++;
          }
          if (p.nextSliceNs !== Infinity) violations++;
        };
        b.run(H);
        expect(violations).toBe(0);
        const { lives } = expectHostConservation(b, c.pcpus, descs, H);
        // No migration: a vCPU is switched in on one pCPU only — at most once per wake-up.
        for (const v of b.host.vcpus) expect(v.contextSwitches).toBeLessThanOrEqual(v.wakeups);
        // A vCPU that waited all its life got no CPU; one that never waited and is busy got all of it.
        const fig = (d: (typeof b.domains)[number]) => (s.domainFigures!(d, H) as { null: NullFigures }).null;
        b.domains.forEach((d, i) => {
          const life = lives[i];
          const f = fig(d);
          const dcpu = d.vcpus.reduce((a, v) => a + v.cpuNs, 0);
          // CPU + time in the wait queue ≤ life × vCPUs (a vCPU is either waiting, or assigned).
          expect(dcpu / 1e9 + f.waitq_seconds).toBeLessThanOrEqual((life * d.vcpus.length) / 1e9 + 1e-6);
          if (descs[i].source === 'busy') expect(Math.abs(dcpu / 1e9 + f.waitq_seconds - (life * d.vcpus.length) / 1e9)).toBeLessThan(1e-6);
        });
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 100), seed: process.env.PROP_RUNS ? undefined : 9001 },
    );
  });
});
