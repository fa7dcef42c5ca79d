/**
 * credit2 over random small bare hosts (1–6 pCPUs in 1–2 sockets of 1–2 threads per core,
 * every runqueue arrangement, 1–5 domains of 1–3 vCPUs with random weights, caps, pins,
 * busy or on/off work, late starts and early destruction, rate limit on or off):
 * - conservation: Σ vCPU CPU + Σ pCPU idle = pCPUs × horizon, and every vCPU's life is
 *   running + waiting + blocked;
 * - no vCPU runs outside its affinity; a capped domain stays within its cap (plus the
 *   overrun one rate-limited stint per vCPU may make before it is parked);
 * - stopping an idle capped domain's replenishment timer changes nothing but the order of
 *   same-instant events (its refills are caught up exactly);
 * - one seed, one result.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { buildHost, type HostDesc } from '../helpers/host-builder.js';
import { domainDescs, expectHostConservation, randomDomainsArb, type RandomDomain } from '../helpers/conservation.js';
import '../../sim/xen/schedulers/credit2.js';
import type { Credit2Scheduler } from '../../sim/xen/schedulers/credit2.js';
import type { SchedulerSpec } from '../../sim/scenario/types.js';

const MS = 1e6;

interface Case {
  sockets: number;
  coresPerSocket: number;
  threadsPerCore: number;
  runqueue: NonNullable<SchedulerSpec['runqueue']>;
  ratelimitNs: number;
  seed: number;
  horizonNs: number;
  domains: RandomDomain[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  sockets: fc.integer({ min: 1, max: 2 }),
  coresPerSocket: fc.integer({ min: 1, max: 3 }),
  threadsPerCore: fc.integer({ min: 1, max: 2 }),
  runqueue: fc.constantFrom<Case['runqueue']>('cpu', 'core', 'socket', 'node', 'all'),
  ratelimitNs: fc.constantFrom(0, 1 * MS, 3 * MS),
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  horizonNs: fc.integer({ min: 300, max: 1500 }).map((ms) => ms * MS),
  domains: randomDomainsArb(12),
});

function pcpusOf(c: Case): number {
  return c.sockets * c.coresPerSocket * c.threadsPerCore;
}

function describeHost(c: Case): HostDesc {
  const pcpus = pcpusOf(c);
  return {
    pcpus,
    sockets: c.sockets,
    threadsPerCore: c.threadsPerCore,
    scheduler: { name: 'credit2', runqueue: c.runqueue, ratelimitNs: c.ratelimitNs },
    seed: c.seed,
    domains: domainDescs(c.domains, c.horizonNs, pcpus),
  };
}

describe('credit2 conservation (bare hosts with topology)', () => {
  test('Σ cpu + Σ idle = pCPUs × horizon; run + wait + blocked = life; affinity and caps hold', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const desc = describeHost(c);
        const b = buildHost(desc);
        const H = c.horizonNs;
        b.run(H);
        const { lives, tol } = expectHostConservation(b, desc.pcpus, desc.domains, H);
        b.domains.forEach((d, i) => {
          const spec = desc.domains[i];
          const life = lives[i];
          if (spec.cap !== undefined && spec.cap > 0 && life > 0) {
            // Budget per 10 ms period, plus the first period's full pool and one overrun
            // (≤ max(rate limit, 500 µs min timer)) per vCPU per period.
            const periods = Math.ceil(life / (10 * MS)) + 1;
            const overrun = Math.max(c.ratelimitNs, 0.5 * MS) * d.vcpus.length * periods;
            const used = d.vcpus.reduce((a, v) => a + v.cpuNs, 0);
            expect(used).toBeLessThanOrEqual((spec.cap / 100) * (periods * 10 * MS) + overrun + tol);
          }
        });
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 40), seed: process.env.PROP_RUNS ? undefined : 20261130 },
    );
  });

  // Exact up to the order of events at one instant: a timer re-armed at a wake-up is queued
  // after a same-instant event armed before it, where the never-stopped timer was queued
  // first. Domains start off each other's 10 ms replenishment grid here so that no
  // replenishment falls on the instant of another event (integer chains of slices that
  // start at a replenishment could otherwise meet another domain's grid).
  test('stopping an idle capped domain’s replenishment timer is exact: same per-vCPU figures as never stopping it', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const desc = describeHost(c);
        desc.domains.forEach((d, i) => {
          d.startNs = (d.startNs ?? 0) + i * 1_234_567 + 1;
          if (d.stopNs !== undefined) d.stopNs += i * 1_234_567 + 1;
        });
        const once = (neverStop: boolean): number[] => {
          const b = buildHost(desc);
          if (neverStop) (b.host.scheduler as unknown as { domainMayRun: () => boolean }).domainMayRun = () => true;
          b.run(c.horizonNs);
          return b.host.vcpus.flatMap((v) => [v.cpuNs, v.waitNs, v.blockedNs, v.wakeups, v.contextSwitches]);
        };
        expect(once(false)).toEqual(once(true));
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 25), seed: process.env.PROP_RUNS ? undefined : 1130 },
    );
  });

  test('determinism: the same description and seed give identical figures', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const once = (): unknown[] => {
          const b = buildHost(describeHost(c));
          b.run(c.horizonNs);
          const s = b.host.scheduler as Credit2Scheduler;
          return [...b.host.vcpus.flatMap((v) => [v.cpuNs, v.waitNs, v.blockedNs, v.pcpu]), s.hostFigures(), ...b.domains.map((d) => s.domainFigures(d, c.horizonNs))];
        };
        expect(once()).toEqual(once());
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 15), seed: process.env.PROP_RUNS ? undefined : 777 },
    );
  });
});
