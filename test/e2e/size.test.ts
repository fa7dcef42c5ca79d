/**
 * Issue #24, "size without failure": result.json and series.csv are written piece by
 * piece (reports/json-stream.ts, reports/csv.ts), and the pieces are the very bytes
 * JSON.stringify(result, null, 2) + '\n' and csv-stringify give; a few thousand domains
 * run through the built CLI with --out, every file written, no stack trace.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { loadScenarioFile } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/run.js';
import { jsonChunks } from '../../reports/json-stream.js';
import { HOST_ROW, SERIES_COLUMNS, seriesCsv, seriesCsvChunks } from '../../reports/csv.js';
import { resultJsonChunks, renderOutputFiles, renderOutputStreams, textOf } from '../../reports/index.js';
import { soakScenarioYaml } from '../../bench/soak-scenario.js';
import { estimateMemoryBytes } from '../../sim/scenario/estimate.js';
import type { Result } from '../../sim/stats/result.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const STACK = /^\s+at .+:\d+:\d+\)?$/m;
const tmp = mkdtempSync(join(tmpdir(), 'xensim-size-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(file: string, seconds: number): Result {
  const r = loadScenarioFile(join(ROOT, file));
  if ('errors' in r) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return runScenario(r.scenario, { durationNs: seconds * 1e9 });
}

/** series.csv as it was written before it was streamed: every row through csv-stringify at once. */
function referenceSeriesCsv(result: Result): string {
  const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
  const s = result.series;
  const rows: (string | number)[][] = [];
  for (let i = 0; i < s.t_ns.length; i++) {
    const time = round(s.t_ns[i] / 1e9, 3);
    rows.push([time, HOST_ROW, '', '', '', '', '', '', round(s.host_util[i] * 100, 4), s.power_w[i] ?? '', s.free_mb[i] ?? '']);
    for (const [name, d] of Object.entries(s.domains)) {
      rows.push([time, name, round(d.cpu[i] * 100, 4), d.alloc_mb[i], d.target_mb[i], d.ws_mb[i], d.io_ops_per_s[i], d.p95_ms[i] ?? '', '', '', '']);
    }
  }
  return stringify(rows, { header: true, columns: [...SERIES_COLUMNS] });
}

describe('streamed outputs: the same bytes as JSON.stringify and csv-stringify', () => {
  test.each([
    ['scenarios/demo.yaml', 60],
    ['scenarios/greebo.yaml', 3600],
    ['scenarios/migration-maintenance.yaml', 600],
    ['scenarios/bench/big-host.yaml', 5],
  ])('%s', (file, seconds) => {
    const result = run(file, seconds);
    expect([...resultJsonChunks(result)].join('')).toBe(JSON.stringify(result, null, 2) + '\n');
    const csv = referenceSeriesCsv(result);
    expect(seriesCsv(result)).toBe(csv);
    expect([...seriesCsvChunks(result, 7)].join('')).toBe(csv);
  });

  test('several hosts: the hosts, migrations and per-host series too', () => {
    const result = run('scenarios/migration-maintenance.yaml', 1800);
    expect(result.hosts.length).toBeGreaterThan(1);
    expect([...resultJsonChunks(result)].join('')).toBe(JSON.stringify(result, null, 2) + '\n');
  });

  test('names that need quoting, odd values, toJSON, undefined, empty containers', () => {
    const result = run('scenarios/demo.yaml', 10);
    result.series.domains['we,"ird\nname'] = result.series.domains[Object.keys(result.series.domains)[0]];
    expect(seriesCsv(result)).toBe(referenceSeriesCsv(result));
    const odd = {
      a: [], b: {}, c: undefined, d: () => 1, e: [1, undefined, null, NaN, -0, Infinity, 'x,y', { z: [] }],
      long: Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? null : i % 3 === 1 ? i / 7 : true)),
      mixed: Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? `s,${i}\n` : { k: i, v: [i] })),
      date: new Date(0), typed: new Float64Array([1.5, 2]), nested: { deeper: { deepest: [[1, 2], [3]] } },
    };
    expect([...jsonChunks(odd)].join('')).toBe(JSON.stringify(odd, null, 2));
  });

  test('renderOutputFiles holds the text of renderOutputStreams', async () => {
    const result = run('scenarios/demo.yaml', 30);
    const files = await renderOutputFiles(result, { html: false });
    const streams = await renderOutputStreams(result, { html: false });
    expect(Object.keys(files)).toEqual(Object.keys(streams));
    for (const [name, c] of Object.entries(streams)) expect(textOf(c)).toBe(files[name]);
  });
});

describe('a few thousand domains through the built CLI', () => {
  test('3,000 domains, --out --html: exit 0, every file written, no stack trace', () => {
    const file = join(tmp, 'soak.yaml');
    writeFileSync(file, soakScenarioYaml({ domains: 3000, duration: '10s' }));
    const out = join(tmp, 'out');
    const r = spawnSync(process.execPath, [CLI, 'run', file, '--out', out, '--html', '--format', 'json'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 30 });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(0);
    for (const f of ['result.json', 'domains.csv', 'series.csv', 'report.html', 'charts/cpu-by-domain.svg', 'charts/memory.svg', 'charts/latency-p95.svg']) {
      expect(existsSync(join(out, f))).toBe(true);
      expect(statSync(join(out, f)).size).toBeGreaterThan(0);
    }
    expect(readdirSync(out).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
    // stdout's JSON (streamed) is result.json.
    expect(r.stdout.length).toBe(statSync(join(out, 'result.json')).size);
    expect(JSON.parse(r.stdout).domains).toHaveLength(3001);
    expect(r.stderr).toMatch(/wrote \d+ files/);
  }, 90_000);

  test('validate prints the estimate of a big scenario; run asks for --force beyond this machine', () => {
    const file = join(tmp, 'big.yaml');
    writeFileSync(file, soakScenarioYaml({ domains: 2000, duration: '1h' }));
    const v = spawnSync(process.execPath, [CLI, 'validate', file], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(v.status).toBe(0);
    expect(v.stdout).toMatch(/ok \(2000 domains, .*about [\d.]+ [MG]B of memory and .* to run \(estimated\)\)/);
    // Over 1,000 days of samples at 1 s: beyond any machine's memory, refused up front.
    const huge = join(tmp, 'huge.yaml');
    writeFileSync(huge, soakScenarioYaml({ domains: 2000, duration: '1h' }).replace('duration: 1h', 'duration: 1h\nsample: 10ms'));
    const loaded = loadScenarioFile(huge);
    if ('errors' in loaded) throw new Error(loaded.errors.map((e) => e.message).join('\n'));
    expect(estimateMemoryBytes(loaded.scenario)).toBeGreaterThan(100e9);
    const r = spawnSync(process.execPath, [CLI, 'run', huge, '--out', join(tmp, 'huge-out')], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.stderr).not.toMatch(STACK);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/would need about [\d.]+ GB of memory \(estimated, 2000 domains\).*add --force/);
    expect(existsSync(join(tmp, 'huge-out'))).toBe(false);
  });
});
