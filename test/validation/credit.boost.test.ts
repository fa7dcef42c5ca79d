/**
 * BOOST: an I/O-like domain (short bursts, then blocked for a few ms) beside two CPU
 * hogs wakes to run far sooner under credit than under round robin.
 */
import { describe, expect, test } from '@jest/globals';
import { dom, runYaml } from '../helpers/scenario.js';

const scenario = (scheduler: string) => `
name: boost
duration: 30s
host: { pcpus: 1, memory: 2G, cpu: { ghz: 2GHz } }
scheduler: { name: ${scheduler} }
dom0: { memory: 256M }
domains:
  - { name: hog1, memory: 128, workload: cpu-hog }
  - { name: hog2, memory: 128, workload: cpu-hog }
  - name: io
    memory: 128
    workload: { program: [ { forever: [ { cpu: exp(400K) }, { sleep: exp(5ms) } ] } ] }
`;

describe('BOOST', () => {
  test('mean wake-to-run latency of an I/O domain is at least 5× lower under credit than rr', () => {
    const credit = dom(runYaml(scenario('credit')), 'io');
    const rr = dom(runYaml(scenario('rr')), 'io');
    expect(credit.wakeups).toBeGreaterThan(1000);
    expect(credit.wake_latency_ms * 5).toBeLessThan(rr.wake_latency_ms);
    // and it still gets its CPU: 0.2 ms of work per ≈5.2 ms cycle
    expect(credit.cpu_seconds / 30).toBeGreaterThan(0.03);
  });
});
