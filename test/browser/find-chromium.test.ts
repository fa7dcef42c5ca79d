/**
 * The browser the tests use comes from `npm install` alone: @sparticuz/chromium's binary,
 * inflated on first use, runs here with no apt package. Debian's is taken only where
 * installed, newer, and not hidden by XENSIM_NO_SYSTEM_CHROMIUM=1.
 */
import { describe, expect, test } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { findChromium, newerVersion, pickSource, versionOf } from '../helpers/browser.js';

describe('findChromium', () => {
  test('version comparison', () => {
    expect(newerVersion([156, 0, 8078, 73], [147, 0, 7727, 0])).toBe(true);
    expect(newerVersion([147, 0, 7727, 0], [147, 0, 7727, 0])).toBe(false);
    expect(newerVersion([140, 1, 0, 0], [147, 0, 0, 0])).toBe(false);
    expect(newerVersion([], [147])).toBe(false);
    expect(versionOf('/nonexistent/chromium')).toEqual([]);
  });

  test('Debian\'s only where it runs, is newer, and is not hidden', () => {
    const npm = [147, 0, 7727, 0];
    expect(pickSource([156, 0, 8078, 73], npm, {})).toBe('system');
    expect(pickSource([156, 0, 8078, 73], npm, { XENSIM_NO_SYSTEM_CHROMIUM: '1' })).toBe('npm');
    expect(pickSource([120, 0, 0, 0], npm, {})).toBe('npm');
    expect(pickSource([], npm, {})).toBe('npm'); // absent, or does not run
  });

  test('npm brings a Chromium that runs; Debian\'s only when present and newer', async () => {
    const f = await findChromium();
    expect(f.version).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
    expect(Number(f.version.split('.')[0])).toBeGreaterThanOrEqual(120);
    if (process.env.XENSIM_NO_SYSTEM_CHROMIUM === '1') expect(f.source).toBe('npm');
    if (f.source === 'npm') {
      // Only libc-level libraries: nothing an apt install would have to bring.
      const ldd = execFileSync('ldd', [f.executablePath], { encoding: 'utf8' });
      expect(ldd).not.toMatch(/not found/);
    }
  });
});
