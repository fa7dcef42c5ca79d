/**
 * Issue #24, as a user meets it: the built CLI, spawned, given bad paths and files
 * (test/fixtures/bad/, and what cannot live in git made here: FIFOs, oversize files).
 * Each case checks the exit code, that the message names the fault and the path, that
 * no stack trace is printed, and that nothing hangs (every spawn has a timeout).
 */
import { describe, expect, test } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileTree } from '../helpers/files.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const BAD = join(ROOT, 'test', 'fixtures', 'bad');
const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const tmp = mkdtempSync(join(tmpdir(), 'xensim-reliability-'));

interface Ran { code: number | null; stdout: string; stderr: string; ms: number }

function xensim(args: string[], opts: { input?: string; timeout?: number } = {}): Ran {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8', timeout: opts.timeout ?? 30_000, input: opts.input, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - t0 };
}

/** Exit code, one message naming `names`, no stack trace. */
function expectRefused(r: Ran, code: number, ...names: (string | RegExp)[]): void {
  expect(r.stderr).not.toMatch(STACK);
  expect(r.stderr).not.toMatch(/internal error/);
  for (const n of names) expect(r.stderr).toMatch(typeof n === 'string' ? new RegExp(n.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')) : n);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code, stderr: r.stderr });
}

const tree = fileTree;

const SCENARIO = join(BAD, 'wrong-kind', 'scenario.yaml');
const A_FILE = join(BAD, 'output-folders', 'a-file');
const TINY = join(BAD, 'sweeps', 'tiny.sweep.yaml');
const OTHER = join(BAD, 'sweeps', 'other.sweep.yaml');

describe('output folders: checked before anything runs (exit 2), nothing simulated', () => {
  test.each([
    ['run', [SCENARIO]],
    ['sweep', [TINY]],
    ['compare', [join(ROOT, 'scenarios', 'consolidation-greebo.yaml')]],
  ])('%s --out an existing file', (cmd, args) => {
    const r = xensim([cmd, ...args, '--out', A_FILE]);
    expectRefused(r, 2, `${A_FILE}: is a file, not a folder`);
    expect(r.stdout).toBe('');
  });

  test('run --out under a file names the file', () => {
    const out = join(A_FILE, 'x', 'y');
    const r = xensim(['run', SCENARIO, '--out', out]);
    expectRefused(r, 2, out, `${A_FILE} is a file, so no folder can be made under it`);
    expect(r.stdout).toBe('');
  });

  test('run and sweep --out under /proc are refused at once (no endless mkdir)', () => {
    for (const args of [['run', SCENARIO], ['sweep', TINY]]) {
      const r = xensim([...args, '--out', '/proc/xensim-test/out'], { timeout: 15_000 });
      expectRefused(r, 2, '/proc/xensim-test/out', /kernel file system/);
      expect(r.ms).toBeLessThan(10_000);
    }
  });

  test('run --out /sys and /dev/shm: special places are refused too', () => {
    expectRefused(xensim(['run', SCENARIO, '--out', '/sys/xensim']), 2, '/sys/xensim', /kernel file system/);
    expectRefused(xensim(['run', SCENARIO, '--out', '/dev/xensim-out']), 2, '/dev/xensim-out', /under \/dev/);
  });

  test('run --out a new nested folder: created, files written, exit 0', () => {
    const out = join(tmp, 'new', 'nested', 'out');
    const r = xensim(['run', SCENARIO, '--out', out, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(existsSync(join(out, 'result.json'))).toBe(true);
    expect(readdirSync(out).filter((n) => n.startsWith('.xensim-probe'))).toEqual([]);
  });
});

describe('a write that fails after the run keeps the result', () => {
  test('run --out whose folder became a file during the run: saved under the temp folder, exit 1, one line, stdout intact', async () => {
    const out = join(tmp, 'vanishing');
    const child = spawn(process.execPath, [CLI, 'run', join(ROOT, 'scenarios', 'demo.yaml'), '--duration', '2d', '--out', out, '--no-progress'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => { clearTimeout(timer); res(code); }));
    const t0 = Date.now();
    while (!existsSync(out) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
    rmSync(out, { recursive: true });
    writeFileSync(out, 'in the way\n');
    expect(await exited).toBe(1);
    expect(stderr).not.toMatch(STACK);
    expect(stderr).not.toMatch(/internal error/);
    const m = new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\S*: .*; the results were saved in (\\S+) instead$`, 'm').exec(stderr);
    expect({ stderr, found: m !== null }).toEqual({ stderr, found: true });
    expect(JSON.parse(readFileSync(join(m![1], 'result.json'), 'utf8'))).toHaveProperty('events');
    expect(stdout).toMatch(/cpu utilisation over 2 days/);
    rmSync(m![1], { recursive: true });
  }, 90_000);
});

describe('Ctrl-C', () => {
  test('run: the partial result is reported and saved, exit 130', async () => {
    const out = join(tmp, 'interrupted');
    const child = spawn(process.execPath, [CLI, 'run', join(ROOT, 'scenarios', 'demo.yaml'), '--duration', '2d', '--out', out, '--no-progress'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => { clearTimeout(timer); res(code); }));
    const t0 = Date.now();
    while (!existsSync(out) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 300));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'))).toMatchObject({ stopped_early: true });
    expect(stdout).toMatch(/cpu utilisation over/);
  }, 90_000);
});

describe('special files as input: refused, never read (no hang, no memory growth)', () => {
  test.each([
    ['run', '/dev/zero'],
    ['validate', '/dev/zero'],
    ['run', '/dev/urandom'],
    ['compare', '/dev/zero'],
    ['sweep', '/dev/zero'],
  ])('%s %s', (cmd, path) => {
    const r = xensim(cmd === 'sweep' ? [cmd, path, '--out', join(tmp, 'never')] : [cmd, path], { timeout: 15_000 });
    expectRefused(r, 2, `${path}: is a device, not a regular file`);
  });

  test('/dev/stdin with no input (a pipe) is refused; `-` reads standard input', () => {
    // spawnSync's stdin is a socket; a shell's would be a pipe: either way not a regular file.
    expectRefused(xensim(['run', '/dev/stdin'], { input: '' }), 2, /^\/dev\/stdin: is a (socket|pipe \(FIFO\)).*not a regular file/m);
    const r = xensim(['validate', '-'], { input: readFileSync(SCENARIO, 'utf8') });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^-: ok \(1 domains/);
  });

  test('a FIFO as scenario and as an xl config: refused at once, even with no writer', () => {
    const fifo = join(tmp, 'fifo.yaml');
    const mk = spawnSync('mkfifo', [fifo]);
    expect(mk.status).toBe(0);
    expectRefused(xensim(['run', fifo], { timeout: 15_000 }), 2, `${fifo}: is a pipe (FIFO)`);
    const cfg = join(tmp, 'fifo.cfg');
    expect(spawnSync('mkfifo', [cfg]).status).toBe(0);
    const yaml = join(tmp, 'with-fifo.yaml');
    writeFileSync(yaml, 'duration: 1s\ndomains:\n  - { config: fifo.cfg, workload: idle }\n');
    const r = xensim(['validate', yaml], { timeout: 15_000 });
    expectRefused(r, 2, `${yaml}:3:15: cannot read xl config 'fifo.cfg': is a pipe (FIFO)`);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  test.each([
    ['config-dev-zero.yaml', "cannot read xl config '/dev/zero': is a device"],
    ['config-dev-stdin.yaml', /cannot read xl config '\/dev\/stdin': is a (socket|pipe)/],
    ['trace-dev-zero.yaml', "cannot read trace '/dev/zero' (/dev/zero): is a device"],
  ] as [string, string | RegExp][])('special-files/%s', (name, message) => {
    const f = join(BAD, 'special-files', name);
    const r = xensim(['validate', f], { input: '', timeout: 15_000 });
    expectRefused(r, 2, f, message);
  });

  test('import xl /dev/zero', () => {
    expectRefused(xensim(['import', 'xl', '/dev/zero'], { timeout: 15_000 }), 2, '/dev/zero: is a device');
  });
});

describe('sizes: limits counted as read, raised by --max-input-size', () => {
  const dir = join(tmp, 'sizes');
  mkdirSync(dir);
  const yaml = join(dir, 'oversize-xl.yaml');
  copyFileSync(join(BAD, 'sizes', 'oversize-xl.yaml'), yaml);
  // A valid config padded with comments past 1 MB.
  writeFileSync(join(dir, 'big.cfg'), 'name = "big"\nmemory = 64\n' + '# padding padding padding padding padding padding\n'.repeat(24_000));

  test('an xl config over 1 MB is refused, naming the limit and the flag; 2MB lets it through', () => {
    const r = xensim(['validate', yaml]);
    expectRefused(r, 2, `${yaml}:4:15: cannot read xl config 'big.cfg': larger than 1 MB, the limit for xl configs (raise it with --max-input-size)`);
    const ok = xensim(['validate', yaml, '--max-input-size', '2MB']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
  });

  test('import xl of the same config, and a bad --max-input-size', () => {
    expectRefused(xensim(['import', 'xl', join(dir, 'big.cfg')]), 2, `${join(dir, 'big.cfg')}: larger than 1 MB`);
    expectRefused(xensim(['validate', yaml, '--max-input-size', 'lots']), 2, "--max-input-size: 'lots' is not a size");
  });

  test('standard input over 10 MB is refused without reading on', () => {
    const r = xensim(['validate', '-'], { input: '#'.repeat(11 * 1024 * 1024), timeout: 30_000 });
    expectRefused(r, 2, '<stdin>: larger than 10 MB, the limit for scenarios');
  });
});

describe('plain messages for user mistakes', () => {
  test('a missing file: `path: no such file`, exit 2', () => {
    expectRefused(xensim(['run', 'nofile.yaml']), 2, /^nofile\.yaml: no such file$/m);
    expectRefused(xensim(['compare', 'nofile.yaml']), 2, /^nofile\.yaml: no such file$/m);
    expectRefused(xensim(['sweep', 'nofile.yaml', '--out', join(tmp, 'never')]), 2, /^nofile\.yaml: no such file$/m);
  });

  test('a directory as the scenario', () => {
    expectRefused(xensim(['run', tmp]), 2, `${tmp}: is a directory, not a file`);
  });
});

describe('wrong kind of file: says which command it is for', () => {
  const f = (n: string): string => join(BAD, 'wrong-kind', n);
  test.each([
    [['run', f('consolidation.yaml')], 'this is a consolidation file (before:, after:), not a scenario: use xensim compare'],
    [['run', f('sweep.yaml')], 'this is a sweep file (base:, axes:), not a scenario: use xensim sweep'],
    [['compare', f('scenario.yaml')], 'this is a scenario, not a consolidation file: use xensim run'],
    [['plan', f('sweep.yaml')], 'this is a sweep file (base:, axes:), not a consolidation file: use xensim sweep'],
    [['sweep', f('scenario.yaml'), '--out', join(tmp, 'never')], 'this is a scenario, not a sweep file: use xensim run'],
    [['sweep', f('consolidation.yaml'), '--out', join(tmp, 'never')], 'this is a consolidation file (before:, after:), not a sweep file: use xensim compare'],
  ])('%j', (args, message) => {
    expectRefused(xensim(args as string[]), 2, `${args[1]}: ${message}`);
    expect(existsSync(join(tmp, 'never'))).toBe(false);
  });
});

describe('sweeps own their folder', () => {
  const lockOf = (dir: string, name = 'sweep.lock'): string => join(dir, name);

  test('a live lock refuses a second sweep, naming the lock and its pid; a stale one is taken over', () => {
    const dir = join(tmp, 'locked');
    mkdirSync(dir);
    const live = { pid: process.pid, hostname: hostname(), started: new Date().toISOString(), sweep: '0123456789abcdef', command: 'sweep other' };
    writeFileSync(lockOf(dir), JSON.stringify(live));
    const r = xensim(['sweep', TINY, '--out', dir, '--workers', '1']);
    expectRefused(r, 2, `${dir}: in use by another sweep`, `lock ${lockOf(dir)}: pid ${process.pid}`);
    expect(existsSync(lockOf(dir))).toBe(true);

    const gone = spawnSync(process.execPath, ['-e', '0']).pid!;
    writeFileSync(lockOf(dir), JSON.stringify({ ...live, pid: gone }));
    const s = xensim(['sweep', TINY, '--out', dir, '--workers', '1']);
    expect(s.stderr).not.toMatch(STACK);
    expect(s.code).toBe(0);
    expect(s.stderr).toMatch(new RegExp(`taking over a stale lock .*pid ${gone}`));
    expect(existsSync(lockOf(dir))).toBe(false);
  });

  test('a running sweep holds the lock; a second sweep is refused; Ctrl-C removes the lock (exit 130)', async () => {
    const dir = join(tmp, 'running');
    const slow = join(tmp, 'slow.sweep.yaml');
    writeFileSync(slow, `base: ${join(BAD, 'sweeps', 'base.yaml')}\nreplications: 12\naxes:\n  duration: [12h]\nmetrics: [host.utilisation]\n`);
    const child = spawn(process.execPath, [CLI, 'sweep', slow, '--out', dir, '--workers', '1', '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((res) => child.on('exit', (code) => res(code)));
    const t0 = Date.now();
    while (!existsSync(join(dir, 'runs.jsonl')) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(lockOf(dir))).toBe(true);
    expect(JSON.parse(readFileSync(lockOf(dir), 'utf8'))).toMatchObject({ pid: child.pid, hostname: hostname() });
    const second = xensim(['sweep', slow, '--out', dir, '--resume']);
    expectRefused(second, 2, `${dir}: in use by the same sweep`, `pid ${child.pid}`);
    child.kill('SIGINT');
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise<string>((r) => (timer = setTimeout(() => r('timeout'), 20_000)))]);
    clearTimeout(timer);
    if (code === 'timeout') child.kill('SIGKILL');
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted/);
    expect(existsSync(lockOf(dir))).toBe(false);
  }, 60_000);

  test('--resume refuses the journal of another sweep (other sweep file, or the base scenario changed)', () => {
    const dir = join(tmp, 'foreign');
    expect(xensim(['sweep', TINY, '--out', dir, '--workers', '1', '--quiet']).code).toBe(0);
    const r = xensim(['sweep', OTHER, '--out', dir, '--resume']);
    expectRefused(r, 2, `${join(dir, 'runs.jsonl')}:1: written by another sweep`, '--resume continues only the same sweep');
    // Same sweep file, different base scenario.
    const copy = join(tmp, 'copy');
    mkdirSync(copy);
    copyFileSync(TINY, join(copy, 'tiny.sweep.yaml'));
    copyFileSync(join(BAD, 'sweeps', 'base.yaml'), join(copy, 'base.yaml'));
    const out = join(tmp, 'foreign2');
    expect(xensim(['sweep', join(copy, 'tiny.sweep.yaml'), '--out', out, '--workers', '1', '--quiet']).code).toBe(0);
    writeFileSync(join(copy, 'base.yaml'), readFileSync(join(copy, 'base.yaml'), 'utf8').replace('200ms', '300ms'));
    expectRefused(xensim(['sweep', join(copy, 'tiny.sweep.yaml'), '--out', out, '--resume']), 2, 'written by another sweep');
    // And merge will not mix them: another sweep file, or the same one run on another base scenario.
    const other = join(tmp, 'other');
    expect(xensim(['sweep', OTHER, '--out', other, '--workers', '1', '--quiet']).code).toBe(0);
    expectRefused(xensim(['merge', dir, other, '--out', join(tmp, 'mixed')]), 2, `${join(other, 'sweep.json')}:1:1: a different sweep`);
    const out3 = join(tmp, 'foreign3');
    expect(xensim(['sweep', join(copy, 'tiny.sweep.yaml'), '--out', out3, '--workers', '1', '--quiet']).code).toBe(0);
    expectRefused(xensim(['merge', dir, out3, '--out', join(tmp, 'mixed')]), 2, `${join(out3, 'runs.jsonl')}:1:1: run 0-0 was written by another sweep`);
    expect(existsSync(join(tmp, 'mixed'))).toBe(false);
  });

  test('two shards into one folder keep separate journals; merge of that folder equals the unsharded sweep byte for byte', async () => {
    const whole = join(tmp, 'tiny-whole');
    expect(xensim(['sweep', TINY, '--out', whole, '--workers', '1', '--quiet']).code).toBe(0);
    const shared = join(tmp, 'tiny-shared');
    const run = (i: number) => new Promise<number | null>((res) => {
      const c = spawn(process.execPath, [CLI, 'sweep', TINY, '--out', shared, '--workers', '1', '--quiet', '--shard', `${i}/2`], { cwd: ROOT, stdio: 'ignore' });
      const timer = setTimeout(() => c.kill('SIGKILL'), 30_000);
      c.on('exit', (code) => { clearTimeout(timer); res(code); });
    });
    expect(await Promise.all([run(0), run(1)])).toEqual([0, 0]);
    expect(readdirSync(shared).sort()).toEqual(['runs.shard-0-of-2.csv', 'runs.shard-0-of-2.jsonl', 'runs.shard-1-of-2.csv', 'runs.shard-1-of-2.jsonl', 'sweep.shard-0-of-2.json', 'sweep.shard-1-of-2.json']);
    const merged = join(tmp, 'tiny-merged');
    const m = xensim(['merge', shared, '--out', merged]);
    expect(m.stderr).not.toMatch(STACK);
    expect(m.code).toBe(0);
    const a = tree(whole);
    const b = tree(merged);
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [k, v] of a) expect({ k, same: v.equals(b.get(k)!) }).toEqual({ k, same: true });
    // Every journal line names the sweep.
    const ids = new Set(readFileSync(join(whole, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { sweep: string }).sweep));
    expect(ids.size).toBe(1);
    expect([...ids][0]).toMatch(/^[0-9a-f]{16}$/);
    // merge --out a file is refused before anything is written.
    expectRefused(xensim(['merge', shared, '--out', A_FILE]), 2, `${A_FILE}: is a file, not a folder`);
  }, 90_000);
});
