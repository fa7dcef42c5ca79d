/** `xensim compare` / `plan` as a user runs them: the built CLI, spawned. */
import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../helpers/scenario.js';
import { CLI, type CliRun, runCli } from '../helpers/cli.js';


const xensim = (...args: string[]): CliRun => runCli(args, { timeoutMs: 90_000 });
const tmp = mkdtempSync(join(tmpdir(), 'xensim-compare-'));

describe('xensim compare / plan (built CLI)', () => {
  test('compare scenarios/consolidation-greebo.yaml: exit 0, side-by-side table, files with --out --html', () => {
    const out = join(tmp, 'out');
    const r = xensim('compare', 'scenarios/consolidation-greebo.yaml', '--out', out, '--html', '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^consolidation-greebo: 5 servers → 1 Xen host over 7 days: energy saved \d+\.\d%/);
    expect(r.stdout).toMatch(/^servers\s+5\s+1\s+80\.0%$/m);
    expect(r.stdout).toMatch(/^rack units \(U\)\s+9\s+1\s+88\.9%$/m);
    for (const w of ['hex', 'tepidmail', 'thinfaw', 'visit', 'william']) expect(r.stdout).toMatch(new RegExp(`^${w}\\s+${w}\\s+greebo\\s`, 'm'));
    const c = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    expect(c.before.servers).toBe(5);
    // One P4 instead of five boxes of that era: less energy, whatever the workload model says.
    expect(c.after.energy_kwh).toBeLessThan(c.before.energy_kwh);
    expect(c.savings.energy_pct).toBeCloseTo(((c.before.energy_kwh - c.after.energy_kwh) / c.before.energy_kwh) * 100, 6);
    expect(readFileSync(join(out, 'compare-summary.csv'), 'utf8').split('\n')[0]).toBe('metric,unit,before,after,saving_pct');
    expect(readFileSync(join(out, 'charts', 'compare-totals.svg'), 'utf8')).toMatch(/^<svg/);
    const html = readFileSync(join(out, 'compare.html'), 'utf8');
    expect(html).toContain('<section id="consolidation">');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  test('compare --format csv prints the summary CSV', () => {
    const r = xensim('compare', 'scenarios/consolidation-greebo.yaml', '--format', 'csv', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^metric,unit,before,after,saving_pct\nservers,,5,1,80\n/);
  });

  test('bad input: file:line:col, exit 2, no stack trace', () => {
    const bad = join(tmp, 'bad.yaml');
    writeFileSync(bad, 'name: x\nbefore:\n  - { name: a, memory: 512M, guest: { memory: 64M }, workload: idle }\nafter:\n  - domains: [ b ]\n');
    const r = xensim('compare', bad);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${bad}:3:13: server 'a' is not placed on any after-host (list it under after: … domains:)`,
      `${bad}:5:16: no server named 'b' under before: (servers: a)`,
    ]);
  });

  test('validate recognises consolidation files; list shows them', () => {
    const v = xensim('validate', 'scenarios/consolidation-greebo.yaml', 'scenarios/consolidation-planetlab.yaml', 'scenarios/greebo.yaml');
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('scenarios/consolidation-greebo.yaml: ok (consolidation: 5 servers → 1 Xen hosts, plan)');
    expect(v.stdout).toContain('scenarios/consolidation-planetlab.yaml: ok (consolidation: 40 servers → 2 Xen hosts, plan)');
    const l = xensim('list');
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/scenarios\/consolidation-greebo\.yaml\s+the talk's five guests/);
  });

  test('plan prints the hosts and the table of what it tried', () => {
    const r = xensim('plan', 'scenarios/consolidation-greebo.yaml', '--quiet');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^\d+ hosts? \(lower bound \d+\)/);
    expect(r.stdout).toContain('Tried (first fit, decreasing)');
    for (const w of ['hex', 'tepidmail', 'thinfaw', 'visit', 'william']) expect(r.stdout).toMatch(new RegExp(`^\\s+\\d+ ${w}\\s`, 'm'));
  });

  test('dist exists', () => expect(existsSync(CLI)).toBe(true));
});
