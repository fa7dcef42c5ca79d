/**
 * One self-contained report.html: inline CSS and SVG, no script, no network — it reads
 * the same in a browser, a mail client or from an archive in ten years.
 */
import type { Result } from '../sim/stats/result.js';
import { latencyTable, xentop, xlList, xmList } from './tables.js';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#222}
h1{font-size:1.5rem}#summary{font-size:1.6rem;font-weight:600;margin:1rem 0;padding:.6rem 1rem;background:#eef4fb;border-left:4px solid #2f6db5}
pre{background:#f6f6f6;padding:.8rem;overflow-x:auto;font-size:13px}.chart{margin:1.2rem 0}.chart h3{margin:.2rem 0;font-size:1rem}
.meta{color:#666}.warn{color:#9a4b00}`;

export function reportHtml(result: Result, svgs: { title: string; svg: string }[]): string {
  const meta = `scenario ${escapeHtml(result.scenario)} · scheduler ${escapeHtml(result.scheduler)} · seed ${result.seed} · ${result.events.toLocaleString('en-US')} events · ${result.host.pcpus} pCPU @ ${result.host.ghz} GHz · ${result.host.memory_mb} MB`;
  const warnings = result.warnings.length > 0 ? `<h2>Warnings</h2><ul>${result.warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`).join('')}</ul>` : '';
  const lat = latencyTable(result);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>xensim: ${escapeHtml(result.scenario)}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${CSS}</style></head>
<body>
<h1>xensim report: ${escapeHtml(result.scenario)}</h1>
<p class="meta">${meta}</p>
<p id="summary">${escapeHtml(result.summary)}</p>
<h2>xm list</h2><pre>${escapeHtml(xmList(result))}</pre>
<h2>xl list</h2><pre>${escapeHtml(xlList(result))}</pre>
<h2>xentop</h2><pre>${escapeHtml(xentop(result))}</pre>
${lat !== '' ? `<h2>Latency (ms)</h2><pre>${escapeHtml(lat)}</pre>` : ''}
<h2>Charts</h2>
${svgs.map((c) => `<div class="chart"><h3>${escapeHtml(c.title)}</h3>${c.svg}</div>`).join('\n')}
${warnings}
</body></html>
`;
}
