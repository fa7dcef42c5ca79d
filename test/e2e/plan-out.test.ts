/**
 * Issue #25: `xensim plan FILE --out DIR [--html]` writes plan.json (the PlanResult),
 * plan-hosts.csv, plan-tried.csv and plan.html; --out is checked before anything is
 * simulated; stderr says where the files went.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const tmp = mkdtempSync(join(tmpdir(), 'xensim-plan-out-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function xensim(args: string[]) {
  return spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('plan --out DIR --html', () => {
  test('consolidation-greebo: plan.json, the CSVs and plan.html with the headline', () => {
    const out = join(tmp, 'greebo');
    const r = xensim(['plan', 'scenarios/consolidation-greebo.yaml', '--duration', '10m', '--out', out, '--html']);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(0);
    for (const f of ['plan.json', 'plan-hosts.csv', 'plan-tried.csv', 'plan.html']) expect(existsSync(join(out, f))).toBe(true);
    expect(r.stderr).toMatch(/wrote 4 files to .*: plan\.json, plan-hosts\.csv, plan-tried\.csv, plan\.html/);
    const plan = JSON.parse(readFileSync(join(out, 'plan.json'), 'utf8')) as { feasible: boolean; hosts: unknown[]; lowerBound: number; tried: unknown[] };
    expect(plan.feasible).toBe(true);
    const hostsCsv = readFileSync(join(out, 'plan-hosts.csv'), 'utf8').trim().split('\n');
    expect(hostsCsv[0]).toBe('host,domains,cpu_p95_pct,mean_util_pct,memory_pct,worst_p95_over_slo,room_pcpus,room_mb');
    expect(hostsCsv).toHaveLength(plan.hosts.length + 1);
    expect(readFileSync(join(out, 'plan-tried.csv'), 'utf8').trim().split('\n')).toHaveLength(plan.tried.length + 1);
    const html = readFileSync(join(out, 'plan.html'), 'utf8');
    expect(html).toMatch(new RegExp(`<p id="summary">${plan.hosts.length} hosts? \\(lower bound ${plan.lowerBound}\\)`));
    expect(html).toContain('id="plan-hosts"'); // the chart
    expect(html).toContain('<svg');
    expect(html).toContain('id="hosts-table"');
    expect(html).toContain('id="tried-table"');
    expect(html).not.toMatch(/<script/);
  });

  test('without --html: no plan.html; --html without --out refused', () => {
    const out = join(tmp, 'plain');
    const r = xensim(['plan', 'scenarios/consolidation-greebo.yaml', '--duration', '1m', '--out', out, '--quiet', '--format', 'json']);
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'plan.json'))).toBe(true);
    expect(existsSync(join(out, 'plan.html'))).toBe(false);
    expect(readFileSync(join(out, 'plan.json'), 'utf8')).toBe(r.stdout);
    const h = xensim(['plan', 'scenarios/consolidation-greebo.yaml', '--html']);
    expect(h.status).toBe(2);
    expect(h.stderr).toMatch(/--html needs --out DIR/);
  });

  test('a bad --out is refused before anything is simulated', () => {
    const r = xensim(['plan', 'scenarios/consolidation-greebo.yaml', '--out', join(ROOT, 'test', 'fixtures', 'bad', 'output-folders', 'a-file')]);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/a-file: is a file, not a folder \(--out\)/);
    expect(r.stderr).not.toMatch(/tried/);
  });
});
