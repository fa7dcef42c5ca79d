/**
 * One place that finds a headless Chromium for the browser tests.
 *
 * `npm install` brings one: the devDependency @sparticuz/chromium ships a
 * brotli-compressed Chromium (and a fallback font) inside the npm package, which we
 * inflate to the temp directory on first use (about 2 s, 190 MB; later calls reuse it).
 * The binary needs only libc, libgcc and libexpat, so it runs on a bare Debian (as
 * root too, with --no-sandbox). Debian's /usr/bin/chromium is used instead where it is
 * installed and newer, unless XENSIM_NO_SYSTEM_CHROMIUM=1.
 *
 * Several jest workers may ask at once: a lock directory makes one of them inflate
 * while the others wait, so nobody launches a half-written binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

export interface FoundBrowser {
  executablePath: string;
  source: 'system' | 'npm';
  version: string;
  /** Extra launch arguments and environment for this binary. */
  args: string[];
  env: Record<string, string>;
}

const COMMON_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-quic',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
  '--no-zygote',
];

/** "Chromium 156.0.8078.73 built on Debian…" → [156, 0, 8078, 73]; [] when it does not run. */
export function versionOf(executable: string): number[] {
  try {
    const out = execFileSync(executable, ['--version'], { encoding: 'utf8', timeout: 20_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const m = /(\d+)\.(\d+)\.(\d+)\.(\d+)/.exec(out);
    return m ? m.slice(1).map(Number) : [];
  } catch {
    return [];
  }
}

export function newerVersion(a: number[], b: number[]): boolean {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1;
    const y = b[i] ?? -1;
    if (x !== y) return x > y;
  }
  return false;
}

/** Debian's Chromium only where it runs, is newer than the npm one, and is not hidden by XENSIM_NO_SYSTEM_CHROMIUM=1. */
export function pickSource(systemVersion: number[], npmVersion: number[], env: NodeJS.ProcessEnv): 'system' | 'npm' {
  if (env.XENSIM_NO_SYSTEM_CHROMIUM === '1' || systemVersion.length === 0) return 'npm';
  return newerVersion(systemVersion, npmVersion) ? 'system' : 'npm';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Inflate @sparticuz/chromium's binary once (the package writes it to tmpdir()/chromium). */
async function npmChromium(): Promise<string> {
  const lock = join(tmpdir(), 'xensim-chromium.lock');
  const done = join(tmpdir(), 'chromium');
  for (let waited = 0; ; waited += 100) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Someone else inflates; a lock older than 2 minutes is stale (killed worker).
      try {
        if (Date.now() - statSync(lock).mtimeMs > 120_000) rmdirSync(lock);
      } catch { /* gone already */ }
      await sleep(100);
    }
  }
  try {
    const mod = (await import('@sparticuz/chromium')) as unknown as { default: { executablePath(input?: string): Promise<string> } };
    if (existsSync(done) && versionOf(done).length === 0) {
      // A half-written binary from a killed run: remove it so the package inflates it again.
      rmSync(done, { force: true });
    }
    return await mod.default.executablePath();
  } finally {
    rmdirSync(lock);
  }
}

let found: Promise<FoundBrowser> | undefined;

/** The Chromium the browser tests use: Debian's if installed and newer, else the npm one. */
export function findChromium(): Promise<FoundBrowser> {
  found ??= (async () => {
    const npmPath = await npmChromium();
    const npmVersion = versionOf(npmPath);
    const fontsConf = join(tmpdir(), 'fonts', 'fonts.conf');
    const npm: FoundBrowser = {
      executablePath: npmPath,
      source: 'npm',
      version: npmVersion.join('.'),
      args: [...COMMON_ARGS, '--font-render-hinting=none'],
      // The package's fonts.conf adds its fallback font to the system's (if any).
      env: existsSync(fontsConf) && !existsSync('/etc/fonts/fonts.conf') ? { FONTCONFIG_PATH: dirname(fontsConf) } : {},
    };
    if (npmVersion.length === 0) throw new Error(`the Chromium of @sparticuz/chromium at ${npmPath} does not run (ldd ${npmPath})`);
    if (process.env.XENSIM_NO_SYSTEM_CHROMIUM === '1' || !existsSync(SYSTEM_CHROMIUM)) return npm;
    const systemVersion = versionOf(SYSTEM_CHROMIUM);
    if (pickSource(systemVersion, npmVersion, process.env) === 'system') {
      return { executablePath: SYSTEM_CHROMIUM, source: 'system', version: systemVersion.join('.'), args: COMMON_ARGS, env: {} };
    }
    return npm;
  })();
  return found;
}

/** Launch the found Chromium through playwright-core (which downloads nothing). */
export async function launchChromium(options: LaunchOptions = {}): Promise<{ browser: Browser; found: FoundBrowser }> {
  const f = await findChromium();
  const browser = await chromium.launch({
    ...options,
    executablePath: f.executablePath,
    args: [...f.args, ...(options.args ?? [])],
    env: { ...process.env, ...f.env, ...(options.env ?? {}) } as Record<string, string>,
  });
  return { browser, found: f };
}

/** For the record in test output: which browser, from where. */
export function describeBrowser(f: FoundBrowser): string {
  return `${f.source === 'npm' ? '@sparticuz/chromium' : 'Debian chromium'} ${f.version} (${f.executablePath})`;
}

