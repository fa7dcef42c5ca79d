/**
 * `xentop -b` importer on a hand-written log in xentop.c's exact layout
 * (fixtures/xentop-b.txt, see fixtures/README.md): the expected series below are the
 * increments the fixture was built from, not the importer's output.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { importTrace, importTraceText } from '../../sim/workload/traces/index.js';

const FIXTURE = join(import.meta.dirname ?? '.', 'fixtures', 'xentop-b.txt');
const TEXT = readFileSync(FIXTURE, 'utf8');

function ok(r: ReturnType<typeof importTrace>) {
  if ('errors' in r) throw new Error(JSON.stringify(r.errors));
  return r;
}

const closeAll = (got: number[] | undefined, want: number[]): void => {
  expect(got).toHaveLength(want.length);
  want.forEach((w, i) => expect(got![i]).toBeCloseTo(w, 6));
};

describe('xentop -b importer', () => {
  test('one domain: CPU(%), memory and counter deltas per 3 s sample, first sample dropped', () => {
    const { trace, warnings } = ok(importTrace(FIXTURE, 'xentop', { domain: 'hex' }));
    expect(warnings).toEqual([]);
    expect(trace.intervalNs).toBe(3e9);
    expect(trace.refCores).toBe(1);
    closeAll(trace.cpu, [0.125, 0.3, 0.042, 0.5]);
    closeAll(trace.memMb, [255, 255, 128, 128]);
    closeAll(trace.netTxBps, [30, 60, 0, 300].map((k) => (k * 1024) / 3));
    closeAll(trace.netRxBps, [6, 12, 0, 48].map((k) => (k * 1024) / 3));
    closeAll(trace.diskReadBps, [600, 0, 1200, 60].map((s) => (s * 512) / 3));
    closeAll(trace.diskWriteBps, [48, 96, 0, 24].map((s) => (s * 512) / 3));
  });

  test('a 2-vCPU domain above 100 %: refCores = VCPUS; a long name matches its 10-character cut', () => {
    const { trace } = ok(importTrace(FIXTURE, 'xentop', { domain: 'webserver-01' }));
    expect(trace.refCores).toBe(2);
    closeAll(trace.cpu, [0.75, 0.4995, 0.0015, 1.0]);
    const again = ok(importTraceText(TEXT, 'x', 'xentop', { domain: 'webserver-' }));
    expect(again.trace.cpu).toEqual(trace.cpu);
  });

  test('Domain-0 with `no limit` / `n/a` columns parses; interval and refCores can be set', () => {
    const { trace } = ok(importTraceText(TEXT, 'x', 'xentop', { domain: 'Domain-0', intervalNs: 5e9, refCores: 4 }));
    expect(trace.intervalNs).toBe(5e9);
    closeAll(trace.cpu, [3.1, 8.7, 2.0, 11.4].map((p) => p / 100 / 4));
    closeAll(trace.memMb, [59, 59, 59, 59]);
  });

  test('several domains and none chosen, or an unknown one, is an error that lists them', () => {
    const r1 = importTraceText(TEXT, 'x', 'xentop');
    expect('errors' in r1 && r1.errors[0].message).toMatch(/Domain-0, hex, webserver-/);
    const r2 = importTraceText(TEXT, 'x', 'xentop', { domain: 'nope' });
    expect('errors' in r2 && r2.errors[0].message).toMatch(/no rows for domain 'nope'/);
  });

  test('-r (a header before every row) and -v/-n/-x detail lines change nothing', () => {
    const lines = TEXT.trimEnd().split('\n');
    const header = lines[0];
    const withR = lines.filter((l) => l !== header).flatMap((l) => [header, l]).join('\n');
    const withDetails = lines.flatMap((l) => (l.includes(' hex ') ? [l, 'VCPUs(sec):   0:      52731s', 'Net0 RX:   338104bytes     2201pkts        0err        0drop  TX:  1843022bytes     3011pkts        0err        0drop', 'VBD BlkBack 2049 [ 8: 1]  OO:        0   RD:   120344   WR:    80731   RSECT:    9328110   WSECT:    4120873'] : [l])).join('\n');
    const base = ok(importTraceText(TEXT, 'x', 'xentop', { domain: 'hex' })).trace;
    expect(ok(importTraceText(withR, 'x', 'xentop', { domain: 'hex' })).trace).toEqual(base);
    expect(ok(importTraceText(withDetails, 'x', 'xentop', { domain: 'hex' })).trace).toEqual(base);
  });

  test('a sample missing the domain is skipped with a warning', () => {
    const lines = TEXT.trimEnd().split('\n');
    const dropped = lines.filter((l, i) => !(i === 6 && l.includes(' hex '))).join('\n'); // hex of sample 2
    const r = ok(importTraceText(dropped, 'x', 'xentop', { domain: 'hex' }));
    expect(r.trace.cpu).toHaveLength(3);
    expect(r.warnings.join(' ')).toMatch(/missing from 1 of 5 samples/);
  });

  test('older xentop without VBD_RSECT/VBD_WSECT: no disk series, a warning', () => {
    const old = [
      '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR SSID',
      '       hex --b---        100    0.0     261120   24.9     262144      25.0     1    1     1000      500    2        0       10       10    0',
      '      NAME  STATE   CPU(sec) CPU(%)     MEM(k) MEM(%)  MAXMEM(k) MAXMEM(%) VCPUS NETS NETTX(k) NETRX(k) VBDS   VBD_OO   VBD_RD   VBD_WR SSID',
      '       hex -----r        101   33.3     261120   24.9     262144      25.0     1    1     1003      506    2        0       12       10    0',
    ].join('\n');
    const r = ok(importTraceText(old, 'old.txt', 'xentop'));
    expect(r.trace.diskReadBps).toBeUndefined();
    closeAll(r.trace.cpu, [0.333]);
    closeAll(r.trace.netTxBps, [1024]);
    expect(r.warnings.join(' ')).toMatch(/VBD_RSECT/);
  });

  test('bad rows are reported with their line numbers', () => {
    const lines = TEXT.trimEnd().split('\n');
    lines[6] = lines[6].replace('  12.5 ', '  abc. '); // line 7: hex, sample 2
    lines[10] = lines[10].replace(/ 0$/, ''); // line 11: hex, sample 3, a column short
    const r = importTraceText(lines.join('\n'), 'bad.txt', 'xentop', { domain: 'hex' });
    expect('errors' in r && r.errors.map((e) => e.line)).toEqual([7, 11]);
    expect('errors' in r && r.errors[0].message).toMatch(/CPU\(%\)/);
  });

  test('text without a header is not taken for xentop output', () => {
    const r = importTraceText('hello\nworld\n', 'x', 'xentop');
    expect('errors' in r && r.errors[0].message).toMatch(/header/);
  });
});
