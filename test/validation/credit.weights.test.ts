/**
 * "Weights 128:256:512 share one pCPU 1:2:4" — Xen's documented meaning of weight
 * (xl sched-credit(1)): three always-busy single-vCPU domains on 1 pCPU for 60
 * simulated seconds, on a bare host (test/helpers/host-builder.ts) and once more
 * through the scenario loader. Round robin ignores weights: equal thirds.
 */
import { describe, expect, test } from '@jest/globals';
import { buildHost, cpuShare } from '../helpers/host-builder.js';
import type { SchedulerSpec } from '../../sim/scenario/types.js';
import { runYaml, share } from '../helpers/scenario.js';

const HORIZON_NS = 60e9;

function shares(scheduler: SchedulerSpec): number[] {
  const b = buildHost({ pcpus: 1, scheduler, domains: [{ weight: 128 }, { weight: 256 }, { weight: 512 }] });
  b.run(HORIZON_NS);
  return b.domains.map((d) => cpuShare(d, HORIZON_NS));
}

function expectRatiosNearTwo([a, b, c]: number[]): void {
  expect(b / a).toBeGreaterThan(1.8);
  expect(b / a).toBeLessThan(2.2);
  expect(c / b).toBeGreaterThan(1.8);
  expect(c / b).toBeLessThan(2.2);
}

describe('credit weights on a bare host', () => {
  test('Xen 3.x accounting (sampled): shares 1/7, 2/7, 4/7 within ±1 point', () => {
    const [a, b, c] = shares({ name: 'credit', accounting: 'sampled' });
    expect(Math.abs(a - 1 / 7)).toBeLessThan(0.01);
    expect(Math.abs(b - 2 / 7)).toBeLessThan(0.01);
    expect(Math.abs(c - 4 / 7)).toBeLessThan(0.01);
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
    expectRatiosNearTwo([a, b, c]);
    expect(a + b + c).toBeCloseTo(1, 6); // work conserving: the pCPU is never idle
  });

  test('Xen ≥ 4 exact accounting: shares within ±1.5 points, ratios within 10 % of 2', () => {
    // ±1.5 rather than ±1: the heaviest domain loses about 1.2 points (measured
    // 14.85 / 29.25 / 55.90 %). When a vCPU holds more than one period's credit (300) at
    // accounting, csched_acct halves it and drops the vCPU from the active list ("Upper
    // bound on credits" in credit.c); it only rejoins at a tick that finds it running.
    // The 512-weight domain, waiting a 30 ms slice behind another UNDER vCPU, sometimes
    // crosses 300 and forfeits credit. That is credit1's behaviour, not model noise.
    const [a, b, c] = shares({ name: 'credit' });
    expect(Math.abs(a - 1 / 7)).toBeLessThan(0.015);
    expect(Math.abs(b - 2 / 7)).toBeLessThan(0.015);
    expect(Math.abs(c - 4 / 7)).toBeLessThan(0.015);
    expect(a).toBeLessThan(b);
    expect(b).toBeLessThan(c);
    expectRatiosNearTwo([a, b, c]);
    expect(a + b + c).toBeCloseTo(1, 6);
  });

  test('round robin ignores weights: equal thirds within ±1 point', () => {
    for (const s of shares({ name: 'rr' })) expect(Math.abs(s - 1 / 3)).toBeLessThan(0.01);
  });
});

describe('credit weights through the scenario loader (with an idle Dom0)', () => {
  const hogs = (scheduler: string) => `
name: weights
duration: 60s
host: { pcpus: 1, memory: 2G }
scheduler: ${scheduler}
dom0: { memory: 256M }
domains:
  - { name: a, memory: 128, weight: 128, workload: cpu-hog }
  - { name: b, memory: 128, weight: 256, workload: cpu-hog }
  - { name: c, memory: 128, weight: 512, workload: cpu-hog }
`;

  test('sampled: 1/7, 2/7, 4/7 within ±1 point', () => {
    const r = runYaml(hogs('{ name: credit, accounting: sampled }'));
    expect(Math.abs(share(r, 'a') - 1 / 7)).toBeLessThan(0.01);
    expect(Math.abs(share(r, 'b') - 2 / 7)).toBeLessThan(0.01);
    expect(Math.abs(share(r, 'c') - 4 / 7)).toBeLessThan(0.01);
  });

  test('exact: within ±1.5 points, ratios within 10 % of 2', () => {
    const r = runYaml(hogs('{ name: credit }'));
    const s = ['a', 'b', 'c'].map((n) => share(r, n));
    expect(Math.abs(s[0] - 1 / 7)).toBeLessThan(0.015);
    expect(Math.abs(s[1] - 2 / 7)).toBeLessThan(0.015);
    expect(Math.abs(s[2] - 4 / 7)).toBeLessThan(0.015);
    expectRatiosNearTwo(s);
  });

  test('rr: equal thirds within ±1 point', () => {
    const r = runYaml(hogs('{ name: rr }'));
    for (const n of ['a', 'b', 'c']) expect(Math.abs(share(r, n) - 1 / 3)).toBeLessThan(0.01);
  });
});
