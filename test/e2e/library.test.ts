/**
 * xensim as a library: package.json's `main` and `types` name files the build writes,
 * and a plain Node script can import the entry point, load a scenario, run it and
 * format the Result. `npm test` builds dist/ first.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; types: string; bin: Record<string, string> };

describe('the package entry point', () => {
  test('main, types and bin exist after the build', () => {
    expect(pkg.main).toBe('dist/sim/index.js');
    expect(existsSync(join(ROOT, pkg.main))).toBe(true);
    expect(existsSync(join(ROOT, pkg.types))).toBe(true);
    expect(existsSync(join(ROOT, pkg.bin.xensim))).toBe(true);
  });

  test('a Node script imports dist/sim/index.js, loads, runs and formats a scenario', () => {
    const main = pathToFileURL(join(ROOT, pkg.main)).href;
    const script = `
      import * as x from ${JSON.stringify(main)};
      const loaded = x.loadScenarioFile(${JSON.stringify(join(ROOT, 'scenarios', 'greebo.yaml'))});
      if ('errors' in loaded) { console.error(loaded.errors.map(x.formatError).join('\\n')); process.exit(2); }
      const result = x.runScenario(loaded.scenario, { durationNs: x.parseDuration('1h').value });
      const bad = x.loadScenarioText('name: [', 'bad.yaml');
      console.log(JSON.stringify({
        exports: Object.keys(x).sort(),
        schema: result.schema_version === x.RESULT_SCHEMA_VERSION,
        summary: result.summary,
        domains: result.domains.length,
        text: x.formatText(result).split('\\n')[0],
        error: 'errors' in bad ? x.formatError(bad.errors[0]).startsWith('bad.yaml:1:') : false,
      }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { exports: string[]; schema: boolean; summary: string; domains: number; text: string; error: boolean };
    for (const name of ['loadScenarioFile', 'loadScenarioText', 'runScenario', 'formatError', 'formatText', 'renderOutputFiles', 'reportHtml']) {
      expect(out.exports).toContain(name);
    }
    expect(out.schema).toBe(true);
    expect(out.summary).toMatch(/cpu utilisation over 1 hour/);
    expect(out.domains).toBe(6);
    expect(out.text).toBe(out.summary);
    expect(out.error).toBe(true);
  });
});
