/**
 * formatText and renderOutputFiles: what `xensim run` prints and what `--out DIR` holds,
 * byte for byte the same for the same Result.
 */
import { describe, expect, test } from '@jest/globals';
import { formatText, renderOutputFiles } from '../../reports/index.js';
import type { Result } from '../../sim/stats/result.js';
import { greeboResult } from '../fixtures/result-fixture.js';

describe('formatText', () => {
  test('summary, blank line, xm list, then latency when some domain served requests', () => {
    const lines = formatText(greeboResult()).split('\n');
    expect(lines[0]).toBe('1.38% cpu utilisation over 42 days');
    expect(lines[1]).toBe('');
    expect(lines[2]).toBe('Name              Id  Mem(MB)  CPU  State  Time(s)  Console');
    expect(lines.slice(3, 9).map((l) => l.split(/ +/)[0])).toEqual(['Domain-0', 'hex', 'tepidmail', 'thinfaw', 'visit', 'william']);
    expect(lines[9]).toBe('');
    expect(lines[10]).toMatch(/^Name +What +Count +Mean\(ms\)/);
  });

  test('no latency table when no domain has requests; warnings last', () => {
    const r = greeboResult({ points: 10, warnings: ['run stopped at the event limit'] });
    for (const d of r.domains) delete d.requests;
    const text = formatText(r);
    expect(text).not.toContain('Mean(ms)');
    expect(text.trimEnd().split('\n').at(-1)).toBe('warning: run stopped at the event limit');
  });
});

describe('renderOutputFiles', () => {
  test('result.json, the CSVs, a .vl.json and .svg per chart, report.html only with html', async () => {
    const r = greeboResult({ points: 300 });
    const withHtml = await renderOutputFiles(r, { html: true });
    expect(Object.keys(withHtml).sort()).toEqual([
      'charts/cpu-by-domain.svg', 'charts/cpu-by-domain.vl.json',
      'charts/latency-p95.svg', 'charts/latency-p95.vl.json',
      'charts/memory.svg', 'charts/memory.vl.json',
      'charts/scheduler.svg', 'charts/scheduler.vl.json',
      'charts/utilisation-by-hour.svg', 'charts/utilisation-by-hour.vl.json',
      'domains.csv', 'report.html', 'result.json', 'series.csv',
    ]);
    const without = await renderOutputFiles(r, { html: false });
    expect('report.html' in without).toBe(false);
    expect(JSON.parse(withHtml['result.json'] as string) as Result).toEqual(r);
    expect((withHtml['result.json'] as string).endsWith('}\n')).toBe(true);
    const spec = JSON.parse(withHtml['charts/memory.vl.json'] as string) as { $schema: string };
    expect(spec.$schema).toContain('vega-lite');
  });

  test('same Result ⇒ identical bytes, every file (SVGs included), even after other renders', async () => {
    const a = await renderOutputFiles(greeboResult({ points: 400 }), { html: true });
    await renderOutputFiles(greeboResult({ points: 50, durationNs: 3600e9 }), { html: true });
    const b = await renderOutputFiles(greeboResult({ points: 400 }), { html: true });
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const k of Object.keys(a)) expect([k, b[k]]).toEqual([k, a[k]]);
  });
});
