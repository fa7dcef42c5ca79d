/**
 * credit1 as each Xen release had it (`xen:`; sim/xen/schedulers/credit-rules.ts, with
 * the commits in docs/credit-scheduler-notes.md "Releases"): each difference checked with
 * numbers that follow from that release's sched_credit.c.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { buildHost } from '../helpers/host-builder.js';
import { parseXenVersion, type XenVersion } from '../../sim/xen/version.js';
import { buildRun } from '../../sim/build.js';
import type { CreditScheduler } from '../../sim/xen/schedulers/credit.js';
import { dom, runYaml, scenarioFrom, share } from '../helpers/scenario.js';

const SECONDS = 6;
/** 3.0.3's CSCHED_PRI_TS_PARKED: below CSCHED_PRI_IDLE (−64). */
const PRI_PARKED = -65;

/** Guests on a host of `pcpus` pCPUs under credit as release `xen` (none: no `xen:` line). */
function host(xen: string | null, pcpus: number, guests: string[], seconds = SECONDS, scheduler = '{ name: credit }'): string {
  return `
name: releases
duration: ${seconds}s
${xen === null ? '' : `xen: "${xen}"`}
host: { pcpus: ${pcpus}, memory: 4G, cpu: { ghz: 2GHz } }
scheduler: ${scheduler}
dom0: { memory: 256M }
domains:
${guests.map((g) => `  - ${g}`).join('\n')}
`;
}

const hog = (name: string, vcpus: number, extra = ''): string => `{ name: ${name}, memory: 128, vcpus: ${vcpus}, ${extra} workload: cpu-hog }`;
const IO = `{ name: io, memory: 128, workload: { program: [ { forever: [ { cpu: exp(400K) }, { sleep: exp(5ms) } ] } ] } }`;

describe('weight per active domain (Xen 3.x, 4.0) or per active vCPU (4.1, 3a37d430ce)', () => {
  const guests = [hog('a', 2), hog('b', 2), hog('c', 1)];
  test.each(['3.0.4', '3.2', '3.4', '4.0'])('Xen %s: hogs of 2, 2 and 1 vCPUs on 2 pCPUs get ⅔ of a pCPU each', (xen) => {
    const r = runYaml(host(xen, 2, guests));
    for (const n of ['a', 'b', 'c']) expect(Math.abs(share(r, n) - 2 / 3)).toBeLessThan(0.02);
  });
  test.each(['4.1', '4.17', 'none'])('Xen %s: 0.8, 0.8 and 0.4 (each vCPU an equal share)', (xen) => {
    const r = runYaml(host(xen === 'none' ? null : xen, 2, guests));
    expect(Math.abs(share(r, 'a') - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(share(r, 'b') - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(share(r, 'c') - 0.4)).toBeLessThan(0.02);
  });
  test('3 vCPUs against 1 on 2 pCPUs: 1 + 1 under 3.2, 1.5 + 0.5 under 4.1', () => {
    const old = runYaml(host('3.2', 2, [hog('big', 3), hog('small', 1)]));
    const nu = runYaml(host('4.1', 2, [hog('big', 3), hog('small', 1)]));
    expect(Math.abs(share(old, 'big') - 1)).toBeLessThan(0.03);
    expect(Math.abs(share(old, 'small') - 1)).toBeLessThan(0.03);
    expect(Math.abs(share(nu, 'big') - 1.5)).toBeLessThan(0.03);
    expect(Math.abs(share(nu, 'small') - 0.5)).toBeLessThan(0.03);
  });
});

describe('BOOST came with Xen 3.0.4 (59f9d8ef44)', () => {
  test('3.0.3: an I/O guest beside a hog on 1 pCPU is never boosted and waits for the hog’s slice', () => {
    const old = dom(runYaml(host('3.0.3', 1, [hog('hog', 1), IO])), 'io');
    const boosted = dom(runYaml(host('3.0.4', 1, [hog('hog', 1), IO])), 'io');
    expect(old.priority_seconds!.boost).toBe(0);
    expect(boosted.priority_seconds!.boost).toBeGreaterThan(0.5 * boosted.cpu_seconds);
    // 3.0.4: BOOST preempts the hog at once (no rate limit before 4.2): well under 0.1 ms.
    expect(boosted.wake_latency_ms).toBeLessThan(0.1);
    // 3.0.3: UNDER does not outrank an UNDER hog; it waits for a slice end (ms, not µs).
    expect(old.wake_latency_ms).toBeGreaterThan(30 * boosted.wake_latency_ms);
  });
});

describe('capped vCPUs: parked below idle (3.0.3) or paused (3.0.4, c1c2224094)', () => {
  test('3.0.3: a cap-30 hog alone on 1 pCPU gets 30 % and waits (runnable) the rest; 3.0.4 pauses it', () => {
    const old = dom(runYaml(host('3.0.3', 1, [hog('hog', 1, 'cap: 30,')])), 'hog');
    const paused = dom(runYaml(host('3.0.4', 1, [hog('hog', 1, 'cap: 30,')])), 'hog');
    for (const d of [old, paused]) expect(Math.abs(d.cpu_seconds / SECONDS - 0.3)).toBeLessThan(0.02);
    // Parked below idle it stays runnable: its time off the CPU is waiting, not blocked.
    expect(old.blocked_seconds).toBeLessThan(0.01 * SECONDS);
    expect(Math.abs(old.wait_seconds / SECONDS - 0.7)).toBeLessThan(0.02);
    // Paused, that time is blocked (paused) time.
    expect(paused.blocked_seconds / SECONDS).toBeGreaterThan(0.6);
  });

  test('3.0.3: the parked vCPU sits below idle (PRI_PARKED) while the pCPU idles', () => {
    const s = scenarioFrom(host('3.0.3', 1, [hog('hog', 1, 'cap: 30,')], 1));
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const sched = rt.host.scheduler as CreditScheduler;
    const v = rt.host.domains[1].vcpus[0];
    let parkedIdle = 0;
    const sample = rt.sim.register((_x, now) => {
      if (sched.priorityOf(v) === PRI_PARKED && rt.host.pcpus[0].current === null) parkedIdle++;
      if (now < 0.9e9) rt.sim.schedule(now + 1e6, sample, 0);
    });
    rt.sim.schedule(0.1e9 + 0.5e6, sample, 0);
    rt.sim.run({ untilNs: s.durationNs });
    // 800 samples, 1 ms apart: parked with the pCPU idle for about half of them (the
    // rest of its 70 % off the pCPU it waits, unparked, for the idle slice to end).
    expect(parkedIdle).toBeGreaterThan(0.4 * 800);
    expect(v.pauseCount).toBe(0);
  });
});

describe('credit leaving the active list: zeroed (≤ 4.0) or halved (4.1, c92d5f4e0f)', () => {
  // A guest that wakes every 400 ms and runs 25 ms: caught by ticks, it becomes active,
  // earns a period's credit it cannot use, goes above 300 and leaves the list.
  const bursty = `{ name: bursty, memory: 128, workload: { program: [ { forever: [ { cpu: 50M }, { sleep: 400ms } ] } ] } }`;
  function creditsOnLeaving(xen: string): number[] {
    const s = scenarioFrom(host(xen, 1, [bursty], 3));
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const sched = rt.host.scheduler as CreditScheduler;
    const v = rt.host.domains[1].vcpus[0];
    const seen: number[] = [];
    let wasActive = false;
    const watch = rt.sim.register((_x, now) => {
      const active = sched.isActive(v);
      if (wasActive && !active) seen.push(sched.creditOf(v));
      wasActive = active;
      if (now + 1e6 < s.durationNs) rt.sim.schedule(now + 1e6, watch, 0);
    });
    rt.sim.schedule(0.5e6, watch, 0);
    rt.sim.run({ untilNs: s.durationNs });
    return seen;
  }
  test('4.0: every departure leaves 0 credits; 4.1: half of more than 300, so 150–300', () => {
    const zeroed = creditsOnLeaving('4.0');
    const halved = creditsOnLeaving('4.1');
    expect(zeroed.length).toBeGreaterThan(3);
    expect(halved.length).toBeGreaterThan(3);
    for (const c of zeroed) expect(c).toBe(0);
    for (const c of halved) {
      expect(c).toBeGreaterThan(150);
      expect(c).toBeLessThanOrEqual(300);
    }
  });
});

describe('the rate limit came with Xen 4.2 (64908a0466)', () => {
  // An I/O guest that runs 0.2 ms and sleeps 0.5 ms: each time it wakes, the hog has
  // been back on the pCPU for 0.5 ms.
  const QUICK = `{ name: io, memory: 128, workload: { program: [ { forever: [ { cpu: exp(400K) }, { sleep: 500us } ] } ] } }`;
  test('4.1: a boosted I/O guest preempts a hog at once; 4.2: only once the hog has run 1 ms', () => {
    const r41 = dom(runYaml(host('4.1', 1, [hog('hog', 1), QUICK])), 'io');
    const r42 = dom(runYaml(host('4.2', 1, [hog('hog', 1), QUICK])), 'io');
    expect(r41.wake_latency_ms).toBeLessThan(0.05);
    // It waits the rest of the hog's 1 ms: ≈ 1 − 0.5 ms.
    expect(Math.abs(r42.wake_latency_ms - 0.5)).toBeLessThan(0.1);
  });
  test('a scenario naming Xen 3.2 may not set a rate limit or a time slice', () => {
    expect(() => scenarioFrom(host('3.2', 1, [hog('hog', 1)], 1, '{ name: credit, ratelimit: 2ms }'))).toThrow(/no ratelimit.*Xen 4\.2/);
    expect(() => scenarioFrom(host('4.0', 1, [hog('hog', 1)], 1, '{ name: credit, tslice: 10ms }'))).toThrow(/no tslice.*Xen 4\.2/);
  });
});

describe('accounting: inside the master pCPU’s tick (≤ 3.3) or on its own master_ticker (3.4, 964fae8ac2)', () => {
  function passTimes(xen: string): number[] {
    const s = scenarioFrom(host(xen, 2, [hog('h', 1)], 1));
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const sched = rt.host.scheduler as unknown as { acct(now: number, deferred: boolean): boolean };
    const times: number[] = [];
    const orig = sched.acct.bind(sched);
    sched.acct = (now, deferred) => { times.push(now); return orig(now, deferred); };
    rt.sim.run({ untilNs: s.durationNs });
    return times;
  }
  test('3.3: every third tick of pCPU 0 (multiples of 30 ms); 3.4: 30 ms apart, off the tick grid', () => {
    const old = passTimes('3.3');
    const nu = passTimes('3.4');
    expect(old.length).toBeGreaterThan(25);
    expect(nu.length).toBeGreaterThan(25);
    for (const t of old) expect(t % 30e6).toBe(0);
    for (const t of nu) expect(t % 10e6).not.toBe(0);
    for (let i = 1; i < nu.length; i++) expect(nu[i] - nu[i - 1]).toBe(30e6);
  });
});

describe('charging: sampled at ticks before 4.0 (78c9b2a64b brought burn_credits)', () => {
  test('3.4 charges the running vCPU a flat 100 credits a tick: every credit stays a whole number', () => {
    const s = scenarioFrom(host('3.4', 1, [hog('a', 1), hog('b', 1)], 1));
    const { rt } = buildRun(s, s.seed, s.durationNs);
    const sched = rt.host.scheduler as CreditScheduler;
    expect(sched.sampled).toBe(true);
    rt.sim.run({ untilNs: s.durationNs });
    // Flat charges and whole shares: every credit is a whole number.
    for (const d of rt.host.domains.slice(1)) for (const v of d.vcpus) expect(Number.isInteger(sched.creditOf(v))).toBe(true);
  });
});

describe('conservation under each release’s rules (fast-check, bare hosts)', () => {
  const RELEASES = ['3.0.3', '3.0.4', '3.3', '3.4', '4.0', '4.1', '4.2', '4.3', '4.7', '4.9', '4.17', '4.18'];
  const MS = 1e6;
  const domainArb = fc.record({
    vcpus: fc.integer({ min: 1, max: 3 }),
    weight: fc.integer({ min: 1, max: 1024 }),
    cap: fc.oneof(fc.constant(0), fc.integer({ min: 5, max: 150 })),
    source: fc.oneof(
      fc.constant<'busy'>('busy'),
      fc.record({ onNs: fc.double({ min: 0.05 * MS, max: 4 * MS, noNaN: true }), offNs: fc.double({ min: 0.1 * MS, max: 15 * MS, noNaN: true }) }),
    ),
    startMs: fc.integer({ min: 0, max: 300 }),
  });
  test.each(RELEASES)('Xen %s: Σ CPU + Σ idle = pCPUs × duration; each vCPU’s run + wait + blocked = its life', (xen) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.array(domainArb, { minLength: 1, maxLength: 5 }), fc.integer({ min: 0, max: 1e6 }), (pcpus, doms, seed) => {
        const H = 1e9;
        const b = buildHost({
          pcpus, seed, scheduler: { name: 'credit', xen: parseXenVersion(xen) as XenVersion },
          domains: doms.map((d) => ({ vcpus: d.vcpus, weight: d.weight, cap: Math.min(d.cap, 100 * d.vcpus), source: d.source, startNs: d.startMs * MS })),
        });
        b.run(H);
        const tol = Math.max(1, b.sim.events); // 1 ns per dispatched event
        const cpu = b.host.vcpus.reduce((a, v) => a + v.cpuNs, 0);
        const idle = b.host.pcpus.reduce((a, p) => a + (H - p.busyNs), 0);
        expect(Math.abs(cpu + idle - pcpus * H)).toBeLessThanOrEqual(tol);
        b.domains.forEach((d, i) => {
          const life = H - doms[i].startMs * MS;
          for (const v of d.vcpus) expect(Math.abs(v.cpuNs + v.waitNs + v.blockedNs - life)).toBeLessThanOrEqual(tol);
        });
      }),
      { numRuns: 6, seed: 22 },
    );
  });
});
