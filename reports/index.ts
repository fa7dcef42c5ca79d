/**
 * reports/: pure functions Result → text | CSV | vega-lite spec | SVG | HTML.
 * It reads the Result and nothing else; writing files is the CLI's job.
 */
import type { Result } from '../sim/stats/result.js';
import { charts, renderSvg, type Chart } from './charts.js';
import { domainsCsv, seriesCsvChunks } from './csv.js';
import { batched, jsonChunks } from './json-stream.js';
import { textOf, type OutputContent } from './streamed.js';
import { reportHtml, type RenderedChart } from './html.js';
import { devicesTable } from './devices.js';
import { hasRequests, latencyTable } from './latency.js';
import { xlList, xmList } from './xm-list.js';
import { schedTable } from './sched-table.js';
import { hostsTable, migrationLatencyTable, migrationsTable } from './migrations.js';

export { summaryLine, spanText } from './summary.js';
export { xmList, xlList } from './xm-list.js';
export { xentop } from './xentop.js';
export { schedTable, schedCommand } from './sched-table.js';
export { latencyTable } from './latency.js';
export { devicesTable } from './devices.js';
export { hostsTable, migrationsTable, migrationLatencyTable } from './migrations.js';
export { domainsCsv, seriesCsv, seriesCsvChunks } from './csv.js';
export { jsonChunks } from './json-stream.js';
export { isStreamed, streamTo, textOf, type OutputContent, type Streamed } from './streamed.js';
export { charts, renderSvg, type Chart } from './charts.js';
export { reportHtml, escapeHtml } from './html.js';

/**
 * What `xensim run` prints: the summary line, a blank line, the list table (`xm list`, or
 * `xl list` when the scenario names a release of Xen 4.1 or later), the latency table when
 * some domain served requests, the devices that carried I/O, the scheduler's table
 * (`xm sched-credit`, `xl sched-rtds` …), and the warnings.
 */
export function formatText(result: Result): string {
  const parts = [`${result.summary}\n`, result.toolstack === 'xl' ? xlList(result) : xmList(result)];
  if (hasRequests(result)) parts.push(latencyTable(result));
  const devices = devicesTable(result);
  if (devices !== '') parts.push(devices);
  const sched = schedTable(result);
  if (sched !== '') parts.push(sched);
  // Several hosts: the hosts, the migrations and what the migrated guests' requests saw.
  for (const t of [hostsTable(result), migrationsTable(result), migrationLatencyTable(result)]) if (t !== '') parts.push(t);
  if (result.warnings.length > 0) parts.push(result.warnings.map((w) => `warning: ${w}\n`).join(''));
  return parts.join('\n');
}

/** result.json as chunks: JSON.stringify(result, null, 2) + '\n', byte for byte, never whole. */
export function resultJsonChunks(result: Result): Iterable<string> {
  return batched((function* () {
    yield* jsonChunks(result);
    yield '\n';
  })());
}

/**
 * Every file `--out DIR` writes, as renderOutputFiles, but result.json and series.csv
 * given as chunks (reports/streamed.ts) for the CLI to write piece by piece: a run of
 * 20,000 domains holds gigabytes of them. Same Result ⇒ same bytes as renderOutputFiles.
 */
export async function renderOutputStreams(result: Result, options: { html: boolean }): Promise<Record<string, OutputContent>> {
  const files: Record<string, OutputContent> = {
    'result.json': { chunks: () => resultJsonChunks(result) },
    'domains.csv': domainsCsv(result),
    'series.csv': { chunks: () => batched(seriesCsvChunks(result)) },
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

/**
 * Every file `--out DIR` writes, path relative to DIR → contents: result.json,
 * domains.csv, series.csv, charts/<name>.vl.json and .svg, and report.html if asked.
 * Same Result ⇒ same bytes.
 */
export async function renderOutputFiles(result: Result, options: { html: boolean }): Promise<Record<string, string | Uint8Array>> {
  const streams = await renderOutputStreams(result, options);
  const files: Record<string, string | Uint8Array> = {};
  for (const [name, c] of Object.entries(streams)) files[name] = typeof c === 'string' || c instanceof Uint8Array ? c : textOf(c);
  return files;
}
