/**
 * Charts as vega-lite specs (each also written as .vl.json, so it opens in the Vega
 * editor), rendered to SVG headlessly with vega's View.toSVG (no canvas, no browser).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, View } from 'vega';
import type { Result } from '../sim/stats/result.js';

export interface Chart {
  name: string;
  title: string;
  spec: TopLevelSpec;
}

const MAX_POINTS = 2000;

/** Time axis unit that keeps numbers readable. */
function timeUnit(result: Result): { div: number; label: string } {
  const s = result.end_ns / 1e9;
  if (s >= 3 * 86400) return { div: 86400e9, label: 'time (days)' };
  if (s >= 3 * 3600) return { div: 3600e9, label: 'time (hours)' };
  if (s >= 180) return { div: 60e9, label: 'time (minutes)' };
  return { div: 1e9, label: 'time (s)' };
}

/** Indexes of at most MAX_POINTS evenly spread samples per series. */
function picks(n: number, perPoint: number): number[] {
  const max = Math.max(2, Math.floor(MAX_POINTS / Math.max(1, perPoint)));
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const step = n / max;
  return Array.from({ length: max }, (_, i) => Math.floor(i * step));
}

const base = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', width: 640, height: 240 } as const;

export function charts(result: Result): Chart[] {
  const s = result.series;
  const tu = timeUnit(result);
  const names = Object.keys(s.domains);
  const idx = picks(s.t_ns.length, names.length);
  const t = (i: number): number => +(s.t_ns[i] / tu.div).toFixed(4);
  const cpuData = idx.flatMap((i) => names.map((n) => ({ t: t(i), domain: n, cpu: +(s.domains[n].cpu[i] * 100).toFixed(3) })));
  const memData = idx.flatMap((i) => names.flatMap((n) => [
    { t: t(i), domain: n, what: 'allocation', mb: s.domains[n].alloc_mb[i] },
    { t: t(i), domain: n, what: 'target', mb: s.domains[n].target_mb[i] },
    { t: t(i), domain: n, what: 'working set', mb: s.domains[n].ws_mb[i] },
  ]));
  const latData = idx.flatMap((i) => names.filter((n) => s.domains[n].p95_ms[i] !== null).map((n) => ({ t: t(i), domain: n, p95: s.domains[n].p95_ms[i] })));
  const hours = new Array<number>(24).fill(0), counts = new Array<number>(24).fill(0);
  s.t_ns.forEach((ns, i) => {
    const h = Math.floor(((ns - 1) % 86400e9) / 3600e9);
    hours[h] += s.host_util[i];
    counts[h]++;
  });
  const hourData = hours.map((v, h) => ({ hour: h, util: counts[h] > 0 ? +((v / counts[h]) * 100).toFixed(4) : 0 }));
  const out: Chart[] = [
    {
      name: 'cpu', title: 'CPU by domain (% of one pCPU)',
      spec: { ...base, title: 'CPU by domain', data: { values: cpuData }, mark: { type: 'area' },
        encoding: { x: { field: 't', type: 'quantitative', title: tu.label }, y: { field: 'cpu', type: 'quantitative', stack: 'zero', title: 'CPU (% of one pCPU)' }, color: { field: 'domain', type: 'nominal' } } },
    },
    {
      name: 'memory', title: 'Memory: allocation, balloon target, working set (MB)',
      spec: { ...base, title: 'Memory', data: { values: memData }, mark: { type: 'line' },
        encoding: { x: { field: 't', type: 'quantitative', title: tu.label }, y: { field: 'mb', type: 'quantitative', title: 'MB' }, color: { field: 'domain', type: 'nominal' }, strokeDash: { field: 'what', type: 'nominal' } } },
    },
    {
      name: 'utilisation-by-hour', title: 'Host utilisation by hour of day (%)',
      spec: { ...base, title: 'Host utilisation by hour of day', data: { values: hourData }, mark: { type: 'bar' },
        encoding: { x: { field: 'hour', type: 'ordinal', title: 'hour of day' }, y: { field: 'util', type: 'quantitative', title: 'utilisation (%)' } } },
    },
  ];
  if (latData.length > 0) {
    out.splice(2, 0, {
      name: 'latency', title: 'p95 response time by domain (ms)',
      spec: { ...base, title: 'p95 response time', data: { values: latData }, mark: { type: 'line', point: false },
        encoding: { x: { field: 't', type: 'quantitative', title: tu.label }, y: { field: 'p95', type: 'quantitative', title: 'p95 (ms)', scale: { type: 'log' } }, color: { field: 'domain', type: 'nominal' } } },
    });
  }
  return out;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
