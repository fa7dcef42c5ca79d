/**
 * report.html as a planner's page (#25): the first screen holds the headline and the
 * cards; power is marked assumed when the scenario gave none; one colour per domain in
 * every chart (an explicit scale), stable from run to run; at most MAX_SHOWN domains by
 * name + "others" at 1,000 domains; no hour-of-day chart under a day; no working-set line
 * for a workload without one; the CPU stack smoothed; tables after the charts, xentop whole.
 */
import { describe, expect, test } from '@jest/globals';
import { charts, CPU_POINTS, MAX_ROWS } from '../../reports/charts.js';
import { domainSelection, MAX_SHOWN, PALETTE } from '../../reports/colours.js';
import { energyText, peakOf, runCards } from '../../reports/planner.js';
import { renderOutputFiles, xentop } from '../../reports/index.js';
import type { Result } from '../../sim/stats/result.js';
import { greeboResult } from '../fixtures/result-fixture.js';

type Spec = Record<string, unknown>;
interface ColourEnc { field: string; scale?: { domain: string[]; range: string[] } }
const rowsOf = (spec: unknown): Record<string, unknown>[] => (spec as { data: { values: Record<string, unknown>[] } }).data.values;
function colourOf(spec: Spec): ColourEnc | undefined {
  const enc = (spec.encoding ?? (spec.spec as Spec | undefined)?.encoding) as { color?: ColourEnc } | undefined;
  return enc?.color;
}

/** greebo with `extra` more guests (guest-1 … guest-N), each with its own series. */
function manyDomains(extra: number): Result {
  const r = greeboResult({ points: 200 });
  const base = r.domains[5];
  const s = r.series.domains[base.name];
  for (let k = 1; k <= extra; k++) {
    const name = `guest-${k}`;
    const f = (k % 17) / 17;
    r.domains.push({ ...base, id: 5 + k, name, cpu_seconds: base.cpu_seconds * f });
    r.series.domains[name] = { ...s, cpu: s.cpu.map((c) => c * f), ws_mb: s.ws_mb.map(() => 0) };
  }
  return r;
}

describe('colours', () => {
  test('one colour per domain in every chart, from an explicit scale', () => {
    const r = greeboResult({ points: 300 });
    const seen = new Map<string, string>();
    let scaled = 0;
    for (const c of charts(r)) {
      const colour = colourOf(c.spec as unknown as Spec);
      if (colour?.field !== 'domain') continue;
      scaled++;
      expect(colour.scale).toBeDefined();
      expect(colour.scale!.domain.length).toBe(colour.scale!.range.length);
      colour.scale!.domain.forEach((d, i) => {
        if (seen.has(d)) expect(colour.scale!.range[i]).toBe(seen.get(d));
        seen.set(d, colour.scale!.range[i]);
      });
    }
    expect(scaled).toBe(3); // cpu, memory, latency
    expect(new Set(seen.values()).size).toBe(seen.size); // six domains, six colours
    expect(seen.get('Domain-0')).toBe(PALETTE[0]);
  });

  test('a domain keeps its colour from run to run: by place, not by rank', () => {
    const a = manyDomains(4); // 10 domains: all shown
    const b = manyDomains(4);
    for (const d of b.domains) d.cpu_seconds = 1000 - d.id; // other ranks
    const sa = domainSelection(a), sb = domainSelection(b);
    expect(sb.scale).toEqual(sa.scale);
    // Beyond MAX_SHOWN, the same busiest set gives the same colours.
    const c = manyDomains(40), d = manyDomains(40);
    expect(domainSelection(d).scale).toEqual(domainSelection(c).scale);
  });
});

describe('1,000 domains', () => {
  const r = manyDomains(994);
  const list = charts(r);

  test(`at most ${MAX_SHOWN} domains by name plus "others", every chart under ${MAX_ROWS} rows`, () => {
    const sel = domainSelection(r);
    expect(sel.shown).toHaveLength(MAX_SHOWN);
    expect(sel.shown[0]).toBe('Domain-0');
    expect(sel.othersLabel).toBe(`others (${1000 - MAX_SHOWN} domains)`);
    for (const c of list) {
      expect(rowsOf(c.spec).length).toBeLessThanOrEqual(MAX_ROWS);
      const names = new Set(rowsOf(c.spec).map((x) => x.domain).filter((x) => x !== undefined));
      expect(names.size).toBeLessThanOrEqual(MAX_SHOWN + 1);
    }
  });

  test('"others" carries the rest of the CPU: the stack still adds up', () => {
    const cpu = list.find((c) => c.name === 'cpu-by-domain')!;
    const rows = rowsOf(cpu.spec) as { domain: string; cpu_pct: number }[];
    const meanStack = rows.reduce((a, x) => a + x.cpu_pct, 0) / (rows.length / (MAX_SHOWN + 1));
    const exact = (r.domains.reduce((a, d) => a + d.cpu_seconds, 0) / (r.end_ns / 1e9)) * 100;
    expect(Math.abs(meanStack - exact) / exact).toBeLessThan(0.05);
  });
});

describe('charts follow the run', () => {
  test('no hour-of-day chart for a run under a day; one from a day on', () => {
    expect(charts(greeboResult({ points: 100, durationNs: 3600e9 })).map((c) => c.name)).not.toContain('utilisation-by-hour');
    expect(charts(greeboResult({ points: 100, durationNs: 86400e9 })).map((c) => c.name)).toContain('utilisation-by-hour');
  });

  test('no working-set line for a domain whose workload has none', () => {
    const r = greeboResult({ points: 100 });
    r.series.domains.visit.ws_mb = r.series.domains.visit.ws_mb.map(() => 0);
    const mem = charts(r).find((c) => c.name === 'memory')!;
    const rows = rowsOf(mem.spec) as { domain: string; what: string }[];
    expect(rows.some((x) => x.domain === 'visit' && x.what === 'working set')).toBe(false);
    expect(rows.some((x) => x.domain === 'hex' && x.what === 'working set')).toBe(true);
  });

  test('the CPU stack is smoothed: at most one point a second and at most CPU_POINTS', () => {
    const short = greeboResult({ points: 1500, durationNs: 60e9 });
    const cpu = charts(short)[0];
    const hex = rowsOf(cpu.spec).filter((x) => x.domain === 'hex');
    expect(hex.length).toBeLessThanOrEqual(60);
    expect(rowsOf(charts(greeboResult())[0].spec).filter((x) => x.domain === 'hex').length).toBeLessThanOrEqual(CPU_POINTS);
  });

  test('every chart has titled axes (units)', () => {
    for (const c of charts(greeboResult({ points: 100 }))) {
      const enc = ((c.spec as unknown as Spec).encoding ?? ((c.spec as unknown as Spec).spec as Spec).encoding) as Record<string, { title?: string }>;
      expect(enc.x.title).toMatch(/\(|hour of day/);
      expect(enc.y.title).toMatch(/\(.+\)/);
    }
  });
});

describe('cards', () => {
  test('CPU mean, peak hour and headroom in pCPUs; memory; power; requests', () => {
    const cards = runCards(greeboResult());
    expect(cards.map((c) => c.title)).toEqual(['CPU', 'Memory (at the end)', 'Power and energy', 'Requests']);
    expect(cards[0].lines!.join('\n')).toMatch(/peak hour: [\d.]+ % \(day \d+, \d\d:00–\d\d:00\)/);
    expect(cards[0].lines!.join('\n')).toMatch(/headroom at the peak: 0\.9\d pCPUs/);
    expect(cards[1].big).toMatch(/MB allocated/);
    expect(cards[2].assumed).toBeUndefined();
  });

  test('power marked assumed when the scenario gave no power figures', () => {
    const r = greeboResult({ points: 100, durationNs: 60e9 });
    r.host.power_assumed = true;
    r.hosts[0].power_assumed = true;
    const power = runCards(r)[2];
    expect(power.assumed).toMatch(/no power figures.*140 W idle and 220 W/);
  });

  test('energy in a unit that shows it: not "0.00 kWh" for a short run', () => {
    expect(energyText(143.93)).toBe('143.9 kWh');
    expect(energyText(2.5)).toBe('2.50 kWh');
    expect(energyText(0.00367)).toBe('3.67 Wh');
    expect(energyText(0.000512)).toBe('0.512 Wh');
  });

  test('peak: the busiest clock hour of a run of hours, the busiest sample of a short one', () => {
    const t = Array.from({ length: 12 }, (_, i) => (i + 1) * 1800e9); // 6 h in half hours
    const u = [0.1, 0.1, 0.2, 0.2, 0.9, 0.7, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];
    expect(peakOf(t, u, 6 * 3600e9)).toEqual({ util: 0.8, kind: 'hour', startNs: 2 * 3600e9 });
    expect(peakOf([1e9, 2e9, 3e9], [0.2, 0.5, 0.3], 3e9)).toEqual({ util: 0.5, kind: 'sample', startNs: 1e9 });
  });
});

describe('the page', () => {
  test('headline, lede and cards first; charts; tables last with xentop whole; print stylesheet', async () => {
    const r = greeboResult();
    const page = (await renderOutputFiles(r, { html: true }))['report.html'] as string;
    const at = (s: string): number => page.indexOf(s);
    expect(at('id="summary"')).toBeGreaterThan(0);
    expect(at('class="lede"')).toBeGreaterThan(at('id="summary"'));
    expect(at('id="cards"')).toBeGreaterThan(at('class="lede"'));
    expect(at('<figure class="chart"')).toBeGreaterThan(at('id="cards"'));
    expect(at('id="xm-list"')).toBeGreaterThan(page.lastIndexOf('<figure class="chart"'));
    for (const line of xentop(r).trimEnd().split('\n')) expect(page).toContain(line.replace(/&/g, '&amp;'));
    expect(page).toContain('VBD_WSECT');
    expect(page).toMatch(/@media print\{/);
    expect(page).not.toMatch(/host host:/);
  });

  test('a host named "host" reads "host: 2 pCPUs…", not "host host:"', async () => {
    const r = greeboResult({ points: 50, durationNs: 60e9 });
    r.host.name = 'host';
    const page = (await renderOutputFiles(r, { html: true }))['report.html'] as string;
    expect(page).toMatch(/host: 1 pCPU @ 2\.8 GHz/);
    expect(page).not.toMatch(/host host/);
  });
});
