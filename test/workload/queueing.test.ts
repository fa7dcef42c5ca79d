/**
 * Queueing theory: a domain with Poisson arrivals and exponential service alone on
 * one pCPU is an M/M/1 queue, E[T] = 1/(μ − λ); with 2 vCPUs on 2 pCPUs it is M/M/2
 * (Erlang C). 1.25 M requests at ρ = 0.8 keep the estimate's error well under 3 %.
 */
import { describe, expect, test } from '@jest/globals';
import { dom, runYaml } from '../helpers/scenario.js';

const GHZ = 2;
const SERVICE_INSTR = 2e6; // 1 ms at 2 GHz, ipc 1
const MU = (GHZ * 1e9) / SERVICE_INSTR;

const queue = (lambda: number, cpus: number, durationS: number) => `
name: mm${cpus}
seed: 11
duration: ${durationS}s
host: { pcpus: ${cpus}, cpu: { ghz: ${GHZ}GHz, ipc: 1 }, memory: 2G }
dom0: { memory: 256M, vcpus: 1 }
domains:
  - name: web
    memory: 256
    vcpus: ${cpus}
    workload:
      threads: ${cpus}
      arrivals: { poisson: ${lambda}/s }
      program: [ { forever: [ recv, begin, { cpu: exp(${SERVICE_INSTR}) }, end ] } ]
`;

/** Mean response time of M/M/c (Erlang C). */
function mmcResponse(lambda: number, mu: number, c: number): number {
  const a = lambda / mu;
  const rho = a / c;
  let sum = 0;
  let term = 1;
  for (let k = 0; k < c; k++) {
    if (k > 0) term *= a / k;
    sum += term;
  }
  const last = (term * a) / c / (1 - rho);
  const pWait = last / (sum + last);
  return pWait / (c * mu - lambda) + 1 / mu;
}

describe('M/M/1 and M/M/2', () => {
  test.each([0.5, 0.8])('M/M/1 at ρ = %p: mean response within 3 %% of 1/(μ−λ)', (rho) => {
    const lambda = rho * MU;
    const r = runYaml(queue(lambda, 1, rho === 0.5 ? 1000 : 1600));
    const req = dom(r, 'web').requests!;
    expect(req.count).toBeGreaterThan(400_000);
    const expected = 1 / (MU - lambda);
    expect(Math.abs(req.mean_ms / 1000 - expected) / expected).toBeLessThan(0.03);
    // the domain is busy ρ of the time
    expect(dom(r, 'web').cpu_seconds / (r.end_ns / 1e9)).toBeCloseTo(rho, 1);
  });

  test('M/M/2 (2 vCPUs on 2 pCPUs) at ρ = 0.8: within 5 % of Erlang C', () => {
    const lambda = 0.8 * 2 * MU;
    const r = runYaml(queue(lambda, 2, 600));
    const req = dom(r, 'web').requests!;
    const expected = mmcResponse(lambda, MU, 2);
    expect(Math.abs(req.mean_ms / 1000 - expected) / expected).toBeLessThan(0.05);
    // and it is not M/M/1 with one server twice as fast: that would be 1/(2μ−λ), shorter
    expect(req.mean_ms / 1000).toBeGreaterThan(1.05 / (2 * MU - lambda));
  });
});
