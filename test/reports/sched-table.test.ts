/** The scheduler's table in the text report, the list layout by release, and the policy's CSV columns. */
import { describe, expect, test } from '@jest/globals';
import { formatText } from '../../reports/index.js';
import { schedCommand, schedTable } from '../../reports/sched-table.js';
import { domainsCsv } from '../../reports/csv.js';
import { greeboResult } from '../fixtures/result-fixture.js';

describe('scheduler tables', () => {
  test('credit without a release: xm sched-credit rows, as xm/main.py prints them', () => {
    const r = greeboResult();
    expect(schedCommand(r)).toBe('xm sched-credit');
    const lines = schedTable(r).split('\n');
    expect(lines[0]).toBe('Name                                ID Weight  Cap');
    const hex = r.domains.find((d) => d.name === 'hex')!;
    // "%(name)-32s %(domid)5s %(weight)6d %(cap)4d"
    expect(lines[2]).toBe(`${'hex'.padEnd(32)} ${String(hex.id).padStart(5)} ${String(hex.weight).padStart(6)} ${String(hex.cap).padStart(4)}`);
  });

  test('rtds on Xen 4.17: xl sched-rtds with period and budget in µs', () => {
    const r = greeboResult();
    r.scheduler = 'rtds';
    r.toolstack = 'xl';
    r.xen = '4.17';
    for (const d of r.domains) d.sched_params = { period_us: 10000, budget_us: d.id === 1 ? 2500 : 4000, extratime: d.id === 1 };
    expect(schedCommand(r)).toBe('xl sched-rtds');
    const lines = schedTable(r).split('\n');
    expect(lines[0]).toBe('Name                                ID    Period    Budget  Extratime');
    expect(lines[2]).toBe(`${'hex'.padEnd(33)}    1     10000      2500        yes`);
    expect(lines[3].endsWith('no')).toBe(true);
  });

  test('sedf: xm sched-sedf rows in ms with one decimal', () => {
    const r = greeboResult();
    r.scheduler = 'sedf';
    for (const d of r.domains) d.sched_params = { period_ms: 20, slice_ms: 5, latency_ms: 0, extratime: false, weight: 0 };
    const row = schedTable(r).split('\n')[2];
    expect(row).toBe(`${'hex'.padEnd(32)}     1      20.0       5.0     0.0      0      0`);
  });

  test('null and rr have no table', () => {
    const r = greeboResult();
    r.scheduler = 'null';
    expect(schedTable(r)).toBe('');
    expect(formatText(r)).not.toContain('Weight');
  });

  test('a release of Xen 4.1 or later lists domains as xl list does', () => {
    const r = greeboResult();
    expect(formatText(r).split('\n')[2]).toMatch(/^Name +Id +Mem\(MB\)/);
    r.toolstack = 'xl';
    expect(formatText(r).split('\n')[2]).toMatch(/^Name +ID +Mem VCPUs\tState\tTime\(s\)/);
  });
});

describe("the policy's CSV columns", () => {
  test('figures under the policy name and parameters become columns; domains without them get empty cells', () => {
    const r = greeboResult();
    r.scheduler = 'rtds';
    const hex = r.domains.find((d) => d.name === 'hex')! as unknown as Record<string, unknown>;
    hex.rtds = { deadline_misses: 7 };
    (hex as { sched_params?: Record<string, number | boolean> }).sched_params = { period_us: 10000, extratime: true };
    const csv = domainsCsv(r).split('\n');
    const header = csv[0].split(',');
    expect(header).toEqual(expect.arrayContaining(['rtds_deadline_misses', 'sched_period_us', 'sched_extratime']));
    const row = csv[2].split(',');
    expect(row[header.indexOf('rtds_deadline_misses')]).toBe('7');
    expect(row[header.indexOf('sched_extratime')]).toBe('1');
    expect(csv[1].split(',')[header.indexOf('rtds_deadline_misses')]).toBe('');
  });
});
