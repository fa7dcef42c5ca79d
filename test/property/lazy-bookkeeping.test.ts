/**
 * Lazy bookkeeping (`scheduler: { bookkeeping: lazy }`) against eager (every
 * credit tick, accounting pass and slice end queued as an event): over random small
 * hosts — 1–4 pCPUs, 1–6 guests with weights, caps, pinning (`cpus`), CPU hogs, web and
 * db guests doing I/O through Dom0, PlanetLab trace guests, ballooning (timeline
 * mem-set), weight/cap changes, pauses, late starts and early stops, credit exact /
 * sampled / no rate limit / a 5 ms slice / each release's rules (`xen:`), and rr — both runs make the same sequence of
 * scheduling decisions (every context switch: instant, pCPU, vCPU chosen) and the same
 * Result, byte for byte, except `events` (lazy counts only the events it queues).
 * Plus examples showing how far the event count drops.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { buildRun } from '../../sim/build.js';
import { scenarioFrom } from '../helpers/scenario.js';
import type { Result } from '../../sim/stats/result.js';
import type { Scenario } from '../../sim/scenario/types.js';

const TRACES = [
  'scenarios/traces/planetlab/20110303/146-179_surfsnel_dsl_internl_net_colostate_557',
  'scenarios/traces/planetlab/20110303/146-179_surfsnel_dsl_internl_net_root',
  'scenarios/traces/planetlab/20110303/75-130-96-12_static_oxfr_ma_charter_com_root',
];

type Kind = 'hog' | 'web' | 'db' | 'trace' | 'idle';

interface GuestCase {
  kind: Kind;
  vcpus: number;
  weight: number;
  capPct: number;
  pins: number[] | null;
  startMs: number;
  stopFrac: number | null;
  trace: number;
}

interface HostCase {
  pcpus: number;
  scheduler: string;
  /** The Xen release (`xen:`), or none. */
  xen: string | null;
  seed: number;
  seconds: number;
  guests: GuestCase[];
  timeline: Array<{ atFrac: number; what: 'mem-set' | 'sched-credit' | 'pause'; guest: number; value: number }>;
}

const guestArb: fc.Arbitrary<GuestCase> = fc.record({
  kind: fc.constantFrom<Kind>('hog', 'web', 'db', 'trace', 'idle'),
  vcpus: fc.integer({ min: 1, max: 3 }),
  weight: fc.oneof(fc.constant(256), fc.integer({ min: 1, max: 65535 })),
  capPct: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 100 })),
  pins: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }), { nil: null, freq: 2 }),
  startMs: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 1500 })),
  stopFrac: fc.option(fc.double({ min: 0.3, max: 0.95, noNaN: true }), { nil: null, freq: 5 }),
  trace: fc.integer({ min: 0, max: TRACES.length - 1 }),
});

const caseArb: fc.Arbitrary<HostCase> = fc.record({
  pcpus: fc.integer({ min: 1, max: 4 }),
  scheduler: fc.constantFrom(
    '{ name: credit }', '{ name: credit }', '{ name: credit }',
    '{ name: credit, accounting: sampled }', '{ name: credit, ratelimit: 0 }', '{ name: credit, tslice: 5ms }', '{ name: rr }',
  ),
  xen: fc.oneof(fc.constant(null), fc.constant(null), fc.constantFrom('3.0.3', '3.2', '3.4', '4.0', '4.1', '4.2', '4.3', '4.9', '4.17', '4.18')),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  seconds: fc.integer({ min: 1, max: 4 }),
  guests: fc.array(guestArb, { minLength: 1, maxLength: 6 }),
  timeline: fc.array(
    fc.record({
      atFrac: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
      what: fc.constantFrom<'mem-set' | 'sched-credit' | 'pause'>('mem-set', 'mem-set', 'sched-credit', 'pause'),
      guest: fc.integer({ min: 0, max: 5 }),
      value: fc.integer({ min: 0, max: 100 }),
    }),
    { maxLength: 4 },
  ),
});

/**
 * Hosts where several vCPUs can each run alone on a pCPU (the several-vCPU quiet
 * stretch): as many one-vCPU guests as pCPUs or fewer, no caps, weights mostly equal,
 * CPU hogs and trace guests beside web and idle ones, a few seconds so stretches form.
 */
const spreadArb: fc.Arbitrary<HostCase> = fc
  .record({
    pcpus: fc.integer({ min: 2, max: 4 }),
    scheduler: fc.constantFrom('{ name: credit }', '{ name: credit }', '{ name: credit, ratelimit: 0 }', '{ name: credit, tslice: 5ms }'),
    xen: fc.constantFrom(null, null, '4.0', '4.3', '4.17', '4.18'),
    seed: fc.integer({ min: 1, max: 1_000_000 }),
    seconds: fc.integer({ min: 2, max: 6 }),
    guests: fc.array(
      fc.record({
        kind: fc.constantFrom<Kind>('hog', 'hog', 'trace', 'trace', 'web', 'idle'),
        vcpus: fc.constant(1),
        weight: fc.constantFrom(256, 256, 256, 512, 128),
        capPct: fc.constant(0),
        pins: fc.constant(null),
        startMs: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 800 })),
        stopFrac: fc.option(fc.double({ min: 0.5, max: 0.95, noNaN: true }), { nil: null, freq: 6 }),
        trace: fc.integer({ min: 0, max: TRACES.length - 1 }),
      }),
      { minLength: 2, maxLength: 4 },
    ),
    timeline: fc.array(
      fc.record({
        atFrac: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        what: fc.constantFrom<'mem-set' | 'sched-credit' | 'pause'>('mem-set', 'sched-credit', 'pause'),
        guest: fc.integer({ min: 0, max: 3 }),
        value: fc.integer({ min: 0, max: 100 }),
      }),
      { maxLength: 2 },
    ),
  })
  .map((c) => ({ ...c, guests: c.guests.slice(0, c.pcpus) }));

function workload(g: GuestCase): string {
  switch (g.kind) {
    case 'hog': return '{ preset: cpu-hog, chunk: 20M }';
    case 'web': return '{ preset: web, rate: 150/s, read_p: 0.5 }';
    case 'db': return '{ preset: db, rate: 80/s }';
    case 'trace': return `{ trace: ${TRACES[g.trace]}, format: planetlab, ref_ghz: 2.4 }`;
    default: return 'idle';
  }
}

/** The scenario as YAML text (the loader checks it as it would a user's file). */
export function yamlOf(c: HostCase): string {
  const L: string[] = [];
  const ms = c.seconds * 1000;
  // (A release before 4.2 has no tslice or ratelimit option: none is named then.)
  const oldRelease = c.xen !== null && /^(3\.|4\.[01]$)/.test(c.xen);
  const xen = c.xen !== null && !(oldRelease && /tslice|ratelimit/.test(c.scheduler)) ? c.xen : null;
  L.push('name: lazy-prop', `seed: ${c.seed}`, `duration: ${c.seconds}s`, ...(xen === null ? [] : [`xen: "${xen}"`]), 'host:', `  pcpus: ${c.pcpus}`, '  cpu: { ghz: 2.4GHz, ipc: 1.0 }', '  memory: 8G');
  L.push('  disks: [ { name: ssd0, kind: ssd, latency: 100us, iops: 20000, bandwidth: 400MB/s } ]');
  L.push('  nics: [ { name: eth0, bandwidth: 1Gbit, latency: 200us } ]', '  bridges: [ { name: br0, nic: eth0 } ]');
  L.push(`scheduler: ${c.scheduler}`, 'dom0: { memory: 512M, vcpus: 1 }', 'domains:');
  c.guests.forEach((g, i) => {
    const pins = g.pins === null ? '' : `, cpus: "${[...new Set(g.pins.map((p) => p % c.pcpus))].join(',')}"`;
    const cap = Math.min(g.capPct, 100 * g.vcpus);
    const io = g.kind === 'web' ? `, disk: [ 'phy:ssd0/g${i},xvda,w' ], vif: [ 'bridge=br0' ]` : g.kind === 'db' ? `, disk: [ 'phy:ssd0/g${i},xvda,w' ]` : '';
    const stopMs = g.stopFrac === null ? Infinity : Math.round(g.startMs + g.stopFrac * (ms - g.startMs));
    const stop = stopMs > g.startMs && stopMs < ms ? `, stop: ${stopMs}ms` : '';
    L.push(`  - { name: g${i}, memory: 256M, maxmem: 512M, vcpus: ${g.vcpus}, weight: ${g.weight}, cap: ${cap}${pins}${io}, start: ${g.startMs}ms${stop}, workload: ${workload(g)} }`);
  });
  const tl = c.timeline.filter((t) => t.guest < c.guests.length);
  const T: string[] = [];
  {
    const seen = new Set<string>();
    for (const t of tl) {
      const g = c.guests[t.guest];
      const at = Math.max(Math.round(t.atFrac * ms), g.startMs + 1);
      const stopMs = g.stopFrac === null ? Infinity : Math.round(g.startMs + g.stopFrac * (ms - g.startMs));
      const stopAt = stopMs > g.startMs && stopMs < ms ? stopMs : Infinity;
      if (at >= stopAt || at >= ms) continue;
      const key = `${at}:${t.guest}`;
      if (seen.has(key)) continue;
      seen.add(key);
      // (xl sched-credit is refused on a host that does not run credit.)
      if (t.what === 'sched-credit' && !c.scheduler.includes('credit')) continue;
      if (t.what === 'mem-set') T.push(`  - { at: ${at}ms, mem-set: { domain: g${t.guest}, memory: ${128 + 3 * t.value}M } }`);
      else if (t.what === 'sched-credit') T.push(`  - { at: ${at}ms, sched-credit: { domain: g${t.guest}, weight: ${1 + t.value * 10}, cap: ${t.value % 3 === 0 ? 0 : Math.min(100 * g.vcpus, t.value)} } }`);
      else {
        T.push(`  - { at: ${at}ms, pause: g${t.guest} }`);
        if (at + 200 < Math.min(stopAt, ms)) T.push(`  - { at: ${at + 200}ms, unpause: g${t.guest} }`);
      }
    }
  }
  if (T.length > 0) L.push('timeline:', ...T);
  return L.join('\n') + '\n';
}

interface Run {
  result: Result;
  /** Every context switch: instant, pCPU, index of the vCPU chosen (−1: idle). */
  decisions: number[];
  offClock: number;
}

export function runWith(s: Scenario, bookkeeping: 'lazy' | 'eager'): Run {
  const sc: Scenario = { ...s, scheduler: { ...s.scheduler, bookkeeping } };
  const { rt, collector } = buildRun(sc, sc.seed, sc.durationNs);
  const decisions: number[] = [];
  const sched = rt.host.scheduler;
  const orig = sched.doSchedule.bind(sched);
  // A decision is a doSchedule that changes what the pCPU runs (a slice end that picks
  // the same vCPU again changes nothing; lazy bookkeeping does not even run those).
  sched.doSchedule = (p, now) => {
    const before = p.current;
    orig(p, now);
    if (p.next !== before) decisions.push(now, p.id, p.next === null ? -1 : p.next.index);
  };
  rt.sim.run({ untilNs: sc.durationNs });
  return { result: collector.result(sc.durationNs, false), decisions, offClock: rt.sim.offClock };
}

function withoutEvents(r: Result): string {
  return JSON.stringify({ ...r, events: 0 });
}

describe('lazy bookkeeping = eager bookkeeping', () => {
  test('same scheduling decisions and the same Result (but `events`) over random hosts', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const s = scenarioFrom(yamlOf(c));
        const eager = runWith(s, 'eager');
        const lazy = runWith(s, 'lazy');
        expect(lazy.decisions.length).toBe(eager.decisions.length);
        expect(lazy.decisions).toEqual(eager.decisions);
        expect(withoutEvents(lazy.result)).toBe(withoutEvents(eager.result));
        // Lazy dispatches every event eager does except the deferred bookkeeping timers.
        expect(lazy.result.events).toBeLessThanOrEqual(eager.result.events);
        expect(eager.offClock).toBe(0);
      }),
      { numRuns: Number(process.env.LAZY_RUNS ?? 100), seed: Number(process.env.LAZY_SEED ?? 20261130) },
    );
  }, 600_000);

  test('the same over hosts where several vCPUs each run alone on a pCPU', () => {
    fc.assert(
      fc.property(spreadArb, (c) => {
        const s = scenarioFrom(yamlOf(c));
        const eager = runWith(s, 'eager');
        const lazy = runWith(s, 'lazy');
        expect(lazy.decisions).toEqual(eager.decisions);
        expect(withoutEvents(lazy.result)).toBe(withoutEvents(eager.result));
        expect(lazy.result.events).toBeLessThanOrEqual(eager.result.events);
      }),
      { numRuns: Number(process.env.LAZY_RUNS ?? 100), seed: Number(process.env.LAZY_SEED ?? 20261130) },
    );
  }, 600_000);
});

describe('lazy bookkeeping queues far fewer events', () => {
  // (One time-series point every 10 s: each reading is an event of its own.)
  const host = (pcpus: number, domains: string[]): string => `name: quiet
seed: 1
duration: 300s
sample: 10s
host: { pcpus: ${pcpus}, cpu: { ghz: 2.4GHz, ipc: 1.0 }, memory: 8G }
scheduler: { name: credit }
dom0: { memory: 512M, vcpus: 1 }
domains:
${domains.map((d) => `  - ${d}\n`).join('')}`;
  const lone = (workload: string): string => host(2, [`{ name: g, memory: 1G, workload: ${workload} }`]);

  test('a lone CPU hog: lazy queues < 3 % of eager\'s events', () => {
    const s = scenarioFrom(lone('{ preset: cpu-hog }'));
    const eager = runWith(s, 'eager');
    const lazy = runWith(s, 'lazy');
    expect(withoutEvents(lazy.result)).toBe(withoutEvents(eager.result));
    expect(lazy.result.events).toBeLessThan(0.03 * eager.result.events);
  });

  test('CPU hogs each alone on a pCPU (weights 256, 512, 256 on 4 pCPUs: each share clamps to its peak): lazy queues < 3 % of eager\'s events, the same decisions', () => {
    const s = scenarioFrom(host(4, [256, 512, 256].map((w, i) => `{ name: g${i}, memory: 1G, weight: ${w}, workload: { preset: cpu-hog } }`)));
    const eager = runWith(s, 'eager');
    const lazy = runWith(s, 'lazy');
    expect(lazy.decisions).toEqual(eager.decisions);
    expect(withoutEvents(lazy.result)).toBe(withoutEvents(eager.result));
    expect(lazy.result.events).toBeLessThan(0.03 * eager.result.events);
  });

  test('a lone PlanetLab trace guest: lazy queues < 30 % of eager\'s events', () => {
    const s = scenarioFrom(lone(`{ trace: ${TRACES[0]}, format: planetlab, ref_ghz: 2.4 }`));
    const eager = runWith(s, 'eager');
    const lazy = runWith(s, 'lazy');
    expect(withoutEvents(lazy.result)).toBe(withoutEvents(eager.result));
    expect(lazy.result.events).toBeLessThan(0.3 * eager.result.events);
  });
});
