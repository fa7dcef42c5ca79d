/**
 * report.html of a run, a planner's page (reports/page.ts's layout and theme): the
 * headline sentence and a sentence on the peak, then cards (CPU mean, peak hour and
 * headroom in pCPUs; memory allocated, free, ballooned; power and energy, marked
 * assumed when the scenario gave no power figures; requests), warnings, the charts, a
 * section per host when there are several, and the text tables last (xm list, xl list,
 * xentop complete, latency, devices), scrollable, never cut. Self-contained: inline CSS
 * and SVG, no script, no link. Every piece of text from the Result is escaped.
 */
import { schedCommand, schedTable } from './sched-table.js';
import { hostsTable, migrationLatencyTable, migrationsTable } from './migrations.js';
import type { Result } from '../sim/stats/result.js';
import { devicesTable } from './devices.js';
import { latencyTable } from './latency.js';
import { cardsHtml, chartFigure, escapeHtml, page, textTable, warningsHtml, type RenderedChart } from './page.js';
import { hostCards, runCards, runLede } from './planner.js';
import { spanText } from './summary.js';
import { xentop } from './xentop.js';
import { xlList, xmList } from './xm-list.js';

export { escapeHtml, scopeSvgIds, type RenderedChart } from './page.js';

function metaLine(result: Result): string {
  const h = result.host;
  const hardware = `${h.pcpus} pCPU${h.pcpus === 1 ? '' : 's'} @ ${h.ghz} GHz, ${h.memory_mb} MB`;
  const parts = [
    `scenario ${result.scenario}`,
    (result.hosts?.length ?? 0) > 1 ? `${result.hosts.length} hosts` : h.name === 'host' ? `host: ${hardware}` : `host ${h.name}: ${hardware}`,
    `scheduler ${result.scheduler}`,
    `seed ${result.seed}`,
    `${spanText(result.end_ns)} simulated`,
    `${result.events.toLocaleString('en-US')} events`,
  ];
  if (result.stopped_early) parts.push(`stopped early at ${(result.end_ns / 1e9).toFixed(1)} s of ${(result.duration_ns / 1e9).toFixed(1)} s`);
  return parts.join(' · ');
}

/** Hosts given cards of their own on an estate's page (the rest are in the hosts table). */
const HOST_CARDS = 12;

/** The names of the n hosts with the highest mean utilisation, busiest first (ties by place). */
function busiestHosts(result: Result, n: number): string[] {
  return result.hosts.map((h, i) => ({ name: h.name, u: h.utilisation, i })).sort((a, b) => b.u - a.u || a.i - b.i).slice(0, n).map((h) => h.name);
}

/** Several-host runs: per host its cards, then the hosts, migrations and latency-around-migration tables ('' for one host). */
function hostsSection(result: Result): string {
  const all = hostCards(result);
  if (all.length === 0) return '';
  // An estate: cards for the busiest hosts only; every host is in the table below.
  const per = all.length <= HOST_CARDS ? all : busiestHosts(result, HOST_CARDS).map((name) => all.find((h) => h.name === name)!);
  const parts = [`<h2 id="hosts">Hosts</h2>\n`];
  if (per.length < all.length) parts.push(`<p class="note">The ${per.length} busiest of ${all.length} hosts (by mean CPU); the table below lists every host.</p>\n`);
  for (const h of per) parts.push(`<section class="host" id="host-${escapeHtml(h.name)}"><h3>${escapeHtml(h.name)}</h3>\n${cardsHtml(h.cards, `cards-${h.name}`)}</section>\n`);
  parts.push(textTable('Hosts', hostsTable(result)));
  parts.push(textTable('Migrations', migrationsTable(result)));
  parts.push(textTable('Latency around migrations (ms)', migrationLatencyTable(result)));
  return parts.join('');
}

export function reportHtml(result: Result, charts: readonly RenderedChart[]): string {
  const body = [
    warningsHtml(result.warnings),
    `<h2 id="charts">Charts</h2>\n${charts.map(chartFigure).join('\n')}\n`,
    hostsSection(result),
    '<h2 id="tables">Tables</h2>\n',
    textTable('xm list', xmList(result), 'xm-list'),
    textTable('xl list', xlList(result), 'xl-list'),
    textTable('xentop', xentop(result), 'xentop'),
    textTable(schedCommand(result) ?? 'sched', schedTable(result), 'sched'),
    textTable('Latency (ms)', latencyTable(result), 'latency'),
    textTable('Devices', devicesTable(result), 'devices'),
  ].join('');
  return page({
    title: `xensim report: ${result.scenario}`,
    meta: metaLine(result),
    headline: result.summary,
    lede: runLede(result),
    cards: runCards(result),
    body,
  });
}
