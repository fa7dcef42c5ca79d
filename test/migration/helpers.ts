/** Two-host scenarios for the migration tests: YAML text with the parts that vary filled in. */
export interface TwoHostOptions {
  memoryMb?: number;
  linkBandwidth?: string;
  duration?: string;
  at?: string;
  live?: boolean;
  workload?: string;
  extraDomains?: string;
  migration?: string;
  hostMemory?: string;
}

export function twoHosts(o: TwoHostOptions = {}): string {
  return `
name: two-hosts
duration: ${o.duration ?? '60s'}
hosts:
  - { name: a, pcpus: 2, memory: ${o.hostMemory ?? '4G'} }
  - { name: b, pcpus: 2, memory: ${o.hostMemory ?? '4G'} }
dom0: { memory: 512M, vcpus: 1 }
network: { bandwidth: ${o.linkBandwidth ?? '1Gbit'}, latency: 100us }
${o.migration !== undefined ? `migration: ${o.migration}` : ''}
domains:
  - name: vm
    memory: ${o.memoryMb ?? 1024}
    host: a
    workload: ${o.workload ?? 'idle'}
${o.extraDomains ?? ''}
timeline:
  - { at: ${o.at ?? '10s'}, migrate: { domain: vm, to: b, live: ${o.live ?? true} } }
`;
}

/** A workload that touches `bytesPerTick` of a `ws` working set every 10 ms. */
export function dirtier(ws: string, bytesPerTick: number): string {
  return `{ program: [ { ws: ${ws} }, { forever: [ { touch: ${Math.round(bytesPerTick)} }, { sleep: 10ms } ] } ] }`;
}
