/**
 * Issue #25's CLI fixes, through the built CLI: import xl emits a scenario that
 * validates; validate prints run's warnings; help examples never wrap mid-command;
 * compare --duration and its progress; run and compare say where they wrote; list
 * prints whole descriptions.
 */
import { describe, expect, test } from '@jest/globals';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CliRun, runCli } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const GREEBO_AUTO = ['hex', 'tepidmail', 'thinfaw', 'visit', 'william'].map((n) => join('scenarios', 'greebo', 'auto', n));

const xensim = (...args: string[]): CliRun => runCli(args, { timeoutMs: 120_000, env: { COLUMNS: '80' } });

const tmp = mkdtempSync(join(tmpdir(), 'xensim-fixes-'));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

describe('CLI fixes (#25)', () => {
  test('import xl scenarios/greebo/auto/* prints a scenario that validates as it is', () => {
    const r = xensim('import', 'xl', ...GREEBO_AUTO);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^host:$/m);
    expect(r.stdout).toMatch(/EDIT/);
    expect(r.stdout).toMatch(/- name: vg0/);
    expect(r.stdout).toMatch(/- name: xen-cust/);
    const v = xensim('validate', file('imported.yaml', r.stdout));
    expect(v.stderr).toBe('');
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/imported\.yaml: ok \(5 domains/);
  });

  test('import xl: file: disks, several bridges and pinning shape the host skeleton', () => {
    const a = file('a.cfg', 'name = "a"\nmemory = 2048\nvcpus = 2\ncpus = "3"\ndisk = [ "file:/srv/xen/a.img,xvda,w" ]\nvif = [ "bridge=br-dmz" ]\n');
    const b = file('b.cfg', 'name = "b"\nmemory = 512\ndisk = [ "phy:/dev/vg1/b,xvda,w" ]\nvif = [ "bridge=br-lan", "mac=00:16:3e:00:00:01" ]\n');
    const r = xensim('import', 'xl', a, b);
    expect(r.code).toBe(0);
    const v = xensim('validate', file('ab.yaml', r.stdout));
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/ab\.yaml: ok \(2 domains, 4 pCPU/);
  });

  test('validate prints the warnings run prints (on stderr, exit 0)', () => {
    const f = file('late.yaml', 'name: late\nduration: 10s\nhost: { pcpus: 1, memory: 1G }\ndom0: { memory: 256M }\ndomains:\n  - { name: a, memory: 64, workload: { preset: idle } }\ntimeline:\n  - { at: 1h, pause: a }\n');
    const v = xensim('validate', f);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/late\.yaml: ok \(1 domains, 1 pCPU, credit, 1 warning\)/);
    const run = xensim('run', f, '--no-progress');
    const runWarnings = run.stderr.split('\n').filter((l) => l.startsWith('warning: '));
    expect(runWarnings.length).toBe(1);
    expect(v.stderr).toBe(`${f}: ${runWarnings[0]}\n`);
  });

  test('help examples: a comment line over a whole command, none wrapped, at 80 columns', () => {
    for (const cmd of ['run', 'validate', 'compare', 'plan', 'sweep', 'merge', 'schema', 'import']) {
      const h = xensim(cmd, '--help');
      expect(h.code).toBe(0);
      const ex = h.stdout.split('\nExamples:\n')[1];
      expect(ex).toBeDefined();
      const lines = ex.split('\n').filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const [i, l] of lines.entries()) {
        expect(l.length).toBeLessThanOrEqual(80);
        // Pairs: "  # what it does" then "  xensim …" (schema's second example is a YAML comment line).
        if (i % 2 === 0) expect(l).toMatch(/^ {2}# /);
        else expect(l).toMatch(cmd === 'schema' && i === 3 ? /^ {2}# yaml-language-server/ : /^ {2}xensim \S/);
      }
    }
  });

  test('run --out says on stderr where it wrote', () => {
    const out = join(tmp, 'run-out');
    const r = xensim('run', 'scenarios/demo.yaml', '--duration', '2s', '--out', out, '--no-progress');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^wrote \\d+ files to ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/: result\\.json, domains\\.csv, series\\.csv, charts/ \\(\\d+\\)$`, 'm'));
    expect(existsSync(join(out, 'result.json'))).toBe(true);
  });

  test('compare --duration: every run that long, progress per run with ETA, and where it wrote', () => {
    const out = join(tmp, 'cmp-out');
    const r = xensim('compare', 'scenarios/consolidation-greebo.yaml', '--duration', '1h', '--out', out, '--parallel', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/over 1 hour/);
    expect(r.stderr).toMatch(/simulating 5 servers and 1 Xen host \(6 runs of 1 hour each\)/);
    expect(r.stderr).toMatch(/ 1 of 6 runs done, 1\.0 of 6\.0 hours simulated \(17 %\), ETA \d+ s$/m);
    expect(r.stderr).toMatch(/ 6 of 6 runs done, 6\.0 of 6\.0 hours simulated \(100 %\)$/m);
    expect(r.stderr).toMatch(/^wrote \d+ files to .*cmp-out\/: comparison\.json, compare-summary\.csv/m);
    const bad = xensim('compare', 'scenarios/consolidation-greebo.yaml', '--duration', 'soon');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^--duration: /);
  });

  test('list prints whole descriptions, wrapped, never cut mid-sentence', () => {
    const r = xensim('list');
    expect(r.code).toBe(0);
    const block = r.stdout.split('\nWorkload presets:')[0];
    const joined = block.replace(/\n {43}/g, ' ');
    expect(joined).toContain('scenarios/greebo.yaml                    the Xen host of the talk. One 2.8 GHz Pentium 4, 1 GB of memory, Xen 3.0 (the credit scheduler as Xen 3.0.4 ran it), Dom0 with 59 MB, and five guests brought up at boot by the init scripts from /etc/xen/auto/ (the xm configs in greebo/auto/).');
    expect(joined).toMatch(/big-host\.yaml +the scale benchmark .* Generated \(a repeating pattern of eight guests\), not measured\./);
    for (const l of block.split('\n').slice(1)) expect(l.length).toBeLessThanOrEqual(100);
  });
});
