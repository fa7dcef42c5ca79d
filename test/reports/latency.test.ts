/** The latency table: one row per domain and kind that has samples, two-decimal ms. */
import { describe, expect, test } from '@jest/globals';
import { LATENCY_HEADER, latencyTable } from '../../reports/latency.js';
import { greeboResult } from '../fixtures/result-fixture.js';
import { tokens } from './columns.js';

describe('latencyTable', () => {
  test('requests and block I/O rows, values rounded to 0.01 ms under their headings', () => {
    const r = greeboResult();
    r.domains[1].requests = { count: 10, mean_ms: 1.005, p50_ms: 0.994, p95_ms: 7.126, p99_ms: 12, max_ms: 250.5 };
    const lines = latencyTable(r).trimEnd().split('\n');
    expect(lines[0]).toBe(LATENCY_HEADER);
    const hex = lines.find((l) => l.startsWith('hex') && l.includes('requests'))!;
    // The name column is text ("block I/O" has a space), so compare the numeric tail.
    expect(tokens(hex).slice(-6).map((t) => t.text)).toEqual(['10', '1.00', '0.99', '7.13', '12.00', '250.50']);
    const head = tokens(lines[0]).slice(-6);
    for (const line of lines.slice(1)) expect(tokens(line).slice(-6).map((t) => t.end)).toEqual(head.map((t) => t.end));
  });

  test('greebo: two request rows (hex, tepidmail) and a block I/O row per guest, none for Domain-0', () => {
    const rows = latencyTable(greeboResult()).trimEnd().split('\n').slice(1);
    expect(rows.filter((l) => l.includes(' requests ')).map((l) => tokens(l)[0].text)).toEqual(['hex', 'tepidmail']);
    expect(rows.filter((l) => l.includes(' block I/O ')).map((l) => tokens(l)[0].text)).toEqual(['hex', 'tepidmail', 'thinfaw', 'visit', 'william']);
  });

  test('empty when nothing was measured (or only zero-count summaries)', () => {
    const r = greeboResult();
    for (const d of r.domains) {
      delete d.requests;
      delete d.io.blk_latency;
    }
    r.domains[2].requests = { count: 0, mean_ms: 0, p50_ms: 0, p95_ms: 0, p99_ms: 0, max_ms: 0 };
    expect(latencyTable(r)).toBe('');
  });
});
