/**
 * A several-host run through the built CLI: host groups on 1 or 2 worker threads, and
 * as three shards (one chosen by --shard, one by a Slurm array index, one by a
 * Kubernetes Indexed Job index) joined by `xensim merge`, all write the same
 * result.json byte for byte — and the same as the library running the groups in turn.
 */
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runScenario } from '../../sim/run.js';
import { renderOutputFiles } from '../../reports/index.js';
import { scenarioFrom } from '../helpers/scenario.js';
import { type CliRun, runCli } from '../helpers/cli.js';

const ROOT = resolve(import.meta.dirname ?? '.', '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'xensim-estate-'));

const xensim = (env: Record<string, string>, ...args: string[]): CliRun => runCli(args, { env });

const hosts = Array.from({ length: 5 }, (_, k) => `  - { name: h${k}, pcpus: ${1 + (k % 2)}, memory: 2G }`).join('\n');
const guests = Array.from({ length: 8 }, (_, i) => `  - { name: g${i}, memory: 128, host: h${i % 5}, workload: ${i % 2 === 0 ? '{ preset: web, rate: 25/s }' : 'cpu-hog'} }`).join('\n');
const yaml = `name: cli-estate\nduration: 8s\nhosts:\n${hosts}\ndom0: { memory: 256M }\nnetwork: { bandwidth: 1Gbit }\ndomains:\n${guests}\n`;
const file = join(tmp, 'estate.yaml');
writeFileSync(file, yaml);

describe('xensim run of a several-host scenario', () => {
  test('1 worker = 2 workers = 3 shards merged = the library in one process', async () => {
    const one = xensim({}, 'run', file, '--out', join(tmp, 'w1'), '--workers', '1', '--quiet');
    expect(one.code).toBe(0);
    expect(xensim({}, 'run', file, '--out', join(tmp, 'w2'), '--workers', '2', '--quiet').code).toBe(0);
    const shardDir = join(tmp, 'shards');
    const a = xensim({}, 'run', file, '--shard', '0/3', '--out', shardDir);
    expect(a.code).toBe(0);
    expect(a.stderr).toMatch(/shard 0\/3 \(--shard\): 2 of 5 host groups/);
    expect(xensim({ SLURM_ARRAY_TASK_ID: '11', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_COUNT: '3' }, 'run', file, '--out', shardDir, '--quiet').code).toBe(0);
    // Merging before every shard is there names what is missing.
    const early = xensim({}, 'merge', shardDir, '--out', join(tmp, 'early'));
    expect(early.code).toBe(2);
    expect(early.stderr).toMatch(/1 of 5 host groups have no result \(h2\)/);
    expect(xensim({ JOB_COMPLETION_INDEX: '2' }, 'run', file, '--shard-count', '3', '--out', shardDir, '--quiet').code).toBe(0);
    const merged = xensim({}, 'merge', shardDir, '--out', join(tmp, 'merged'));
    expect(merged.code).toBe(0);
    expect(merged.stdout).toMatch(/cpu utilisation over 8 seconds/);

    const w1 = readFileSync(join(tmp, 'w1', 'result.json'), 'utf8');
    expect(readFileSync(join(tmp, 'w2', 'result.json'), 'utf8')).toBe(w1);
    expect(readFileSync(join(tmp, 'merged', 'result.json'), 'utf8')).toBe(w1);
    const library = (await renderOutputFiles(runScenario(scenarioFrom(yaml)), { html: false }))['result.json'];
    expect(library).toBe(w1);
    const r = JSON.parse(w1);
    expect(r.hosts.map((h: { name: string }) => h.name)).toEqual(['h0', 'h1', 'h2', 'h3', 'h4']);
    expect(r.domains).toHaveLength(9);
  });

  test('a shard needs --out; a bad shard is refused', () => {
    const r = xensim({}, 'run', file, '--shard', '1/2');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--out/);
    expect(xensim({}, 'run', file, '--shard', '3/2', '--out', join(tmp, 'x')).code).toBe(2);
  });
});
