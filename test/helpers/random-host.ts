/**
 * Test helper: random small hosts for property tests — 1 to 4 pCPUs, credit (exact or
 * sampled accounting) or round-robin, up to five domains of mixed workloads (CPU hogs,
 * on/off, busy and sparse web servers, idle), with weights, caps, a disk and a vif each — as scenario YAML.
 */
import fc from 'fast-check';

type Kind = 'cpu-hog' | 'onoff' | 'web' | 'idle' | 'sparse';

function hostOf(kinds: Kind[], durationMs: { min: number; max: number }, sample: string) {
  return fc.record({
    sample: fc.constant(sample),
    pcpus: fc.integer({ min: 1, max: 4 }),
    scheduler: fc.constantFrom('{ name: credit }', '{ name: credit, accounting: sampled }', '{ name: rr }'),
    durationMs: fc.integer(durationMs),
    seed: fc.integer({ min: 0, max: 1000 }),
    domains: fc.array(
      fc.record({
        vcpus: fc.integer({ min: 1, max: 3 }),
        weight: fc.integer({ min: 1, max: 1024 }),
        capPct: fc.integer({ min: 0, max: 100 }),
        kind: fc.constantFrom(...kinds),
      }),
      { minLength: 1, maxLength: 5 },
    ),
  });
}

export const hostArb = hostOf(['cpu-hog', 'onoff', 'web', 'idle', 'sparse'], { min: 200, max: 2000 }, '');

/**
 * Mostly idle hosts (idle guests and web servers at a few requests a second, each long
 * enough to meet a tick), run for seconds and sampled once a second.
 */
export const sparseHostArb = hostOf(['idle', 'sparse'], { min: 2000, max: 8000 }, 'sample: 1s');

export type HostCase = typeof hostArb extends fc.Arbitrary<infer T> ? T : never;

export function yamlOf(h: HostCase): string {
  const doms = h.domains.map((d, i) => {
    const cap = d.capPct === 0 ? 0 : Math.max(1, Math.round((d.capPct * d.vcpus) / 2));
    const w = d.kind === 'onoff'
      ? `{ program: [ { forever: [ { cpu: exp(1M) }, { sleep: exp(2ms) } ] } ] }`
      : d.kind === 'web' ? `{ preset: web, rate: 200/s }` : d.kind === 'sparse' ? `{ preset: web, rate: 4/s, service: exp(40M) }` : d.kind;
    return `  - { name: d${i}, memory: 64, vcpus: ${d.vcpus}, weight: ${d.weight}, cap: ${cap}, disk: ['phy:vg0/d${i},sda1,w'], vif: ['bridge=br0'], workload: ${w} }`;
  });
  return `
name: prop
seed: ${h.seed}
duration: ${h.durationMs}ms
${h.sample}
host: { pcpus: ${h.pcpus}, memory: 4G, disks: [ { name: vg0, kind: ssd } ], nics: [ { name: eth0 } ], bridges: [ { name: br0, nic: eth0 } ] }
scheduler: ${h.scheduler}
dom0: { memory: 512M, vcpus: 1 }
domains:
${doms.join('\n')}
`;
}
