/**
 * A generated scenario of many small guests on one big host, mostly idle with some light
 * web and mail workloads: the size test of `npm run bench -- soak` and of the e2e tests
 * (issue #24, "size without failure"). Generated in memory as YAML text.
 */
export interface SoakOptions {
  domains: number;
  /** Simulated time, e.g. '1h'. */
  duration: string;
  /** One guest in `lightEvery` runs a light web or mail workload (0: all idle). */
  lightEvery?: number;
}

export function soakScenarioYaml(o: SoakOptions): string {
  const n = o.domains;
  const light = o.lightEvery ?? 20;
  const pcpus = Math.max(4, Math.min(256, Math.ceil(n / 80)));
  const memMb = 1024 + n * 64;
  const lines = [
    `# soak: ${n} generated guests (${light > 0 ? `one in ${light} light web/mail, the rest idle` : 'all idle'}) on a ${pcpus}-pCPU host.`,
    'name: soak',
    'seed: 1',
    `duration: ${o.duration}`,
    'host:',
    `  pcpus: ${pcpus}`,
    '  cpu: { ghz: 2.4GHz, ipc: 1.0 }',
    `  memory: ${memMb}M`,
    'scheduler: { name: credit }',
    'dom0: { memory: 1024M, vcpus: 2, workload: idle }',
    'domains:',
  ];
  const width = String(n - 1).length;
  for (let i = 0; i < n; i++) {
    const id = String(i).padStart(width, '0');
    if (light > 0 && i % light === light - 1) {
      lines.push(i % (2 * light) === light - 1
        ? `  - { name: web${id}, memory: 48M, workload: { preset: web, rate: 1/s } }`
        : `  - { name: mail${id}, memory: 48M, workload: { preset: mail, rate: 0.2/s } }`);
    } else lines.push(`  - { name: idle${id}, memory: 48M, workload: idle }`);
  }
  return lines.join('\n') + '\n';
}
