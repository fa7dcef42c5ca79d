/**
 * A sweep's output files, from its description and run records: runs.csv (tidy: one row
 * per run and metric), summary.csv (per cell and metric: n, mean, sd, 95 % CI, min,
 * max), a vega-lite chart per metric against the first axis with CI error bars, one
 * self-contained report.html, and a plain-text summary for the terminal. Pure functions:
 * the same runs give the same bytes, however and wherever they were run.
 */
import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import { type AxisValue, axisPaths, recordLine, type RunRecord, summaryRows, type SummaryRow, type SweepDescription } from '../sim/experiment/index.js';
import { type Chart, renderSvg } from './charts.js';
import { left, right } from './format.js';
import { chartFigure, escapeHtml, page, type Card, type RenderedChart } from './page.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

const cell = (v: AxisValue | number | undefined | null): string | number => (v === undefined || v === null ? '' : typeof v === 'boolean' ? String(v) : v);

export function runsCsvHeader(desc: SweepDescription): string {
  return stringify([['run', ...axisPaths(desc.dimensions), 'replication', 'seed', 'metric', 'value']]);
}

/** The rows of one run (no header): appended to runs.csv as runs finish. */
export function runsCsvRows(desc: SweepDescription, r: RunRecord): string {
  const axes = axisPaths(desc.dimensions).map((p) => cell(r.axes[p]));
  return stringify(desc.metrics.map((m) => [r.run, ...axes, r.replication, r.seed, m, cell(r.metrics[m])]));
}

export function runsCsv(desc: SweepDescription, records: readonly RunRecord[]): string {
  return runsCsvHeader(desc) + records.map((r) => runsCsvRows(desc, r)).join('');
}

export function summaryCsv(desc: SweepDescription, rows: readonly SummaryRow[]): string {
  const header = [...axisPaths(desc.dimensions), 'metric', 'n', 'mean', 'sd', 'ci95_low', 'ci95_high', 'min', 'max'];
  return stringify([header, ...rows.map((s) => [...s.axes.map(([, v]) => cell(v)), s.metric, s.n, cell(s.mean), cell(s.sd), cell(s.ci95Low), cell(s.ci95High), cell(s.min), cell(s.max)])]);
}

/** A file stem for a metric's chart. */
export function chartName(metric: string, i: number): string {
  return `${String(i + 1).padStart(2, '0')}-${metric.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/** One chart per metric: mean against the first axis, a line per combination of the other axes, 95 % CI bars. */
export function sweepCharts(desc: SweepDescription, rows: readonly SummaryRow[]): Chart[] {
  const first = desc.dimensions[0];
  const xPath = first?.paths[0];
  const xLevels = first?.levels.map((l) => l[0]) ?? [];
  const numeric = xLevels.length > 0 && xLevels.every((v) => typeof v === 'number');
  return desc.metrics.map((metric, i): Chart => {
    const values = rows.filter((r) => r.metric === metric && r.mean !== undefined).map((r) => {
      const rest = r.axes.filter(([p]) => p !== xPath && !(first?.paths.includes(p) ?? false));
      return {
        x: xPath === undefined ? 'all' : r.axes.find(([p]) => p === xPath)![1],
        series: rest.length > 0 ? rest.map(([p, v]) => `${p}=${v}`).join(', ') : metric,
        mean: r.mean!,
        lo: r.ci95Low ?? null,
        hi: r.ci95High ?? null,
        n: r.n,
      };
    });
    const series = [...new Set(values.map((v) => v.series))];
    const x = numeric
      ? { field: 'x', type: 'quantitative' as const, title: xPath, scale: { zero: false } }
      : { field: 'x', type: 'ordinal' as const, title: xPath ?? '', sort: xLevels.length > 0 ? xLevels.map(String) : ['all'], scale: { type: 'point' as const, padding: 0.5 } };
    // A log axis when the means span two decades or more (one cell's latency can dwarf another's).
    const means = values.map((v) => v.mean);
    // Not when a confidence interval reaches 0 or below (two replications far apart): its bar has no place on a log axis.
    const log = means.length > 0 && means.every((m) => m > 0) && values.every((v) => typeof v.lo !== 'number' || v.lo > 0) && Math.max(...means) / Math.min(...means) >= 100;
    const yTitle = `${metric} (mean, 95% CI)`;
    // Every mean and bound equal (a saturated host: utilisation 1 in every run) would give the
    // scale an empty domain, and the error bars' ticks NaN lengths: widen it by 5 % each way.
    const ys = values.flatMap((v) => [v.mean, v.lo, v.hi]).filter((z): z is number => typeof z === 'number' && Number.isFinite(z));
    const flat = ys.length > 0 && Math.min(...ys) === Math.max(...ys);
    const at = flat ? ys[0] : 0;
    const pad = at === 0 ? 1 : Math.abs(at) * 0.05;
    const y = { type: 'quantitative' as const, title: yTitle, scale: log && !flat ? { type: 'log' as const } : flat ? { domain: [at - pad, at + pad] } : { zero: false } };
    const spec: TopLevelSpec = {
      $schema: SCHEMA, title: metric, width: 480, height: 240, background: 'white',
      data: { values },
      encoding: { x, color: { field: 'series', type: 'nominal', sort: series, title: null, legend: { labelLimit: 400 } } },
      layer: [
        { mark: { type: 'line', point: true }, encoding: { y: { field: 'mean', ...y } } },
        { transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }], mark: { type: 'errorbar', ticks: true }, encoding: { y: { field: 'lo', ...y }, y2: { field: 'hi' } } },
      ],
    } as TopLevelSpec;
    return { name: chartName(metric, i), title: `${metric} against ${xPath ?? 'nothing (no axes)'}: mean and 95 % confidence interval`, spec };
  });
}

const num = (x: number | undefined): string => (x === undefined ? '' : Math.abs(x) >= 1e6 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(5))));

/** The summary as an aligned text table: axes, metric, n, mean ± CI half-width. */
export function sweepSummaryText(desc: SweepDescription, rows: readonly SummaryRow[]): string {
  const paths = axisPaths(desc.dimensions);
  const table = [
    [...paths, 'metric', 'n', 'mean', '±95% CI'],
    ...rows.map((r) => [...r.axes.map(([, v]) => String(v)), r.metric, String(r.n), num(r.mean), r.ci95High !== undefined && r.mean !== undefined ? num(r.ci95High - r.mean) : '']),
  ];
  const widths = table[0].map((_, c) => Math.max(...table.map((row) => row[c].length)));
  const numericFrom = paths.length + 1;
  return table.map((row) => row.map((v, c) => (c >= numericFrom ? right(v, widths[c]) : left(v, widths[c]))).join('  ').trimEnd()).join('\n') + '\n';
}

export function sweepHtml(desc: SweepDescription, rows: readonly SummaryRow[], records: number, charts: readonly RenderedChart[]): string {
  const axes = desc.dimensions.map((d) => d.paths.map((p, j) => `${p} ∈ {${d.levels.map((l) => l[j]).join(', ')}}`).join(' zipped with ')).join(' × ') || 'no axes';
  const meta = `${desc.cells} cells × ${desc.replications} replications = ${desc.runs} runs (${records} here) · sweep seed ${desc.seed} · ${axes}`;
  const paths = axisPaths(desc.dimensions);
  const head = [...paths, 'metric', 'n', 'mean', 'sd', '95% CI', 'min', 'max'].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => {
    const ci = r.ci95Low !== undefined && r.ci95High !== undefined ? `${num(r.ci95Low)} – ${num(r.ci95High)}` : '';
    const cells = [...r.axes.map(([, v]) => String(v)), r.metric, String(r.n), num(r.mean), num(r.sd), ci, num(r.min), num(r.max)];
    return `<tr>${cells.map((c, i) => `<td${i > paths.length ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`;
  }).join('\n');
  const metrics = [...new Set(rows.map((r) => r.metric))];
  const cards: Card[] = [
    { id: 'card-runs', title: 'Runs', big: `${records} of ${desc.runs}`, lines: [`${desc.cells} cells × ${desc.replications} replications`, `sweep seed ${desc.seed}`] },
    { id: 'card-axes', title: 'Axes', big: `${desc.dimensions.length} ax${desc.dimensions.length === 1 ? 'is' : 'es'}`, lines: desc.dimensions.length > 0 ? desc.dimensions.map((d) => `${d.paths.join(' + ')}: ${d.levels.length} levels`) : ['none: replications only'] },
    { id: 'card-metrics', title: 'Metrics', big: `${metrics.length}`, lines: metrics.slice(0, 4).concat(metrics.length > 4 ? [`… and ${metrics.length - 4} more`] : []) },
  ];
  return page({
    title: `xensim sweep: ${desc.name}`,
    meta,
    headline: `${desc.name}: ${metrics.length} metric${metrics.length === 1 ? '' : 's'} over ${desc.cells} cell${desc.cells === 1 ? '' : 's'} × ${desc.replications} replications, mean and 95 % CI`,
    lede: '95 % confidence intervals for the mean: mean ± t(0.975, n−1) · sd/√n over the replications; replication r uses the same seed in every cell (common random numbers).',
    cards,
    body: [
      `<h2 id="charts">Charts</h2>\n${charts.map(chartFigure).join('\n')}\n`,
      `<h2 id="tables">Summary</h2>\n<div class="table"><table class="grid">\n<tr>${head}</tr>\n${body}\n</table></div>\n`,
    ].join(''),
  });
}

/**
 * Every file a finished sweep (or a merge) writes, path relative to DIR → contents.
 * `records` sorted by run; `shard` only for a shard's own directory.
 */
export async function renderSweepFiles(desc: SweepDescription, records: readonly RunRecord[], sweepJson: string): Promise<{ files: Record<string, string>; rows: SummaryRow[] }> {
  const rows = summaryRows(desc, records);
  const files: Record<string, string> = {
    'sweep.json': sweepJson,
    'runs.jsonl': records.map(recordLine).join(''),
    'runs.csv': runsCsv(desc, records),
    'summary.csv': summaryCsv(desc, rows),
  };
  const rendered: RenderedChart[] = [];
  for (const c of sweepCharts(desc, rows)) {
    const svg = await renderSvg(c.spec);
    files[`charts/${c.name}.vl.json`] = JSON.stringify(c.spec, null, 2) + '\n';
    files[`charts/${c.name}.svg`] = svg;
    rendered.push({ name: c.name, title: c.title, svg });
  }
  files['report.html'] = sweepHtml(desc, rows, records.length, rendered);
  return { files, rows };
}
