/**
 * One self-contained report.html: inline CSS and SVG, no script, no external link or
 * font — it reads the same in a browser, a mail client or from an archive in ten years.
 * Every piece of text from the Result goes through escapeHtml (scenario and domain names
 * come from user files).
 */
import { hostsTable, migrationLatencyTable, migrationsTable } from './migrations.js';
import type { Result } from '../sim/stats/result.js';
import { latencyTable } from './latency.js';
import { xentop } from './xentop.js';
import { xlList, xmList } from './xm-list.js';

export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222;background:#fff}
h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
#summary{font-size:1.6rem;font-weight:600;margin:1rem 0;padding:.6rem 1rem;background:#eef4fb;border-left:4px solid #2f6db5}
pre{background:#f6f6f6;padding:.8rem;overflow-x:auto;font-size:13px;tab-size:8}
.chart{margin:1.2rem 0}.chart h3{margin:.2rem 0;font-size:1rem}.chart svg{max-width:100%;height:auto}
.meta{color:#555;margin-top:0}.warn{color:#9a4b00}`;

/**
 * vega numbers its clip paths and gradients from 1 in every SVG; inlined side by side,
 * two charts' `clip1` would collide and one chart would be clipped by the other's
 * rectangle. Prefix each SVG's ids with its chart name.
 */
export function scopeSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${prefix}-${id}"`);
}

const pre = (text: string): string => `<pre>${escapeHtml(text)}</pre>`;

function metaLine(result: Result): string {
  const h = result.host;
  const parts = [
    `scenario ${result.scenario}`, `scheduler ${result.scheduler}`, `seed ${result.seed}`,
    `host ${h.name}: ${h.pcpus} pCPU @ ${h.ghz} GHz, ${h.memory_mb} MB`,
    `mean power ${h.mean_power_w.toFixed(1)} W, energy ${h.energy_kwh.toFixed(2)} kWh`,
    `${result.events} events`,
  ];
  if (result.stopped_early) parts.push(`stopped early at ${(result.end_ns / 1e9).toFixed(1)} s of ${(result.duration_ns / 1e9).toFixed(1)} s`);
  return escapeHtml(parts.join(' · '));
}

/** Several-host runs: hosts, migrations and the migrated guests' latency ('' for one host). */
function clusterSection(result: Result): string {
  const parts: string[] = [];
  const hosts = hostsTable(result);
  if (hosts !== '') parts.push(`<h2>Hosts</h2>\n${pre(hosts)}\n`);
  const migrations = migrationsTable(result);
  if (migrations !== '') parts.push(`<h2>Migrations</h2>\n${pre(migrations)}\n`);
  const lat = migrationLatencyTable(result);
  if (lat !== '') parts.push(`<h2>Latency around migrations (ms)</h2>\n${pre(lat)}\n`);
  return parts.join('');
}

export function reportHtml(result: Result, charts: readonly RenderedChart[]): string {
  const lat = latencyTable(result);
  const warnings =
    result.warnings.length > 0
      ? `<h2>Warnings</h2>\n<ul>${result.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`).join('')}</ul>\n`
      : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>xensim: ${escapeHtml(result.scenario)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>xensim report: ${escapeHtml(result.scenario)}</h1>
<p class="meta">${metaLine(result)}</p>
<p id="summary">${escapeHtml(result.summary)}</p>
${warnings}<h2>xm list</h2>
${pre(xmList(result))}
<h2>xl list</h2>
${pre(xlList(result))}
<h2>xentop</h2>
${pre(xentop(result))}
${lat !== '' ? `<h2>Latency</h2>\n${pre(lat)}\n` : ''}${clusterSection(result)}<h2>Charts</h2>
${charts.map((c) => `<figure class="chart" id="${escapeHtml(c.name)}"><h3>${escapeHtml(c.title)}</h3>\n${scopeSvgIds(c.svg, `chart-${c.name}`)}</figure>`).join('\n')}
</body>
</html>
`;
}
