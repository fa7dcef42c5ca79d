/**
 * Conservation of CPU time, as a property over random small hosts: every pCPU-ns is
 * either some vCPU's running time or idle, and every vCPU-ns since creation is running,
 * waiting or blocked, and credit's time per priority class adds up to the running and
 * waiting time. Plus determinism: one seed, one result.
 */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { runYaml } from '../helpers/scenario.js';

const domainArb = fc.record({
  vcpus: fc.integer({ min: 1, max: 3 }),
  weight: fc.integer({ min: 1, max: 1024 }),
  capPct: fc.integer({ min: 0, max: 100 }),
  kind: fc.constantFrom('cpu-hog', 'onoff', 'web', 'idle'),
});

const hostArb = fc.record({
  pcpus: fc.integer({ min: 1, max: 4 }),
  scheduler: fc.constantFrom('{ name: credit }', '{ name: credit, accounting: sampled }', '{ name: rr }'),
  durationMs: fc.integer({ min: 200, max: 2000 }),
  seed: fc.integer({ min: 0, max: 1000 }),
  domains: fc.array(domainArb, { minLength: 1, maxLength: 5 }),
});

type HostCase = typeof hostArb extends fc.Arbitrary<infer T> ? T : never;

function yamlOf(h: HostCase): string {
  const doms = h.domains.map((d, i) => {
    const cap = d.capPct === 0 ? 0 : Math.max(1, Math.round((d.capPct * d.vcpus) / 2));
    const w = d.kind === 'onoff'
      ? `{ program: [ { forever: [ { cpu: exp(1M) }, { sleep: exp(2ms) } ] } ] }`
      : d.kind === 'web' ? `{ preset: web, rate: 200/s }` : d.kind;
    return `  - { name: d${i}, memory: 64, vcpus: ${d.vcpus}, weight: ${d.weight}, cap: ${cap}, disk: ['phy:vg0/d${i},sda1,w'], vif: ['bridge=br0'], workload: ${w} }`;
  });
  return `
name: prop
seed: ${h.seed}
duration: ${h.durationMs}ms
host: { pcpus: ${h.pcpus}, memory: 4G, disks: [ { name: vg0, kind: ssd } ], nics: [ { name: eth0 } ], bridges: [ { name: br0, nic: eth0 } ] }
scheduler: ${h.scheduler}
dom0: { memory: 512M, vcpus: 1 }
domains:
${doms.join('\n')}
`;
}

describe('conservation of CPU time', () => {
  test('Σ vCPU running ns + Σ idle ns = pcpus × duration; each vCPU: run + wait + blocked = its lifetime', () => {
    fc.assert(
      fc.property(hostArb, (h) => {
        const r = runYaml(yamlOf(h));
        const dur = r.end_ns / 1e9;
        const cpu = r.domains.reduce((a, d) => a + d.cpu_seconds, 0);
        const idle = r.host.pcpu.reduce((a, p) => a + p.idle_seconds, 0);
        const busy = r.host.pcpu.reduce((a, p) => a + p.busy_seconds, 0);
        const tol = 1e-9 * r.events + 1e-5; // 1 ns per event, plus rounding of the Result
        expect(Math.abs(cpu + idle - h.pcpus * dur)).toBeLessThan(tol);
        expect(Math.abs(busy - cpu)).toBeLessThan(tol);
        for (const d of r.domains) {
          const life = (d.vcpus * (r.end_ns - Math.max(0, d.started_ns))) / 1e9;
          expect(Math.abs(d.cpu_seconds + d.wait_seconds + d.blocked_seconds - life)).toBeLessThan(tol + 1e-4);
          // Credit's time per priority covers exactly the running and runnable time.
          const p = d.priority_seconds;
          if (p !== undefined) expect(Math.abs(p.boost + p.under + p.over - d.cpu_seconds - d.wait_seconds)).toBeLessThan(tol + 1e-4);
        }
      }),
      { numRuns: 30 },
    );
  });

  test('determinism: the same scenario and seed give byte-identical Results', () => {
    fc.assert(
      fc.property(hostArb, (h) => {
        const y = yamlOf(h);
        expect(JSON.stringify(runYaml(y))).toBe(JSON.stringify(runYaml(y)));
      }),
      { numRuns: 10 },
    );
  });
});
