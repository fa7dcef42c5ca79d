/**
 * The validation table against published Xen measurements (`npm run papers`): a text
 * table for the terminal, docs/validation.md (the table, then per paper its setup, what
 * of its text was read, each row's tolerance and reason and a chart), one vega-lite
 * chart per paper — published value (with its tolerance, range or bound) beside the
 * simulated one — and the same as a self-contained HTML page in the report theme.
 * Pure functions of the expect files and the row outcomes: the same runs give the same
 * bytes (no wall-clock figure anywhere).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PaperSpec, Verdict } from '../sim/experiment/paper-expect.js';
import { publishedText, type RowOutcome, toleranceText, verdictCounts } from '../sim/experiment/paper-verdicts.js';
import type { Chart } from './charts.js';
import { left } from './format.js';
import { chartFigure, escapeHtml, page, type RenderedChart } from './page.js';

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Numbers as the table shows them: 4 significant digits, no exponent for everyday sizes. */
export function num(x: number | null): string {
  if (x === null) return '—';
  if (x !== 0 && (Math.abs(x) >= 1e6 || Math.abs(x) < 1e-3)) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}

function errorText(o: RowOutcome): string {
  if (o.error === null) return '—';
  if (o.error === 0) return '0 (inside)';
  const rel = o.relError !== null ? ` (${o.relError > 0 ? '+' : ''}${Number((o.relError * 100).toPrecision(3))} %)` : '';
  return `${o.error > 0 ? '+' : ''}${num(o.error)}${rel}`;
}

function withUnit(text: string, unit: string): string {
  return text === '—' || unit === '' ? text : `${text} ${unit}`;
}

export interface TableRow {
  paper: string;
  figure: string;
  quantity: string;
  published: string;
  simulated: string;
  error: string;
  tolerance: string;
  verdict: Verdict;
}

export function tableRows(outcomes: readonly RowOutcome[], papers: readonly PaperSpec[]): TableRow[] {
  const short = new Map(papers.map((p) => [p.paper, shortCite(p)]));
  return outcomes.map((o) => ({
    paper: short.get(o.paper) ?? o.paper,
    figure: o.row.figure,
    quantity: o.row.quantity,
    published: withUnit(publishedText(o.row.published), o.row.unit),
    simulated: withUnit(num(o.simulated), o.row.unit),
    error: errorText(o),
    tolerance: o.row.published.not_retrieved !== undefined ? '—' : toleranceText(o.tolerance, o.row.unit),
    verdict: o.verdict,
  }));
}

/** "Cherkasova et al. 2007" from the authors and the venue's year. */
export function shortCite(p: PaperSpec): string {
  const first = p.authors.split(/,| and /)[0].trim().split(/\s+/).pop() ?? p.paper;
  const many = p.authors.includes(',') || p.authors.includes(' and ');
  const year = /\b(19|20)\d\d\b/.exec(p.venue)?.[0] ?? '';
  return `${first}${many ? ' et al.' : ''} ${year}`.trim();
}

const HEAD = ['Paper', 'Figure', 'Quantity', 'Published', 'Simulated', 'Error', 'Tolerance', 'Verdict'];

function cells(r: TableRow): string[] {
  return [r.paper, r.figure, r.quantity, r.published, r.simulated, r.error, r.tolerance, r.verdict];
}

/** The table as aligned text for the terminal (long quantities cut at 44 characters). */
export function validationText(outcomes: readonly RowOutcome[], papers: readonly PaperSpec[]): string {
  const cut = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
  const rows = tableRows(outcomes, papers).map((r) => cells(r).map((c, i) => (i === 2 ? cut(c, 44) : i === 1 ? cut(c, 22) : c)));
  const all = [HEAD, ...rows];
  const widths = HEAD.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const lines = all.map((row) => row.map((v, c) => left(v, widths[c])).join('  ').trimEnd());
  return `${lines.join('\n')}\n\n${countsSentence(outcomes)}\n`;
}

export function countsSentence(outcomes: readonly RowOutcome[]): string {
  const c = verdictCounts(outcomes);
  return `${outcomes.length} rows: ${c.reproduced} reproduced, ${c['not reproduced']} not reproduced, ${c['cannot simulate']} cannot be simulated, ${c['not compared']} not compared (published figure not retrieved).`;
}

const mdCell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function markdownTable(rows: readonly TableRow[]): string {
  const head = `| ${HEAD.join(' | ')} |\n|${HEAD.map(() => '---').join('|')}|\n`;
  return head + rows.map((r) => `| ${cells(r).map(mdCell).join(' | ')} |`).join('\n') + '\n';
}

/** One chart per paper: for each row, the published value (a point with its tolerance, a range or a bound) and the simulated one. */
export function paperChart(p: PaperSpec, outcomes: readonly RowOutcome[]): Chart {
  const mine = outcomes.filter((o) => o.paper === p.paper);
  const order = mine.map((o) => o.row.id);
  const values: { row: string; unit: string; series: string; y: number; lo: number | null; hi: number | null }[] = [];
  for (const o of mine) {
    const unit = o.row.unit || '(ratio)';
    const pub = o.row.published;
    const tol = o.tolerance;
    const allow = (ref: number): number => (tol === undefined ? 0 : Math.max(tol.abs ?? 0, (tol.rel ?? 0) * Math.abs(ref)));
    if (pub.value !== undefined) values.push({ row: o.row.id, unit, series: 'published ± tolerance', y: pub.value, lo: pub.value - allow(pub.value), hi: pub.value + allow(pub.value) });
    else if (pub.range !== undefined) values.push({ row: o.row.id, unit, series: 'published range', y: (pub.range[0] + pub.range[1]) / 2, lo: pub.range[0] - allow(pub.range[0]), hi: pub.range[1] + allow(pub.range[1]) });
    else if (pub.at_least !== undefined) values.push({ row: o.row.id, unit, series: 'published bound (≥)', y: pub.at_least, lo: null, hi: null });
    else if (pub.at_most !== undefined) values.push({ row: o.row.id, unit, series: 'published bound (≤)', y: pub.at_most, lo: null, hi: null });
    if (o.simulated !== null) values.push({ row: o.row.id, unit, series: 'xensim', y: Number(o.simulated.toPrecision(6)), lo: null, hi: null });
  }
  const units = [...new Set(values.map((v) => v.unit))];
  // Only the series this paper has, each with a fixed colour and shape (published blue, xensim orange).
  const style: Record<string, [string, string]> = {
    'published ± tolerance': ['#4c78a8', 'circle'], 'published range': ['#4c78a8', 'square'], 'published bound (≥)': ['#4c78a8', 'triangle-up'],
    'published bound (≤)': ['#4c78a8', 'triangle-down'], xensim: ['#f58518', 'diamond'],
  };
  const series = Object.keys(style).filter((k) => values.some((v) => v.series === k));
  const legend = { labelLimit: 300 };
  const colour = { field: 'series', type: 'nominal' as const, title: null, legend, scale: { domain: series, range: series.map((k) => style[k][0]) } };
  const shape = { field: 'series', type: 'nominal' as const, title: null, legend, scale: { domain: series, range: series.map((k) => style[k][1]) } };
  const x = { field: 'row', type: 'nominal' as const, title: null, sort: order, axis: { labelAngle: -30, labelLimit: 220 } };
  const inner = {
    width: Math.max(160, 70 * order.length),
    height: 200,
    layer: [
      { transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }], mark: { type: 'errorbar', ticks: true, color: '#4c78a8' }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: null }, y2: { field: 'hi' } } },
      { mark: { type: 'point', filled: true, size: 90 }, encoding: { x, y: { field: 'y', type: 'quantitative', title: null, scale: { zero: false }, axis: { format: '~r' } }, color: colour, shape } },
    ],
  };
  const spec = (units.length > 1
    ? { $schema: SCHEMA, title: shortCite(p), background: 'white', data: { values }, facet: { row: { field: 'unit', type: 'nominal', title: null, sort: units } }, spec: inner, resolve: { scale: { y: 'independent', x: 'independent' } } }
    : { $schema: SCHEMA, title: `${shortCite(p)} (${units[0] ?? ''})`, background: 'white', data: { values }, ...inner }) as TopLevelSpec;
  return { name: p.paper, title: `${shortCite(p)}: published and simulated`, spec };
}

const VERDICT_NOTE: Record<Verdict, string> = {
  reproduced: 'within the tolerance stated before comparing',
  'not reproduced': 'outside the stated tolerance',
  'cannot simulate': 'the model cannot express the experiment (or lacks the scheduler it needs)',
  'not compared': 'the paper\'s figure could not be read with the look-up tools; xensim\'s value is shown alone',
};

/** docs/validation.md: `chartPath(paper)` is where the paper's SVG chart lies, relative to the document. */
export function validationMarkdown(papers: readonly PaperSpec[], outcomes: readonly RowOutcome[], chartPath: (paper: string) => string): string {
  const out: string[] = [];
  out.push('# Validation against published Xen measurements\n');
  out.push('<!-- Generated by `npm run papers` from scenarios/papers/*.expect.yaml and the scenarios beside them. Do not edit by hand: edit the expect files and run it again. -->\n');
  out.push('Each published experiment is a scenario under `scenarios/papers/`; its header cites the paper, the table or figure, the hardware, the Xen version and every assumption made to express the setup. Beside it, `<paper>.expect.yaml` holds the published values, the tolerance of each row with its reason — fixed before comparing, from the paper\'s own spread or read precision where the paper gives one, never widened to pass — and the verdict last recorded. `npm run papers` runs every scenario (in parallel worker threads), prints the table and writes this page, its charts (`docs/validation/*.svg`) and the same page as HTML (`docs/validation.html`); `npm run papers -- --record` also writes the new verdicts into the expect files. `test/validation/papers.test.ts` checks every row\'s verdict at a reduced horizon.\n');
  out.push(`**${countsSentence(outcomes)}**\n`);
  out.push('Verdicts: ' + (Object.keys(VERDICT_NOTE) as Verdict[]).map((v) => `*${v}* — ${VERDICT_NOTE[v]}`).join('; ') + '.\n');
  out.push('## The table\n');
  out.push(markdownTable(tableRows(outcomes, papers)));
  out.push('## Running it, and adding a paper\n');
  out.push('`npm run papers` (or `xensim papers`) builds, runs every row and rewrites this page; `-- --only PAPER` runs one paper, `-- --no-write` prints the table only, `-- --quick` uses the reduced horizons the tests use, `-- --record` (with or without `--quick`) writes the verdicts it found into the expect files. A row whose scenario needs a scheduler that this build does not register (SEDF and BVT, written in another branch) is *cannot simulate: needs scheduler …* until it is there; once it is, run `npm run papers -- --record` and `npm run papers -- --quick --record`, read the new verdicts, and commit them with the regenerated page.\n');
  out.push('A paper is a `<paper>.expect.yaml` beside its scenarios: the citation, `text_read` (what of the paper the look-up tools reached), `hardware`, `xen`, a `quick` horizon with its reason, and `rows`. A row names a `run` (a scenario file, values `set` at dotted paths as a sweep\'s axes, optional `duration` and `seed`), a `measure` (`scale × of / per + offset`, each term a Result path; `domains.web*.…` takes the `mean` or `sum` over matching domains; `per_second` divides by the simulated seconds), the `published` value (`value`, `range`, `at_least`, `at_most`, or `not_retrieved` with the reason) with the paper\'s words in `quote`, a `tolerance` (`abs`/`rel` and its `reason`), the recorded `verdict`, and `why` when it is not reproduced (`cannot_simulate` when the model cannot express it at all). The format is checked with file:line:col errors (`sim/experiment/paper-expect.ts`).\n');
  for (const p of papers) {
    const mine = outcomes.filter((o) => o.paper === p.paper);
    out.push(`## ${shortCite(p)}: ${p.title}\n`);
    out.push(`${p.authors}. *${p.title}*. ${p.venue}.\n`);
    out.push(`- **Hardware**: ${p.hardware}`);
    out.push(`- **Xen**: ${p.xen}`);
    out.push(`- **What of the paper's text was read**: ${p.text_read}`);
    if (p.sources.length > 0) out.push(`- **Sources**: ${p.sources.map((s) => `<${s}>`).join(', ')}`);
    out.push(`- **Scenarios and expectations**: \`scenarios/papers/${p.paper}*\` (assumptions in each scenario's header)\n`);
    out.push(`![${shortCite(p)}: published and simulated](${chartPath(p.paper)})\n`);
    for (const o of mine) {
      const r = o.row;
      out.push(`**${r.id}** — ${r.figure}: ${r.quantity}. Published ${withUnit(publishedText(r.published), r.unit)}, xensim ${withUnit(num(o.simulated), r.unit)}: *${o.verdict}*.`);
      const lines: string[] = [];
      if (r.published.quote !== undefined) lines.push(`  - The paper: “${r.published.quote}”${r.published.where !== undefined ? ` (${r.published.where})` : ''}`);
      if (r.published.not_retrieved !== undefined) lines.push(`  - Not compared: ${r.published.not_retrieved}`);
      if (o.tolerance !== undefined && r.published.not_retrieved === undefined) lines.push(`  - Tolerance ${toleranceText(o.tolerance, r.unit)}: ${o.tolerance.reason}`);
      if (o.verdict !== 'reproduced' && o.verdict !== 'not compared' && o.note !== '') lines.push(`  - Why: ${o.note}`);
      out.push(lines.length > 0 ? `\n${lines.join('\n')}\n` : '');
    }
  }
  return out.join('\n').replace(/\n{3,}/g, '\n\n');
}

/** The same as one self-contained page in the report theme (inline SVG charts). */
export function validationHtml(papers: readonly PaperSpec[], outcomes: readonly RowOutcome[], charts: readonly RenderedChart[]): string {
  const rows = tableRows(outcomes, papers);
  const cls = (v: Verdict): string => (v === 'reproduced' ? '' : v === 'not reproduced' ? ' class="warn"' : ' class="note"');
  const table = `<div class="table"><table class="grid"><thead><tr>${HEAD.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>` +
    rows.map((r) => `<tr>${cells(r).map((c, i) => (i === 7 ? `<td${cls(r.verdict)}>${escapeHtml(c)}</td>` : i >= 3 && i <= 6 ? `<td class="n">${escapeHtml(c)}</td>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('') +
    '</tbody></table></div>\n';
  const sections = papers.map((p) => {
    const chart = charts.find((c) => c.name === p.paper);
    const mine = outcomes.filter((o) => o.paper === p.paper);
    const items = mine.map((o) => {
      const r = o.row;
      const bits = [`<b>${escapeHtml(r.id)}</b> — ${escapeHtml(r.figure)}: ${escapeHtml(r.quantity)}. <i>${escapeHtml(o.verdict)}</i>.`];
      if (r.published.quote !== undefined) bits.push(`The paper: “${escapeHtml(r.published.quote)}”${r.published.where !== undefined ? ` (${escapeHtml(r.published.where)})` : ''}`);
      if (r.published.not_retrieved !== undefined) bits.push(`Not compared: ${escapeHtml(r.published.not_retrieved)}`);
      if (o.tolerance !== undefined && r.published.not_retrieved === undefined) bits.push(`Tolerance ${escapeHtml(toleranceText(o.tolerance, r.unit))}: ${escapeHtml(o.tolerance.reason)}`);
      if (o.verdict !== 'reproduced' && o.verdict !== 'not compared' && o.note !== '') bits.push(`Why: ${escapeHtml(o.note)}`);
      return `<li>${bits.join('<br>')}</li>`;
    }).join('');
    return `<h2 id="paper-${escapeHtml(p.paper)}">${escapeHtml(shortCite(p))}: ${escapeHtml(p.title)}</h2>\n` +
      `<p>${escapeHtml(p.authors)}. <i>${escapeHtml(p.title)}</i>. ${escapeHtml(p.venue)}.</p>\n` +
      `<ul><li><b>Hardware</b>: ${escapeHtml(p.hardware)}</li><li><b>Xen</b>: ${escapeHtml(p.xen)}</li><li><b>What of the paper's text was read</b>: ${escapeHtml(p.text_read)}</li></ul>\n` +
      (chart !== undefined ? chartFigure(chart) + '\n' : '') + `<ul>${items}</ul>\n`;
  }).join('');
  const c = verdictCounts(outcomes);
  const compared = c.reproduced + c['not reproduced'];
  return page({
    title: 'xensim: validation against published Xen measurements',
    meta: `${papers.length} papers · ${outcomes.length} rows · scenarios/papers/`,
    headline: `${c.reproduced} of ${compared} compared rows reproduced`,
    lede: countsSentence(outcomes),
    body: `<h2>The table</h2>\n${table}${sections}`,
  });
}
