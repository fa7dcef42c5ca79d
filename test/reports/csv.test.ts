/**
 * CSV that a parser reads back without options: plain header with units, one row per
 * domain / per (time, domain) plus host rows, empty cells for missing values, and any
 * text (commas, quotes, newlines in names) surviving the round trip.
 */
import { describe, expect, test } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { domainsCsv, HOST_ROW, seriesCsv } from '../../reports/csv.js';
import { greeboResult } from '../fixtures/result-fixture.js';

type Row = Record<string, string>;
const read = (csv: string): Row[] => parse(csv, { columns: true }) as Row[];

describe('domains.csv', () => {
  const r = greeboResult();
  const rows = read(domainsCsv(r));

  test('one row per domain, header names carry units', () => {
    expect(rows).toHaveLength(6);
    const header = domainsCsv(r).split('\n')[0].split(',');
    for (const col of ['name', 'cpu_seconds', 'memory_mb', 'allocation_mb', 'requests_p95_ms', 'blk_p95_ms', 'wait_seconds', 'cpu_pct']) {
      expect(header).toContain(col);
    }
    expect(header.every((h) => /^[a-z][a-z0-9_]*$/.test(h))).toBe(true); // valid R/pandas names, no spaces
  });

  test("values are the Result's, and missing ones are empty cells", () => {
    const hex = rows.find((x) => x.name === 'hex')!;
    expect(Number(hex.cpu_seconds)).toBe(17024.3);
    expect(Number(hex.memory_mb)).toBe(255);
    expect(Number(hex.requests_p95_ms)).toBeCloseTo(r.domains[1].requests!.p95_ms, 9);
    const visit = rows.find((x) => x.name === 'visit')!;
    expect(visit.requests_count).toBe('');
    expect(visit.requests_p95_ms).toBe('');
    expect(Number(rows.find((x) => x.name === 'Domain-0')!.cpu_pct)).toBeCloseTo((11015.9 / (42.5 * 86400)) * 100, 5);
  });

  test('no comment or blank lines: every line but the last newline is a record', () => {
    const csv = domainsCsv(r);
    expect(csv.endsWith('\n')).toBe(true);
    expect(csv.trimEnd().split('\n')).toHaveLength(7);
    expect(csv.startsWith('#')).toBe(false);
  });

  test('any domain name survives the round trip', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 30 }), (name) => {
        const x = greeboResult({ points: 3 });
        x.domains[3].name = name;
        expect(read(domainsCsv(x))[3].name).toBe(name);
      }),
      { numRuns: 60 },
    );
  });
});

describe('series.csv', () => {
  const r = greeboResult();
  const csv = seriesCsv(r);
  const rows = read(csv);

  test('tidy header and a row per (sample, domain) plus one (host) row per sample', () => {
    expect(csv.split('\n')[0]).toBe('time_s,domain,cpu_pct,alloc_mb,target_mb,ws_mb,io_ops_per_s,p95_ms,host_util_pct,power_w,free_mb');
    expect(rows).toHaveLength(1000 * 7);
    expect(rows.filter((x) => x.domain === HOST_ROW)).toHaveLength(1000);
    expect(rows.filter((x) => x.domain === 'william')).toHaveLength(1000);
  });

  test('times are seconds; a domain’s mean cpu_pct × run time is its Time(s)', () => {
    const hex = rows.filter((x) => x.domain === 'hex');
    expect(Number(hex[hex.length - 1].time_s)).toBe(42.5 * 86400);
    const meanPct = hex.reduce((a, x) => a + Number(x.cpu_pct), 0) / hex.length;
    expect((meanPct / 100) * 42.5 * 86400).toBeCloseTo(17024.3, 0);
  });

  test('null p95 → empty cell; host columns empty on domain rows and domain columns empty on host rows', () => {
    const hex = rows.filter((x) => x.domain === 'hex');
    const nulls = r.series.domains.hex.p95_ms.filter((x) => x === null).length;
    expect(nulls).toBeGreaterThan(0);
    expect(hex.filter((x) => x.p95_ms === '')).toHaveLength(nulls);
    expect(rows.filter((x) => x.domain === 'visit').every((x) => x.p95_ms === '')).toBe(true);
    expect(rows.filter((x) => x.domain !== HOST_ROW).every((x) => x.power_w === '' && x.host_util_pct === '')).toBe(true);
    const host = rows.filter((x) => x.domain === HOST_ROW);
    expect(host.every((x) => x.cpu_pct === '' && x.power_w !== '')).toBe(true);
  });

  test('host utilisation % is the sum of the domains’ cpu % on a 1-pCPU host', () => {
    const at = rows.filter((x) => x.time_s === rows[0].time_s);
    const sum = at.filter((x) => x.domain !== HOST_ROW).reduce((a, x) => a + Number(x.cpu_pct), 0);
    expect(Number(at.find((x) => x.domain === HOST_ROW)!.host_util_pct)).toBeCloseTo(sum, 2);
  });
});
