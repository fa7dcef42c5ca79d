/**
 * report.html of a run, a planner's page (reports/page.ts's layout and theme): the
 * headline sentence and a sentence on the peak, then cards (CPU mean, peak hour and
 * headroom in pCPUs; memory allocated, free, ballooned; power and energy, marked
 * assumed when the scenario gave no power figures; requests), warnings, the charts, a
 * section per host when there are several, and the text tables last (xm list, xl list,
 * xentop complete, latency, devices), scrollable, never cut. Self-contained: inline CSS
 * and SVG, no script, no link. Every piece of text from the Result is escaped.
 */
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

/** Several-host runs: per host its cards, then the hosts, migrations and latency-around-migration tables ('' for one host). */
function hostsSection(result: Result): string {
  const per = hostCards(result);
  if (per.length === 0) return '';
  const parts = [`<h2 id="hosts">Hosts</h2>\n`];
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
