/**
 * Xen's BVT scheduler (sim/xen/schedulers/bvt.ts, after xen/common/sched_bvt.c of Xen
 * 3.0.0 = 2.0), checked against what the source computes:
 * - shares follow the inverse of mcu_advance (10 : 20 → 2 : 1; 10 : 20 : 40 → 4 : 2 : 1);
 * - the slice is the context-switch allowance (the source adds MCUs to ns), so two
 *   equal hogs switch every ctx_allow;
 * - a woken domain's avt is raised to svt: no catching up on time it did not use, up to
 *   svt's staleness (svt is the smallest avt at the last schedule);
 * - warp lets a bursty domain preempt at once, where without it each wake inside a burst
 *   waits for the running domain's context-switch allowance; warpl bounds each warped
 *   run, warpu re-warps after that much time, warpu 0 ends warping;
 * - a warp above the domain's avt wraps its u32 evt: it runs last (the source's arithmetic);
 * - vCPUs stay on the pCPU domain creation chose (Xen 2.0 and 3.0 rules);
 * - conservation of CPU time over random small hosts.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { buildRun } from '../../sim/build.js';
import { BVT_CTX_ALLOW_NS, BVT_MCU_NS, BvtScheduler } from '../../sim/xen/schedulers/bvt.js';
import { dom, runYaml, scenarioFrom, share } from '../helpers/scenario.js';
import { buildHost } from '../helpers/host-builder.js';
import { expectResultConservation } from '../helpers/conservation.js';

const MS = 1e6;

function yaml(opts: { pcpus?: number; duration?: string; xen?: string; sched?: string; domains: string[]; timeline?: string[] }): string {
  return [
    'name: bvt',
    ...(opts.xen !== undefined ? [`xen: "${opts.xen}"`] : []),
    `duration: ${opts.duration ?? '5s'}`,
    // 1 GHz: `cpu: 1M` is 1 ms.
    `host: { pcpus: ${opts.pcpus ?? 1}, memory: 2G, cpu: { ghz: 1 } }`,
    `scheduler: { name: bvt${opts.sched ?? ''} }`,
    'dom0: { memory: 128M, vcpus: 1 }',
    'domains:',
    ...opts.domains.map((d) => `  - ${d}`),
    ...(opts.timeline !== undefined ? ['timeline:', ...opts.timeline.map((t) => `  - ${t}`)] : []),
    '',
  ].join('\n');
}

const hog = (name: string, extra = '') => `{ name: ${name}, memory: 64, workload: cpu-hog${extra} }`;

describe('BVT: weights are inverse mcu_advance', () => {
  test('mcuadv 10 and 20: 2 : 1 (2/3 and 1/3 within 1 %)', () => {
    const r = runYaml(yaml({ domains: [hog('a', ', sched: { mcuadv: 10 }'), hog('b', ', sched: { mcuadv: 20 }')] }));
    expect(Math.abs(share(r, 'a') / (2 / 3) - 1)).toBeLessThan(0.01);
    expect(Math.abs(share(r, 'b') / (1 / 3) - 1)).toBeLessThan(0.01);
    expect(Math.abs(share(r, 'a') / share(r, 'b') / 2 - 1)).toBeLessThan(0.01);
  });

  test('mcuadv 10, 20, 40: 4 : 2 : 1 within 1 %', () => {
    const r = runYaml(yaml({ domains: [hog('a', ', sched: { mcuadv: 10 }'), hog('b', ', sched: { mcuadv: 20 }'), hog('c', ', sched: { mcuadv: 40 }')] }));
    [['a', 4], ['b', 2], ['c', 1]].forEach(([n, w]) => expect(Math.abs(share(r, n as string) / ((w as number) / 7) - 1)).toBeLessThan(0.01));
  });

  test('xm sched-bvt mid-run: mcuadv 10 → 30 at 2 s of 4 s: b gets 1/2 then 1/4 (0.375)', () => {
    const r = runYaml(yaml({ duration: '4s', domains: [hog('a'), hog('b')], timeline: ['{ at: 2s, sched-bvt: { domain: b, mcuadv: 30 } }'] }));
    expect(Math.abs(share(r, 'b') / 0.375 - 1)).toBeLessThan(0.01);
  });

  test('Domain.weight (credit\'s 256-scale weight) is not mcu_advance: weights 256 and 512 still share evenly', () => {
    const r = runYaml(yaml({ duration: '2s', domains: [hog('a', ', weight: 256'), hog('b', ', weight: 512')] }));
    expect(Math.abs(share(r, 'a') - 0.5)).toBeLessThan(0.005);
  });
});

describe('BVT: the context-switch allowance is the slice', () => {
  test.each([1, 5, 20])('ctx_allow %d ms: two equal hogs each dispatched duration / (2 × ctx_allow) times (±1 %)', (ctxMs) => {
    const r = runYaml(yaml({ sched: `, ctx_allow: ${ctxMs}ms`, domains: [hog('a'), hog('b')] }));
    const expected = 5e3 / (2 * ctxMs);
    for (const n of ['a', 'b']) {
      expect(Math.abs(dom(r, n).context_switches / expected - 1)).toBeLessThan(0.01);
      expect(Math.abs(share(r, n) - 0.5)).toBeLessThan(0.001);
    }
  });
});

describe('BVT: waking', () => {
  test('avt = max(avt, svt): a domain created at 2 s does not catch up; its head start is at most svt\'s staleness (one 10 × ctx_allow slice)', () => {
    const r = runYaml(yaml({ duration: '4s', domains: [hog('a'), hog('b', ', start: 2s')] }));
    const b = dom(r, 'b').cpu_seconds;
    // Half of the last 2 s, plus what a ran since the last schedule before b arrived.
    expect(b).toBeGreaterThanOrEqual(1 - 1e-6);
    expect(b).toBeLessThanOrEqual(1 + (10 * BVT_CTX_ALLOW_NS) / 1e9);
  });

  // A bursty domain: four 1 ms runs 0.5 ms apart, then 40 ms asleep. Within its share on
  // average (each wake after the long sleep finds avt < svt), but inside a burst its avt
  // is ahead of the hogs'. Created at 200 ms, when svt (≈ 10⁴) is above the warp.
  const bursty = (sched: string) => `{ name: io, memory: 64, start: 200ms, ${sched}workload: { program: [ { forever: [ { loop: { count: 4, do: [ { cpu: 1M }, { sleep: 500us } ] } }, { sleep: 40ms } ] } ] } }`;
  const io = (ctxMs: number, sched: string) => runYaml(yaml({ duration: '3s', sched: `, ctx_allow: ${ctxMs}ms`, domains: [hog('h1'), hog('h2'), bursty(sched)] }));

  test.each([1, 5, 10])('ctx_allow %d ms: without warp, wakes inside a burst wait for the running hog\'s allowance; with warp (1000) every wake runs at once', (ctxMs) => {
    const ctx = ctxMs * MS;
    const plain = dom(io(ctxMs, ''), 'io');
    const warped = dom(io(ctxMs, 'sched: { warpback: true, warpvalue: 1000 }, '), 'io');
    expect(plain.wakeups).toBeGreaterThan(200);
    // Without warp: one wake in four is immediate (after the long sleep avt = svt), the
    // others wait up to the hog's allowance since it was scheduled (0.5 ms before), or
    // a second slice when the other hog is behind too: between a fifth of ctx_allow
    // and two allowances on average.
    expect(plain.wake_latency_ms * MS).toBeGreaterThan(0.2 * ctx);
    expect(plain.wake_latency_ms * MS).toBeLessThan(2 * ctx);
    // With warp: evt = avt − 1000 is below every hog's, and it preempts at once.
    expect(warped.wake_latency_ms).toBe(0);
    expect(warped.wakeups).toBeGreaterThanOrEqual(plain.wakeups);
  });

  test('without warp the wait grows with ctx_allow (1 → 10 ms: more than 3×)', () => {
    expect(dom(io(10, ''), 'io').wake_latency_ms).toBeGreaterThan(3 * dom(io(1, ''), 'io').wake_latency_ms);
  });

  /** Runs keeping the host, for the policy's own figures and parameters. */
  function built(sched: string) {
    const s = scenarioFrom(yaml({ duration: '3s', domains: [hog('h1'), hog('h2'), bursty(sched)] }));
    const { rt } = buildRun(s, s.seed, s.durationNs);
    rt.sim.run({ untilNs: s.durationNs });
    rt.host.settle(s.durationNs);
    const d = rt.host.domains.find((x) => x.name === 'io')!;
    const policy = rt.host.scheduler as BvtScheduler;
    return { fig: (policy.domainFigures(d, s.durationNs) as { bvt: { warped_seconds: number; warp_expiries: number } }).bvt, params: policy.params(d), life: (s.durationNs - 200 * MS) / 1e9 };
  }

  test('warpl bounds each warped run (300 µs of each 1 ms run), warpu re-warps 100 ms after each expiry', () => {
    const { fig, life } = built('sched: { warpback: true, warpvalue: 1000, warpl: 300us, warpu: 100ms }, ');
    expect(fig.warp_expiries).toBeGreaterThan(0);
    // Every warped run outlasts warpl, so each ends at an expiry, warpl after it began.
    expect(Math.abs(fig.warped_seconds - fig.warp_expiries * 300e-6)).toBeLessThan(1e-9 * fig.warp_expiries + 1e-9);
    // Warped again only warpu after each expiry, at the next run after that.
    expect(fig.warp_expiries).toBeLessThanOrEqual(life / 0.1 + 1);
    expect(fig.warp_expiries).toBeGreaterThan(0.5 * (life / 0.1));
  });

  test('warpu 0: the first expiry ends warping for good (warpback cleared)', () => {
    const { fig, params } = built('sched: { warpback: true, warpvalue: 1000, warpl: 300us, warpu: 0ms }, ');
    expect(fig.warp_expiries).toBe(1);
    expect(fig.warped_seconds).toBeCloseTo(300e-6, 9);
    expect(params.warpBack).toBe(false);
  });

  test('a warp never reached by a run (warpl 2 s, the default) does not expire: every run of io is warped', () => {
    const { fig } = built('sched: { warpback: true, warpvalue: 1000 }, ');
    expect(fig.warp_expiries).toBe(0);
    const r = runYaml(yaml({ duration: '3s', domains: [hog('h1'), hog('h2'), bursty('sched: { warpback: true, warpvalue: 1000 }, ')] }));
    expect(fig.warped_seconds).toBeCloseTo(dom(r, 'io').cpu_seconds, 6);
  });

  test('u32 arithmetic: a warp above the domain\'s avt (created at boot, avt = 0) wraps evt round, and it runs last: beside hogs, never', () => {
    const r = runYaml(yaml({ duration: '2s', domains: [hog('h1'), hog('h2'), bursty('sched: { warpback: true, warpvalue: 1000 }, ').replace('start: 200ms', 'start: 0s')] }));
    expect(dom(r, 'io').cpu_seconds).toBe(0);
    // Alone, it runs: the idle domain's evt (~0) is the only one above it.
    const alone = runYaml(yaml({ duration: '1s', domains: [bursty('sched: { warpback: true, warpvalue: 1000 }, ').replace('start: 200ms', 'start: 0s')] }));
    expect(dom(alone, 'io').cpu_seconds).toBeGreaterThan(0.07);
  });

});

describe('BVT: charging', () => {
  test('a run is charged in whole MCUs, rounded up: 1 µs runs cost 100 µs each (avt = mcu_advance × runs)', () => {
    // A lone domain on a bare host: nothing else moves svt, so avt only grows by charges.
    const b = buildHost({ pcpus: 1, scheduler: 'bvt', domains: [{ source: { burstNs: 1000, sleepNs: MS } }] });
    b.run(500 * MS);
    const v = b.domains[0].vcpus[0];
    const policy = b.host.scheduler as BvtScheduler;
    const runs = v.contextSwitches;
    expect(runs).toBeGreaterThan(400);
    // Exact charging would give 10 × 1 µs / 100 µs = 0.1 per run.
    const avt = policy.params(b.domains[0]).avt[0];
    expect([10 * runs, 10 * (runs - 1)]).toContain(avt);
    expect(BVT_MCU_NS).toBe(100_000);
  });
});

describe('BVT: SMP', () => {
  const three = [hog('a'), hog('b'), hog('c')];
  test('Xen 3.0 placement (ties to the highest pCPU), no migration: a, b on pCPU 1 share it; c has pCPU 0', () => {
    const r = runYaml(yaml({ xen: '3.0', pcpus: 2, duration: '2s', domains: three }));
    expect(Math.abs(share(r, 'a') - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(share(r, 'b') - 0.5)).toBeLessThan(0.005);
    expect(share(r, 'c')).toBeGreaterThan(0.999);
  });

  test('Xen 2.0 placement (ties to the lowest pCPU): a, c on pCPU 1; b has pCPU 0', () => {
    const r = runYaml(yaml({ xen: '2.0', pcpus: 2, duration: '2s', domains: three }));
    expect(Math.abs(share(r, 'a') - 0.5)).toBeLessThan(0.005);
    expect(share(r, 'b')).toBeGreaterThan(0.999);
    expect(Math.abs(share(r, 'c') - 0.5)).toBeLessThan(0.005);
  });
});

describe('BVT: conservation (property)', () => {
  const domArb = fc.record({
    vcpus: fc.integer({ min: 1, max: 2 }),
    kind: fc.constantFrom('hog', 'sleeper', 'web'),
    mcuadv: fc.integer({ min: 1, max: 100 }),
    warp: fc.option(fc.record({ value: fc.integer({ min: 0, max: 5000 }), warplUs: fc.integer({ min: 0, max: 5000 }), warpuUs: fc.integer({ min: 0, max: 20000 }) }), { nil: null }),
    start: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 250 })),
  });

  test('Σ vCPU CPU + Σ pCPU idle = pCPUs × duration; every vCPU is running, waiting or blocked over its life; deterministic; one pCPU with a hog never idles', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.array(domArb, { minLength: 1, maxLength: 4 }), fc.integer({ min: 300, max: 1500 }), fc.constantFrom('2.0', '3.0'), fc.integer({ min: 1, max: 10 }), (pcpus, doms, ms, xen, ctxMs) => {
        const work = { hog: 'cpu-hog', sleeper: '{ program: [ { forever: [ { cpu: 700K }, { sleep: 3ms } ] } ] }', web: '{ preset: web, rate: 200/s }' } as const;
        const y = [
          'name: prop', `xen: "${xen}"`, `duration: ${ms}ms`, `host: { pcpus: ${pcpus}, memory: 2G }`, `scheduler: { name: bvt, ctx_allow: ${ctxMs}ms }`, 'dom0: { memory: 128M }', 'domains:',
          ...doms.map((d, i) => {
            const warp = d.warp === null ? '' : `, warpback: true, warpvalue: ${d.warp.value}, warpl: ${d.warp.warplUs}us, warpu: ${d.warp.warpuUs}us`;
            return `  - { name: d${i}, memory: 64, vcpus: ${d.vcpus}, start: ${d.start}ms, workload: ${work[d.kind]}, sched: { mcuadv: ${d.mcuadv}${warp} } }`;
          }),
          '',
        ].join('\n');
        const r = runYaml(y);
        // Same scenario, same seed: the same result, byte for byte.
        expect(JSON.stringify(runYaml(y))).toBe(JSON.stringify(r));
        const idle = expectResultConservation(r, pcpus);
        // Work conserving: BVT never idles a pCPU with a runnable vCPU queued on it.
        if (pcpus === 1 && doms.some((d) => d.kind === 'hog' && d.start === 0)) expect(idle).toBeLessThanOrEqual(2e-6);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 25), seed: process.env.PROP_RUNS ? undefined : 20260602 },
    );
  });
});
