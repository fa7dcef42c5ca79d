/** Load balancing and pinning on two pCPUs. */
import { describe, expect, test } from '@jest/globals';
import { runYaml, share } from '../helpers/scenario.js';

const four = (pins: string[]) => `
name: smp
duration: 60s
host: { pcpus: 2, memory: 2G }
dom0: { memory: 256M }
domains:
${pins.map((p, i) => `  - { name: d${i}, memory: 128, ${p} workload: cpu-hog }`).join('\n')}
`;

describe('credit on 2 pCPUs', () => {
  test('4 busy vCPUs, no pinning: 50 % ± 2 points each', () => {
    const r = runYaml(four(['', '', '', '']));
    for (let i = 0; i < 4; i++) expect(Math.abs(share(r, `d${i}`) - 0.5)).toBeLessThan(0.02);
  });

  test('pinned 3 on pCPU 0 and 1 on pCPU 1: the pinning holds', () => {
    const r = runYaml(four(['cpus: "0",', 'cpus: "0",', 'cpus: "0",', 'cpus: "1",']));
    for (let i = 0; i < 3; i++) expect(Math.abs(share(r, `d${i}`) - 1 / 3)).toBeLessThan(0.01);
    expect(share(r, 'd3')).toBeGreaterThan(0.999);
    expect(r.host.pcpu[0].busy_seconds).toBeCloseTo(60, 1);
    expect(r.host.pcpu[1].busy_seconds).toBeCloseTo(60, 1);
  });
});
