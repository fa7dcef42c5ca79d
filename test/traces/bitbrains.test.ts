/**
 * Bitbrains GWA-T-12 importer on the real vm.csv: 8,619 rows of 5 minutes, the
 * "header says ms but values are epoch seconds" warning, and each field converted as
 * docs/traces.md says (checked against an independent parse of chosen rows).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { importTrace, importTraceText } from '../../sim/workload/traces/index.js';

const FILE = join(import.meta.dirname ?? '.', '..', '..', '..', 'shared', 'data', 'bitbrains', 'vm.csv');

function ok(r: ReturnType<typeof importTrace>) {
  if ('errors' in r) throw new Error(JSON.stringify(r.errors.slice(0, 3)));
  return r;
}

describe('Bitbrains importer', () => {
  const { trace, warnings } = ok(importTrace(FILE, 'bitbrains'));
  const rows = readFileSync(FILE, 'utf8').trim().split('\n').slice(1).map((l) => l.split(';').map(Number));

  test('8,619 rows at a 300 s interval', () => {
    expect(trace.cpu).toHaveLength(8619);
    expect(rows).toHaveLength(8619);
    expect(trace.intervalNs).toBe(300e9);
    for (const k of ['memMb', 'diskReadBps', 'diskWriteBps', 'netRxBps', 'netTxBps'] as const) expect(trace[k]).toHaveLength(8619);
  });

  test('warns that the ms header holds epoch seconds, naming the date', () => {
    const w = warnings.find((x) => /epoch seconds/.test(x));
    expect(w).toBeDefined();
    expect(w).toContain('2013-08-12');
  });

  test('reference CPU is the provisioned cores × MHz; cpu agrees with the file\'s own CPU usage [%]', () => {
    expect(trace.refCores).toBe(rows[0][1]);
    expect(trace.refGhz).toBeCloseTo(rows[0][2] / rows[0][1] / 1000, 12);
    // Column 5 is the file's own percentage: an independent check of MHz / capacity.
    for (let i = 0; i < rows.length; i += 97) expect(trace.cpu[i]).toBeCloseTo(rows[i][4] / 100, 4);
  });

  test('memory KB → MB and throughputs KB/s → bytes/s', () => {
    for (const i of [0, 1, 4000, 8618]) {
      expect(trace.memMb![i]).toBeCloseTo(rows[i][6] / 1024, 9);
      expect(trace.diskReadBps![i]).toBeCloseTo(rows[i][7] * 1024, 6);
      expect(trace.diskWriteBps![i]).toBeCloseTo(rows[i][8] * 1024, 6);
      expect(trace.netRxBps![i]).toBeCloseTo(rows[i][9] * 1024, 6);
      expect(trace.netTxBps![i]).toBeCloseTo(rows[i][10] * 1024, 6);
    }
  });

  test('a file with real millisecond timestamps gets no warning and the right interval', () => {
    const text = 'Timestamp [ms];\tCPU cores;\tCPU capacity provisioned [MHZ];\tCPU usage [MHZ];\tCPU usage [%];\tMemory capacity provisioned [KB];\tMemory usage [KB];\tDisk read throughput [KB/s];\tDisk write throughput [KB/s];\tNetwork received throughput [KB/s];\tNetwork transmitted throughput [KB/s]\n'
      + '1376314846000;\t2;\t4000;\t1000;\t25;\t2097152;\t1048576;\t1;\t2;\t3;\t4\n'
      + '1376314906000;\t2;\t4000;\t3000;\t75;\t2097152;\t524288;\t0;\t0;\t0;\t0\n';
    const r = ok(importTraceText(text, 'ms.csv', 'bitbrains'));
    expect(r.warnings).toEqual([]);
    expect(r.trace.intervalNs).toBe(60e9);
    expect(r.trace.refCores).toBe(2);
    expect(r.trace.refGhz).toBe(2);
    expect(r.trace.cpu).toEqual([0.25, 0.75]);
    expect(r.trace.memMb).toEqual([1024, 512]);
  });

  test('overriding the reference keeps the MHz demanded (cpu × cores × GHz constant)', () => {
    const text = '1376314846;\t2;\t4000;\t1000;\t25;\t0;\t0;\t0;\t0;\t0;\t0\n1376315146;\t2;\t4000;\t2000;\t50;\t0;\t0;\t0;\t0;\t0;\t0\n';
    const r = ok(importTraceText(text, 'x.csv', 'bitbrains', { refGhz: 1, refCores: 4 }));
    expect(r.trace.cpu.map((c) => c * r.trace.refCores * r.trace.refGhz * 1000)).toEqual([1000, 2000]);
  });

  test('bad rows are reported by line, all of them', () => {
    const text = 'Timestamp [ms]; CPU cores\n1376314846;\t1;\t2600;\t19;\t0.7;\t2097152;\t110448;\t0;\t1.4;\t0;\t0\n'
      + '1376315146;\t1;\t2600\n'
      + '1376315446;\t1;\t2600;\tabc;\t0.7;\t2097152;\t110448;\t0;\t1.4;\t0;\t0\n'
      + '1376315746;\t1;\t2600;\t19;\t0.7;\t2097152;\t-5;\t0;\t1.4;\t0;\t0\n';
    const r = importTraceText(text, 'bad.csv', 'bitbrains');
    expect('errors' in r && r.errors.map((e) => [e.file, e.line])).toEqual([['bad.csv', 3], ['bad.csv', 4], ['bad.csv', 5]]);
  });
});
