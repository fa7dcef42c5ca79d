/**
 * "A cap of 25 holds a busy domain to a quarter of a pCPU even on an idle host"
 * (xl sched-credit -c; credit1 parks a capped vCPU whose credit falls below its cap
 * share). Without a cap the same domain takes a whole pCPU: credit is work conserving.
 */
import { describe, expect, test } from '@jest/globals';
import { buildHost, cpuShare } from '../helpers/host-builder.js';
import { runYaml, share } from '../helpers/scenario.js';

const HORIZON_NS = 60e9;

function runOne(cap: number, vcpus = 1) {
  const b = buildHost({ pcpus: 2, scheduler: 'credit', domains: [{ cap, vcpus }] });
  b.run(HORIZON_NS);
  return b;
}

describe('credit caps on an otherwise idle 2-pCPU host', () => {
  test('cap 25: 25 % ± 1 point of one pCPU', () => {
    const b = runOne(25);
    expect(Math.abs(cpuShare(b.domains[0], HORIZON_NS) - 0.25)).toBeLessThan(0.01);
    // The rest of the host stays idle: the cap is not a share of a contended pCPU.
    const busy = b.host.pcpus.reduce((a, p) => a + p.busyNs, 0);
    expect(busy / HORIZON_NS).toBeCloseTo(cpuShare(b.domains[0], HORIZON_NS), 6);
  });

  test('uncapped: the whole pCPU (work conservation)', () => {
    const b = runOne(0);
    expect(cpuShare(b.domains[0], HORIZON_NS)).toBeGreaterThan(0.999);
  });

  test('cap 50 on a 2-vCPU domain: half a pCPU in all, split evenly', () => {
    const b = runOne(50, 2);
    expect(Math.abs(cpuShare(b.domains[0], HORIZON_NS) - 0.5)).toBeLessThan(0.01);
    const [v0, v1] = b.domains[0].vcpus.map((v) => v.cpuNs / HORIZON_NS);
    expect(Math.abs(v0 - v1)).toBeLessThan(0.01);
  });

  test('a capped domain is also held to its cap while others compete (cap 25 beside a hog, 1 pCPU)', () => {
    const b = buildHost({ pcpus: 1, scheduler: 'credit', domains: [{ cap: 25 }, {}] });
    b.run(HORIZON_NS);
    expect(Math.abs(cpuShare(b.domains[0], HORIZON_NS) - 0.25)).toBeLessThan(0.01);
    expect(Math.abs(cpuShare(b.domains[1], HORIZON_NS) - 0.75)).toBeLessThan(0.01);
  });
});

describe('credit caps through the scenario loader (with an idle Dom0)', () => {
  const one = (extra: string) => `
name: cap
duration: 60s
host: { pcpus: 2, memory: 2G }
dom0: { memory: 256M }
domains:
  - { name: hog, memory: 128, ${extra} workload: cpu-hog }
`;

  test('cap 25: 25 % ± 1 point', () => {
    expect(Math.abs(share(runYaml(one('cap: 25,')), 'hog') - 0.25)).toBeLessThan(0.01);
  });

  test('uncapped: 100 %', () => {
    expect(share(runYaml(one('')), 'hog')).toBeGreaterThan(0.999);
  });

  test('cap 50, 2 vCPUs: 50 % ± 1 point', () => {
    expect(Math.abs(share(runYaml(one('vcpus: 2, cap: 50,')), 'hog') - 0.5)).toBeLessThan(0.01);
  });
});
