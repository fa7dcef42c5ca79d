/**
 * Trace replay: each of the 60 PlanetLab sample files, replayed alone on a host as
 * fast as the trace's reference CPU, reproduces its utilisation in every 5-minute
 * interval within 2 percentage points.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { importTraceText } from '../../sim/workload/traces/index.js';
import { runYaml } from '../helpers/scenario.js';

const DIR = join(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'data', 'planetlab', '20110303');
const files = readdirSync(DIR).sort();

describe('PlanetLab traces', () => {
  test('there are 60 sample files and each imports as 288 values in [0, 1]', () => {
    expect(files.length).toBe(60);
    for (const f of files) {
      const r = importTraceText(readFileSync(join(DIR, f), 'utf8'), f, 'planetlab');
      if ('errors' in r) throw new Error(JSON.stringify(r.errors));
      expect(r.trace.cpu.length).toBe(288);
      expect(r.trace.intervalNs).toBe(300e9);
      for (const v of r.trace.cpu) expect(v >= 0 && v <= 1).toBe(true);
    }
  });

  test('every interval of every file is reproduced within 2 points', () => {
    let worst = 0;
    for (const f of files) {
      const expected = (readFileSync(join(DIR, f), 'utf8').trim().split('\n')).map(Number);
      const r = runYaml(`
name: replay
duration: 1d
sample: 5min
host: { pcpus: 1, cpu: { ghz: 1GHz, ipc: 1 }, memory: 1G }
dom0: { memory: 128M }
domains:
  - { name: vm, type: native, memory: 256, workload: { trace: ../shared/data/planetlab/20110303/${f}, format: planetlab, ref_ghz: 1, loop: false } }
`);
      const cpu = r.series.domains.vm.cpu;
      expect(cpu.length).toBe(288);
      cpu.forEach((c, i) => {
        worst = Math.max(worst, Math.abs(c * 100 - expected[i]));
      });
    }
    expect(worst).toBeLessThan(2);
  });

  test('bad rows are reported by line', () => {
    const r = importTraceText('10\n20\nabc\n30\n150\n', 'bad.txt', 'planetlab');
    expect('errors' in r && r.errors.map((e) => e.line)).toEqual([3, 5]);
  });
});
