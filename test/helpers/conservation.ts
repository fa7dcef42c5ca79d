/**
 * Conservation of CPU time, shared by the schedulers' property tests: on a bare host
 * (host-builder.ts) and on a Result. Every pCPU-ns is some vCPU's running time or idle;
 * every vCPU-ns of its life is running, waiting or blocked; no vCPU ends up outside its
 * affinity.
 */
import { expect } from '@jest/globals';
import fc from 'fast-check';
import type { DomainDesc, SourceDesc } from './host-builder.js';
import type { Simulator } from '../../sim/engine/simulator.js';
import type { Host } from '../../sim/xen/host.js';
import type { Domain } from '../../sim/xen/domain.js';
import type { Result } from '../../sim/stats/result.js';

const MS = 1e6;

/** A busy source, or on/off bursts of 0.02–5 ms separated by 0.05–20 ms. */
export const sourceArb: fc.Arbitrary<SourceDesc> = fc.oneof(
  fc.constant<'busy'>('busy'),
  fc.record({ onNs: fc.double({ min: 0.02 * MS, max: 5 * MS, noNaN: true }), offNs: fc.double({ min: 0.05 * MS, max: 20 * MS, noNaN: true }) }),
);

/** A random domain's life and placement, before it is fitted to a host. */
export interface RandomDomain {
  vcpus: number;
  weight?: number;
  cap?: number;
  pins: number[] | null;
  source: DomainDesc['source'];
  startFrac: number;
  stopFrac: number | null;
}

/** 1–5 random domains; pins are pCPU indices below `pinBound`, taken modulo the host's count. */
export function randomDomainsArb(pinBound: number): fc.Arbitrary<RandomDomain[]> {
  return fc.array(
    fc.record({
      vcpus: fc.integer({ min: 1, max: 3 }),
      weight: fc.integer({ min: 1, max: 65535 }),
      cap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })),
      pins: fc.option(fc.uniqueArray(fc.integer({ min: 0, max: pinBound - 1 }), { minLength: 1, maxLength: 4 }), { nil: null }),
      source: sourceArb,
      // Most domains start at 0; some later, some are destroyed before the horizon.
      startFrac: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.8, noNaN: true })),
      stopFrac: fc.option(fc.double({ min: 0.1, max: 1.2, noNaN: true }), { nil: null, freq: 4 }),
    }),
    { minLength: 1, maxLength: 5 },
  );
}

/**
 * The domains on a host of `pcpus` over `horizonNs`: start and stop from their fractions of
 * the horizon, pins taken modulo the pCPU count, caps no higher than the loader allows.
 */
export function domainDescs(domains: RandomDomain[], horizonNs: number, pcpus: number): DomainDesc[] {
  return domains.map((d) => {
    const startNs = Math.round(d.startFrac * horizonNs);
    const stopNs = d.stopFrac === null ? undefined : Math.round(startNs + d.stopFrac * (horizonNs - startNs));
    return {
      vcpus: d.vcpus,
      weight: d.weight,
      cap: d.cap === undefined ? undefined : Math.min(d.cap, 100 * d.vcpus),
      cpus: d.pins === null ? undefined : [...new Set(d.pins.map((p) => p % pcpus))],
      source: d.source,
      startNs,
      stopNs,
    };
  });
}

/**
 * Asserts conservation on a bare host run for `horizonNs`, to 1 ns per dispatched event,
 * and returns each domain's life (ns) for the caller's own checks (caps).
 */
/** What a bare host built for a test exposes (host-builder.ts, validation/sched-host.ts). */
export interface RanHost {
  sim: Simulator;
  host: Host;
  domains: Domain[];
}

export function expectHostConservation(b: RanHost, pcpus: number, domains: DomainDesc[], horizonNs: number): { lives: number[]; tol: number } {
  const H = horizonNs;
  const tol = Math.max(1, b.sim.events);
  const cpu = b.host.vcpus.reduce((a, v) => a + v.cpuNs, 0);
  const busy = b.host.pcpus.reduce((a, p) => a + p.busyNs, 0);
  const idle = b.host.pcpus.reduce((a, p) => a + (H - p.busyNs), 0);
  expect(Math.abs(cpu + idle - pcpus * H)).toBeLessThanOrEqual(tol);
  expect(Math.abs(busy - cpu)).toBeLessThanOrEqual(tol);
  for (const p of b.host.pcpus) {
    expect(p.busyNs).toBeGreaterThanOrEqual(-tol);
    expect(p.busyNs).toBeLessThanOrEqual(H + tol);
  }
  const lives = b.domains.map((d, i) => {
    const spec = domains[i];
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
    return life;
  });
  return { lives, tol };
}

/**
 * Asserts conservation on a Result: CPU + idle = pCPUs × duration, and each domain's
 * running + waiting + blocked = its vCPUs' life. The Result rounds each figure to the µs,
 * so the sums get that much per figure. Returns the host's idle seconds.
 */
export function expectResultConservation(r: Result, pcpus: number): number {
  const dur = r.end_ns / 1e9;
  const cpu = r.domains.reduce((a, d) => a + d.cpu_seconds, 0);
  const idle = r.host.pcpu.reduce((a, p) => a + p.idle_seconds, 0);
  expect(Math.abs(cpu + idle - pcpus * dur)).toBeLessThanOrEqual((r.domains.length + pcpus) * 1e-6);
  for (const d of r.domains) {
    const life = Math.max(0, dur - d.started_ns / 1e9) * d.vcpus;
    expect(Math.abs(d.cpu_seconds + d.wait_seconds + d.blocked_seconds - life)).toBeLessThanOrEqual(3e-6);
  }
  return idle;
}
