/**
 * reports/: pure functions Result → text | CSV | vega-lite spec | SVG | HTML.
 * It reads the Result and nothing else; writing files is the CLI's job.
 */
import type { Result } from '../sim/stats/result.js';
import { charts, renderSvg } from './charts.js';
import { domainsCsv, seriesCsv } from './csv.js';
import { reportHtml } from './html.js';
import { latencyTable, xmList } from './tables.js';

export { xmList, xlList, xentop, latencyTable } from './tables.js';
export { domainsCsv, seriesCsv } from './csv.js';
export { charts, renderSvg } from './charts.js';
export { reportHtml } from './html.js';
export { summaryLine } from './summary.js';

/** What `xensim run` prints: the summary line, the xm list table, latencies. */
export function formatText(result: Result): string {
  const lat = latencyTable(result);
  const warn = result.warnings.map((w) => `warning: ${w}\n`).join('');
  return `${result.summary}\n\n${xmList(result)}${lat !== '' ? `\n${lat}` : ''}${warn !== '' ? `\n${warn}` : ''}`;
}

/** Every file `--out DIR` writes: name → contents. */
export async function renderOutputFiles(result: Result, options: { html: boolean }): Promise<Record<string, string>> {
  const files: Record<string, string> = {
    'result.json': JSON.stringify(result, null, 2) + '\n',
    'domains.csv': domainsCsv(result),
    'series.csv': seriesCsv(result),
  };
  const svgs: { title: string; svg: string }[] = [];
  for (const c of charts(result)) {
    files[`charts/${c.name}.vl.json`] = JSON.stringify(c.spec, null, 2) + '\n';
    const svg = await renderSvg(c.spec);
    files[`charts/${c.name}.svg`] = svg;
    svgs.push({ title: c.title, svg });
  }
  if (options.html) files['report.html'] = reportHtml(result, svgs);
  return files;
}
