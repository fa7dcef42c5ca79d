/**
 * The one page layout and theme of every xensim HTML report (run, compare, sweep):
 * self-contained (inline CSS and SVG, no script, no font, image or link to fetch), a
 * first screen that answers the planner's question (the headline sentence, then cards of
 * figures), then charts, then the text tables, scrollable and never cut, and a print
 * stylesheet. Every piece of text from a Result or a user file goes through escapeHtml.
 */

export interface RenderedChart {
  name: string;
  title: string;
  svg: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

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

/** The theme: one stylesheet for every report, screen and print. */
export const CSS = `:root{--ink:#1f2328;--muted:#57606a;--line:#d0d7de;--panel:#f6f8fa;--accent:#2f6db5;--warn:#9a4b00}
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem auto;max-width:78rem;padding:0 1rem;color:var(--ink);background:#fff}
h1{font-size:1.45rem;margin:0 0 .2rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.2rem}
h3{font-size:1rem;margin:1rem 0 .4rem}
.meta{color:var(--muted);margin:0 0 .8rem}
#summary{font-size:1.6rem;font-weight:600;margin:.6rem 0 .2rem;padding:.5rem 1rem;background:#eef4fb;border-left:4px solid var(--accent)}
.lede{margin:.3rem 0 1rem;font-size:1.05rem}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.8rem;margin:.8rem 0}
.card{border:1px solid var(--line);border-radius:6px;padding:.6rem .9rem;background:#fff}
.card h3{margin:0 0 .2rem;font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:var(--muted)}
.card .big{font-size:1.5rem;font-weight:600;margin:0}
.card ul{list-style:none;margin:.3rem 0 0;padding:0;font-size:.9rem;color:var(--ink)}
.card li{margin:.1rem 0}
.assumed{display:inline-block;font-size:.75rem;font-weight:600;color:var(--warn);border:1px solid var(--warn);border-radius:3px;padding:0 .3rem;margin-left:.3rem;vertical-align:middle;font-style:italic}
.note{font-size:.8rem;color:var(--muted);margin:.3rem 0 0}
.warn{color:var(--warn)}
.chart{margin:1.2rem 0;break-inside:avoid}.chart h3{margin:.2rem 0}.chart svg{max-width:100%;height:auto}
.table{overflow-x:auto;background:var(--panel);border:1px solid var(--line);border-radius:4px;margin:.4rem 0 1rem}
.table pre{margin:0;padding:.7rem;font-size:12px;line-height:1.35;tab-size:8;white-space:pre;width:max-content}
pre{background:var(--panel);padding:.7rem;overflow-x:auto;font-size:12.5px;tab-size:8}
table.grid{border-collapse:collapse;font-size:.9rem}table.grid th,table.grid td{border:1px solid var(--line);padding:.2rem .5rem;text-align:left}table.grid td.n{text-align:right;font-variant-numeric:tabular-nums}
footer{margin:2rem 0 1rem;color:var(--muted);font-size:.8rem}
@media print{
@page{margin:12mm}
body{max-width:none;margin:0;padding:0;font-size:10.5pt;color:#000}
#summary{background:none;border-left:3px solid #000;font-size:15pt}
.cards{grid-template-columns:repeat(3,1fr);gap:4mm}
.card{break-inside:avoid}
.table{overflow:visible;background:none;border:none}
.table pre{white-space:pre-wrap;width:auto;font-size:7.5pt;padding:0}
.table.wide pre{font-size:5.6pt}
pre{white-space:pre-wrap;overflow:visible;background:none}
h2{break-after:avoid}
.chart{break-inside:avoid}
.chart svg{max-width:100%}
footer{display:none}
}`;

export interface Card {
  title: string;
  /** The figure in large type (already formatted). */
  big: string;
  lines?: string[];
  /** Marks the card's figures as assumed, not measured, with the reason. */
  assumed?: string;
  id?: string;
}

export function cardsHtml(cards: readonly Card[], id = 'cards'): string {
  const one = (c: Card): string =>
    `<div class="card"${c.id !== undefined ? ` id="${escapeHtml(c.id)}"` : ''}><h3>${escapeHtml(c.title)}${c.assumed !== undefined ? '<span class="assumed">assumed</span>' : ''}</h3>` +
    `<p class="big">${escapeHtml(c.big)}</p>` +
    (c.lines !== undefined && c.lines.length > 0 ? `<ul>${c.lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>` : '') +
    (c.assumed !== undefined ? `<p class="note">${escapeHtml(c.assumed)}</p>` : '') +
    '</div>';
  return `<section class="cards" id="${escapeHtml(id)}">${cards.map(one).join('')}</section>\n`;
}

export function chartFigure(c: RenderedChart): string {
  return `<figure class="chart" id="${escapeHtml(c.name)}"><h3>${escapeHtml(c.title)}</h3>\n${scopeSvgIds(c.svg, `chart-${c.name}`)}</figure>`;
}

/** A text table in a box that scrolls sideways on screen and wraps in print: never cut. */
export function textTable(title: string, text: string, id?: string): string {
  if (text === '') return '';
  // Wide tables (xentop: 157 columns) get a smaller print font so that a line fits an A4 page.
  const wide = Math.max(...text.split('\n').map((l) => l.length)) > 110;
  return `<h3${id !== undefined ? ` id="${escapeHtml(id)}"` : ''}>${escapeHtml(title)}</h3>\n<div class="table${wide ? ' wide' : ''}"><pre>${escapeHtml(text)}</pre></div>\n`;
}

export interface PageParts {
  /** <title> and <h1>. */
  title: string;
  /** The line of facts under the title. */
  meta: string;
  /** The headline sentence (element #summary). */
  headline: string;
  /** A sentence or two after it, plain text. */
  lede?: string;
  cards?: readonly Card[];
  /** Ready HTML: warnings, charts, sections, tables, in order. */
  body: string;
}

export function page(p: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(p.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1>${escapeHtml(p.title)}</h1>
<p class="meta">${escapeHtml(p.meta)}</p>
<p id="summary">${escapeHtml(p.headline)}</p>
${p.lede !== undefined && p.lede !== '' ? `<p class="lede">${escapeHtml(p.lede)}</p>\n` : ''}</header>
${p.cards !== undefined && p.cards.length > 0 ? cardsHtml(p.cards) : ''}${p.body}
<footer>xensim — a simulation: every figure is a model's output, and figures marked <em>assumed</em> rest on defaults, not on the scenario.</footer>
</body>
</html>
`;
}

export function warningsHtml(warnings: readonly string[]): string {
  return warnings.length > 0 ? `<h2>Warnings</h2>\n<ul>${warnings.map((w) => `<li class="warn">${escapeHtml(w)}</li>`).join('')}</ul>\n` : '';
}
