/** The interpreter keeps a preempted burst's remaining work exactly, and control flow does what it says. */
import { describe, expect, test } from '@jest/globals';
import { dom, runYaml } from '../helpers/scenario.js';

describe('workload interpreter', () => {
  test('a fixed amount of work takes the same CPU time however often it is preempted', () => {
    const prog = `{ program: [ { loop: { count: 3, do: [ { cpu: 1G } ] } } ] }`;
    const alone = dom(runYaml(`
name: alone
duration: 30s
host: { pcpus: 1, cpu: { ghz: 1GHz }, memory: 1G }
dom0: { memory: 128M }
domains: [ { name: w, memory: 64, workload: ${prog} } ]
`), 'w');
    const shared = dom(runYaml(`
name: shared
duration: 30s
host: { pcpus: 1, cpu: { ghz: 1GHz }, memory: 1G }
dom0: { memory: 128M }
domains:
  - { name: w, memory: 64, workload: ${prog} }
  - { name: hog, memory: 64, workload: cpu-hog }
`), 'w');
    expect(alone.cpu_seconds).toBeCloseTo(3, 6);
    expect(shared.cpu_seconds).toBeCloseTo(3, 6);
    expect(shared.context_switches).toBeGreaterThan(50);
    expect(shared.instructions).toBe(alone.instructions);
  });

  test('choose follows its probabilities; loops run their count', () => {
    const r = runYaml(`
name: choose
seed: 3
duration: 100s
host: { pcpus: 1, cpu: { ghz: 1GHz }, memory: 1G }
dom0: { memory: 128M }
domains:
  - name: w
    memory: 64
    workload:
      program:
        - loop:
            count: 10000
            do:
              - choose:
                  - { p: 0.25, do: [ { cpu: 1M } ] }
                  - { p: 0.75, do: [ { cpu: 100K } ] }
`);
    // expected instructions: 10,000 × (0.25 × 1M + 0.75 × 100K) = 3.25e9 ± a few standard errors
    const instr = dom(r, 'w').instructions;
    const sd = Math.sqrt(10000 * 0.25 * 0.75) * 0.9e6;
    expect(Math.abs(instr - 3.25e9)).toBeLessThan(5 * sd);
  });
});
