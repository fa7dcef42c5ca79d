/**
 * The built CLI as a user runs it: a spawned `node dist/cli/main.js`, real files,
 * exit codes, stdout and stderr. `npm test` builds dist/ first.
 */
import { describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadScenarioText } from '../../sim/scenario/load.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const GREEBO_AUTO = ['hex', 'tepidmail', 'thinfaw', 'visit', 'william'].map((n) => join(ROOT, 'scenarios', 'greebo', 'auto', n));

function xensim(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'xensim-e2e-'));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

/** A stack trace line, which a user must never see for bad input. */
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

describe('xensim (built CLI)', () => {
  test('dist/cli/main.js exists (npm test builds it) and is a node script', () => {
    expect(existsSync(CLI)).toBe(true);
  });

  test('validate: the bundled scenarios are ok, exit 0', () => {
    const r = xensim('validate', 'scenarios/greebo.yaml', 'scenarios/demo.yaml');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/greebo\.yaml: ok \(5 domains/);
    expect(r.stdout).toMatch(/demo\.yaml: ok \(3 domains/);
    expect(r.stderr).toBe('');
  });

  test('validate: bad input prints file:line:col: message for every error, exit 2, no stack', () => {
    const bad = file('bad.yaml', 'name: bad\nhost:\n  pcpus: 1\ndomains:\n  - { name: a, memory: 64, weight: 0 }\n  - { name: a, memory: 64 }\n');
    const r = xensim('validate', bad);
    expect(r.code).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toEqual([
      `${bad}:5:36: weight 0 is outside 1–65535`,
      `${bad}:6:13: two domains are named 'a' (names must be unique, as xm requires)`,
    ]);
    expect(r.stderr).not.toMatch(STACK);
  });

  test('validate: a YAML syntax error and a missing file are both reported, exit 2', () => {
    const broken = file('broken.yaml', 'name: x\nname: y\n');
    const r = xensim('validate', broken, join(tmp, 'absent.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${broken}:2:1: YAML: Map keys must be unique`);
    expect(r.stderr).toContain(`${join(tmp, 'absent.yaml')}: no such file`);
    expect(r.stderr).not.toMatch(STACK);
  });

  test('validate: an error inside an xl config points into that file', () => {
    const cfg = file('guest.cfg', 'name = "guest"\nmemory = 64\nvif = [ \'bridge=nowhere\' ]\n');
    const yaml = file('withcfg.yaml', 'host: { memory: 1G }\ndomains:\n  - config: guest.cfg\n');
    const r = xensim('validate', yaml);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${cfg}:3:1: bridge 'nowhere' does not exist on the host (bridges: none)`);
  });

  test('schema: valid JSON Schema describing the scenario keys', () => {
    const r = xensim('schema');
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.stdout) as { type: string; properties: Record<string, unknown> };
    expect(schema.type).toBe('object');
    for (const k of ['name', 'seed', 'duration', 'host', 'scheduler', 'dom0', 'domains', 'timeline', 'memory', 'io']) expect(schema.properties).toHaveProperty(k);
  });

  test("import xl: the greebo configs become YAML domains that load with the talk's names and memory", () => {
    const r = xensim('import', 'xl', ...GREEBO_AUTO);
    expect(r.code).toBe(0);
    // The printed YAML is a whole scenario: a host skeleton with vg0 and xen-cust, and the domains.
    const loaded = loadScenarioText(r.stdout, 'imported.yaml');
    if ('errors' in loaded) throw new Error(JSON.stringify(loaded.errors));
    expect(loaded.scenario.domains.map((d) => [d.name, d.memoryMb, d.vbds.length, d.vifs[0].bridge])).toEqual([
      ['hex', 255, 2, 'xen-cust'], ['tepidmail', 127, 2, 'xen-cust'], ['thinfaw', 63, 2, 'xen-cust'], ['visit', 255, 2, 'xen-cust'], ['william', 127, 2, 'xen-cust'],
    ]);
  });

  test('import xl: a config that is code, not data, is refused with its position, exit 2', () => {
    const evil = file('evil.cfg', 'name = "x"\nmemory = __import__("os").system("true")\n');
    const r = xensim('import', 'xl', evil);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^${evil.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:10: `));
    expect(r.stderr).not.toMatch(STACK);
  });

  test('list: bundled scenarios and the workload presets', () => {
    const r = xensim('list');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scenarios/greebo.yaml');
    expect(r.stdout).toContain('scenarios/demo.yaml');
    for (const p of ['idle', 'cpu-hog', 'web', 'mail', 'db', 'batch']) expect(r.stdout).toMatch(new RegExp(`^  ${p} `, 'm'));
  });

  test('--help lists the commands with examples; run --help shows its flags', () => {
    const top = xensim('--help');
    expect(top.code).toBe(0);
    for (const c of ['run', 'validate', 'list', 'schema', 'import']) expect(top.stdout).toMatch(new RegExp(`xensim ${c}`));
    const run = xensim('run', '--help');
    expect(run.code).toBe(0);
    for (const f of ['--seed', '--duration', '--out', '--format', '--html', '--quiet', '--no-progress', '--force']) expect(run.stdout).toContain(f);
    expect(run.stdout).toContain('Examples:');
  });

  test('run refuses a horizon estimated to take hours unless --force (before simulating anything)', () => {
    const r = xensim('run', 'scenarios/demo.yaml', '--duration', '1000d');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/would take about \d+ minutes \(estimated\); shorten --duration or add --force/);
    expect(r.stdout).toBe('');
  });

  test('an unknown command or flag is bad input: exit 2, a hint, no stack', () => {
    const r = xensim('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/xensim --help/);
    expect(r.stderr).not.toMatch(STACK);
  });
});
