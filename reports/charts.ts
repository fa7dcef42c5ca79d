/**
 * Charts as vega-lite specs (each also written as .vl.json, so it opens in the Vega
 * editor), rendered to SVG headlessly with vega's View.toSVG (renderer 'none': no
 * canvas, no browser). The data is inlined in each spec, at most MAX_ROWS rows per
 * chart: long series are cut into equal buckets of consecutive samples — means for CPU
 * and memory (so the area under the curve stays right), the largest value for p95
 * (a mean of p95s is no percentile; the worst one is what a reader looks for).
 */
import { compile, type TopLevelSpec } from 'vega-lite';
import { parse, resetSVGDefIds, View } from 'vega';
import type { Result } from '../sim/stats/result.js';
import { domainSelection, type DomainSelection } from './colours.js';
import { schedulerChart } from './sched-chart.js';

export interface Chart {
  /** File stem: charts/<name>.vl.json and charts/<name>.svg. */
  name: string;
  title: string;
  spec: TopLevelSpec;
}

/** Rows of inline data per chart; keeps the SVG light and the lines readable. */
export const MAX_ROWS = 2000;

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const WIDTH = 640;
const HEIGHT = 240;
const NS_PER_HOUR = 3600e9;
const NS_PER_DAY = 86400e9;

export interface TimeAxis {
  divNs: number;
  title: string;
}

/** Days for runs of two days or more, then hours, minutes, seconds. */
export function timeAxis(spanNs: number): TimeAxis {
  if (spanNs >= 2 * NS_PER_DAY) return { divNs: NS_PER_DAY, title: 'time (days)' };
  if (spanNs >= 2 * NS_PER_HOUR) return { divNs: NS_PER_HOUR, title: 'time (hours)' };
  if (spanNs >= 120e9) return { divNs: 60e9, title: 'time (minutes)' };
  return { divNs: 1e9, title: 'time (s)' };
}

/** Consecutive index ranges [start, end) covering 0..n, at most `max` of them. */
export function buckets(n: number, max: number): [number, number][] {
  const k = Math.max(1, Math.min(n, Math.floor(max)));
  const out: [number, number][] = [];
  for (let b = 0; b < k; b++) {
    const start = Math.floor((b * n) / k);
    const end = Math.floor(((b + 1) * n) / k);
    if (end > start) out.push([start, end]);
  }
  return out;
}

function mean(v: readonly number[], [s, e]: [number, number]): number {
  let sum = 0;
  for (let i = s; i < e; i++) sum += v[i];
  return sum / (e - s);
}

function maxOrNull(v: readonly (number | null)[], [s, e]: [number, number]): number | null {
  let m: number | null = null;
  for (let i = s; i < e; i++) {
    const x = v[i];
    if (x !== null && x !== undefined && (m === null || x > m)) m = x;
  }
  return m;
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/**
 * Points per series in the CPU chart. The scheduler hands out 30 ms slices and the
 * collector samples every interval, so one sample is a slice or none: averaged over
 * wider buckets the stack is smooth, and 240 points still fill the chart's 640 px.
 */
export const CPU_POINTS = 240;

/** At most CPU_POINTS, and no bucket under a second (33 slices): a one-minute run gets 60 points. */
export function cpuPoints(result: Result): number {
  return Math.max(1, Math.min(CPU_POINTS, Math.floor(result.end_ns / 1e9)));
}

/** Sum of the named domains' series `key` over bucket b (the "others" series). */
function sumMean(result: Result, names: readonly string[], key: 'cpu' | 'alloc_mb' | 'target_mb' | 'ws_mb', b: [number, number]): number {
  let sum = 0;
  for (const n of names) sum += mean(result.series.domains[n][key], b);
  return sum;
}

export function cpuChart(result: Result, sel: DomainSelection = domainSelection(result)): Chart {
  const s = result.series;
  const series = sel.othersLabel === '' ? sel.shown : [...sel.shown, sel.othersLabel];
  const axis = timeAxis(result.end_ns);
  const rows = buckets(s.t_ns.length, Math.min(cpuPoints(result), MAX_ROWS / Math.max(1, series.length))).flatMap((b) =>
    series.map((domain) => ({
      t: r4(s.t_ns[b[1] - 1] / axis.divNs),
      domain,
      cpu_pct: r4((domain === sel.othersLabel ? sumMean(result, sel.others, 'cpu', b) : mean(s.domains[domain].cpu, b)) * 100),
    })),
  );
  return {
    name: 'cpu-by-domain',
    title: 'CPU by domain (% of one pCPU, stacked)',
    spec: {
      $schema: SCHEMA, title: 'CPU by domain', width: WIDTH, height: HEIGHT, background: 'white',
      data: { values: rows },
      mark: { type: 'area', interpolate: 'monotone' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: axis.title, scale: { domain: [0, r4(result.end_ns / axis.divNs)], nice: false } },
        y: { field: 'cpu_pct', type: 'quantitative', stack: 'zero', title: 'CPU (% of one pCPU)' },
        color: { field: 'domain', type: 'nominal', sort: series, scale: sel.scale, title: 'domain' },
        order: { field: 'order', type: 'quantitative' },
      },
      transform: [{ calculate: `indexof(${JSON.stringify(series)}, datum.domain)`, as: 'order' }],
    },
  };
}

/** True when the domain's workload has a working set (some sample above 0 MB). */
function hasWorkingSet(result: Result, name: string): boolean {
  return result.series.domains[name].ws_mb.some((x) => x > 0);
}

export function memoryChart(result: Result, sel: DomainSelection = domainSelection(result)): Chart {
  const s = result.series;
  const series = sel.othersLabel === '' ? sel.shown : [...sel.shown, sel.othersLabel];
  const axis = timeAxis(result.end_ns);
  const measures = [['allocation', 'alloc_mb'], ['target', 'target_mb'], ['working set', 'ws_mb']] as const;
  // No working-set line for a workload without one (a line at 0 MB would say it has none in use).
  const withWs = new Set(series.filter((n) => (n === sel.othersLabel ? sel.others.some((o) => hasWorkingSet(result, o)) : hasWorkingSet(result, n))));
  const lines = series.reduce((k, n) => k + (withWs.has(n) ? 3 : 2), 0);
  const shownMeasures = measures.map((m) => m[0] as string).filter((m) => m !== 'working set' || withWs.size > 0);
  const rows = buckets(s.t_ns.length, Math.min(cpuPoints(result), MAX_ROWS / Math.max(1, lines))).flatMap((b) =>
    series.flatMap((domain) =>
      measures
        .filter(([what]) => what !== 'working set' || withWs.has(domain))
        .map(([what, key]) => ({
          t: r4(s.t_ns[b[1] - 1] / axis.divNs),
          domain,
          what,
          mb: r4(domain === sel.othersLabel ? sumMean(result, sel.others, key, b) : mean(s.domains[domain][key], b)),
        })),
    ),
  );
  return {
    name: 'memory',
    title: `Memory by domain: allocation, balloon target${withWs.size > 0 ? ', working set' : ''} (MB)`,
    spec: {
      $schema: SCHEMA, title: 'Memory by domain', background: 'white',
      data: { values: rows },
      facet: { field: 'domain', type: 'nominal', sort: series, title: null },
      columns: 3,
      spec: {
        width: 190, height: 110,
        mark: { type: 'line' },
        encoding: {
          x: { field: 't', type: 'quantitative', title: axis.title, scale: { domain: [0, r4(result.end_ns / axis.divNs)], nice: false } },
          y: { field: 'mb', type: 'quantitative', title: 'memory (MB)' },
          // The domain's colour, as in every chart; the dash tells the measures apart
          // (and the target from the allocation where the two lie on top of each other).
          color: { field: 'domain', type: 'nominal', scale: sel.scale, legend: null },
          strokeDash: { field: 'what', type: 'nominal', title: 'memory', sort: shownMeasures, scale: { domain: shownMeasures, range: [[1, 0], [6, 3], [2, 2]].slice(0, shownMeasures.length) } },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}

/** null when no domain completed a request during the run. */
export function latencyChart(result: Result, sel: DomainSelection = domainSelection(result)): Chart | null {
  const s = result.series;
  const has = (n: string): boolean => s.domains[n].p95_ms.some((x) => x !== null && x !== undefined);
  const shown = sel.shown.filter(has);
  const others = sel.others.filter(has);
  const names = others.length > 0 ? [...shown, sel.othersLabel] : shown;
  if (names.length === 0) return null;
  const axis = timeAxis(result.end_ns);
  const rows = buckets(s.t_ns.length, MAX_ROWS / names.length).flatMap((b) =>
    names.flatMap((domain) => {
      // "others": the worst p95 among them in the interval.
      let p95: number | null = null;
      for (const n of domain === sel.othersLabel ? others : [domain]) {
        const v = maxOrNull(s.domains[n].p95_ms, b);
        if (v !== null && (p95 === null || v > p95)) p95 = v;
      }
      return p95 === null ? [] : [{ t: r4(s.t_ns[b[1] - 1] / axis.divNs), domain, p95_ms: r4(p95) }];
    }),
  );
  return {
    name: 'latency-p95',
    title: 'p95 response time by domain (ms, worst per interval)',
    spec: {
      $schema: SCHEMA, title: 'p95 response time', width: WIDTH, height: HEIGHT, background: 'white',
      data: { values: rows },
      // Clipped: a log axis with a fixed domain must not draw below its floor.
      mark: { type: 'line', clip: true },
      encoding: {
        x: { field: 't', type: 'quantitative', title: axis.title, scale: { domain: [0, r4(result.end_ns / axis.divNs)], nice: false } },
        y: { field: 'p95_ms', type: 'quantitative', title: 'p95 response time (ms)', scale: { type: 'log' } },
        // The report's colours, listing only the domains drawn here.
        color: { field: 'domain', type: 'nominal', sort: names, scale: { domain: names, range: names.map((n) => sel.colourOf(n)) }, title: 'domain' },
      },
    },
  };
}

/** Mean host utilisation (%) per hour of day 0–23, each sample placed at its interval's midpoint. */
export function utilisationByHour(result: Result): { hour: number; util_pct: number }[] {
  const s = result.series;
  const sum = new Array<number>(24).fill(0);
  const count = new Array<number>(24).fill(0);
  for (let i = 0; i < s.t_ns.length; i++) {
    const startNs = i === 0 ? 0 : s.t_ns[i - 1];
    const mid = (startNs + s.t_ns[i]) / 2;
    const h = Math.floor((mid % NS_PER_DAY) / NS_PER_HOUR);
    sum[h] += s.host_util[i];
    count[h]++;
  }
  return sum.flatMap((v, hour) => (count[hour] > 0 ? [{ hour, util_pct: r4((v / count[hour]) * 100) }] : []));
}

export function hourOfDayChart(result: Result): Chart {
  return {
    name: 'utilisation-by-hour',
    title: 'Host utilisation by hour of day (mean %)',
    spec: {
      $schema: SCHEMA, title: 'Host utilisation by hour of day', width: WIDTH, height: HEIGHT, background: 'white',
      data: { values: utilisationByHour(result) },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'hour', type: 'ordinal', title: 'hour of day', scale: { domain: Array.from({ length: 24 }, (_, h) => h) } },
        y: { field: 'util_pct', type: 'quantitative', title: 'mean utilisation (%)' },
      },
    },
  };
}

/** Every chart the Result supports, in report order. */
export function charts(result: Result): Chart[] {
  const sel = domainSelection(result);
  const lat = latencyChart(result, sel);
  // Hour of day only means something over a day or more.
  const hourly = result.end_ns >= NS_PER_DAY ? [hourOfDayChart(result)] : [];
  const cluster = result.hosts !== undefined && result.hosts.length > 1 ? [hostsChart(result), ...(result.migrations !== undefined && result.migrations.length > 0 ? [migrationsChart(result)] : [])] : [];
  const sched = schedulerChart(result, sel);
  return [cpuChart(result, sel), memoryChart(result, sel), ...(lat !== null ? [lat] : []), ...hourly, ...cluster, ...(sched !== null ? [sched] : [])];
}

/** Several hosts: each host's CPU utilisation and the memory its guests hold, over time. */
export function hostsChart(result: Result): Chart {
  const hosts = result.hosts!;
  const axis = timeAxis(result.end_ns);
  const rows = hosts.flatMap((h) =>
    buckets(h.series.t_ns.length, MAX_ROWS / (2 * hosts.length)).flatMap((b) => [
      { t: r4(h.series.t_ns[b[1] - 1] / axis.divNs), host: h.name, what: 'CPU (% of host)', value: r4(mean(h.series.util, b) * 100) },
      { t: r4(h.series.t_ns[b[1] - 1] / axis.divNs), host: h.name, what: 'guest memory (MB)', value: r4(mean(h.series.guests_mb, b)) },
    ]),
  );
  return {
    name: 'hosts',
    title: 'Hosts: CPU utilisation and guest memory over time',
    spec: {
      $schema: SCHEMA, title: 'Hosts', background: 'white',
      data: { values: rows },
      facet: { row: { field: 'what', type: 'nominal', title: null } },
      spec: {
        width: WIDTH, height: 140,
        mark: { type: 'line', interpolate: 'step-before' },
        encoding: {
          x: { field: 't', type: 'quantitative', title: axis.title, scale: { domain: [0, r4(result.end_ns / axis.divNs)], nice: false } },
          y: { field: 'value', type: 'quantitative', title: null },
          color: { field: 'host', type: 'nominal', sort: hosts.map((h) => h.name) },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
  };
}

/** Several hosts: a timeline of the migrations, pre-copy and downtime per guest. */
export function migrationsChart(result: Result): Chart {
  const axis = timeAxis(result.end_ns);
  const rows = result.migrations!.flatMap((m, i) => {
    const end = m.end_ns ?? result.end_ns;
    const label = `${m.domain} ${m.from}>${m.to}${m.outcome === 'completed' ? '' : ` (${m.outcome})`}`;
    const pause = end - m.downtime_ms * 1e6;
    const out = [];
    if (pause > m.start_ns) out.push({ move: label, n: i, phase: 'pre-copy', t0: r4(m.start_ns / axis.divNs), t1: r4(pause / axis.divNs) });
    if (m.downtime_ms > 0) out.push({ move: label, n: i, phase: 'downtime', t0: r4(pause / axis.divNs), t1: r4(end / axis.divNs) });
    if (out.length === 0) out.push({ move: label, n: i, phase: m.outcome, t0: r4(m.start_ns / axis.divNs), t1: r4(end / axis.divNs) });
    return out;
  });
  return {
    name: 'migrations',
    title: 'Migrations: pre-copy and downtime',
    spec: {
      $schema: SCHEMA, title: 'Migrations', width: WIDTH, background: 'white',
      data: { values: rows },
      mark: { type: 'bar' },
      encoding: {
        y: { field: 'move', type: 'nominal', title: null, sort: { field: 'n', op: 'min' } },
        x: { field: 't0', type: 'quantitative', title: axis.title, scale: { domain: [0, r4(result.end_ns / axis.divNs)], nice: false } },
        x2: { field: 't1' },
        color: { field: 'phase', type: 'nominal', title: 'phase', sort: ['pre-copy', 'downtime'] },
      },
    },
  };
}

/**
 * Render a vega-lite spec to SVG text. The SVG clip-path and gradient ids come from
 * counters global to vega; resetting them first makes the same spec give the same bytes
 * whatever was rendered before.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  resetSVGDefIds();
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
