/** "A cap of 25 holds a busy domain to a quarter of a pCPU even on an idle host" (xl sched-credit -c). */
import { describe, expect, test } from '@jest/globals';
import { runYaml, share } from '../helpers/scenario.js';

const one = (extra: string) => `
name: cap
duration: 60s
host: { pcpus: 2, memory: 2G }
dom0: { memory: 256M }
domains:
  - { name: hog, memory: 128, ${extra} workload: cpu-hog }
`;

describe('credit caps', () => {
  test('cap 25 on an otherwise idle 2-pCPU host: 25 % ± 1 point of one pCPU', () => {
    const r = runYaml(one('cap: 25,'));
    expect(Math.abs(share(r, 'hog') - 0.25)).toBeLessThan(0.01);
  });

  test('the same domain uncapped gets the whole pCPU (work conservation)', () => {
    const r = runYaml(one(''));
    expect(share(r, 'hog')).toBeGreaterThan(0.999);
  });

  test('cap 50 on a 2-vCPU domain: half a pCPU in all', () => {
    const r = runYaml(one('vcpus: 2, cap: 50,'));
    expect(Math.abs(share(r, 'hog') - 0.5)).toBeLessThan(0.015);
  });
});
