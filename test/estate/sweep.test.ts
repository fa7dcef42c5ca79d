/**
 * A sweep of a several-host scenario sees every host: an axis on the second host's
 * pCPUs moves that host's figures and the estate's, not the first host's.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSweepText, runSweepRun } from '../../sim/experiment/index.js';
import { estateFigures } from '../../sim/experiment/metrics.js';
import { runYaml } from '../helpers/scenario.js';

const tmp = mkdtempSync(join(tmpdir(), 'xensim-estate-sweep-'));
const base = join(tmp, 'two-hosts.yaml');
writeFileSync(base, `name: two-hosts
duration: 4s
hosts:
  - { name: a, pcpus: 2, memory: 2G }
  - { name: b, pcpus: 2, memory: 2G }
dom0: { memory: 256M }
network: { bandwidth: 1Gbit }
domains:
  - { name: hog1, memory: 128, host: a, workload: cpu-hog }
  - { name: hog2, memory: 128, host: b, vcpus: 2, workload: cpu-hog }
  - { name: hog3, memory: 128, host: b, vcpus: 2, workload: cpu-hog }
`);

describe('sweep over a several-host scenario', () => {
  test('estate.* figures add up every host', () => {
    const r = runYaml(readFileSync(base, 'utf8'));
    const e = estateFigures(r);
    expect(e.hosts).toBe(2);
    expect(e.pcpus).toBe(4);
    // a: one hog on two pCPUs (50 %); b: four hog vCPUs on two pCPUs (100 %).
    expect(e.utilisation).toBeCloseTo(0.75, 2);
    expect(e.energy_kwh).toBeCloseTo(r.hosts[0].energy_kwh + r.hosts[1].energy_kwh, 9);
    expect(e.hosts_over_80pct).toBe(1);
  });

  test('an axis on the second host moves that host and the estate', () => {
    const text = `name: second-host\nbase: ${base}\nseed: 1\nreplications: 1\naxes:\n  hosts.b.pcpus: [2, 4]\nmetrics:\n  - host.utilisation\n  - hosts.b.utilisation\n  - estate.utilisation\n  - domains.hog2.cpu_seconds\n`;
    const loaded = loadSweepText(text, join(tmp, 's.sweep.yaml'), { readFile: (p) => readFileSync(p, 'utf8') });
    if ('errors' in loaded) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    const { description, cells } = loaded.plan;
    const [two, four] = [0, 1].map((k) => runSweepRun(description, cells[k], k).metrics);
    expect(two['host.utilisation']).toBeCloseTo(four['host.utilisation']!, 6);
    expect(two['hosts.b.utilisation']).toBeCloseTo(1, 2);
    expect(four['hosts.b.utilisation']).toBeCloseTo(1, 2);
    // hog2 gets half of 2 pCPUs, then its own two pCPUs.
    expect(two['domains.hog2.cpu_seconds']).toBeCloseTo(4, 1);
    expect(four['domains.hog2.cpu_seconds']).toBeCloseTo(8, 1);
    expect(two['estate.utilisation']).toBeCloseTo(0.75, 2);
    expect(four['estate.utilisation']).toBeCloseTo((2 * 0.5 + 4 * 1) / 6, 2);
  });

  test('an unknown estate figure is named with the ones there are', () => {
    const text = `name: bad\nbase: ${base}\nseed: 1\nreplications: 1\naxes:\n  hosts.b.pcpus: [2]\nmetrics:\n  - estate.speed\n`;
    const loaded = loadSweepText(text, join(tmp, 'bad.sweep.yaml'), { readFile: (p) => readFileSync(p, 'utf8') });
    expect('errors' in loaded && loaded.errors.map((e) => e.message).join('\n')).toMatch(/estate\.speed.*estate\.utilisation/);
  });
});
