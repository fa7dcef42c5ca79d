/**
 * Xen's sEDF scheduler (sim/xen/schedulers/sedf.ts, after xen/common/sched_sedf.c of
 * Xen 3.0–4.1), checked against what the source computes:
 * - slices are guarantees: slice/period of CPU per period and no more without extratime;
 * - extratime (the L1 utility queue) is a stride scheduler with stride
 *   (period << 10) / slice, so slack goes in proportion to slice/period;
 * - weight-driven domains share 95 ms per 100 ms by weight (sedf_adjust_weights);
 *   extraweight domains (period 0, weight, extratime) share slack by weight;
 * - Dom0's defaults of each release (3.0.0–3.0.2: no extraweight, so Dom0 took nearly all
 *   slack; 3.0.3–4.1: equal extraweight; 4.2+: best-effort like any guest);
 * - the latency hint is stored but unused, as the compiled source has it;
 * - a short block buys one L0 penalty quantum (3.0.3+), or L0 time until the lost slice
 *   is paid back (3.0.0–3.0.2);
 * - conservation of CPU time over random small hosts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { buildRun } from '../../sim/build.js';
import { SedfScheduler, SEDF_EXTRA_QUANTUM_NS, SEDF_WEIGHT_PERIOD_NS, SEDF_WEIGHT_SAFETY_NS } from '../../sim/xen/schedulers/sedf.js';
import { dom, runYaml, scenarioFrom, share } from '../helpers/scenario.js';
import { expectResultConservation } from '../helpers/conservation.js';

const MS = 1e6;

interface Hog {
  name: string;
  sched?: string;
  extra?: string;
}

function yaml(opts: { pcpus?: number; duration?: string; xen?: string; dom0?: string; hogs: Hog[]; timeline?: string[] }): string {
  return [
    'name: sedf',
    ...(opts.xen !== undefined ? [`xen: "${opts.xen}"`] : []),
    `duration: ${opts.duration ?? '5s'}`,
    `host: { pcpus: ${opts.pcpus ?? 1}, memory: 2G }`,
    'scheduler: { name: sedf }',
    `dom0: { memory: 128M, vcpus: 1${opts.dom0 ?? ''} }`,
    'domains:',
    ...opts.hogs.map((h) => `  - { name: ${h.name}, memory: 64, workload: cpu-hog${h.sched !== undefined ? `, sched: { ${h.sched} }` : ''}${h.extra ?? ''} }`),
    ...(opts.timeline !== undefined ? ['timeline:', ...opts.timeline.map((t) => `  - ${t}`)] : []),
    '',
  ].join('\n');
}

const slices = (extratime: boolean): Hog[] => [
  { name: 'a', sched: `period: 10ms, slice: 2ms, extratime: ${extratime}` },
  { name: 'b', sched: `period: 10ms, slice: 3ms, extratime: ${extratime}` },
  { name: 'c', sched: `period: 10ms, slice: 1ms, extratime: ${extratime}` },
];

function idleShare(r: ReturnType<typeof runYaml>): number {
  return r.host.pcpu.reduce((a, p) => a + p.idle_seconds, 0) / (r.end_ns / 1e9) / r.host.pcpus;
}

describe('sEDF: slices are guarantees', () => {
  test('2/10, 3/10, 1/10 ms without extratime: 0.2, 0.3, 0.1 of the pCPU within 1 %, the rest idle', () => {
    const r = runYaml(yaml({ hogs: slices(false) }));
    expect(Math.abs(share(r, 'a') / 0.2 - 1)).toBeLessThan(0.01);
    expect(Math.abs(share(r, 'b') / 0.3 - 1)).toBeLessThan(0.01);
    expect(Math.abs(share(r, 'c') / 0.1 - 1)).toBeLessThan(0.01);
    // Not work conserving: 40 % idle although three hogs are runnable.
    expect(Math.abs(idleShare(r) / 0.4 - 1)).toBeLessThan(0.01);
  });

  test('with extratime the idle 40 % goes in proportion to slice/period (L1 stride (period << 10) / slice), nothing idles', () => {
    const r = runYaml(yaml({ hogs: slices(true) }));
    // The strides the source computes, and the split they give.
    const hogs = [{ n: 'a', s: 2 }, { n: 'b', s: 3 }, { n: 'c', s: 1 }];
    const stride = hogs.map((h) => Math.floor((10 * MS * 1024) / (h.s * MS)));
    expect(stride).toEqual([5120, 3413, 10240]);
    const inv = stride.map((x) => 1 / x);
    const sum = inv.reduce((a, b) => a + b, 0);
    hogs.forEach((h, k) => {
      const expected = h.s / 10 + 0.4 * (inv[k] / sum);
      expect(Math.abs(share(r, h.n) / expected - 1)).toBeLessThan(0.01);
    });
    // Not an even split of the slack (that would give b 0.433 and c 0.233).
    expect(share(r, 'b')).toBeGreaterThan(0.49);
    expect(share(r, 'c')).toBeLessThan(0.175);
    expect(idleShare(r)).toBeLessThan(0.001);
    // The extra_seconds figure is the slack each got: its CPU less its slices.
    const { figures } = runBuilt(yaml({ hogs: slices(true) }));
    for (const h of hogs) expect(Math.abs(figures(h.n).extra_seconds - (share(r, h.n) - h.s / 10) * 5)).toBeLessThan(0.01);
    expect(Math.abs(hogs.reduce((a, h) => a + figures(h.n).extra_seconds, 0) - 0.4 * 5)).toBeLessThan(0.01);
  });

  test('xm sched-sedf mid-run: a new slice applies from then on (2 ms → 5 ms at 2 s of 4 s: 0.35)', () => {
    const r = runYaml(yaml({ duration: '4s', hogs: [{ name: 'a', sched: 'period: 10ms, slice: 2ms, extratime: false' }], timeline: ['{ at: 2s, sched-sedf: { domain: a, slice: 5ms } }'] }));
    expect(Math.abs(share(r, 'a') / 0.35 - 1)).toBeLessThan(0.01);
  });

  test('a slice below SLICE_MIN (5 µs) is refused, as the hypercall returned −EINVAL: nothing changes', () => {
    const r = runYaml(yaml({ duration: '2s', hogs: [{ name: 'a', sched: 'period: 10ms, slice: 2ms, extratime: false' }], timeline: ['{ at: 1s, sched-sedf: { domain: a, slice: 1us } }'] }));
    expect(Math.abs(share(r, 'a') / 0.2 - 1)).toBeLessThan(0.01);
  });
});

describe('sEDF: weights', () => {
  test('weight-driven domains (xm sched-sedf -w W -e 0) get weight × 95 ms / Σ weights every 100 ms', () => {
    const weights: Array<[string, number]> = [['a', 2], ['b', 3], ['c', 4], ['d', 2]];
    // Pinned to pCPU 1, away from Dom0's 15/20 ms reservation on pCPU 0 (which sedf_adjust_weights would subtract).
    const r = runYaml(yaml({
      pcpus: 2,
      hogs: weights.map(([n]) => ({ name: n, extra: ', cpus: [1]' })),
      timeline: weights.map(([n, w]) => `{ at: 0s, sched-sedf: { domain: ${n}, weight: ${w}, extratime: false } }`),
    }));
    const sumw = 11;
    // The guests boot best-effort (slice 0): their first period is spent on the waitq,
    // so the weighted slices run from 100 ms on: 49 periods in 5 s.
    for (const [n, w] of weights) {
      const sliceNs = Math.floor((w * (SEDF_WEIGHT_PERIOD_NS - SEDF_WEIGHT_SAFETY_NS)) / sumw);
      const expected = (49 * sliceNs) / 5e9;
      expect(Math.abs(share(r, n) / expected - 1)).toBeLessThan(0.005);
    }
    expect(share(r, 'c') / share(r, 'a')).toBeCloseTo(2, 2);
  });

  test('extraweight domains (period 0, weight, extratime) share all slack by weight: 1:2:4 → 1/7, 2/7, 4/7', () => {
    const weights: Array<[string, number]> = [['a', 1], ['b', 2], ['c', 4]];
    const r = runYaml(yaml({
      hogs: weights.map(([n]) => ({ name: n })),
      timeline: weights.map(([n, w]) => `{ at: 0s, sched-sedf: { domain: ${n}, period: 0, weight: ${w}, extratime: true } }`),
    }));
    for (const [n, w] of weights) expect(Math.abs(share(r, n) / (w / 7) - 1)).toBeLessThan(0.01);
  });

  test('period 0 (xm sched-sedf -p 0) loads only for sched-sedf; a domain sched: block and sched-rtds still refuse it', () => {
    const base = 'scheduler: { name: sedf }\ndomains:\n  - { name: a, memory: 64 }\n';
    expect(() => scenarioFrom(`${base}timeline:\n  - { at: 1s, sched-sedf: { domain: a, period: 0, weight: 2, extratime: true } }\n`)).not.toThrow();
    expect(() => scenarioFrom(base.replace('memory: 64', 'memory: 64, sched: { period: 0 }'))).toThrow(/period must be above 0/);
    expect(() => scenarioFrom('scheduler: { name: rtds }\ndomains:\n  - { name: a, memory: 64 }\ntimeline:\n  - { at: 1s, sched-rtds: { domain: a, period: 0 } }\n')).toThrow(/period must be above 0/);
  });

  test('default guests are best-effort with extraweight 1: equal shares', () => {
    const r = runYaml(yaml({ hogs: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }));
    for (const n of ['a', 'b', 'c']) expect(Math.abs(share(r, n) / (1 / 3) - 1)).toBeLessThan(0.01);
  });
});

describe('sEDF: Dom0 by release', () => {
  // Dom0 a CPU hog beside one best-effort guest on one pCPU.
  const run = (xen: string) => runYaml(yaml({ xen, duration: '4s', dom0: ', workload: cpu-hog', hogs: [{ name: 'g' }] }));

  test('3.0.3–4.1: Dom0 keeps 15 ms of every 20 ms and shares the slack equally (extraweight 1): 0.875 / 0.125', () => {
    const r = run('3.0.4');
    expect(Math.abs(share(r, 'Domain-0') / 0.875 - 1)).toBeLessThan(0.01);
    expect(Math.abs(share(r, 'g') / 0.125 - 1)).toBeLessThan(0.02);
  });

  test('3.0.0–3.0.2: Dom0 has no extraweight, its stride (20 ms << 10) / 15 ms = 1365 against 2^17: the guest gets ~1/97 of the slack', () => {
    const r = run('3.0');
    const dom0Stride = Math.floor((20 * MS * 1024) / (15 * MS));
    const guestSlack = 0.25 * (1 / (1 << 17)) / (1 / dom0Stride + 1 / (1 << 17));
    expect(dom0Stride).toBe(1365);
    expect(share(r, 'g')).toBeLessThan(3 * guestSlack);
    expect(share(r, 'Domain-0')).toBeGreaterThan(0.99);
  });

  test('4.2+: Dom0 is best-effort on creation (4da8a5edbd): an even split', () => {
    const r = run('4.2');
    expect(Math.abs(share(r, 'Domain-0') - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(share(r, 'g') - 0.5)).toBeLessThan(0.005);
  });
});

/** Builds and runs a scenario, keeping the host, so the policy's own figures can be read. */
function runBuilt(y: string) {
  const s = scenarioFrom(y);
  const { rt } = buildRun(s, s.seed, s.durationNs);
  rt.sim.run({ untilNs: s.durationNs });
  rt.host.settle(s.durationNs);
  const sched = rt.host.scheduler as SedfScheduler;
  const figures = (name: string) => {
    const d = rt.host.domains.find((x) => x.name === name)!;
    return (sched.domainFigures(d, s.durationNs) as { sedf: Record<string, number> }).sedf;
  };
  return { host: rt.host, sched, figures };
}

describe('sEDF: blocking', () => {
  // A vCPU that runs 1 ms and sleeps 2 ms, guaranteed 5 ms per 10 ms, beside an extratime hog.
  const y = (xen: string) => `
name: blocker
xen: "${xen}"
duration: 3s
host: { pcpus: 1, memory: 1G, cpu: { ghz: 1 } }
scheduler: { name: sedf }
dom0: { memory: 128M, vcpus: 1 }
domains:
  - { name: hog, memory: 64, workload: cpu-hog, sched: { period: 10ms, slice: 4ms, extratime: true } }
  - name: io
    memory: 64
    sched: { period: 10ms, slice: 5ms, extratime: false }
    workload: { program: [ { forever: [ { cpu: 1M }, { sleep: 2ms } ] } ] }
`;

  test('3.0.3+: a short block loses the rest of the slice and buys at most one 500 µs L0 penalty quantum', () => {
    const f = runBuilt(y('3.0.4')).figures('io');
    expect(f.short_blocks).toBeGreaterThan(100);
    expect(f.penalty_extra_seconds).toBeGreaterThan(0);
    expect(f.penalty_extra_seconds).toBeLessThanOrEqual(f.short_blocks * SEDF_EXTRA_QUANTUM_NS / 1e9 + 1e-9);
    // Not extratime-aware: L0 is all the extratime it gets.
    expect(f.extra_seconds).toBeCloseTo(f.penalty_extra_seconds, 9);
  });

  test('3.0.0–3.0.2: L0 until the lost slice is paid back: more penalty time per short block than one quantum', () => {
    const f = runBuilt(y('3.0')).figures('io');
    const g = runBuilt(y('3.0.4')).figures('io');
    expect(f.short_blocks).toBeGreaterThan(100);
    expect(f.penalty_extra_seconds / f.short_blocks).toBeGreaterThan(g.penalty_extra_seconds / g.short_blocks);
    expect(f.penalty_extra_seconds).toBeGreaterThan(f.short_blocks * SEDF_EXTRA_QUANTUM_NS / 1e9);
  });

  test('the latency hint changes nothing: the compiled unblocking rule (UNBLOCK_EXTRA_SUPPORT) never reads it', () => {
    const base = y('3.0.4');
    const withHint = base.replace('slice: 5ms, extratime: false', 'slice: 5ms, latency: 1ms, extratime: false');
    expect(withHint).not.toBe(base);
    const a = runYaml(base);
    const b = runYaml(withHint);
    expect(dom(b, 'io').cpu_seconds).toBe(dom(a, 'io').cpu_seconds);
    expect(dom(b, 'io').wake_latency_ms).toBe(dom(a, 'io').wake_latency_ms);
    const built = runBuilt(withHint);
    expect(built.sched.params(built.host.domains.find((d) => d.name === 'io')!).latencyNs).toBe(1 * MS);
  });

  test('defaults: a guest 100 ms / 0 / extratime / extraweight 1; Dom0 20 ms / 15 ms', () => {
    const { host, sched } = runBuilt(yaml({ duration: '100ms', hogs: [{ name: 'g' }] }));
    expect(sched.params(host.domains[1])).toEqual({ periodNs: 100 * MS, sliceNs: 0, latencyNs: 0, extratime: true, weight: 0, extraweight: 1 });
    expect(sched.params(host.domains[0])).toMatchObject({ periodNs: 20 * MS, sliceNs: 15 * MS, extratime: true, extraweight: 1 });
  });
});

describe('sEDF: SMP', () => {
  test('vCPUs stay where domain creation put them (least-populated pCPU, ties to the highest; no load balancing)', () => {
    // Dom0 on pCPU 0; a → 1, b → 1 (tie: highest), c → 0 (beside the idle Dom0).
    const r = runYaml(yaml({ pcpus: 2, duration: '2s', hogs: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }));
    expect(Math.abs(share(r, 'a') - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(share(r, 'b') - 0.5)).toBeLessThan(0.005);
    expect(share(r, 'c')).toBeGreaterThan(0.99);
  });
});

describe('sEDF: conservation (property)', () => {
  const domArb = fc.record({
    vcpus: fc.integer({ min: 1, max: 2 }),
    kind: fc.constantFrom('hog', 'sleeper', 'web'),
    sched: fc.option(fc.record({ periodMs: fc.integer({ min: 1, max: 40 }), frac: fc.double({ min: 0.05, max: 1, noNaN: true }), extratime: fc.boolean() }), { nil: null }),
    start: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 250 })),
  });

  const sliceUs = (s: { periodMs: number; frac: number }) => Math.max(5, Math.round(s.periodMs * 1000 * s.frac));

  test('Σ vCPU CPU + Σ pCPU idle = pCPUs × duration; every vCPU is running, waiting or blocked over its life; deterministic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(domArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 300, max: 1500 }), fc.constantFrom('3.0', '3.0.4', '4.2'), (pcpus, doms, ms, xen) => {
        const work = { hog: 'cpu-hog', sleeper: '{ program: [ { forever: [ { cpu: 700K }, { sleep: 3ms } ] } ] }', web: '{ preset: web, rate: 200/s }' } as const;
        const y = [
          'name: prop', `xen: "${xen}"`, `duration: ${ms}ms`, `host: { pcpus: ${pcpus}, memory: 2G }`, 'scheduler: { name: sedf }', 'dom0: { memory: 128M }', 'domains:',
          ...doms.map((d, i) => `  - { name: d${i}, memory: 64, vcpus: ${d.vcpus}, start: ${d.start}ms, workload: ${work[d.kind]}${d.sched === null ? '' : `, sched: { period: ${d.sched.periodMs}ms, slice: ${sliceUs(d.sched)}us, extratime: ${d.sched.extratime} }`} }`),
          '',
        ].join('\n');
        const r = runYaml(y);
        // Same scenario, same seed: the same result, byte for byte.
        expect(JSON.stringify(runYaml(y))).toBe(JSON.stringify(r));
        const idle = expectResultConservation(r, pcpus);
        const dur = r.end_ns / 1e9;
        // A guarantee is also a limit: a hog without extratime never blocks, so it never
        // earns penalty time, and gets at most its slice in each period it has begun.
        doms.forEach((d, i) => {
          if (d.kind !== 'hog' || d.sched === null || d.sched.extratime) return;
          const periods = Math.ceil((dur - d.start / 1e3) / (d.sched.periodMs / 1e3)) + 1;
          expect(dom(r, `d${i}`).cpu_seconds).toBeLessThanOrEqual(d.vcpus * periods * sliceUs(d.sched) * 1e-6 + 1e-6);
        });
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 25), seed: process.env.PROP_RUNS ? undefined : 20260601 },
    );
  });
});
