/**
 * report.html stands alone: no script, no network, every text escaped, every chart
 * inline in a .chart element, the summary in #summary, SVG ids unique in the page.
 */
import { describe, expect, test } from '@jest/globals';
import { renderOutputFiles } from '../../reports/index.js';
import { scopeSvgIds } from '../../reports/html.js';
import { greeboResult } from '../fixtures/result-fixture.js';

async function html(...args: Parameters<typeof greeboResult>): Promise<string> {
  return (await renderOutputFiles(greeboResult(...args), { html: true }))['report.html'] as string;
}

describe('report.html', () => {
  test('no script, no stylesheet or image links, and no URL but the SVG namespaces', async () => {
    const page = await html();
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<link\b/i);
    expect(page).not.toMatch(/<img\b/i);
    expect(page).not.toMatch(/\bon[a-z]+=/i); // no inline event handlers
    const urls = page.match(/https?:\/\/[^\s"'<>)]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0); // the SVGs are really there
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
  });

  test('the summary line in #summary, and the three tables', async () => {
    const page = await html();
    expect(page).toContain('<p id="summary">1.38% cpu utilisation over 42 days</p>');
    expect(page).toContain('Name              Id  Mem(MB)  CPU  State  Time(s)  Console');
    expect(page).toContain('Name                                        ID   Mem VCPUs\tState\tTime(s)');
    expect(page).toMatch(/NAME +STATE +CPU\(sec\) CPU\(%\)/);
    expect(page).toContain('p95(ms)');
  });

  test('each chart inline, one .chart element per chart, each holding one <svg>', async () => {
    const page = await html();
    const figures = page.match(/<figure class="chart"[\s\S]*?<\/figure>/g) ?? [];
    expect(figures).toHaveLength(5); // cpu, memory, latency, hour of day, the scheduler's figures
    for (const f of figures) expect(f.match(/<svg\b/g)).toHaveLength(1);
  });

  test('user text is escaped: a scenario name or warning cannot inject markup', async () => {
    const page = await html({ scenario: '<script>alert("x")</script>', warnings: ['domain "a&b" <b>short</b> of memory'] });
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(page).toContain('domain &quot;a&amp;b&quot; &lt;b&gt;short&lt;/b&gt; of memory');
  });

  test('SVG ids are unique across the page and every url(#…) points at one of them', async () => {
    const page = await html();
    const ids = [...page.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of page.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  test('scopeSvgIds rewrites ids and their references alike', () => {
    const svg = '<svg><g clip-path="url(#clip1)"/><use href="#g2"/><defs><clipPath id="clip1"/><g id="g2"/></defs></svg>';
    expect(scopeSvgIds(svg, 'c')).toBe('<svg><g clip-path="url(#c-clip1)"/><use href="#c-g2"/><defs><clipPath id="c-clip1"/><g id="c-g2"/></defs></svg>');
  });
});
