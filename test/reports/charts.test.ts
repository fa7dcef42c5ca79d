/**
 * Charts: specs the Vega editor opens, with ≤ MAX_ROWS rows of data, that render to SVG
 * in Node with the marks they promise; downsampling keeps the means; hour-of-day bars
 * are the mean utilisation of each hour.
 */
import { describe, expect, test } from '@jest/globals';
import { buckets, charts, MAX_ROWS, renderSvg, timeAxis, utilisationByHour } from '../../reports/charts.js';
import { greeboResult } from '../fixtures/result-fixture.js';

type Row = Record<string, number | string>;
const rowsOf = (spec: unknown): Row[] => ((spec as { data: { values: Row[] } }).data.values);

describe('chart specs', () => {
  const r = greeboResult();
  const list = charts(r);

  test('cpu, memory, latency and hour-of-day charts, each with a vega-lite $schema', () => {
    expect(list.map((c) => c.name)).toEqual(['cpu-by-domain', 'memory', 'latency-p95', 'utilisation-by-hour', 'scheduler']);
    for (const c of list) expect((c.spec as { $schema: string }).$schema).toMatch(/vega-lite\/v6\.json$/);
  });

  test(`no chart carries more than ${MAX_ROWS} rows, though the series has 1000 × 6`, () => {
    for (const c of list) expect(rowsOf(c.spec).length).toBeLessThanOrEqual(MAX_ROWS);
    expect(rowsOf(list[0].spec).length).toBeGreaterThan(1000); // downsampled, not gutted
  });

  test('a 42-day run is plotted in days', () => {
    const cpu = list[0].spec as { encoding: { x: { title: string } } };
    expect(cpu.encoding.x.title).toBe('time (days)');
    const ts = rowsOf(list[0].spec).map((x) => x.t as number);
    expect(Math.max(...ts)).toBeCloseTo(42.5, 6);
  });

  test('downsampling keeps each domain’s mean CPU (equal buckets of consecutive samples)', () => {
    const hexRows = rowsOf(list[0].spec).filter((x) => x.domain === 'hex');
    const mean = hexRows.reduce((a, x) => a + (x.cpu_pct as number), 0) / hexRows.length;
    const exact = (17024.3 / (42.5 * 86400)) * 100;
    expect(Math.abs(mean - exact) / exact).toBeLessThan(0.01);
  });

  test('no latency chart when no domain has a p95 sample', () => {
    const quiet = greeboResult({ points: 50 });
    for (const d of Object.values(quiet.series.domains)) d.p95_ms = d.p95_ms.map(() => null);
    expect(charts(quiet).map((c) => c.name)).toEqual(['cpu-by-domain', 'memory', 'utilisation-by-hour', 'scheduler']);
  });
});

describe('helpers', () => {
  test('buckets cover every index once, in order, at most max of them', () => {
    for (const [n, max] of [[1000, 333], [10, 50], [7, 3], [1, 1]] as const) {
      const b = buckets(n, max);
      expect(b.length).toBeLessThanOrEqual(max);
      expect(b[0][0]).toBe(0);
      expect(b[b.length - 1][1]).toBe(n);
      for (let i = 1; i < b.length; i++) expect(b[i][0]).toBe(b[i - 1][1]);
    }
  });

  test('time axis unit follows the span', () => {
    expect(timeAxis(42.5 * 86400e9).title).toBe('time (days)');
    expect(timeAxis(10 * 3600e9).title).toBe('time (hours)');
    expect(timeAxis(30 * 60e9).title).toBe('time (minutes)');
    expect(timeAxis(30e9).title).toBe('time (s)');
  });

  test('hour-of-day bars: the mean utilisation of the samples in each hour', () => {
    // 2 days of hourly samples; utilisation = hour / 100 on day one, 3 × that on day two.
    const r = greeboResult({ points: 48, durationNs: 2 * 86400e9 });
    r.series.host_util = r.series.t_ns.map((_, i) => ((i % 24) / 100) * (i < 24 ? 1 : 3));
    const bars = utilisationByHour(r);
    expect(bars).toHaveLength(24);
    for (const { hour, util_pct } of bars) expect(util_pct).toBeCloseTo(((hour / 100) * 2) * 100, 6);
  });
});

describe('SVG rendering', () => {
  test('each chart renders to an SVG with its marks and axis titles', async () => {
    const list = charts(greeboResult());
    const want: Record<string, string> = {
      'cpu-by-domain': 'mark-area',
      memory: 'mark-line',
      'latency-p95': 'mark-line',
      'utilisation-by-hour': 'mark-rect',
      scheduler: 'mark-rect',
    };
    for (const c of list) {
      const svg = await renderSvg(c.spec);
      expect(svg.startsWith('<svg')).toBe(true);
      expect(svg).toContain(want[c.name]);
      expect(svg).toMatch(/width="\d+(\.\d+)?"/);
      expect(Number(/width="([\d.]+)"/.exec(svg)![1])).toBeGreaterThan(100);
      if (c.name === 'cpu-by-domain') {
        expect(svg).toContain('time (days)');
        expect(svg).toContain('tepidmail'); // legend
        expect((svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(6); // an area per domain
      }
      if (c.name === 'utilisation-by-hour') expect((svg.match(/<path/g) ?? []).length).toBeGreaterThanOrEqual(24);
    }
  });

  test('the same spec gives the same bytes, whatever was rendered before', async () => {
    // The latency chart is clipped: its SVG holds a clip-path id from a counter global to vega.
    const [, , lat] = charts(greeboResult({ points: 200 }));
    const first = await renderSvg(lat.spec);
    expect(first).toMatch(/clip-path="url\(#clip\d+\)"/);
    await renderSvg(lat.spec);
    expect(await renderSvg(lat.spec)).toBe(first);
  });
});
