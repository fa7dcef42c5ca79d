/**
 * credit2 (sim/xen/schedulers/credit2.ts, after Xen 4.17's credit2.c) against its
 * documented behaviour:
 * - runqueues follow the topology and credit2_runqueue (cpu/core/socket/node/all, at most
 *   16 pCPUs each);
 * - weights share one runqueue's pCPUs in proportion, no vCPU above one pCPU;
 * - a cap holds a domain to cap % through 10 ms budgets, even on an idle host (≥ 4.10 only);
 * - a waking vCPU with more credit preempts a hog (at once without a rate limit);
 * - per-core runqueues on a 2-socket host: load balancing separates two hogs that start on
 *   one runqueue;
 * - the rate limit: a preempted vCPU has had at least ratelimit of CPU;
 * - the scenario path: `scheduler: { name: credit2 }`, host sockets, sched-credit2 commands.
 */
import { describe, expect, test } from '@jest/globals';
import { buildHost, cpuShare, meanWakeLatencyNs, type DomainDesc, type HostDesc } from '../helpers/host-builder.js';
import { dom, runYaml, scenarioFrom } from '../helpers/scenario.js';
import '../../sim/xen/schedulers/credit2.js';
import { Credit2Scheduler, CSCHED2_BDGT_REPL_PERIOD_NS } from '../../sim/xen/schedulers/credit2.js';
import { arrangeRunqueues } from '../../sim/xen/schedulers/credit2-runqueues.js';
import { buildRun } from '../../sim/build.js';
import type { SchedulerSpec } from '../../sim/scenario/types.js';
import type { Pcpu } from '../../sim/xen/pcpu.js';
import type { Vcpu } from '../../sim/xen/vcpu.js';

const MS = 1e6;
const S = 1e9;

function credit2(desc: Omit<HostDesc, 'scheduler'>, spec: Partial<SchedulerSpec> = {}) {
  const b = buildHost({ ...desc, scheduler: { name: 'credit2', ...spec } });
  return { ...b, sched: b.host.scheduler as Credit2Scheduler };
}

describe('runqueues follow the topology (cpu_add_to_runqueue)', () => {
  // 8 pCPUs: 2 sockets × 2 cores × 2 threads; siblings are numbered next to each other.
  test.each([
    ['cpu', [[0], [1], [2], [3], [4], [5], [6], [7]]],
    ['core', [[0, 1], [2, 3], [4, 5], [6, 7]]],
    ['socket', [[0, 1, 2, 3], [4, 5, 6, 7]]],
    ['node', [[0, 1, 2, 3], [4, 5, 6, 7]]],
    ['all', [[0, 1, 2, 3, 4, 5, 6, 7]]],
  ] as const)('%s on 2 sockets × 2 cores × 2 threads', (option, expected) => {
    expect(arrangeRunqueues(8, option, 2, 2).cpus).toEqual(expected);
  });

  test('no runqueue above 16 pCPUs: 32 pCPUs under `all` make 2 queues of 16', () => {
    expect(arrangeRunqueues(32, 'all', 1, 1).cpus.map((c) => c.length)).toEqual([16, 16]);
  });

  test('40 pCPUs: max_cpus_runq = 40 ÷ ⌈40 ÷ 16⌉ = 13, filled in order: 13, 13, 13 and the last pCPU alone', () => {
    const { cpus } = arrangeRunqueues(40, 'all', 1, 1);
    expect(cpus.map((c) => c.length)).toEqual([13, 13, 13, 1]);
    expect(cpus.flat()).toEqual([...Array(40).keys()]);
  });

  test('siblings stay together: 6 pCPUs of 2 threads under `all` with room for 6', () => {
    const { cpus, siblings } = arrangeRunqueues(6, 'all', 1, 2);
    expect(cpus).toEqual([[0, 1, 2, 3, 4, 5]]);
    expect(siblings[3]).toEqual([2, 3]);
  });

  test('default: per socket (Xen ≥ 4.8), per core in 4.7', () => {
    const host: Omit<HostDesc, 'scheduler'> = { pcpus: 4, sockets: 2, threadsPerCore: 1, domains: [] };
    expect(credit2(host).sched.runqueues.length).toBe(2);
    expect(credit2(host, { xen: { major: 4, minor: 7, patch: 0, text: '4.7' } }).sched.runqueues.length).toBe(4);
    expect(credit2(host, { xen: { major: 4, minor: 17, patch: 0, text: '4.17' } }).sched.runqueues.length).toBe(2);
  });
});

describe('weights on 2 pCPUs sharing one runqueue', () => {
  const H = 4 * S;

  test('weights 100:200:300:400 → 0.2 / 0.4 / 0.6 / 0.8 of a pCPU (±0.02), both pCPUs busy', () => {
    const weights = [100, 200, 300, 400];
    const b = credit2({ pcpus: 2, domains: weights.map((weight) => ({ weight })) });
    b.run(H);
    const total = weights.reduce((a, w) => a + w, 0);
    b.domains.forEach((d, i) => expect(Math.abs(cpuShare(d, H) - (2 * weights[i]) / total)).toBeLessThan(0.02));
    for (const p of b.host.pcpus) expect(p.busyNs / H).toBeGreaterThan(0.999);
  });

  test('100:100:800 → the heavy one is held to one pCPU (a vCPU cannot use two), the others split the second', () => {
    const b = credit2({ pcpus: 2, domains: [{ weight: 100 }, { weight: 100 }, { weight: 800 }] });
    b.run(H);
    expect(cpuShare(b.domains[2], H)).toBeGreaterThan(0.98);
    expect(Math.abs(cpuShare(b.domains[0], H) - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(cpuShare(b.domains[1], H) - 0.5)).toBeLessThan(0.02);
  });

  test('equal weights: 3 hogs on 2 pCPUs get 2/3 each (±0.02)', () => {
    const b = credit2({ pcpus: 2, domains: [{}, {}, {}] });
    b.run(H);
    for (const d of b.domains) expect(Math.abs(cpuShare(d, H) - 2 / 3)).toBeLessThan(0.02);
  });
});

describe('caps through per-domain budgets (Xen ≥ 4.10)', () => {
  const H = 3 * S;

  test('cap 30 on an otherwise idle 2-pCPU host: 0.30 of a pCPU (±0.01), the rest idle, parked the other 70 %', () => {
    const b = credit2({ pcpus: 2, domains: [{ cap: 30 }] });
    b.run(H);
    const s = cpuShare(b.domains[0], H);
    expect(Math.abs(s - 0.3)).toBeLessThan(0.01);
    const busy = b.host.pcpus.reduce((a, p) => a + p.busyNs, 0);
    expect(busy / H).toBeCloseTo(s, 6);
    const f = (b.sched.domainFigures(b.domains[0], H) as { credit2: { parked_seconds: number; parks: number } }).credit2;
    expect(Math.abs(f.parked_seconds / (H / S) - 0.7)).toBeLessThan(0.01);
    // Parked about once per replenishment period.
    expect(Math.abs(f.parks - H / CSCHED2_BDGT_REPL_PERIOD_NS)).toBeLessThan(0.05 * (H / CSCHED2_BDGT_REPL_PERIOD_NS));
  });

  test('cap 50 on a 2-vCPU domain: half a pCPU in all, shared by its vCPUs', () => {
    const b = credit2({ pcpus: 2, domains: [{ cap: 50, vcpus: 2 }] });
    b.run(H);
    expect(Math.abs(cpuShare(b.domains[0], H) - 0.5)).toBeLessThan(0.01);
    const [v0, v1] = b.domains[0].vcpus.map((v) => v.cpuNs / H);
    expect(Math.abs(v0 - v1)).toBeLessThan(0.05);
  });

  test('cap 25 beside an uncapped hog on 1 pCPU: 0.25 / 0.75', () => {
    const b = credit2({ pcpus: 1, domains: [{ cap: 25 }, {}] });
    b.run(H);
    expect(Math.abs(cpuShare(b.domains[0], H) - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(cpuShare(b.domains[1], H) - 0.75)).toBeLessThan(0.01);
  });

  test('Xen 4.9 had no credit2 caps: the same domain takes the whole pCPU', () => {
    const b = credit2({ pcpus: 2, domains: [{ cap: 30 }] }, { xen: { major: 4, minor: 9, patch: 0, text: '4.9' } });
    b.run(H);
    expect(cpuShare(b.domains[0], H)).toBeGreaterThan(0.999);
  });
});

describe('an I/O-bound vCPU that wakes with more credit preempts a hog', () => {
  const H = 10 * S;
  // Listed first so its on/off stream is the same with and without the hogs.
  const IO: DomainDesc = { name: 'io', source: { onNs: 0.2 * MS, offNs: 5 * MS } };
  const run = (scheduler: HostDesc['scheduler'], hogs: number) => {
    const domains: DomainDesc[] = [IO];
    for (let i = 0; i < hogs; i++) domains.push({ name: `hog${i}` });
    const b = buildHost({ pcpus: 1, seed: 3, scheduler, domains });
    b.run(H);
    return b.domains[0];
  };
  const alone = run('credit2', 0);
  const rr = run('rr', 2);

  test('without a rate limit it runs at once: mean wake-to-run < 20 µs, and gets ≥ 97 % of the CPU it uses alone', () => {
    const io = run({ name: 'credit2', ratelimitNs: 0 }, 2);
    expect(io.vcpus[0].wakeLatencyCount).toBeGreaterThan(1500);
    expect(meanWakeLatencyNs(io)).toBeLessThan(20e3);
    expect(cpuShare(io, H)).toBeGreaterThan(0.97 * cpuShare(alone, H));
  });

  test('with the default 1 ms rate limit it waits at most for the hog to finish its limited stint: mean < 2 ms, 4× below rr', () => {
    const io = run('credit2', 2);
    expect(meanWakeLatencyNs(io)).toBeLessThan(2 * MS);
    expect(meanWakeLatencyNs(io) * 4).toBeLessThan(meanWakeLatencyNs(rr));
  });
});

describe('per-core runqueues on a 2-socket host balance load', () => {
  test('two hogs placed on one runqueue end on different runqueues, one pCPU each', () => {
    // 4 pCPUs, 2 sockets, one thread per core: 4 runqueues. The three quiet domains take
    // runqueues 1–3 at creation, so the second hog ties and joins the first on runqueue 0.
    const quiet: DomainDesc = { source: { burstNs: 1000, sleepNs: 1e6 * S } };
    const H = 3 * S;
    const b = credit2({ pcpus: 4, sockets: 2, threadsPerCore: 1, domains: [{ name: 'a' }, quiet, quiet, quiet, { name: 'b' }] }, { runqueue: 'core' });
    expect(b.sched.runqueues.length).toBe(4);
    const [a, , , , hogB] = b.domains;
    b.sim.run({ untilNs: 1 });
    expect(b.sched.runqueueOfVcpu(a.vcpus[0])).toBe(b.sched.runqueueOfVcpu(hogB.vcpus[0]));
    b.run(H);
    expect(b.sched.runqueueOfVcpu(a.vcpus[0])).not.toBe(b.sched.runqueueOfVcpu(hogB.vcpus[0]));
    expect(cpuShare(a, H)).toBeGreaterThan(0.97);
    expect(cpuShare(hogB, H)).toBeGreaterThan(0.97);
    const figures = b.sched.hostFigures() as { balance_moves: number; runqueue_migrations: number };
    expect(figures.runqueue_migrations).toBeGreaterThanOrEqual(1);
  });

  test('with one runqueue for all (no balancing needed) the two hogs also get a pCPU each', () => {
    const b = credit2({ pcpus: 4, sockets: 2, domains: [{}, {}] }, { runqueue: 'all' });
    b.run(2 * S);
    expect((b.sched.hostFigures() as { load_balances: number }).load_balances).toBe(0);
    for (const d of b.domains) expect(cpuShare(d, 2 * S)).toBeGreaterThan(0.99);
  });
});

describe('sched_ratelimit_us: a vCPU preempted while runnable has run at least the rate limit', () => {
  /** Shortest stint of a vCPU switched out while still runnable, recorded around doSchedule. */
  function shortestPreemptedStint(ratelimitNs: number): number {
    const b = credit2({ pcpus: 1, seed: 5, domains: [{}, {}, { source: { onNs: 0.1 * MS, offNs: 2 * MS } }] }, { ratelimitNs });
    const sched = b.sched;
    const original = sched.doSchedule.bind(sched);
    const since = new Map<Vcpu, number>();
    let shortest = Infinity;
    sched.doSchedule = (p: Pcpu, now: number) => {
      const prev = p.current;
      original(p, now);
      if (prev !== null && p.next !== prev && prev.runnable) shortest = Math.min(shortest, now - (since.get(prev) ?? 0));
      if (p.next !== null && p.next !== prev) since.set(p.next, now);
    };
    b.run(3 * S);
    return shortest;
  }

  test.each([1 * MS, 5 * MS])('ratelimit %d ns is never cut short', (rl) => {
    expect(shortestPreemptedStint(rl)).toBeGreaterThanOrEqual(rl - 1);
  });

  test('without it the waking vCPU cuts hogs short (the limit is what held them)', () => {
    expect(shortestPreemptedStint(0)).toBeLessThan(0.5 * MS);
  });
});

describe('credit2 through the scenario loader (idle Dom0)', () => {
  const hogs = (extra: string, timeline = '') => `
name: credit2
duration: 4s
host: { pcpus: 1, memory: 2G }
scheduler: { name: credit2 }
dom0: { memory: 256M }
domains:
  - { name: a, memory: 128, ${extra} workload: cpu-hog }
  - { name: b, memory: 128, workload: cpu-hog }
${timeline}`;

  test('sched-credit2 weight 768 at 2 s: b then gets 3/4 of the pCPU', () => {
    const r = runYaml(hogs('', 'timeline:\n  - { at: 2s, sched-credit2: { domain: b, weight: 768 } }'));
    // 2 s at 1:1, then 2 s at 1:3 → b ≈ (1 + 1.5) / 4.
    expect(Math.abs(dom(r, 'b').cpu_seconds / 4 - 2.5 / 4)).toBeLessThan(0.02);
  });

  test('sched-credit2 cap 20 at 2 s on a, lifted at 3 s', () => {
    const r = runYaml(hogs('', 'timeline:\n  - { at: 2s, sched-credit2: { domain: a, cap: 20 } }\n  - { at: 3s, sched-credit2: { domain: a, cap: 0 } }'));
    // Half the pCPU for 2 s, 20 % for 1 s, half again for 1 s: 1.0 + 0.2 + 0.5 pCPU-seconds.
    expect(Math.abs(dom(r, 'a').cpu_seconds - 1.7)).toBeLessThan(0.03);
  });

  test('`xen: "4.17"` boots credit2 by default; host sockets and runqueue reach the scheduler', () => {
    const yaml = `
name: topo
xen: "4.17"
duration: 1s
host: { pcpus: 8, memory: 4G, cpu: { sockets: 2, threads_per_core: 2 } }
scheduler: { runqueue: core }
dom0: { memory: 256M }
domains:
  - { name: a, memory: 128, workload: cpu-hog }
`;
    const { rt } = buildRun(scenarioFrom(yaml), 1, S);
    expect(rt.host.scheduler).toBeInstanceOf(Credit2Scheduler);
    expect((rt.host.scheduler as Credit2Scheduler).runqueues).toEqual([[0, 1], [2, 3], [4, 5], [6, 7]]);
    rt.sim.run({ untilNs: S });
    rt.host.settle(S);
    expect(rt.host.domains[1].vcpus[0].cpuNs / S).toBeGreaterThan(0.99);
  });
});
