/**
 * Before/after consolidation reports, pure functions of a Comparison
 * (sim/experiment/consolidation.ts): the side-by-side text table, tidy CSVs, vega-lite
 * bar charts, and an HTML section (plus a page around it for `compare --html`).
 */
import { stringify } from 'csv-stringify/sync';
import type { TopLevelSpec } from 'vega-lite';
import type { Comparison, SideSummary, WorkloadLine } from '../sim/experiment/consolidation.js';
import type { Chart } from './charts.js';
import { chartFigure, escapeHtml, page, textTable, warningsHtml, type Card, type RenderedChart } from './page.js';
import { energyText } from './planner.js';
import { spanText } from './summary.js';
import { left, right } from './format.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

interface Metric {
  key: string;
  label: string;
  unit: string;
  get: (s: SideSummary) => number;
  digits: number;
  /** A saving is meaningful (less is better); utilisation has none. */
  saving: boolean;
}

const METRICS: Metric[] = [
  { key: 'servers', label: 'servers', unit: '', get: (s) => s.servers, digits: 0, saving: true },
  { key: 'rack_units', label: 'rack units', unit: 'U', get: (s) => s.rack_units, digits: 0, saving: true },
  { key: 'pcpus', label: 'CPUs (cores)', unit: '', get: (s) => s.pcpus, digits: 0, saving: true },
  { key: 'mean_utilisation', label: 'mean CPU utilisation', unit: '%', get: (s) => s.mean_utilisation * 100, digits: 2, saving: false },
  { key: 'peak_utilisation', label: 'peak CPU utilisation (any host)', unit: '%', get: (s) => s.peak_utilisation * 100, digits: 1, saving: false },
  { key: 'mean_power', label: 'mean power (IT)', unit: 'W', get: (s) => s.mean_power_w, digits: 1, saving: true },
  { key: 'energy', label: 'energy (IT)', unit: 'kWh', get: (s) => s.energy_kwh, digits: 2, saving: true },
  { key: 'facility_energy', label: 'energy × PUE', unit: 'kWh', get: (s) => s.facility_kwh, digits: 2, saving: true },
  { key: 'energy_cost', label: 'energy cost', unit: '$', get: (s) => s.energy_cost_usd, digits: 2, saving: true },
  { key: 'energy_cost_per_year', label: 'energy cost per year', unit: '$', get: (s) => s.energy_cost_usd_per_year, digits: 0, saving: true },
  { key: 'hardware_cost', label: 'hardware, amortised', unit: '$', get: (s) => s.hardware_usd, digits: 2, saving: true },
  { key: 'hardware_cost_per_year', label: 'hardware per year', unit: '$', get: (s) => s.hardware_usd_per_year, digits: 0, saving: true },
  { key: 'total_cost_per_year', label: 'total per year', unit: '$', get: (s) => s.total_usd_per_year, digits: 0, saving: true },
  { key: 'purchase', label: 'purchase price (all hosts)', unit: '$', get: (s) => s.purchase_usd, digits: 0, saving: false },
];

const pct = (x: number | null): string => (x === null ? '-' : `${x.toFixed(1)}%`);
const num = (x: number | null, d: number): string => (x === null ? '-' : x.toFixed(d));
const savingOf = (before: number, after: number): number | null => (before > 0 ? ((before - after) / before) * 100 : null);

/** The headline: `5 servers → 1 Xen host over 7 days: energy −75%, total cost −62% a year`. */
export function compareHeadline(c: Comparison): string {
  const s = c.savings;
  const hosts = `${c.after.servers} Xen host${c.after.servers === 1 ? '' : 's'}`;
  return `${c.name}: ${c.before.servers} servers → ${hosts} over ${spanText(c.duration_ns)}: energy saved ${pct(s.energy_pct)}, total cost saved ${pct(s.total_cost_pct)} a year`;
}

export function compareText(c: Comparison): string {
  const lines: string[] = [compareHeadline(c), ''];
  const w = [34, 12, 12, 9];
  lines.push(`${left('', w[0])} ${right('before', w[1])} ${right('after', w[2])} ${right('saving', w[3])}`);
  for (const m of METRICS) {
    const b = m.get(c.before), a = m.get(c.after);
    const label = m.unit === '' ? m.label : `${m.label} (${m.unit})`;
    lines.push(`${left(label, w[0])} ${right(b.toFixed(m.digits), w[1])} ${right(a.toFixed(m.digits), w[2])} ${right(m.saving ? pct(savingOf(b, a)) : '', w[3])}`);
  }
  lines.push('');
  lines.push(`costs: $${c.costs.usd_per_kwh}/kWh, PUE ${c.costs.pue}, hardware written off over ${c.costs.amortisation_years} years (servers older than that count $0)`);
  lines.push('');
  lines.push('Performance price per workload (same random streams before and after)');
  lines.push(`${left('workload', 12)} ${left('before on', 12)} ${left('after on', 12)} ${right('p95 before', 11)} ${right('p95 after', 10)} ${right('×', 6)} ${right('wait before', 12)} ${right('wait after', 11)}`);
  lines.push(`${left('', 12)} ${left('', 12)} ${left('', 12)} ${right('(ms)', 11)} ${right('(ms)', 10)} ${right('', 6)} ${right('(s)', 12)} ${right('(s)', 11)}`);
  for (const l of c.workloads) {
    lines.push(`${left(l.name, 12)} ${left(l.before.host, 12)} ${left(l.after.host, 12)} ${right(num(l.before.p95_ms, 1), 11)} ${right(num(l.after.p95_ms, 1), 10)} ${right(num(l.p95_ratio, 2), 6)} ${right(l.before.wait_seconds.toFixed(2), 12)} ${right(l.after.wait_seconds.toFixed(2), 11)}`);
  }
  lines.push('');
  lines.push('Hosts');
  lines.push(`${left('side', 7)} ${left('host', 14)} ${right('pCPU', 4)} ${right('GHz', 5)} ${right('U', 3)} ${right('util %', 7)} ${right('peak %', 7)} ${right('W', 7)} ${right('kWh', 9)} ${right('$/yr hw', 8)}  domains`);
  const hostRows = (side: string, s: SideSummary): void => {
    for (const h of s.hosts) {
      lines.push(`${left(side, 7)} ${left(h.name, 14)} ${right(h.pcpus, 4)} ${right(h.ghz.toFixed(2), 5)} ${right(h.rack_units, 3)} ${right((h.utilisation * 100).toFixed(2), 7)} ${right((h.peak_utilisation * 100).toFixed(1), 7)} ${right(h.mean_power_w.toFixed(1), 7)} ${right(h.energy_kwh.toFixed(2), 9)} ${right(h.hardware_usd_per_year.toFixed(0), 8)}  ${h.domains.join(' ')}`);
    }
  };
  hostRows('before', c.before);
  hostRows('after', c.after);
  for (const warn of c.warnings) lines.push(`warning: ${warn}`);
  return lines.join('\n') + '\n';
}

/** compare-summary.csv: one row per metric: before, after, saving_pct (empty where none applies). */
export function compareSummaryCsv(c: Comparison): string {
  const rows = METRICS.map((m) => {
    const b = m.get(c.before), a = m.get(c.after);
    const s = m.saving ? savingOf(b, a) : null;
    return { metric: m.key, unit: m.unit, before: round(b, 6), after: round(a, 6), saving_pct: s === null ? '' : round(s, 4) };
  });
  return stringify(rows, { header: true, columns: ['metric', 'unit', 'before', 'after', 'saving_pct'] });
}

/** compare-workloads.csv: one row per workload and side. */
export function compareWorkloadsCsv(c: Comparison): string {
  const rows = c.workloads.flatMap((l) =>
    (['before', 'after'] as const).map((side) => {
      const x = l[side];
      return { workload: l.name, side, host: x.host, cpu_seconds: x.cpu_seconds, wait_seconds: x.wait_seconds, requests: x.requests, mean_ms: x.mean_ms ?? '', p95_ms: x.p95_ms ?? '' };
    }),
  );
  return stringify(rows, { header: true, columns: ['workload', 'side', 'host', 'cpu_seconds', 'wait_seconds', 'requests', 'mean_ms', 'p95_ms'] });
}

/** compare-hosts.csv: one row per host of either side. */
export function compareHostsCsv(c: Comparison): string {
  const rows = (['before', 'after'] as const).flatMap((side) =>
    c[side].hosts.map((h) => ({
      side, host: h.name, pcpus: h.pcpus, ghz: h.ghz, memory_mb: h.memory_mb, rack_units: h.rack_units, price_usd: h.price_usd, age_years: h.age_years,
      utilisation: h.utilisation, peak_utilisation: h.peak_utilisation, mean_power_w: h.mean_power_w, energy_kwh: h.energy_kwh,
      energy_cost_usd: round(h.energy_cost_usd, 6), hardware_usd_per_year: round(h.hardware_usd_per_year, 6), domains: h.domains.join(' '),
    })),
  );
  return stringify(rows, { header: true });
}

function round(x: number, d: number): number {
  return Math.round(x * 10 ** d) / 10 ** d;
}

/** Bar charts: the side totals (one panel per metric) and the p95 and steal per workload. */
export function compareCharts(c: Comparison): Chart[] {
  const totals = ['servers', 'rack_units', 'energy', 'energy_cost_per_year', 'hardware_cost_per_year', 'total_cost_per_year']
    .map((k) => METRICS.find((m) => m.key === k)!)
    .flatMap((m) => (['before', 'after'] as const).map((side) => ({ metric: m.unit === '' ? m.label : `${m.label} (${m.unit})`, side, value: round(m.get(c[side]), 4) })));
  const metricOrder = [...new Set(totals.map((r) => r.metric))];
  const sideColor = { field: 'side', type: 'nominal', sort: ['before', 'after'], scale: { domain: ['before', 'after'], range: ['#9a4b00', '#2f6db5'] } } as const;
  const charts: Chart[] = [
    {
      name: 'compare-totals',
      title: 'Before vs after: space, energy and money',
      spec: {
        $schema: SCHEMA, title: 'Before vs after', background: 'white',
        data: { values: totals },
        facet: { field: 'metric', type: 'nominal', sort: metricOrder, title: null },
        columns: 3,
        spec: {
          width: 150, height: 130,
          mark: { type: 'bar' },
          encoding: {
            x: { field: 'side', type: 'nominal', sort: ['before', 'after'], title: null },
            y: { field: 'value', type: 'quantitative', title: null },
            color: sideColor,
          },
        },
        resolve: { scale: { y: 'independent' } },
      } as TopLevelSpec,
    },
  ];
  /** Grouped bars: one group per workload, before and after side by side. */
  const perWorkload = (name: string, title: string, heading: string, field: string, axisTitle: string, values: object[]): Chart => ({
    name,
    title,
    spec: {
      $schema: SCHEMA, title: heading, background: 'white', width: 480, height: 220,
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'workload', type: 'nominal', title: null },
        xOffset: { field: 'side', sort: ['before', 'after'] },
        y: { field, type: 'quantitative', title: axisTitle },
        color: sideColor,
      },
    } as TopLevelSpec,
  });
  const p95 = c.workloads.flatMap((l) => (['before', 'after'] as const).flatMap((side) => (l[side].p95_ms === null ? [] : [{ workload: l.name, side, p95_ms: l[side].p95_ms }])));
  if (p95.length > 0) {
    charts.push(perWorkload('compare-p95', 'p95 response time per workload, before and after (ms)', 'p95 response time', 'p95_ms', 'p95 (ms)', p95));
  }
  const wait = c.workloads.flatMap((l) => (['before', 'after'] as const).map((side) => ({ workload: l.name, side, wait_s: round(l[side].wait_seconds, 4) })));
  charts.push(perWorkload('compare-wait', 'Runnable but waiting (steal) per workload, before and after (s)', 'Waiting for a CPU (steal)', 'wait_s', 'seconds', wait));
  return charts;
}

/** The consolidation section of an HTML report: headline, tables, charts. */
export function compareSection(c: Comparison, charts: readonly RenderedChart[]): string {
  return `<section id="consolidation">
<h2>Consolidation: before vs after</h2>
<p class="headline">${escapeHtml(compareHeadline(c))}</p>
${textTable('Before and after', compareText(c), 'compare-table')}${charts.map(chartFigure).join('\n')}
</section>
`;
}

const usd = (x: number): string => `$${Math.round(x).toLocaleString('en-US')}`;

/** The first screen's cards of a comparison: servers, energy, cost a year, the performance price. */
export function compareCards(c: Comparison): Card[] {
  const s = c.savings;
  const cards: Card[] = [
    { id: 'card-servers', title: 'Servers', big: `${c.before.servers} → ${c.after.servers}`, lines: [`rack units ${c.before.rack_units} → ${c.after.rack_units} (${pct(s.rack_units_pct)} saved)`, `CPU cores ${c.before.pcpus} → ${c.after.pcpus}`] },
    {
      id: 'card-energy', title: 'Energy', big: `${pct(s.energy_pct)} saved`,
      lines: [`${energyText(c.before.energy_kwh)} → ${energyText(c.after.energy_kwh)} over ${spanText(c.duration_ns)}`, `mean power ${c.before.mean_power_w.toFixed(0)} W → ${c.after.mean_power_w.toFixed(0)} W`],
    },
    {
      id: 'card-cost', title: 'Cost a year', big: `${pct(s.total_cost_pct)} saved`,
      lines: [`${usd(c.before.total_usd_per_year)} → ${usd(c.after.total_usd_per_year)} (energy × PUE ${c.costs.pue} at $${c.costs.usd_per_kwh}/kWh + hardware over ${c.costs.amortisation_years} years)`],
    },
  ];
  const withP95 = c.workloads.filter((w) => w.p95_ratio !== null);
  const worstWait = c.workloads.reduce<WorkloadLine | undefined>((a, w) => (a === undefined || w.extra_wait_seconds > a.extra_wait_seconds ? w : a), undefined);
  if (withP95.length > 0) {
    const worst = withP95.reduce((a, w) => (w.p95_ratio! > a.p95_ratio! ? w : a), withP95[0]);
    cards.push({
      id: 'card-performance', title: 'Performance price', big: `p95 × ${worst.p95_ratio!.toFixed(2)}`,
      lines: [`worst: ${worst.name}, ${worst.before.p95_ms!.toFixed(1)} → ${worst.after.p95_ms!.toFixed(1)} ms`, ...(worstWait ? [`most extra waiting: ${worstWait.name}, ${worstWait.extra_wait_seconds.toFixed(1)} s`] : [])],
    });
  } else if (worstWait !== undefined) {
    cards.push({ id: 'card-performance', title: 'Performance price', big: `${worstWait.extra_wait_seconds.toFixed(1)} s extra waiting`, lines: [`most: ${worstWait.name}`] });
  }
  return cards;
}

/** compare.html: reports/page.ts's layout — headline, cards, warnings, charts, the table. */
export function compareHtml(c: Comparison, charts: readonly RenderedChart[]): string {
  const s = c.savings;
  return page({
    title: `xensim compare: ${c.name}`,
    meta: `${c.before.servers} physical servers before, ${c.after.servers} Xen host${c.after.servers === 1 ? '' : 's'} after · ${spanText(c.duration_ns)} simulated on each · seed ${c.seed} · the same random streams on both sides`,
    headline: compareHeadline(c),
    lede: `Energy saved ${pct(s.energy_pct)}, energy cost ${pct(s.energy_cost_pct)}, hardware cost ${pct(s.hardware_cost_pct)}, total ${pct(s.total_cost_pct)} a year; the price is in the response times and waiting below.`,
    cards: compareCards(c),
    body: [
      warningsHtml(c.warnings),
      `<section id="consolidation">\n<h2 id="charts">Charts</h2>\n${charts.map(chartFigure).join('\n')}\n`,
      '<h2 id="tables">Tables</h2>\n',
      textTable('Before and after', compareText(c), 'compare-table'),
      '</section>\n',
    ].join(''),
  });
}
