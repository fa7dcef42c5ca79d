/**
 * Interpreter benchmark: one `web` domain (the preset: Poisson requests, CPU with a
 * syscall mix, a response sent through netfront/netback) at CPU utilisation 0.8 on one
 * pCPU, reported as simulated requests per wall second. Every request runs the
 * workload interpreter, the scheduler, Dom0's backend and the NIC model.
 */
import { loadScenarioText, formatError } from '../sim/scenario/load.js';
import { runScenario } from '../sim/run.js';

export interface WebBenchResult {
  requests: number;
  utilisation: number;
  wallSeconds: number;
}

function scenario(rate: number, seconds: number): string {
  return `
name: web-bench
duration: ${seconds}s
host: { pcpus: 1, cpu: { ghz: 2GHz }, memory: 2G, nics: [ { name: eth0, bandwidth: 1Gbit } ], bridges: [ { name: br0, nic: eth0 } ] }
dom0: { memory: 512M }
domains:
  - { name: web, memory: 256, vif: [ 'bridge=br0' ], workload: { preset: web, rate: ${rate}/s, service: exp(2M), read_p: 0, response: 8K } }
`;
}

function run(rate: number, seconds: number) {
  const r = loadScenarioText(scenario(rate, seconds), 'web-bench.yaml');
  if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
  const t0 = process.hrtime.bigint();
  const res = runScenario(r.scenario);
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const web = res.domains.find((d) => d.name === 'web')!;
  return { requests: web.requests?.count ?? 0, utilisation: res.host.utilisation, wallSeconds };
}

/** Finds the rate that loads the pCPU to 0.8 (a pilot run), then times `seconds` of it. */
export function webBench(seconds = 300): WebBenchResult {
  const pilotRate = 100;
  const pilot = run(pilotRate, 60);
  const rate = Math.round((pilotRate * 0.8) / pilot.utilisation);
  return run(rate, seconds);
}
