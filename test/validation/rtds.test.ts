/**
 * RTDS (xen/common/sched/rt.c, Xen 4.17): global EDF over deferrable servers.
 *
 * Theory checked: on one pCPU, EDF schedules any set of implicit-deadline periodic
 * servers with Σ budget/period ≤ 1 (Liu & Layland 1973), so every always-busy vCPU
 * gets exactly budget/period of the CPU and no period ends with budget unserved. Over
 * the bound, some periods must end with budget left (deadline misses), and a vCPU
 * without extratime never gets more than its budget in a period. With extratime (Xen ≥
 * 4.10) a vCPU runs at priority_level 1 in what the reservations leave idle. A woken
 * vCPU whose deadline is earlier than the running one's preempts it at once
 * (runq_tickle); with a later deadline it waits.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { dom } from '../helpers/scenario.js';
import type { Result } from '../../sim/stats/result.js';
import { RTDS_DEFAULT_BUDGET_NS, RTDS_DEFAULT_PERIOD_NS } from '../../sim/xen/schedulers/rtds.js';
import { bareHost, runWithFigures, type FiguresRun, type SchedDomainDesc, type WakeRecorder } from './sched-host.js';
import { domainDescs, expectHostConservation } from '../helpers/conservation.js';

interface RtdsFigures {
  periods: number;
  deadline_misses: number;
  unserved_budget_seconds: number;
  budget_used_seconds: number;
  extratime_seconds: number;
}

function run(yaml: string): FiguresRun<RtdsFigures> {
  return runWithFigures<RtdsFigures>(yaml, 'rtds');
}

const DURATION_S = 4;

/** One pCPU, an idle Dom0 of one vCPU, and cpu-hog domains with the given rtds parameters (ms). */
function hogs(doms: Array<{ name: string; period: number; budget: number; extratime?: boolean; pcpus?: number }>, pcpus = 1, extra = ''): string {
  return `
name: rtds
duration: ${DURATION_S}s
host: { pcpus: ${pcpus}, memory: 2G }
scheduler: { name: rtds }
dom0: { memory: 256M, vcpus: 1 }
domains:
${doms.map((d) => `  - { name: ${d.name}, memory: 64, workload: cpu-hog, sched: { period: ${d.period}ms, budget: ${d.budget}ms${d.extratime === undefined ? '' : `, extratime: ${d.extratime}`} } }`).join('\n')}
${extra}`;
}

const share = (r: Result, name: string): number => dom(r, name).cpu_seconds / DURATION_S;

describe('rtds: EDF on one pCPU', () => {
  const set = [
    { name: 'a', period: 10, budget: 2, extratime: false },
    { name: 'b', period: 10, budget: 3, extratime: false },
    { name: 'c', period: 20, budget: 4, extratime: false },
  ];

  test('a schedulable set (U = 0.2 + 0.3 + 0.2 = 0.7) gets exactly budget/period each, no deadline misses', () => {
    const r = run(hogs(set));
    for (const d of set) {
      const want = d.budget / d.period;
      expect(Math.abs(share(r.result, d.name) - want)).toBeLessThan(0.01 * want);
      const f = r.fig(d.name);
      expect(f.deadline_misses).toBe(0);
      // One period per deadline reached while busy: duration / period (the last one may be in progress).
      expect(Math.abs(f.periods - (DURATION_S * 1000) / d.period)).toBeLessThanOrEqual(1);
      // All of it charged to the budget, none as extra time.
      expect(f.extratime_seconds).toBeCloseTo(0, 6);
      expect(f.budget_used_seconds).toBeCloseTo(dom(r.result, d.name).cpu_seconds, 6);
    }
    // The pCPU idles the 30 % nobody reserved (Dom0 is idle).
    expect(r.result.host.utilisation).toBeGreaterThan(0.69);
    expect(r.result.host.utilisation).toBeLessThan(0.71);
  });

  test('an overloaded set (U = 3 × 0.6 = 1.8 on one pCPU) misses deadlines; no vCPU gets more than its budget share', () => {
    const over = ['x', 'y', 'z'].map((name) => ({ name, period: 10, budget: 6, extratime: false }));
    const r = run(hogs(over));
    let misses = 0;
    let total = 0;
    let unserved = 0;
    for (const d of over) {
      const s = share(r.result, d.name);
      total += s;
      expect(s).toBeLessThanOrEqual(0.6 + 1e-6);
      const f = r.fig(d.name);
      misses += f.deadline_misses;
      unserved += f.unserved_budget_seconds;
      // Each miss leaves budget unserved, at most a whole budget.
      expect(f.unserved_budget_seconds).toBeLessThanOrEqual(f.deadline_misses * 0.006 + 1e-9);
    }
    // 18 ms wanted per 10 ms period: at least 8 ms unserved each period, and at most one
    // server's budget (6 ms) per miss, so at least two misses per period.
    const periods = (DURATION_S * 1000) / 10;
    expect(misses).toBeGreaterThanOrEqual(2 * (periods - 1));
    expect(r.host.deadline_misses).toBe(misses);
    // What the pCPU could not give: (1.8 − 1) of the run, within one period's 18 ms.
    expect(Math.abs(unserved - 0.8 * DURATION_S)).toBeLessThan(0.018);
    // Work conserving: the three of them keep the pCPU busy.
    expect(total).toBeGreaterThan(0.99);
  });

  test('extratime lets a hog take the idle remainder (0.2 reserved + 0.3 idle) without hurting the others', () => {
    const r = run(hogs([{ ...set[0], extratime: true }, set[1], set[2]]));
    expect(Math.abs(share(r.result, 'a') - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(share(r.result, 'b') - 0.3)).toBeLessThan(0.003);
    expect(Math.abs(share(r.result, 'c') - 0.2)).toBeLessThan(0.002);
    for (const d of set) expect(r.fig(d.name).deadline_misses).toBe(0);
    const a = r.fig('a');
    expect(Math.abs(a.budget_used_seconds - 0.2 * DURATION_S)).toBeLessThan(0.002 * DURATION_S);
    expect(Math.abs(a.extratime_seconds - 0.3 * DURATION_S)).toBeLessThan(0.005 * DURATION_S);
    expect(r.result.host.utilisation).toBeGreaterThan(0.999);
  });

  test('without extratime the set leaves the pCPU idle 30 %; with the 4.17 default (extratime on) a hog takes it', () => {
    const r = run(hogs([{ ...set[0] }, set[1], set[2]]));
    expect(r.result.host.utilisation).toBeLessThan(0.71);
    const r2 = run(hogs([{ name: 'a', period: 10, budget: 2 }, set[1], set[2]]));
    expect(share(r2.result, 'a')).toBeGreaterThan(0.49);
  });

  test('extratime is on by default from Xen 4.10 (rt_alloc_udata) and does not exist before', () => {
    const yaml = (xen: string, extratime = '') => `
xen: "${xen}"
duration: ${DURATION_S}s
host: { pcpus: 1, memory: 2G }
scheduler: { name: rtds }
dom0: { memory: 256M, vcpus: 1 }
domains:
  - { name: h, memory: 64, workload: cpu-hog, sched: { period: 10ms, budget: 4ms${extratime} } }
`;
    // 4.17: a lone hog with the default flag takes the whole pCPU, 4 ms at level 0 per period.
    const r = run(yaml('4.17'));
    expect(share(r.result, 'h')).toBeGreaterThan(0.999);
    expect(r.fig('h').budget_used_seconds).toBeCloseTo(0.4 * DURATION_S, 3);
    // 4.9 (no extratime): its budget and no more, even if the domain asks for extratime.
    for (const y of [yaml('4.9'), yaml('4.9', ', extratime: true')]) expect(Math.abs(share(run(y).result, 'h') - 0.4)).toBeLessThan(0.004);
  });

  test('the defaults are 10 ms / 4 ms (RTDS_DEFAULT_PERIOD, RTDS_DEFAULT_BUDGET): a hog without extratime gets 40 %', () => {
    expect(RTDS_DEFAULT_PERIOD_NS).toBe(10e6);
    expect(RTDS_DEFAULT_BUDGET_NS).toBe(4e6);
    const yaml = `
duration: ${DURATION_S}s
host: { pcpus: 1, memory: 2G }
scheduler: { name: rtds }
dom0: { memory: 256M, vcpus: 1 }
domains:
  - { name: h, memory: 64, workload: cpu-hog, sched: { extratime: false } }
`;
    const r = run(yaml);
    expect(Math.abs(share(r.result, 'h') - 0.4)).toBeLessThan(0.004);
  });

  test('sched-rtds changes the budget from the next period: 2 ms → 5 ms of 10 at 2 s', () => {
    const r = run(hogs([{ name: 'a', period: 10, budget: 2, extratime: false }], 1, `timeline:\n  - { at: 2s, sched-rtds: { domain: a, budget: 5ms } }\n`));
    // 2 s at 0.2 then 2 s at 0.5.
    expect(Math.abs(dom(r.result, 'a').cpu_seconds - (2 * 0.2 + 2 * 0.5))).toBeLessThan(0.01);
  });
});

describe('rtds: a woken vCPU and its deadline', () => {
  // A hog (9 ms of 10) and an I/O-style vCPU that computes 0.1 ms then sleeps 3 ms.
  const io = (period: string, budget: string) => `
duration: ${DURATION_S}s
host: { pcpus: 1, memory: 2G }
scheduler: { name: rtds }
dom0: { memory: 256M, vcpus: 1 }
domains:
  - { name: hog, memory: 64, workload: cpu-hog, sched: { period: 10ms, budget: 9ms, extratime: false } }
  - name: io
    memory: 64
    sched: { period: ${period}, budget: ${budget}, extratime: false }
    workload: { program: [ { forever: [ { cpu: 200K }, { sleep: 3ms } ] } ] }
`;

  test('an earlier deadline (period 1 ms vs the hog\'s 10 ms) preempts the running hog at once; an equal one does not', () => {
    const MS = 1e6;
    const b = bareHost(1, { name: 'rtds' }, [
      { name: 'hog', sched: { periodNs: 10 * MS, budgetNs: 9 * MS, extratime: false } },
      { name: 'io', sched: { periodNs: 1 * MS, budgetNs: 0.5 * MS, extratime: false }, source: { burstNs: 0.1 * MS, sleepNs: 3 * MS } },
    ]);
    b.run(DURATION_S * 1e9);
    const rec = b.sources[1] as WakeRecorder;
    let earlier = 0, ties = 0, tiesWaited = 0;
    rec.wokeAtNs.forEach((t, k) => {
      // Asleep past its deadline, it wakes into the period holding t (rt_update_deadline);
      // the hog, always busy, is in the 10 ms period holding t.
      const ioDeadline = (Math.floor(t / MS) + 1) * MS;
      const hogDeadline = (Math.floor(t / (10 * MS)) + 1) * 10 * MS;
      if (ioDeadline < hogDeadline) {
        earlier++;
        expect(rec.latencyNs[k]).toBeLessThan(1);
      } else {
        ties++;
        if (rec.latencyNs[k] > 1) tiesWaited++;
      }
    });
    expect(earlier).toBeGreaterThan(1000);
    // compare_unit_priority(latest, new) < 0 is needed to preempt: a tie waits while the hog has budget.
    expect(ties).toBeGreaterThan(50);
    expect(tiesWaited).toBeGreaterThan(0);
  });

  test('a later deadline (period 100 ms) waits for the hog to use up its budget', () => {
    const r = run(io('100ms', '10ms'));
    const d = dom(r.result, 'io');
    // The hog runs 9 ms of each 10 ms period: a wake-up lands in its budget most of the time.
    expect(d.wake_latency_ms).toBeGreaterThan(1);
    // And the hog keeps its reservation.
    expect(Math.abs(share(r.result, 'hog') - 0.9)).toBeLessThan(0.009);
  });
});

describe('rtds: global EDF on several pCPUs', () => {
  test('four servers of 6/10 on two pCPUs (U = 2.4): misses, each ≤ 0.6, both pCPUs busy', () => {
    const over = ['p', 'q', 'r', 's'].map((name) => ({ name, period: 10, budget: 6, extratime: false }));
    const r = run(hogs(over, 2));
    let total = 0;
    for (const d of over) {
      const s = share(r.result, d.name);
      expect(s).toBeLessThanOrEqual(0.6 + 1e-6);
      total += s;
    }
    expect(total).toBeGreaterThan(1.98);
    expect(r.host.deadline_misses).toBeGreaterThan(0);
  });

  test('a schedulable set on two pCPUs (3 × 5/10, U = 1.5): each gets its half, no misses', () => {
    const set = ['p', 'q', 'r'].map((name) => ({ name, period: 10, budget: 5, extratime: false }));
    const r = run(hogs(set, 2));
    for (const d of set) {
      expect(Math.abs(share(r.result, d.name) - 0.5)).toBeLessThan(0.005);
      expect(r.fig(d.name).deadline_misses).toBe(0);
    }
  });
});

describe('rtds: properties over random small hosts', () => {
  const MS = 1e6;
  const schedArb = fc.record({
    periodMs: fc.integer({ min: 1, max: 30 }),
    budgetFrac: fc.double({ min: 0.05, max: 1, noNaN: true }),
    extratime: fc.option(fc.boolean(), { nil: undefined }),
  });
  const domArb = fc.record({
    vcpus: fc.integer({ min: 1, max: 3 }),
    sched: schedArb,
    pins: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), { nil: null }),
    source: fc.oneof(
      fc.constant<'busy'>('busy'),
      fc.record({ onNs: fc.double({ min: 0.05 * MS, max: 5 * MS, noNaN: true }), offNs: fc.double({ min: 0.05 * MS, max: 10 * MS, noNaN: true }) }),
    ),
    startFrac: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.8, noNaN: true })),
    stopFrac: fc.option(fc.double({ min: 0.1, max: 1.2, noNaN: true }), { nil: null, freq: 4 }),
  });
  const caseArb = fc.record({
    pcpus: fc.integer({ min: 1, max: 4 }),
    horizonMs: fc.integer({ min: 200, max: 1500 }),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
    domains: fc.array(domArb, { minLength: 1, maxLength: 5 }),
  });
  type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

  const budgetNs = (s: Case['domains'][number]['sched']): number => Math.max(0.01 * MS, Math.round(s.budgetFrac * s.periodMs * MS));

  function build(c: Case) {
    const H = c.horizonMs * MS;
    const descs: SchedDomainDesc[] = domainDescs(c.domains, H, c.pcpus).map((desc, i) => {
      const sched = c.domains[i].sched;
      return { ...desc, sched: { periodNs: sched.periodMs * MS, budgetNs: budgetNs(sched), ...(sched.extratime !== undefined ? { extratime: sched.extratime } : {}) } };
    });
    return { H, descs, b: bareHost(c.pcpus, { name: 'rtds' }, descs, c.seed) };
  }

  test('conservation; no vCPU without extratime gets more than its budget per period; budget used + extra = CPU', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const { H, descs, b } = build(c);
        b.run(H);
        const { lives } = expectHostConservation(b, c.pcpus, descs, H);
        const s = b.host.scheduler;
        let misses = 0;
        b.domains.forEach((d, i) => {
          const desc = descs[i];
          const life = lives[i];
          const period = desc.sched!.periodNs!;
          const budget = desc.sched!.budgetNs!;
          for (const v of d.vcpus) {
            // Periods its life touches: at most ⌊life / period⌋ + 2, a budget in each.
            if (desc.sched!.extratime === false) expect(v.cpuNs).toBeLessThanOrEqual((Math.floor(life / period) + 2) * budget + 1);
          }
          const f = (s.domainFigures!(d, H) as { rtds: RtdsFigures }).rtds;
          const dcpu = d.vcpus.reduce((a, v) => a + v.cpuNs, 0) / 1e9;
          expect(Math.abs(f.budget_used_seconds + f.extratime_seconds - dcpu)).toBeLessThan(1e-6);
          if (desc.sched!.extratime === false) expect(f.extratime_seconds).toBeLessThan(1e-6);
          expect(f.deadline_misses).toBeLessThanOrEqual(f.periods);
          expect(f.unserved_budget_seconds).toBeLessThanOrEqual((f.deadline_misses * budget) / 1e9 + 1e-9);
          misses += f.deadline_misses;
        });
        expect((s.hostFigures!(H) as Record<string, number>).deadline_misses).toBe(misses);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: process.env.PROP_RUNS ? undefined : 20260722 },
    );
  });

  test('EDF is optimal on one pCPU: busy servers with Σ budget/period ≤ 1 never miss and each gets budget/period', () => {
    const setArb = fc.array(fc.record({ periodMs: fc.integer({ min: 1, max: 25 }), weight: fc.double({ min: 0.05, max: 1, noNaN: true }) }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(setArb, fc.double({ min: 0.2, max: 1, noNaN: true }), (set, load) => {
        // Scale the budgets to a total utilisation of `load` (whole µs, rounded down).
        const wsum = set.reduce((a, x) => a + x.weight, 0);
        const doms: SchedDomainDesc[] = set.map((x) => {
          const periodNs = x.periodMs * MS;
          const budgetNs = Math.max(10_000, Math.floor(((x.weight / wsum) * load * periodNs) / 1000) * 1000);
          return { sched: { periodNs, budgetNs, extratime: false } };
        });
        const U = doms.reduce((a, d) => a + d.sched!.budgetNs! / d.sched!.periodNs!, 0);
        fc.pre(U <= 1);
        const H = 600 * MS;
        const b = bareHost(1, { name: 'rtds' }, doms);
        b.run(H);
        const s = b.host.scheduler;
        b.domains.forEach((d, i) => {
          const { periodNs, budgetNs } = doms[i].sched as { periodNs: number; budgetNs: number };
          const f = (s.domainFigures!(d, H) as { rtds: RtdsFigures }).rtds;
          expect(f.deadline_misses).toBe(0);
          // Whole periods get the whole budget; the last, unfinished one at most a budget.
          const whole = Math.floor(H / periodNs);
          expect(d.vcpus[0].cpuNs).toBeGreaterThanOrEqual(whole * budgetNs - 1);
          expect(d.vcpus[0].cpuNs).toBeLessThanOrEqual((whole + 1) * budgetNs + 1);
        });
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 60), seed: process.env.PROP_RUNS ? undefined : 31337 },
    );
  });

  test('determinism: one description and seed, one result', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const once = (): Array<number | string> => {
          const { H, b } = build(c);
          b.run(H);
          const figs = b.domains.map((d) => JSON.stringify(b.host.scheduler.domainFigures!(d, H)));
          return [...b.host.vcpus.flatMap((v) => [v.cpuNs, v.waitNs, v.blockedNs, v.contextSwitches]), ...figs];
        };
        expect(once()).toEqual(once());
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 15), seed: process.env.PROP_RUNS ? undefined : 4711 },
    );
  });
});
