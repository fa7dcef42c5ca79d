/**
 * Corrections to credit1 found by an audit against credit.c (issue #22), each checked
 * against the behaviour Xen's source gives, with numbers:
 * - a capped vCPU unparked by accounting is not boosted (csched_acct unpauses it before
 *   it clears CSCHED_FLAG_VCPU_PARKED, "to make sure the VCPU's priority is not boosted
 *   if it is woken up here": 3.0.4's c1c2224094 onwards);
 * - a domain becoming active goes to the head of the active list (list_add);
 * - the first wake of a new vCPU is no BOOST from Xen 4.7: csched_unit_insert places it
 *   with csched_res_pick, which sets CSCHED_FLAG_UNIT_MIGRATING (66c7449a4d);
 * - __csched_set_tslice: one tick per slice when the slice is under 3 ms, the tick
 *   period in whole µs; a rate limit above the slice is the slice (csched_init);
 * - burn_credits charges whole credits: the remainder carried in svc->residual (≥ 4.3)
 *   or rounded to the nearest credit (4.0–4.2), start_time advanced by what was charged;
 * - csched_load_balance visits peers from the next pCPU (≤ 4.2), from the first busy
 *   one (4.3, cfcc144ff1) or from the one after balance_bias (4.9, 89216c7999);
 * - Xen ≥ 4.18 balances at most once per load_balance_ratelimit (1 ms) on a pCPU
 *   (58feb9e0ac);
 * - at a tick, a running vCPU whose pCPU has work queued moves to an idle pCPU
 *   (csched_vcpu_acct → csched_cpu_pick, c918890fc5, 3.0.4); the waiting one stays;
 * - checked, already as Xen: accounting keeps its timer while nothing is active and such
 *   a pass resets credit_balance (csched_acct: weight_total 0 → credit_balance = 0).
 *   xensim stops the timer after the first such pass, which has already reset it; a
 *   pass that ends with nothing active leaves only halved (positive) credits behind,
 *   and a positive balance changes nothing.
 */
import { describe, expect, test } from '@jest/globals';
import { buildRun } from '../../sim/build.js';
import type { Domain } from '../../sim/xen/domain.js';
import type { CreditScheduler } from '../../sim/xen/schedulers/credit.js';
import { dom, runYaml, scenarioFrom } from '../helpers/scenario.js';

const SECONDS = 20;

/** A CPU hog (capped or not) and an I/O-like guest (0.2 ms bursts, 5 ms sleeps) on 1 pCPU. */
function hogAndIo(cap: number): string {
  return `
name: cap-boost
duration: ${SECONDS}s
host: { pcpus: 1, memory: 2G, cpu: { ghz: 2GHz } }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: hog, memory: 128, cap: ${cap}, workload: cpu-hog }
  - name: io
    memory: 128
    workload: { program: [ { forever: [ { cpu: exp(400K) }, { sleep: exp(5ms) } ] } ] }
`;
}

describe('unparking a capped vCPU is not a BOOST wake-up', () => {
  const capped = runYaml(hogAndIo(40));
  const uncapped = runYaml(hogAndIo(0));

  test('a cap-40 hog never runs at BOOST (it only ever wakes from parking)', () => {
    const hog = dom(capped, 'hog');
    // Held to its cap, and parked ~60 % of the time: it is unparked every few periods.
    expect(Math.abs(hog.cpu_seconds / SECONDS - 0.4)).toBeLessThan(0.02);
    // A cpu-hog never blocks, so its only wake-ups are the unparkings and the first one
    // at creation (not boosted either in Xen ≥ 4.7: next describe); none may boost.
    expect(hog.priority_seconds!.boost).toBe(0);
  });

  test('an I/O guest beside the capped hog waits no longer than beside an uncapped one', () => {
    // Its BOOST preempts the hog (UNDER or OVER) in both cases; a boosted hog would make
    // it wait for the hog's next tick instead (≈ 7× longer before the correction).
    const withCap = dom(capped, 'io').wake_latency_ms;
    const withoutCap = dom(uncapped, 'io').wake_latency_ms;
    expect(dom(capped, 'io').wakeups).toBeGreaterThan(2000);
    expect(withCap).toBeLessThan(1.5 * withoutCap);
  });
});

describe('a domain joins the active list at its head (list_add in __csched_vcpu_acct_start)', () => {
  test('three hogs started 100 ms apart: the list reads newest first', () => {
    const s = scenarioFrom(`
name: order
duration: 1s
host: { pcpus: 3, memory: 2G }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: first, memory: 128, workload: cpu-hog }
  - { name: second, memory: 128, start: 100ms, workload: cpu-hog }
  - { name: third, memory: 128, start: 200ms, workload: cpu-hog }
`);
    const { rt } = buildRun(s, s.seed, s.durationNs);
    rt.sim.run({ untilNs: 0.25e9 });
    const list = (rt.host.scheduler as unknown as { activeDomains: Domain[] }).activeDomains.map((d) => d.name);
    // Each joined at its first tick; no pass has reordered them (no domain is held to
    // its peak while another has spare room: all three share 3 pCPUs evenly).
    expect(list).toEqual(['third', 'second', 'first']);
  });
});

describe('the first wake of a new vCPU is not boosted (Xen ≥ 4.7, 66c7449a4d)', () => {
  const twoHogs = (xen: string) => `
name: first-wake
duration: 2s
xen: "${xen}"
host: { pcpus: 1, memory: 2G }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: a, memory: 128, workload: cpu-hog }
  - { name: b, memory: 128, workload: cpu-hog }
`;
  test('two hogs that never block: no BOOST at all under 4.17; under 4.6 each starts boosted', () => {
    const r417 = runYaml(twoHogs('4.17'));
    const r46 = runYaml(twoHogs('4.6'));
    for (const n of ['a', 'b']) expect(dom(r417, n).priority_seconds!.boost).toBe(0);
    // 4.6: boosted at creation until a tick finds it running (the second waits for it).
    const boosted = dom(r46, 'a').priority_seconds!.boost + dom(r46, 'b').priority_seconds!.boost;
    expect(boosted).toBeGreaterThan(0.005);
    expect(boosted).toBeLessThan(0.05);
  });
});

describe('tick period and rate limit follow the slice (__csched_set_tslice, csched_init)', () => {
  const twoHogs = (scheduler: string) => `
name: slice
duration: 1s
host: { pcpus: 1, memory: 2G }
scheduler: ${scheduler}
dom0: { memory: 256M }
domains:
  - { name: a, memory: 128, workload: cpu-hog }
  - { name: b, memory: 128, workload: cpu-hog }
`;
  const tickOf = (scheduler: string): number => {
    const s = scenarioFrom(twoHogs(scheduler));
    return (buildRun(s, s.seed, s.durationNs).rt.host.scheduler as CreditScheduler).tickNs;
  };
  test('a 2 ms slice has one 2 ms tick; a 5 ms slice three of 1666 µs; 30 ms three of 10 ms', () => {
    expect(tickOf('{ name: credit, tslice: 2ms }')).toBe(2e6);
    expect(tickOf('{ name: credit, tslice: 5ms }')).toBe(1_666_000);
    expect(tickOf('{ name: credit }')).toBe(10e6);
  });
  test('a 5 ms rate limit with a 1 ms slice is a 1 ms rate limit: the same run as with 1 ms', () => {
    const clamped = runYaml(twoHogs('{ name: credit, tslice: 1ms, ratelimit: 5ms }'));
    const oneMs = runYaml(twoHogs('{ name: credit, tslice: 1ms, ratelimit: 1ms }'));
    const switches = (r: typeof clamped) => dom(r, 'a').context_switches + dom(r, 'b').context_switches;
    expect(JSON.stringify(clamped.domains)).toBe(JSON.stringify(oneMs.domains));
    // (A 5 ms limit would hold each hog ≥ 5 ms: at most ~200 switches in the second.)
    expect(switches(clamped)).toBeGreaterThan(400);
  });
});

describe('burn_credits charges whole credits (cf0c29d1a9; 4.0–4.2: to the nearest, 78c9b2a64b)', () => {
  // A hog and guests whose bursts end at arbitrary instants (exponential 0.2 ms bursts).
  const mixed = (xen: string | null) => `
name: whole-credits
duration: 2s
${xen === null ? '' : `xen: "${xen}"`}
host: { pcpus: 2, memory: 2G, cpu: { ghz: 2GHz } }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: hog, memory: 128, vcpus: 2, workload: cpu-hog }
  - { name: io1, memory: 128, workload: { program: [ { forever: [ { cpu: exp(400K) }, { sleep: exp(3ms) } ] } ] } }
  - { name: io2, memory: 128, workload: { program: [ { forever: [ { cpu: exp(300K) }, { sleep: exp(2ms) } ] } ] } }
`;
  test.each([['4.17'], ['4.2'], ['none']])('Xen %s: every vCPU holds a whole number of credits, at any instant', (xen) => {
    const s = scenarioFrom(mixed(xen === 'none' ? null : xen));
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const sched = rt.host.scheduler as CreditScheduler;
    let checks = 0;
    let fractional = 0;
    const probe = rt.sim.register((_x, now) => {
      for (const v of rt.host.vcpus) {
        checks++;
        if (!Number.isInteger(sched.creditOf(v))) fractional++;
      }
      if (now + 0.7e6 < s.durationNs) rt.sim.schedule(now + 0.7e6, probe, 0);
    });
    rt.sim.schedule(0.35e6, probe, 0);
    rt.sim.run({ untilNs: s.durationNs });
    expect(checks).toBeGreaterThan(10_000);
    expect(fractional).toBe(0);
  });
});

describe('accounting keeps its timer: a pass with nothing active resets credit_balance', () => {
  test('a capped hog dies in debt; a hog started 0.5 s later starts from a zero balance', () => {
    const s = scenarioFrom(`
name: balance
duration: 2s
host: { pcpus: 1, memory: 2G }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: capped, memory: 128, cap: 20, stop: 1015ms, workload: cpu-hog }
  - { name: later, memory: 128, start: 1500ms, workload: cpu-hog }
`);
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const sched = rt.host.scheduler as unknown as { acct(now: number, deferred: boolean): boolean; creditBalance: number; weightTotal: number };
    const seen: Array<{ t: number; balance: number; weight: number }> = [];
    const orig = sched.acct.bind(sched);
    sched.acct = (now, deferred) => {
      seen.push({ t: now, balance: sched.creditBalance, weight: sched.weightTotal });
      return orig(now, deferred);
    };
    rt.sim.run({ untilNs: s.durationNs });
    // The capped hog ends in debt (its vCPU parked below -(its cap share)): the balance
    // the last pass before its death leaves is negative.
    const before = seen.filter((x) => x.t < 1.015e9 && x.weight > 0);
    expect(before.some((x) => x.balance < 0)).toBe(true);
    // The first pass with the new hog active uses a balance of 0, as after Xen's empty passes.
    const first = seen.find((x) => x.t > 1.5e9 && x.weight > 0)!;
    expect(first.balance).toBe(0);
    const v = rt.host.domains[2].vcpus[0];
    // So it gets one period's 300 credits, not more: it stays on the active list.
    expect((rt.host.scheduler as CreditScheduler).isActive(v)).toBe(true);
  });
});

describe('the order in which an idle pCPU visits its peers to steal (csched_load_balance)', () => {
  /**
   * 3 pCPUs: two hogs pinned on each of pCPUs \`a\` and \`b\` (one running, one waiting), a
   * guest on the third (the thief) that runs 100 ms and then sleeps. The hogs are unpinned
   * at 50 ms; at 100 ms the thief goes idle and steals one waiting hog. Returns the pCPU
   * it stole from (the one whose runqueue is now empty).
   */
  function victim(xen: string, thief: number, a: number, b: number): number {
    const s = scenarioFrom(`
name: steal-order
duration: 200ms
xen: "${xen}"
host: { pcpus: 3, memory: 2G, cpu: { ghz: 2GHz } }
scheduler: { name: credit }
dom0: { memory: 256M, cpus: "${thief}" }
domains:
  - { name: a1, memory: 128, cpus: "${a}", workload: cpu-hog }
  - { name: a2, memory: 128, cpus: "${a}", workload: cpu-hog }
  - { name: b1, memory: 128, cpus: "${b}", workload: cpu-hog }
  - { name: b2, memory: 128, cpus: "${b}", workload: cpu-hog }
  - { name: thief, memory: 128, cpus: "${thief}", workload: { program: [ { cpu: 200M }, { sleep: 10s } ] } }
`);
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const unpin = rt.sim.register(() => { for (const d of rt.host.domains.slice(1, 5)) d.vcpus[0].affinity.fill(1); });
    rt.sim.schedule(50e6, unpin, 0);
    rt.sim.run({ untilNs: 100.5e6 });
    const queued = [a, b].filter((i) => rt.host.pcpus[i].runq.length > 0);
    expect(rt.host.pcpus[thief].current?.domain.name).toMatch(/^[ab]/);
    expect(queued).toHaveLength(1);
    return a + b - queued[0];
  }
  test('pCPU 1 idle, work queued on 0 and 2: 4.2 and 4.17 take it from 2, 4.3 from 0', () => {
    expect(victim('4.2', 1, 0, 2)).toBe(2);
    expect(victim('4.3', 1, 0, 2)).toBe(0);
    expect(victim('4.17', 1, 0, 2)).toBe(2);
  });
  test('pCPU 2 idle, work queued on 0 and 1: 4.2 and 4.3 take it from 0, 4.17 (bias at pCPU 0) from 1', () => {
    expect(victim('4.2', 2, 0, 1)).toBe(0);
    expect(victim('4.3', 2, 0, 1)).toBe(0);
    expect(victim('4.17', 2, 0, 1)).toBe(1);
  });
});

describe('load balancing at most once a millisecond per pCPU (Xen ≥ 4.18, 58feb9e0ac)', () => {
  // Three I/O guests blocking every ~0.8 ms beside a hog on 2 pCPUs: the pCPU they run
  // on goes idle (and would balance) several times a millisecond.
  const busy = (xen: string) => `
name: lb-ratelimit
duration: 2s
xen: "${xen}"
host: { pcpus: 2, memory: 2G, cpu: { ghz: 2GHz } }
scheduler: { name: credit }
dom0: { memory: 256M }
domains:
  - { name: hog, memory: 128, workload: cpu-hog }
${[1, 2, 3].map((i) => `  - { name: io${i}, memory: 128, workload: { program: [ { forever: [ { cpu: exp(400K) }, { sleep: exp(600us) } ] } ] } }`).join('\n')}
`;
  /** Gaps between successive load-balancing attempts on each pCPU (ns). */
  function gaps(xen: string): number[] {
    const s = scenarioFrom(busy(xen));
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const sched = rt.host.scheduler as unknown as { loadBalance(p: { id: number }, pri: number): unknown };
    const last = [-1, -1];
    const out: number[] = [];
    const orig = sched.loadBalance.bind(sched);
    sched.loadBalance = (p, pri) => {
      const now = rt.sim.now;
      if (last[p.id] >= 0) out.push(now - last[p.id]);
      last[p.id] = now;
      return orig(p, pri);
    };
    rt.sim.run({ untilNs: s.durationNs });
    return out;
  }
  test('4.17 balances again within 1 ms often; 4.18 never does', () => {
    const g417 = gaps('4.17');
    const g418 = gaps('4.18');
    expect(g417.filter((g) => g <= 1e6).length).toBeGreaterThan(100);
    expect(g418.length).toBeGreaterThan(500);
    expect(g418.filter((g) => g <= 1e6)).toEqual([]);
  });
});

describe('a tick moves the running vCPU to an idle pCPU (csched_unit_acct → _csched_cpu_pick)', () => {
  /**
   * 2 pCPUs, two hogs pinned to pCPU 0 (one runs, one waits) and pCPU 1 idle; at 45 ms
   * both are unpinned without anyone being tickled. At pCPU 0's next tick (50 ms) the
   * vCPU it runs moves to pCPU 1 and the waiting one runs on pCPU 0.
   */
  function after(xen: string) {
    const s = scenarioFrom(`
name: tick-migrate
duration: 100ms
xen: "${xen}"
host: { pcpus: 2, memory: 2G }
scheduler: { name: credit }
dom0: { memory: 256M, cpus: "1" }
domains:
  - { name: a, memory: 128, cpus: "0", workload: cpu-hog }
  - { name: b, memory: 128, cpus: "0", workload: cpu-hog }
`);
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const [p0, p1] = rt.host.pcpus;
    let runningAt45: string | undefined;
    const unpin = rt.sim.register(() => {
      runningAt45 = p0.current?.domain.name;
      for (const d of rt.host.domains.slice(1)) d.vcpus[0].affinity.fill(1);
    });
    rt.sim.schedule(45e6, unpin, 0);
    rt.sim.run({ untilNs: 49.9e6 });
    const idleBefore = p1.current === null;
    rt.sim.run({ untilNs: 50.1e6 });
    return { runningAt45, idleBefore, p0: p0.current?.domain.name, p1: p1.current?.domain.name };
  }
  test.each(['3.0.4', '4.17'])('Xen %s: the vCPU running on pCPU 0 at the tick continues on pCPU 1', (xen) => {
    const r = after(xen);
    expect(r.idleBefore).toBe(true);
    expect(r.runningAt45).toBeDefined();
    expect(r.p1).toBe(r.runningAt45);
    expect(r.p0).toBe(r.runningAt45 === 'a' ? 'b' : 'a');
  });
  test('Xen 3.0.3 (no csched_cpu_pick at a tick): pCPU 1 stays idle', () => {
    const r = after('3.0.3');
    expect(r.p1).toBeUndefined();
  });
});
