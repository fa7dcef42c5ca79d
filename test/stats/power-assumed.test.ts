/** host.power_assumed: present only when the scenario gave no power figures (the 140/220 W defaults). */
import { describe, expect, test } from '@jest/globals';
import { runYaml } from '../helpers/scenario.js';

const base = (power: string): string => `
name: p
duration: 2s
host: { pcpus: 1, memory: 1G${power} }
dom0: { memory: 256M }
domains:
  - { name: a, memory: 64, workload: { preset: cpu-hog } }
`;

describe('power_assumed', () => {
  test('no power figures: assumed, on host and hosts[0]', () => {
    const r = runYaml(base(''));
    expect(r.host.power_assumed).toBe(true);
    expect(r.hosts[0].power_assumed).toBe(true);
    expect(r.host.mean_power_w).toBeCloseTo(220, 0);
  });

  test.each([', power: { idle: 100W, max: 150W }', ', power: { max: 300W }', ', power: { profile: p4-1u-2005 }'])('given (%s): absent', (p) => {
    const r = runYaml(base(p));
    expect('power_assumed' in r.host).toBe(false);
    expect('power_assumed' in r.hosts[0]).toBe(false);
  });

  test('several hosts: per host', () => {
    const r = runYaml(`
name: two
duration: 2s
hosts:
  - { name: a, pcpus: 1, memory: 1G, power: { idle: 50W, max: 90W } }
  - { name: b, pcpus: 1, memory: 1G }
dom0: { memory: 256M }
domains:
  - { name: g1, memory: 64, host: a, workload: { preset: idle } }
  - { name: g2, memory: 64, host: b, workload: { preset: idle } }
`);
    expect(r.hosts.map((h) => [h.name, h.power_assumed ?? false])).toEqual([['a', false], ['b', true]]);
  });
});
