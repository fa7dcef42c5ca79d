/**
 * The bundled maintenance scenario: xen1 is emptied onto xen2 one guest at a time; each
 * web guest's p95 before, during and after its move is in the Result and the report;
 * the charts show the hosts and the migration timeline.
 */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { charts, formatText, renderSvg } from '../../reports/index.js';
import { ROOT, runYaml } from '../helpers/scenario.js';

const yaml = readFileSync(resolve(ROOT, 'scenarios/migration-maintenance.yaml'), 'utf8');
const r = runYaml(yaml);

describe('migration-maintenance.yaml', () => {
  test('every guest leaves xen1, one at a time', () => {
    const ms = r.migrations!;
    expect(ms.map((m) => m.domain)).toEqual(['www1', 'www2', 'db', 'batch']);
    expect(ms.every((m) => m.outcome === 'completed' && m.from === 'xen1' && m.to === 'xen2' && m.reason === 'evacuate xen1')).toBe(true);
    for (let i = 1; i < ms.length; i++) expect(ms[i].start_ns).toBeCloseTo(ms[i - 1].end_ns!, 0);
    expect(r.hosts![0].guests).toEqual([]);
    expect(r.hosts![1].guests.sort()).toEqual(['batch', 'db', 'mail', 'www1', 'www2']);
    // xen1's CPU falls to its Dom0 once empty; xen2's memory fills.
    const s0 = r.hosts![0].series;
    expect(s0.util[s0.util.length - 1]).toBeLessThan(0.01);
    expect(r.hosts![1].series.guests_mb.at(-1)!).toBeGreaterThan(r.hosts![1].series.guests_mb[0] + 4000);
  });

  test('p95 latency before, during and after each web guest moves', () => {
    for (const name of ['www1', 'www2', 'db']) {
      const l = r.migrations!.find((m) => m.domain === name)!.latency!;
      expect(l.before!.count).toBeGreaterThan(100);
      expect(l.during!.count).toBeGreaterThan(10);
      expect(l.after!.count).toBeGreaterThan(100);
      // The migration stream shares eth0 with the responses: worse during, back after.
      expect(l.during!.p95_ms).toBeGreaterThan(l.before!.p95_ms);
      expect(l.after!.p95_ms).toBeLessThan(l.during!.p95_ms);
    }
    const text = formatText(r);
    expect(text).toMatch(/^Domain +From +To +Mode +Start\(s\) +Total\(s\) +Down\(ms\) +Sent\(MB\) Rounds  Outcome$/m);
    expect(text).toMatch(/^www1 +xen1>xen2 +\d+\.\d\d +\d+\.\d\d +\d+\.\d\d +\d+$/m);
    expect(text).toMatch(/^xen2 +4 +/m);
  });

  test('charts: hosts over time and the migration timeline', async () => {
    const cs = charts(r);
    const names = cs.map((c) => c.name);
    expect(names).toContain('hosts');
    expect(names).toContain('migrations');
    const svg = await renderSvg(cs.find((c) => c.name === 'migrations')!.spec);
    expect(svg).toContain('<svg');
    expect(svg).toContain('downtime');
  });
});
