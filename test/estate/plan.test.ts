/**
 * `plan` of a several-host scenario: its guests onto the fewest hosts like one of its
 * hosts; candidates simulated in parallel give the same plan and table as one by one;
 * every planned host reports the room it has left.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planHosts } from '../../sim/experiment/plan.js';
import { scenarioPlanSpec } from '../../sim/experiment/plan-scenario.js';
import { ROOT, scenarioFrom } from '../helpers/scenario.js';

// Six guests of ~0.3 pCPU and 400 MB on three old hosts; the profile host (big) has
// 2 pCPUs and 2 GB: memory allows three guests a host, CPU (80 % of 2) five.
const guests = Array.from({ length: 6 }, (_, i) => `  - { name: g${i}, memory: 400, host: old${i % 3}, workload: { program: [ { forever: [ begin, { cpu: 3M }, end, { sleep: 7ms } ] } ] } }`).join('\n');
const yaml = `name: plan-estate
duration: 20s
hosts:
  - { name: big, pcpus: 2, cpu: { ghz: 1GHz }, memory: 2G }
  - { name: old0, pcpus: 1, memory: 1G }
  - { name: old1, pcpus: 1, memory: 1G }
  - { name: old2, pcpus: 1, memory: 1G }
dom0: { memory: 256M }
network: { bandwidth: 1Gbit }
domains:
${guests}
`;

describe('plan of a several-host scenario', () => {
  test('fewest hosts like `big`, the same in parallel as one by one, with each host\'s room', async () => {
    const s = scenarioFrom(yaml);
    const made = scenarioPlanSpec(s, { host: 'big', sloNs: new Map(), headroomCpu: 0.8, headroomMemory: 0.9 });
    if ('error' in made) throw new Error(made.error);
    const one = await planHosts(made.spec, undefined, undefined, 1);
    const three = await planHosts(made.spec, undefined, undefined, 3);
    expect(three).toEqual(one);
    expect(one.feasible).toBe(true);
    expect(one.hosts).toHaveLength(2);
    expect(one.lowerBound).toBe(2);
    expect(one.pcpusPerHost).toBe(2);
    for (const h of one.hosts) {
      expect(h.domains).toHaveLength(3);
      expect(h.headroom.memoryMb).toBeCloseTo((0.9 - h.check.memoryFraction) * 2048, 6);
      expect(h.headroom.cpuPcpus!).toBeCloseTo((0.8 - h.check.cpuP95!) * 2, 6);
      // Three guests of ~0.3 pCPU leave about 1.6 − 0.9 pCPUs.
      expect(h.headroom.cpuPcpus!).toBeGreaterThan(0.5);
      expect(h.headroom.cpuPcpus!).toBeLessThan(0.9);
    }
    expect(one.demands.every((d) => d.cpuPcpus > 0.25 && d.cpuPcpus < 0.35)).toBe(true);
  });

  test('an unknown --host or SLO guest is named', () => {
    const s = scenarioFrom(yaml);
    expect(scenarioPlanSpec(s, { host: 'nope', sloNs: new Map(), headroomCpu: 0.8, headroomMemory: 0.9 })).toEqual({ error: "--host 'nope': the scenario's hosts are big, old0, old1, old2" });
    const r = scenarioPlanSpec(s, { sloNs: new Map([['gx', 1e9]]), headroomCpu: 0.8, headroomMemory: 0.9 });
    expect('error' in r && r.error).toMatch(/no guest named 'gx'/);
  });

  test('the CLI plans a scenario file with --host, --slo and --duration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xensim-plan-'));
    const file = join(dir, 'estate.yaml');
    writeFileSync(file, yaml);
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'plan', file, '--host', 'big', '--slo', 'default=5s', '--duration', '5s', '--quiet', '--parallel', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^2 hosts \(lower bound 2\): hosts of 2 pCPU, 2048 MB/);
    expect(r.stdout).toMatch(/room \(pCPUs\)/);
    const bad = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'plan', file, '--slo', 'nonsense'], { encoding: 'utf8', timeout: 60_000 });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--slo 'nonsense': write NAME=DURATION/);
  });
});
