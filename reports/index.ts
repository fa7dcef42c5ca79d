/**
 * reports/: pure functions Result → text | CSV | vega-lite spec | SVG | HTML.
 * It reads the Result and nothing else; writing files is the CLI's job.
 */
import type { Result } from '../sim/stats/result.js';
import { charts, renderSvg, type Chart } from './charts.js';
import { domainsCsv, seriesCsv } from './csv.js';
import { reportHtml, type RenderedChart } from './html.js';
import { devicesTable } from './devices.js';
import { hasRequests, latencyTable } from './latency.js';
import { xmList } from './xm-list.js';
import { hostsTable, migrationLatencyTable, migrationsTable } from './migrations.js';

export { summaryLine, spanText } from './summary.js';
export { xmList, xlList } from './xm-list.js';
export { xentop } from './xentop.js';
export { latencyTable } from './latency.js';
export { devicesTable } from './devices.js';
export { hostsTable, migrationsTable, migrationLatencyTable } from './migrations.js';
export { domainsCsv, seriesCsv } from './csv.js';
export { charts, renderSvg, type Chart } from './charts.js';
export { reportHtml, escapeHtml } from './html.js';

/**
 * What `xensim run` prints: the summary line, a blank line, the xm list table, the
 * latency table when some domain served requests, the devices that carried I/O, and
 * the warnings.
 */
export function formatText(result: Result): string {
  const parts = [`${result.summary}\n`, xmList(result)];
  if (hasRequests(result)) parts.push(latencyTable(result));
  const devices = devicesTable(result);
  if (devices !== '') parts.push(devices);
  // Several hosts: the hosts, the migrations and what the migrated guests' requests saw.
  for (const t of [hostsTable(result), migrationsTable(result), migrationLatencyTable(result)]) if (t !== '') parts.push(t);
  if (result.warnings.length > 0) parts.push(result.warnings.map((w) => `warning: ${w}\n`).join(''));
  return parts.join('\n');
}

/**
 * Every file `--out DIR` writes, path relative to DIR → contents: result.json,
 * domains.csv, series.csv, charts/<name>.vl.json and .svg, and report.html if asked.
 * Same Result ⇒ same bytes.
 */
export async function renderOutputFiles(result: Result, options: { html: boolean }): Promise<Record<string, string | Uint8Array>> {
  const files: Record<string, string | Uint8Array> = {
    'result.json': JSON.stringify(result, null, 2) + '\n',
    'domains.csv': domainsCsv(result),
    'series.csv': seriesCsv(result),
  };
  const rendered: RenderedChart[] = [];
  for (const c of charts(result) as Chart[]) {
    const svg = await renderSvg(c.spec);
    files[`charts/${c.name}.vl.json`] = JSON.stringify(c.spec, null, 2) + '\n';
    files[`charts/${c.name}.svg`] = svg;
    rendered.push({ name: c.name, title: c.title, svg });
  }
  if (options.html) files['report.html'] = reportHtml(result, rendered);
  return files;
}
