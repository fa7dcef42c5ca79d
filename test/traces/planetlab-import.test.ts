/**
 * PlanetLab importer: every one of the 60 real sample files imports as a day of
 * 5-minute intervals with values in [0, 1] that are exactly the file's percentages / 100.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { importTrace } from '../../sim/workload/traces/index.js';

const DIR = join(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'data', 'planetlab', '20110303');
const files = readdirSync(DIR).sort();

describe('PlanetLab importer', () => {
  test('all 60 files import from disk with 288 intervals of 5 minutes, values in [0, 1]', () => {
    expect(files.length).toBe(60);
    for (const f of files) {
      const r = importTrace(join(DIR, f), 'planetlab');
      if ('errors' in r) throw new Error(`${f}: ${JSON.stringify(r.errors)}`);
      expect(r.trace.cpu).toHaveLength(288);
      expect(r.trace.intervalNs).toBe(300e9);
      expect(r.trace.refCores).toBe(1);
      expect(r.trace.refGhz).toBe(1);
      expect(r.warnings).toEqual([]);
      for (const v of r.trace.cpu) expect(v >= 0 && v <= 1).toBe(true);
      // Independent reading of the same file: each line's integer / 100.
      const expected = readFileSync(join(DIR, f), 'utf8').trim().split('\n').map((l) => Number(l) / 100);
      expect(r.trace.cpu).toEqual(expected);
    }
  });

  test('interval and reference CPU can be overridden', () => {
    const r = importTrace(join(DIR, files[0]), 'planetlab', { intervalNs: 60e9, refGhz: 2.66, refCores: 2 });
    if ('errors' in r) throw new Error('unexpected errors');
    expect(r.trace.intervalNs).toBe(60e9);
    expect(r.trace.refGhz).toBe(2.66);
    expect(r.trace.refCores).toBe(2);
  });
});
