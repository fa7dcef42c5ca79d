/** xm list's CPU column: the pCPU a domain's first vCPU runs on or last ran on (last_pcpu). */
import { describe, expect, test } from '@jest/globals';
import { xmList } from '../../reports/index.js';
import { dom, runYaml } from '../helpers/scenario.js';

const YAML = `
name: pinned
seed: 1
duration: 5s
host: { pcpus: 4, memory: 4G }
scheduler: { name: credit }
dom0: { memory: 256M, vcpus: 1, cpus: "0" }
domains:
  - { name: on2, memory: 128, vcpus: 1, cpus: "2", workload: { preset: cpu-hog } }
  - { name: on3, memory: 128, vcpus: 1, cpus: "3", workload: { preset: cpu-hog } }
  - { name: on1, memory: 128, vcpus: 1, cpus: "1", workload: { preset: idle } }
`;

describe('last_pcpu', () => {
  test('a pinned domain reports the pCPU it runs on, and xm list shows it', () => {
    const r = runYaml(YAML);
    expect(dom(r, 'on2').last_pcpu).toBe(2);
    expect(dom(r, 'on3').last_pcpu).toBe(3);
    expect(dom(r, 'Domain-0').last_pcpu).toBe(0);
    const lines = xmList(r).split('\n');
    const on3 = lines.find((l) => l.startsWith('on3'))!;
    // "%-16s %3d  %7d  %3d  …": the CPU column is the fourth field.
    expect(on3.trim().split(/\s+/)[3]).toBe('3');
    // hosts[] carries it for Dom0 too.
    expect(r.hosts[0].dom0.last_pcpu).toBe(0);
  });
});
