/** Generic CSV / one-value-per-line importer: the three shapes, percent detection, timestamps. */
import { describe, expect, test } from '@jest/globals';
import { importTraceText } from '../../sim/workload/traces/index.js';

function ok(r: ReturnType<typeof importTraceText>) {
  if ('errors' in r) throw new Error(JSON.stringify(r.errors));
  return r;
}

describe('CSV importer', () => {
  test('one fraction per line: kept as is, interval from the options or 5 minutes', () => {
    expect(ok(importTraceText('0.1\n0.5\n1.0\n', 'a', 'csv')).trace).toMatchObject({ cpu: [0.1, 0.5, 1.0], intervalNs: 300e9, refGhz: 1, refCores: 1 });
    expect(ok(importTraceText('0.1\n', 'a', 'csv', { intervalNs: 1e9 })).trace.intervalNs).toBe(1e9);
  });

  test('values above 1 are percentages, with a warning', () => {
    const r = ok(importTraceText('10\n50\n100\n', 'a', 'csv'));
    expect(r.trace.cpu).toEqual([0.1, 0.5, 1]);
    expect(r.warnings.join()).toMatch(/percentages/);
  });

  test('timestamp,value rows: interval is the median step (seconds)', () => {
    const r = ok(importTraceText('1000,0.2\n1060,0.4\n1120,0.6\n1300,0.1\n', 'a', 'csv'));
    expect(r.trace.intervalNs).toBe(60e9);
    expect(r.trace.cpu).toEqual([0.2, 0.4, 0.6, 0.1]);
    expect(r.warnings.join()).toMatch(/1 step/); // the 180 s gap
  });

  test('header row: columns found by name, % in the name means percent, ISO dates work', () => {
    const text = 'host;date;cpu %\nx;2011-03-03T00:00:00Z;20\nx;2011-03-03T00:05:00Z;40\nx;2011-03-03T00:10:00Z;5\n';
    const r = ok(importTraceText(text, 'a', 'csv'));
    expect(r.trace.cpu).toEqual([0.2, 0.4, 0.05]);
    expect(r.trace.intervalNs).toBe(300e9);
    expect(r.warnings).toEqual([]);
  });

  test('epoch milliseconds are recognised', () => {
    const r = ok(importTraceText('timestamp,util\n1376314846000,0.5\n1376314906000,0.25\n', 'a', 'csv'));
    expect(r.trace.intervalNs).toBe(60e9);
  });

  test('a header without a utilisation column is an error on line 1', () => {
    const r = importTraceText('a,b,c\n1,2,3\n', 'h.csv', 'csv');
    expect('errors' in r && r.errors.map((e) => e.line)).toEqual([1]);
  });

  test('bad rows: every one reported with its line (comments and blanks count as lines)', () => {
    const r = importTraceText('# comment\n1,0.5\n\n2,x\n3,-1\n4,0.5,9\nfoo,0.2\n', 'b.csv', 'csv');
    expect('errors' in r && r.errors.map((e) => e.line)).toEqual([4, 5, 6, 7]);
  });
});
