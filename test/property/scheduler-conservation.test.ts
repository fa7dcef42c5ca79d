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
import { buildHost, type HostDesc } from '../helpers/host-builder.js';
import { domainDescs, expectHostConservation, randomDomainsArb, type RandomDomain } from '../helpers/conservation.js';
import type { SchedulerSpec } from '../../sim/scenario/types.js';
import { parseXenVersion, type XenVersion } from '../../sim/xen/version.js';

/** Releases whose credit1 rules differ (credit-rules.ts). */
const CREDIT_RELEASES = ['3.0.3', '3.0.4', '3.3', '3.4', '4.0', '4.1', '4.2', '4.3', '4.7', '4.9', '4.17', '4.18'];

const MS = 1e6;

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
  domains: RandomDomain[];
}

const caseArb: fc.Arbitrary<Case> = fc.record({
  pcpus: fc.integer({ min: 1, max: 4 }),
  scheduler: schedulerArb,
  seed: fc.integer({ min: 0, max: 1_000_000 }),
  horizonNs: fc.integer({ min: 500, max: 3000 }).map((ms) => ms * MS),
  domains: randomDomainsArb(4),
});

function describeHost(c: Case): HostDesc {
  return { pcpus: c.pcpus, scheduler: c.scheduler, seed: c.seed, domains: domainDescs(c.domains, c.horizonNs, c.pcpus) };
}

describe('scheduler conservation (bare host)', () => {
  test('Σ cpuNs + Σ idle = pcpus × horizon; Σ busyNs = Σ cpuNs; per vCPU run + wait + blocked = its life', () => {
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
