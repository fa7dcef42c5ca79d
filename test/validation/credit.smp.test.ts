/**
 * Load balancing and pinning on two pCPUs: four busy vCPUs share two pCPUs evenly
 * when free to move (idle and OVER-headed pCPUs steal work, csched_load_balance), and
 * hard affinity (xl `cpus`) is never broken: 3 pinned on pCPU 0 get a third each, the
 * one pinned on pCPU 1 gets it all.
 */
import { describe, expect, test } from '@jest/globals';
import { buildHost, cpuShare, type DomainDesc } from '../helpers/host-builder.js';
import { runYaml, share } from '../helpers/scenario.js';

const HORIZON_NS = 60e9;

function runFour(domains: DomainDesc[]) {
  const b = buildHost({ pcpus: 2, scheduler: 'credit', domains });
  b.run(HORIZON_NS);
  return b;
}

describe('credit on 2 pCPUs, bare host', () => {
  test('4 busy vCPUs, no pinning: 50 % ± 2 points each, both pCPUs always busy', () => {
    const b = runFour([{}, {}, {}, {}]);
    for (const d of b.domains) expect(Math.abs(cpuShare(d, HORIZON_NS) - 0.5)).toBeLessThan(0.02);
    for (const p of b.host.pcpus) expect(p.busyNs / HORIZON_NS).toBeGreaterThan(0.999);
  });

  test('pinned 3 on pCPU 0 and 1 on pCPU 1: 1/3 each (±1 point) and 100 %', () => {
    const b = runFour([{ cpus: [0] }, { cpus: [0] }, { cpus: [0] }, { cpus: [1] }]);
    for (let i = 0; i < 3; i++) expect(Math.abs(cpuShare(b.domains[i], HORIZON_NS) - 1 / 3)).toBeLessThan(0.01);
    expect(cpuShare(b.domains[3], HORIZON_NS)).toBeGreaterThan(0.999);
    // The pinning holds: pCPU 0 ran only the three (their sum is its busy time), pCPU 1 only the fourth.
    const onZero = b.domains.slice(0, 3).reduce((a, d) => a + d.vcpus[0].cpuNs, 0);
    expect(Math.abs(b.host.pcpus[0].busyNs - onZero)).toBeLessThan(1e3);
    expect(Math.abs(b.host.pcpus[1].busyNs - b.domains[3].vcpus[0].cpuNs)).toBeLessThan(1e3);
  });
});

describe('credit on 2 pCPUs through the scenario loader (with an idle Dom0)', () => {
  const four = (pins: string[]) => `
name: smp
duration: 60s
host: { pcpus: 2, memory: 2G }
dom0: { memory: 256M }
domains:
${pins.map((p, i) => `  - { name: d${i}, memory: 128, ${p} workload: cpu-hog }`).join('\n')}
`;

  test('no pinning: 50 % ± 2 points each', () => {
    const r = runYaml(four(['', '', '', '']));
    for (let i = 0; i < 4; i++) expect(Math.abs(share(r, `d${i}`) - 0.5)).toBeLessThan(0.02);
  });

  test('pinned 3 + 1: the pinning holds', () => {
    const r = runYaml(four(['cpus: "0",', 'cpus: "0",', 'cpus: "0",', 'cpus: "1",']));
    for (let i = 0; i < 3; i++) expect(Math.abs(share(r, `d${i}`) - 1 / 3)).toBeLessThan(0.01);
    expect(share(r, 'd3')).toBeGreaterThan(0.999);
  });
});
