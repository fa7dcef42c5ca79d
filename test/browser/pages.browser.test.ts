/**
 * Every HTML page xensim writes, in headless Chromium (test/helpers/browser.ts): run
 * (one host, and several), compare, sweep and plan. Each loads offline without a console
 * error or a request; every chart has a size and data marks; a domain has the same
 * colour in every chart; the first screen (1280 × 900) holds the headline and the cards;
 * the print stylesheet applies. Screenshots go to test-output/.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { renderOutputFiles } from '../../reports/index.js';
import { compareOutputFiles, withDuration } from '../../cli/compare.js';
import { compareConsolidation, runInProcess } from '../../sim/experiment/consolidation.js';
import { loadConsolidationFile } from '../../sim/experiment/consolidation-load.js';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/run.js';
import { greeboResult } from '../fixtures/result-fixture.js';
import { launchChromium } from '../helpers/browser.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const OUT = join(ROOT, 'test-output');
const VIEW = { width: 1280, height: 900 };

let browser: Browser;
let dir = '';

beforeAll(async () => {
  browser = (await launchChromium()).browser;
  dir = mkdtempSync(join(tmpdir(), 'xensim-pages-'));
  mkdirSync(OUT, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  if (dir !== '') rmSync(dir, { recursive: true, force: true });
});

/** Opens `html` offline, JavaScript off; returns the page and the problems seen. */
async function open(name: string, html: string): Promise<{ page: Page; problems: string[]; close: () => Promise<void> }> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const context = await browser.newContext({ viewport: VIEW, offline: true, javaScriptEnabled: false });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    if (r.url() !== pathToFileURL(file).href) problems.push(`request: ${r.url()}`);
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

/** Every .chart has an SVG of a real size holding data marks. */
async function chartsHaveSizeAndData(page: Page): Promise<number> {
  const charts = page.locator('.chart');
  const n = await charts.count();
  expect(n).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const svg = charts.nth(i).locator('svg');
    const b = await svg.boundingBox();
    expect(b).not.toBeNull();
    expect(b!.width).toBeGreaterThan(100);
    expect(b!.height).toBeGreaterThan(50);
    expect(await charts.nth(i).locator('[role="graphics-symbol"]').count()).toBeGreaterThan(0);
  }
  return n;
}

/** The headline and every card lie within the first screen. */
async function firstScreen(page: Page, cardsSelector = '#cards .card'): Promise<void> {
  const summary = await page.locator('#summary').boundingBox();
  expect(summary).not.toBeNull();
  expect(summary!.y + summary!.height).toBeLessThanOrEqual(VIEW.height);
  const cards = page.locator(cardsSelector);
  expect(await cards.count()).toBeGreaterThanOrEqual(3);
  for (let i = 0; i < (await cards.count()); i++) {
    const b = await cards.nth(i).boundingBox();
    expect(b!.y + b!.height).toBeLessThanOrEqual(VIEW.height);
    expect(b!.width).toBeGreaterThan(150);
  }
}

/** The print stylesheet applies: tables wrap instead of scrolling, the footer goes. */
async function printApplies(page: Page, shot: string): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  expect(await page.locator('.table').first().evaluate((e) => getComputedStyle(e).overflowX)).toBe('visible');
  if ((await page.locator('.table pre').count()) > 0) expect(await page.locator('.table pre').first().evaluate((e) => getComputedStyle(e).whiteSpace)).toBe('pre-wrap');
  expect(await page.locator('footer').evaluate((e) => getComputedStyle(e).display)).toBe('none');
  await page.screenshot({ path: join(OUT, shot), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
}

/** Colour of each domain's marks per chart: fill of areas, stroke of lines. */
async function domainColours(page: Page, chart: string, domain: string): Promise<Set<string>> {
  const marks = page.locator(`#${chart} [role="graphics-symbol"][aria-label*="domain: ${domain};"], #${chart} [role="graphics-symbol"][aria-label$="domain: ${domain}"]`);
  const out = new Set<string>();
  for (let i = 0; i < Math.min(await marks.count(), 20); i++) {
    const m = marks.nth(i);
    const kind = await m.getAttribute('aria-roledescription');
    const c = await m.getAttribute(kind === 'area mark' ? 'fill' : 'stroke');
    if (c !== null) out.add(c.toLowerCase());
  }
  return out;
}

describe('xensim pages in headless Chromium', () => {
  test('run report (one host): first screen, charts, one colour per domain, print', async () => {
    const r = greeboResult();
    const html = (await renderOutputFiles(r, { html: true }))['report.html'] as string;
    const { page, problems, close } = await open('report.html', html);
    await firstScreen(page);
    expect((await page.locator('#summary').textContent())?.trim()).toBe('1.38% cpu utilisation over 42 days');
    await page.screenshot({ path: join(OUT, 'report-first-screen.png') });
    expect(await chartsHaveSizeAndData(page)).toBe(5); // cpu, memory, latency, hour of day, the scheduler's figures
    for (const d of ['hex', 'tepidmail']) {
      const cpu = await domainColours(page, 'cpu-by-domain', d);
      const mem = await domainColours(page, 'memory', d);
      const lat = await domainColours(page, 'latency-p95', d);
      expect(cpu.size).toBe(1);
      expect(mem).toEqual(cpu);
      expect(lat).toEqual(cpu);
    }
    expect(await domainColours(page, 'cpu-by-domain', 'hex')).not.toEqual(await domainColours(page, 'cpu-by-domain', 'tepidmail'));
    // Tables after the charts, xentop whole (its last column is there, in a box that scrolls).
    const lastChart = await page.locator('.chart').last().boundingBox();
    const xm = await page.locator('#xm-list').boundingBox();
    expect(xm!.y).toBeGreaterThan(lastChart!.y);
    expect(await page.locator('.table pre', { hasText: 'VBD_WSECT' }).count()).toBe(1);
    await page.screenshot({ path: join(OUT, 'report-full.png'), fullPage: true });
    await printApplies(page, 'report-print.png');
    expect(problems).toEqual([]);
    await close();
  });

  test('run report (several hosts): a section and cards per host', async () => {
    const loaded = loadScenarioFile(join(ROOT, 'scenarios', 'migration-maintenance.yaml'));
    if ('errors' in loaded) throw new Error('migration-maintenance.yaml does not load');
    const r = runScenario(loaded.scenario, { durationNs: 8 * 60e9 });
    expect(r.hosts.length).toBeGreaterThan(1);
    const html = (await renderOutputFiles(r, { html: true }))['report.html'] as string;
    const { page, problems, close } = await open('report-hosts.html', html);
    await firstScreen(page);
    await chartsHaveSizeAndData(page);
    for (const h of r.hosts) expect(await page.locator(`.host h3`, { hasText: h.name }).count()).toBe(1);
    expect(await page.locator('.host .card').count()).toBe(3 * r.hosts.length);
    // No power figures in that scenario: the power cards say assumed.
    expect(await page.locator('#card-power .assumed').isVisible()).toBe(true);
    await page.screenshot({ path: join(OUT, 'report-hosts.png'), fullPage: true });
    await printApplies(page, 'report-hosts-print.png');
    expect(problems).toEqual([]);
    await close();
  });

  test('compare.html: the same layout — headline, cards, charts, table, print', async () => {
    const loaded = loadConsolidationFile(join(ROOT, 'scenarios', 'consolidation-greebo.yaml'));
    if ('errors' in loaded) throw new Error('consolidation-greebo.yaml does not load');
    const c = await compareConsolidation(withDuration(loaded.consolidation, 3600e9), runInProcess, 1);
    const files = await compareOutputFiles(c, true);
    const { page, problems, close } = await open('compare.html', files['compare.html']);
    await firstScreen(page);
    await chartsHaveSizeAndData(page);
    await page.screenshot({ path: join(OUT, 'compare.png'), fullPage: true });
    await printApplies(page, 'compare-print.png');
    expect(problems).toEqual([]);
    await close();
  });

  test('sweep report.html: the same layout — headline, cards, charts, summary, print', async () => {
    const out = join(dir, 'sweep');
    const sweep = join(dir, 'small.sweep.yaml');
    writeFileSync(sweep, `name: small\nbase: ${join(ROOT, 'scenarios', 'sweeps', 'io-host.yaml')}\nreplications: 2\naxes:\n  scheduler.name: [credit, rr]\n  duration: [5s]\nmetrics: [host.utilisation, domains.web.requests.p95_ms]\n`);
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'sweep', sweep, '--out', out, '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { page, problems, close } = await open('sweep.html', readFileSync(join(out, 'report.html'), 'utf8'));
    await firstScreen(page);
    expect(await chartsHaveSizeAndData(page)).toBe(2);
    await page.screenshot({ path: join(OUT, 'sweep.png'), fullPage: true });
    await printApplies(page, 'sweep-print.png');
    expect(problems).toEqual([]);
    await close();
  });

  test('plan.html: the same layout — headline, cards, the hosts chart, tables, print', async () => {
    const out = join(dir, 'plan');
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'plan', join(ROOT, 'scenarios', 'consolidation-greebo.yaml'), '--duration', '10m', '--out', out, '--html', '--quiet'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { page, problems, close } = await open('plan.html', readFileSync(join(out, 'plan.html'), 'utf8'));
    await firstScreen(page);
    expect(await chartsHaveSizeAndData(page)).toBe(1);
    expect(await page.locator('#summary').textContent()).toMatch(/^\d+ hosts? \(lower bound \d+\)/);
    await page.screenshot({ path: join(OUT, 'plan.png'), fullPage: true });
    await printApplies(page, 'plan-print.png');
    expect(problems).toEqual([]);
    await close();
  });
});
