/**
 * `xensim sweep` and `xensim merge` as a user runs them (the built CLI, spawned): a sweep
 * killed midway and resumed ends with the same files as an uninterrupted one; three
 * shards merged equal the unsharded sweep byte for byte; bad input exits 2 with
 * file:line:col and no stack trace.
 */
import { describe, expect, test } from '@jest/globals';
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from '../helpers/scenario.js';
import { CLI, type CliRun, runCli } from '../helpers/cli.js';
import { fileTree } from '../helpers/files.js';


const tmp = mkdtempSync(join(tmpdir(), 'xensim-sweep-'));
const STACK = /^\s+at .+:\d+:\d+\)?$/m;

const xensim = (args: string[], env: Record<string, string> = {}): CliRun => runCli(args, { env });

function xensimAsync(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

const tree = fileTree;

function expectSameTree(a: string, b: string): void {
  const ta = tree(a);
  const tb = tree(b);
  expect([...ta.keys()]).toEqual([...tb.keys()]);
  for (const [k, v] of ta) expect({ file: k, same: v.equals(tb.get(k)!) }).toEqual({ file: k, same: true });
}

const lines = (p: string): number => (existsSync(p) ? readFileSync(p, 'utf8').split('\n').filter((l) => l.endsWith('}')).length : 0);

const SWEEP = join(tmp, 'e2e.sweep.yaml');
writeFileSync(SWEEP, `# 16 runs of the bundled I/O host, 40 simulated seconds each
base: ${join(ROOT, 'scenarios', 'sweeps', 'io-host.yaml')}
seed: 5
replications: 4
axes:
  domains.Domain-0.weight: [64, 1024]
  scheduler.name: [credit, rr]
  duration: [40s]
metrics: [host.utilisation, domains.web.requests.p95_ms, domains.Domain-0.cpu_seconds]
`);
const TOTAL = 16;
const whole = join(tmp, 'whole');

describe('xensim sweep / merge (built CLI)', () => {
  test('an uninterrupted sweep writes every output, runs sorted, a summary row per cell and metric', () => {
    const r = xensim(['sweep', SWEEP, '--out', whole, '--workers', '2']);
    expect(r.stderr).not.toMatch(STACK);
    expect(r.code).toBe(0);
    for (const f of ['sweep.json', 'runs.jsonl', 'runs.csv', 'summary.csv', 'report.html']) expect(existsSync(join(whole, f))).toBe(true);
    const runs = readFileSync(join(whole, 'runs.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { run: string; seed: number; replication: number });
    expect(runs.map((x) => x.run)).toEqual(Array.from({ length: TOTAL }, (_, k) => `${Math.floor(k / 4)}-${k % 4}`));
    // Common random numbers: one seed per replication, the same in every cell.
    const seedOf = new Map<number, Set<number>>();
    for (const x of runs) seedOf.set(x.replication, (seedOf.get(x.replication) ?? new Set()).add(x.seed));
    expect([...seedOf.values()].every((s) => s.size === 1)).toBe(true);
    expect(new Set(runs.map((x) => x.seed)).size).toBe(4);
    const csv = readFileSync(join(whole, 'runs.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('run,domains.Domain-0.weight,scheduler.name,duration,replication,seed,metric,value');
    expect(csv).toHaveLength(1 + TOTAL * 3);
    const summary = readFileSync(join(whole, 'summary.csv'), 'utf8').trim().split('\n');
    expect(summary[0]).toBe('domains.Domain-0.weight,scheduler.name,duration,metric,n,mean,sd,ci95_low,ci95_high,min,max');
    expect(summary).toHaveLength(1 + 4 * 3);
    expect(summary[1]).toMatch(/^64,credit,40s,host.utilisation,4,/);
    const html = readFileSync(join(whole, 'report.html'), 'utf8');
    expect((html.match(/<svg/g) ?? []).length).toBe(3);
    expect(r.stdout).toMatch(/domains\.web\.requests\.p95_ms/);
    // A second sweep into the same directory without --resume is refused.
    const again = xensim(['sweep', SWEEP, '--out', whole]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already holds runs.*--resume/);
  });

  test('killed midway (with a half-written last line) then --resume: the same files as the uninterrupted sweep', async () => {
    const out = join(tmp, 'killed');
    const child = spawn(process.execPath, [CLI, 'sweep', SWEEP, '--out', out, '--workers', '1', '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    const journal = join(out, 'runs.jsonl');
    const t0 = Date.now();
    while (lines(journal) < 4 && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    const done = lines(journal);
    expect(done).toBeGreaterThanOrEqual(4);
    expect(done).toBeLessThan(TOTAL);
    expect(existsSync(join(out, 'summary.csv'))).toBe(false);
    appendFileSync(journal, '{"run":"3-1","index":13,"ce'); // what a kill during a write would leave
    const r = xensim(['sweep', SWEEP, '--out', out, '--workers', '2', '--resume']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/incomplete line/);
    expect(r.stderr).toMatch(new RegExp(`${done} done, ${TOTAL - done} to run`));
    expectSameTree(out, whole);
  });

  test('3 shards (--shard, a Slurm job array, a Kubernetes Indexed Job) merged equal the unsharded sweep byte for byte', async () => {
    const dirs = [0, 1, 2].map((i) => join(tmp, `shard${i}`));
    const results = await Promise.all([
      xensimAsync(['sweep', SWEEP, '--out', dirs[0], '--workers', '1', '--shard', '0/3']),
      xensimAsync(['sweep', SWEEP, '--out', dirs[1], '--workers', '1', '--quiet'], { JOB_COMPLETION_INDEX: '1', XENSIM_SHARD_COUNT: '3' }),
      xensimAsync(['sweep', SWEEP, '--out', dirs[2], '--workers', '1', '--quiet'], { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' }),
    ]);
    expect(results.map((x) => x.code)).toEqual([0, 0, 0]);
    expect(results[0].stderr).toMatch(/shard 0\/3 \(--shard\): 6 runs/);
    // A shard's own files carry its name (shards may share a folder); a shard writes no summary.
    expect(dirs.map((d, i) => lines(join(d, `runs.shard-${i}-of-3.jsonl`)))).toEqual([6, 5, 5]);
    expect(JSON.parse(readFileSync(join(dirs[2], 'sweep.shard-2-of-3.json'), 'utf8')).shard).toBe('2/3');
    expect(existsSync(join(dirs[0], 'summary.csv'))).toBe(false);

    const partial = xensim(['merge', dirs[0], dirs[2], '--out', join(tmp, 'partial')]);
    expect(partial.code).toBe(2);
    expect(partial.stderr).toMatch(/5 of 16 runs are missing/);

    const merged = join(tmp, 'merged');
    const m = xensim(['merge', dirs[2], dirs[0], dirs[1], '--out', merged]);
    expect(m.stderr).not.toMatch(STACK);
    expect(m.code).toBe(0);
    expectSameTree(merged, whole);
  });

  test('bad input: file:line:col messages, exit 2, no stack trace', () => {
    const bad = join(tmp, 'bad.sweep.yaml');
    writeFileSync(bad, `base: ${join(ROOT, 'scenarios', 'sweeps', 'io-host.yaml')}\naxes:\n  domains.web.weight: [256, 70000]\n  domains.nosuch.cap: [1]\nmetrics: [host.utilisation]\n`);
    const r = xensim(['sweep', bad, '--out', join(tmp, 'bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`${bad}:4:3: axis 'domains.nosuch.cap': no domain named 'nosuch' in the base scenario (there are: Domain-0, web, db, hog1, hog2)`]);
    const fixed = join(tmp, 'bad2.sweep.yaml');
    writeFileSync(fixed, `base: ${join(ROOT, 'scenarios', 'sweeps', 'io-host.yaml')}\naxes:\n  domains.web.weight: [256, 70000]\n`);
    const r2 = xensim(['sweep', fixed, '--out', join(tmp, 'bad')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr.trim()).toBe(`${fixed}:3:29: domains.web.weight: weight 70000 is outside 1–65535`);
    const v = xensim(['validate', fixed, 'scenarios/sweeps/dom0-weight.sweep.yaml']);
    expect(v.code).toBe(2);
    expect(v.stdout).toMatch(/dom0-weight\.sweep\.yaml: ok \(sweep: 6 cells × 10 replications = 60 runs/);
    expect(v.stderr.trim()).toBe(`${fixed}:3:29: domains.web.weight: weight 70000 is outside 1–65535`);
    for (const x of [xensim(['sweep', join(tmp, 'absent.yaml'), '--out', join(tmp, 'bad')]), xensim(['sweep', SWEEP, '--out', join(tmp, 'bad'), '--shard', '3/3']),
      xensim(['sweep', SWEEP, '--out', join(tmp, 'bad'), '--workers', '0']), xensim(['merge', join(tmp, 'nowhere'), '--out', join(tmp, 'bad')])]) {
      expect(x.code).toBe(2);
      expect(x.stderr).not.toMatch(STACK);
    }
    expect(existsSync(join(tmp, 'bad', 'runs.jsonl'))).toBe(false);
  });
});
