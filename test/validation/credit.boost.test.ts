/**
 * BOOST (credit1's answer to I/O latency, csched_unit_wake): a vCPU that wakes while
 * UNDER is promoted to BOOST and preempts a CPU hog. An I/O-like domain (0.2 ms bursts,
 * then blocked for ~5 ms, both exponential) beside two CPU hogs on 1 pCPU therefore
 * waits far less to run after each wake-up under credit than under round robin, and
 * still gets the CPU it asks for.
 */
import { describe, expect, test } from '@jest/globals';
import { buildHost, cpuShare, meanWakeLatencyNs, type DomainDesc } from '../helpers/host-builder.js';
import { dom, runYaml } from '../helpers/scenario.js';

const HORIZON_NS = 60e9;
const IO: DomainDesc = { name: 'io', source: { onNs: 0.2e6, offNs: 5e6 } };

function runIo(scheduler: 'credit' | 'rr', hogs: number) {
  const domains: DomainDesc[] = [];
  for (let i = 0; i < hogs; i++) domains.push({ name: `hog${i}` });
  domains.push(IO);
  const b = buildHost({ pcpus: 1, scheduler, seed: 7, domains });
  b.run(HORIZON_NS);
  return b.domains[hogs];
}

describe('BOOST on a bare host', () => {
  const credit = runIo('credit', 2);
  const rr = runIo('rr', 2);
  const alone = runIo('credit', 0);

  test('mean wake-to-run latency of the I/O domain is at least 5× lower under credit than rr', () => {
    expect(credit.vcpus[0].wakeLatencyCount).toBeGreaterThan(5000);
    expect(meanWakeLatencyNs(credit) * 5).toBeLessThan(meanWakeLatencyNs(rr));
    // Boosted, it waits for little more than the 1 ms rate limit at worst.
    expect(meanWakeLatencyNs(credit)).toBeLessThan(1e6);
  });

  test('with BOOST the I/O domain still gets its CPU: ≥ 95 % of what it uses alone', () => {
    // Alone it uses ≈ 0.2 / (0.2 + 5) of a pCPU; under rr it loses most of that waiting.
    const aloneShare = cpuShare(alone, HORIZON_NS);
    expect(aloneShare).toBeGreaterThan(0.03);
    expect(cpuShare(credit, HORIZON_NS)).toBeGreaterThan(0.95 * aloneShare);
    expect(cpuShare(rr, HORIZON_NS)).toBeLessThan(cpuShare(credit, HORIZON_NS));
  });
});

describe('BOOST through the scenario loader (workload program, idle Dom0)', () => {
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

  test('credit latency ≥ 5× lower than rr, and the I/O domain still runs', () => {
    const credit = dom(runYaml(scenario('credit')), 'io');
    const rr = dom(runYaml(scenario('rr')), 'io');
    expect(credit.wakeups).toBeGreaterThan(1000);
    expect(credit.wake_latency_ms * 5).toBeLessThan(rr.wake_latency_ms);
    expect(credit.cpu_seconds / 30).toBeGreaterThan(0.03);
  });
});
