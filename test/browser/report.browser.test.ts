/**
 * report.html in a real browser: headless Chromium (test/helpers/browser.ts: the one
 * @sparticuz/chromium ships in node_modules, or Debian's where installed and newer;
 * driven by playwright-core, which downloads nothing) opens the page from a file:// URL with the network off, and
 * we check that it loads without console errors, that every chart has a size, and that
 * the summary is visible. A PNG screenshot goes to test-output/report.png.
 *
 * No browser is a failure, not a skip: `npm install` brings one.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.js';
import { renderOutputFiles } from '../../reports/index.js';
import { greeboResult } from '../fixtures/result-fixture.js';

const SCREENSHOT = join(import.meta.dirname ?? '.', '..', '..', 'test-output', 'report.png');

describe('report.html in headless Chromium', () => {
  let browser: Browser | undefined;
  let dir = '';

  beforeAll(async () => {
    browser = (await launchChromium()).browser;
    dir = mkdtempSync(join(tmpdir(), 'xensim-report-'));
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  test('loads cleanly, every chart has a size, the summary is visible; screenshot saved', async () => {
    const result = greeboResult();
    const files = await renderOutputFiles(result, { html: true });
    const file = join(dir, 'report.html');
    writeFileSync(file, files['report.html']);

    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, offline: true, javaScriptEnabled: false });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    // Anything but the page itself would be a network fetch the report must not make.
    page.on('request', (req) => {
      if (req.url() !== pathToFileURL(file).href) problems.push(`request: ${req.url()}`);
    });

    const response = await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    expect(response?.ok() ?? true).toBe(true);

    const summary = page.locator('#summary');
    expect(await summary.isVisible()).toBe(true);
    expect((await summary.textContent())?.trim()).toBe('1.38% cpu utilisation over 42 days');
    const box = await summary.boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    expect(box!.height).toBeGreaterThan(10);

    const charts = page.locator('.chart svg');
    expect(await charts.count()).toBe(5);
    for (let i = 0; i < 5; i++) {
      const b = await charts.nth(i).boundingBox();
      expect(b).not.toBeNull();
      expect(b!.width).toBeGreaterThan(100);
      expect(b!.height).toBeGreaterThan(50);
    }
    // The tables render as text the reader can see.
    expect(await page.locator('pre', { hasText: 'Mem(MB)' }).isVisible()).toBe(true);

    mkdirSync(join(SCREENSHOT, '..'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);

    expect(problems).toEqual([]);
    await context.close();
  });
});
