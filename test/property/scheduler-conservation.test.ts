/**
 * Conservation of CPU time in the host core and both schedulers, over random small
 * bare hosts (1–4 pCPUs, 1–5 domains of 1–3 vCPUs, random weights, caps, pins, busy or
 * on/off sources, credit exact / sampled / each release's rules (`xen:`) / rr, some domains starting late or destroyed
 * early): every pCPU-ns is some vCPU's running time or idle; every vCPU-ns of its life
 * is running, waiting or blocked; no vCPU ends up outside its affinity. And one seed
 * gives one result.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { buildHost, type DomainDesc, type HostDesc } from '../helpers/host-builder.js';
import type { SchedulerSpec } from '../../sim/scenario/types.js';
import { parseXenVersion, type XenVersion } from '../../sim/xen/version.js';

/** Releases whose credit1 rules differ (credit-rules.ts). */
const CREDIT_RELEASES = ['3.0.3', '3.0.4', '3.3', '3.4', '4.0', '4.1', '4.2', '4.3', '4.7', '4.9', '4.17', '4.18'];

const MS = 1e6;

const sourceArb = fc.oneof(
  fc.constant<'busy'>('busy'),
  fc.record({ onNs: fc.double({ min: 0.02 * MS, max: 5 * MS, noNaN: true }), offNs: fc.double({ min: 0.05 * MS, max: 20 * MS, noNaN: true }) }),
);

const schedulerArb = fc.oneof(
  fc.constant<SchedulerSpec>({ name: 'credit' }),
  fc.constant<SchedulerSpec>({ name: 'credit', accounting: 'sampled' }),
  fc.constant<SchedulerSpec>({ name: 'credit', ratelimitNs: 0 }),
  fc.constant<SchedulerSpec>({ name: 'credit', tsliceNs: 5 * MS }),
  fc.constant<SchedulerSpec>({ name: 'rr' }),
  // credit1 as each release had it (sim/xen/schedulers/credit-rules.ts).
  fc.constantFrom(...CREDIT_RELEASES).map((x): SchedulerSpec => ({ name: 'credit', xen: parseXenVersion(x) as XenVersion })),
);

interface Case {
  pcpus: number;
  scheduler: SchedulerSpec;
  seed: number;
  horizonNs: number;
  domains: Array<{ vcpus: number; weight: number; cap: number; pins: number[] | null; source: DomainDesc['source']; startFrac: number; stopFrac: number | null }>;
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  pcpus: fc.integer({ min: 1, max: 4 }),
  scheduler: schedulerArb,
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  horizonNs: fc.integer({ min: 500, max: 3000 }).map((ms) => ms * MS),
  domains: fc.array(
    fc.record({
      vcpus: fc.integer({ min: 1, max: 3 }),
      weight: fc.integer({ min: 1, max: 65535 }),
      cap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
      // pCPU indices; taken modulo the host's pCPU count.
      pins: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }), { nil: null }),
      source: sourceArb,
      // Most domains start at 0; some later, some are destroyed before the horizon.
      startFrac: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.8, noNaN: true })),
      stopFrac: fc.option(fc.double({ min: 0.1, max: 1.2, noNaN: true }), { nil: null, freq: 4 }),
    }),
    { minLength: 1, maxLength: 5 },
  ),
});

function describeHost(c: Case): HostDesc {
  return {
    pcpus: c.pcpus,
    scheduler: c.scheduler,
    seed: c.seed,
    domains: c.domains.map((d) => {
      const startNs = Math.round(d.startFrac * c.horizonNs);
      const stopNs = d.stopFrac === null ? undefined : Math.round(startNs + d.stopFrac * (c.horizonNs - startNs));
      return {
        vcpus: d.vcpus,
        weight: d.weight,
        cap: d.cap,
        cpus: d.pins === null ? undefined : [...new Set(d.pins.map((p) => p % c.pcpus))],
        source: d.source,
        startNs,
        stopNs,
      };
    }),
  };
}

describe('scheduler conservation (bare host)', () => {
  test('Σ cpuNs + Σ idle = pcpus × horizon; Σ busyNs = Σ cpuNs; per vCPU run + wait + blocked = its life', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const desc = describeHost(c);
        const b = buildHost(desc);
        const H = c.horizonNs;
        b.run(H);
        const tol = Math.max(1, b.sim.events) * 1; // 1 ns per dispatched event
        const cpu = b.host.vcpus.reduce((a, v) => a + v.cpuNs, 0);
        const busy = b.host.pcpus.reduce((a, p) => a + p.busyNs, 0);
        const idle = b.host.pcpus.reduce((a, p) => a + (H - p.busyNs), 0);
        expect(Math.abs(cpu + idle - c.pcpus * H)).toBeLessThanOrEqual(tol);
        expect(Math.abs(busy - cpu)).toBeLessThanOrEqual(tol);
        for (const p of b.host.pcpus) {
          expect(p.busyNs).toBeGreaterThanOrEqual(-tol);
          expect(p.busyNs).toBeLessThanOrEqual(H + tol);
        }
        b.domains.forEach((d, i) => {
          const spec = desc.domains[i];
          const start = spec.startNs ?? 0;
          const end = Math.min(H, spec.stopNs ?? Infinity);
          const life = start <= H ? Math.max(0, end - start) : 0;
          for (const v of d.vcpus) {
            expect(v.cpuNs).toBeGreaterThanOrEqual(0);
            expect(v.waitNs).toBeGreaterThanOrEqual(0);
            expect(v.blockedNs).toBeGreaterThanOrEqual(0);
            expect(Math.abs(v.cpuNs + v.waitNs + v.blockedNs - life)).toBeLessThanOrEqual(tol);
            expect(v.affinity[v.pcpu]).toBe(1);
          }
          // A cap bounds the domain's CPU time (plus one period's slack for the first
          // accounting and the credit a vCPU may carry in).
          if (spec.cap !== undefined && spec.cap > 0 && life > 0) {
            const capNs = (spec.cap / 100) * life;
            const cpuNs = d.vcpus.reduce((a, v) => a + v.cpuNs, 0);
            if (c.scheduler.name === 'credit') expect(cpuNs).toBeLessThanOrEqual(capNs + d.vcpus.length * 60 * MS + tol);
          }
        });
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 40), seed: process.env.PROP_RUNS ? undefined : 20240603 },
    );
  });

  test('work conservation: uncapped, unpinned busy vCPUs at least as many as pCPUs keep every pCPU busy', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.record({ vcpus: fc.integer({ min: 1, max: 3 }), weight: fc.integer({ min: 1, max: 65535 }) }), { minLength: 1, maxLength: 5 }),
        schedulerArb,
        fc.integer({ min: 200, max: 2000 }),
        (pcpus, doms, scheduler, horizonMs) => {
          const nVcpus = doms.reduce((a, d) => a + d.vcpus, 0);
          fc.pre(nVcpus >= pcpus);
          const b = buildHost({ pcpus, scheduler, domains: doms });
          const H = horizonMs * MS;
          b.run(H);
          // Xen too may leave a pCPU idle until the first tick (10 ms) at boot, when
          // csched_unit_acct moves work to it; allow two ticks.
          for (const p of b.host.pcpus) expect(p.busyNs).toBeGreaterThan(H - 20 * MS);
        },
      ),
      { numRuns: Number(process.env.PROP_RUNS ?? 30), seed: process.env.PROP_RUNS ? undefined : 4242 },
    );
  });

  test('determinism: the same description and seed give identical per-vCPU cpuNs', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const once = (): number[] => {
          const b = buildHost(describeHost(c));
          b.run(c.horizonNs);
          return b.host.vcpus.flatMap((v) => [v.cpuNs, v.waitNs, v.blockedNs, v.wakeups, v.contextSwitches]);
        };
        expect(once()).toEqual(once());
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 20), seed: process.env.PROP_RUNS ? undefined : 777 },
    );
  });
});
