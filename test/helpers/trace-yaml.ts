/**
 * A one-guest scenario replaying a four-interval trace (10 s each: 10 %, 20 %, 30 %,
 * 40 % of a 1 GHz pCPU) with 10-s samples, for the trace replay options' tests.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function fourIntervalTrace(prefix: string): string {
  const file = join(mkdtempSync(join(tmpdir(), prefix)), 'four.txt');
  writeFileSync(file, '10\n20\n30\n40\n');
  return file;
}

export function traceScenarioYaml(trace: string, name: string, workloadExtra: string, duration = '40s'): string {
  return `
name: ${name}
duration: ${duration}
sample: 10s
host: { pcpus: 1, cpu: { ghz: 1GHz, ipc: 1 }, memory: 1G }
dom0: { memory: 128M }
domains:
  - { name: vm, type: native, memory: 256, workload: { trace: ${trace}, format: planetlab, interval: 10s, ref_ghz: 1${workloadExtra} } }
`;
}
