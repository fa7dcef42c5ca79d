/** Sweep files: axes applied to the base scenario, metrics, and bad files reported as file:line:col. */
import { describe, expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSweepText, metricValue, runSweepRun } from '../../sim/experiment/index.js';
import { formatError } from '../../sim/scenario/load.js';
import { ROOT } from '../helpers/scenario.js';

const FILE = join(ROOT, 'test', 'experiment', 'virtual.sweep.yaml');
const read = (p: string): string => readFileSync(p, 'utf8');

const BASE = `base:
  name: small
  duration: 2s
  host: { pcpus: 2, memory: 2G }
  scheduler: { name: credit }
  domains:
    - { name: web, memory: 256M, weight: 256, workload: { preset: web, rate: 50/s } }
    - { name: hog.1, memory: 256M, workload: cpu-hog }
`;

function load(text: string) {
  return loadSweepText(text, FILE, { readFile: read });
}
function errors(text: string): string[] {
  const r = load(text);
  if (!('errors' in r)) throw new Error('expected errors');
  return r.errors.map(formatError);
}

describe('loading a sweep', () => {
  test('axes set dotted paths in the base: scheduler, host, a domain by name (dotted names too), Dom0, zip groups', () => {
    const r = load(`${BASE}replications: 2
axes:
  scheduler.name: [credit, rr]
  domains.hog.1.weight: [128, 512]
zip:
  - { host.pcpus: [1, 2], domains.Domain-0.weight: [64, 1024] }
metrics: [host.utilisation, domains.web.requests.p95_ms, domains.Domain-0.cpu_seconds]
`);
    if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
    const d = r.plan.description;
    expect([d.cells, d.runs]).toEqual([8, 16]);
    expect(d.name).toBe('small');
    const c = r.plan.cells;
    expect(c.map((s) => s.scheduler.name)).toEqual(['credit', 'credit', 'credit', 'credit', 'rr', 'rr', 'rr', 'rr']);
    expect(c.map((s) => s.domains[1].weight)).toEqual([128, 128, 512, 512, 128, 128, 512, 512]);
    // The zip group: pCPUs and Dom0's weight move together.
    expect(c.map((s) => `${s.host.pcpus}/${s.dom0.weight}`)).toEqual(['1/64', '2/1024', '1/64', '2/1024', '1/64', '2/1024', '1/64', '2/1024']);
    expect(c.every((s) => s.domains[0].weight === 256)).toBe(true);
  });

  test('a run yields the listed metrics by path, with the replication seed', () => {
    const r = load(`${BASE}seed: 3\nreplications: 2\naxes: { scheduler.name: [credit, rr] }\nmetrics: [host.utilisation, domains.web.requests.count, domains.Domain-0.cpu_seconds, domains.hog.1.cpu_seconds]\n`);
    if ('errors' in r) throw new Error(r.errors.map(formatError).join('\n'));
    const rec = runSweepRun(r.plan.description, r.plan.cells[1], 3);
    expect(rec).toMatchObject({ run: '1-1', index: 3, cell: 1, replication: 1, axes: { 'scheduler.name': 'rr' } });
    expect(rec.metrics['host.utilisation']).toBeGreaterThan(0.45);
    expect(rec.metrics['domains.web.requests.count']).toBeGreaterThan(50);
    expect(rec.metrics['domains.hog.1.cpu_seconds']).toBeGreaterThan(1);
    // Same run again: same record (deterministic); the other replication differs.
    expect(runSweepRun(r.plan.description, r.plan.cells[1], 3)).toEqual(rec);
    expect(runSweepRun(r.plan.description, r.plan.cells[1], 2).metrics).not.toEqual(rec.metrics);
  });

  test('metricValue: missing optional values are null, numbers pass through', () => {
    const r = load(`${BASE}metrics: [host.utilisation]\n`);
    if ('errors' in r) throw new Error('load failed');
    const rec = runSweepRun(r.plan.description, r.plan.cells[0], 0);
    expect(rec.metrics['host.utilisation']).toEqual(expect.any(Number));
    const fake = { domains: [{ name: 'a', cpu_seconds: 2 }], host: { utilisation: 0.5 } } as never;
    expect(metricValue(fake, 'domains.a.cpu_seconds')).toBe(2);
    expect(metricValue(fake, 'domains.a.requests.p95_ms')).toBeNull();
  });
});

describe('bad sweep files: every problem as file:line:col: message', () => {
  test('an axis value that makes a bad scenario is reported at that value', () => {
    expect(errors(`${BASE}axes:\n  domains.web.weight: [256, 0]\n`)).toEqual([`${FILE}:10:29: domains.web.weight: weight 0 is outside 1–65535`]);
  });

  test('an unknown domain, a typo in a path, a path below a plain value', () => {
    const e = errors(`${BASE}axes:\n  domains.nosuch.weight: [1]\n  host.pcpu: [2]\n  scheduler.name.x: [1]\n`);
    expect(e).toContain(`${FILE}:10:3: axis 'domains.nosuch.weight': no domain named 'nosuch' in the base scenario (there are: Domain-0, web, hog.1)`);
    expect(e).toHaveLength(2); // host.pcpu is left to the scenario schema, which runs once the paths resolve
    expect(e.some((l) => l.startsWith(`${FILE}:12:3: axis 'scheduler.name.x': scheduler.name is a plain value`))).toBe(true);
  });

  test('a typo in an axis key is caught by the scenario schema, at the axis', () => {
    expect(errors(`${BASE}axes:\n  host.pcpu: [2]\n`)).toEqual([`${FILE}:10:3: host.pcpu: unknown key 'pcpu' in host (did you mean 'pcpus'?)`]);
  });

  test('zip lists of different lengths; an unknown key; a bad metric; a bad replication count', () => {
    expect(errors(`${BASE}zip:\n  - { host.pcpus: [1, 2], scheduler.name: [rr] }\n`)).toEqual([`${FILE}:10:27: the lists of a zip group must be equally long (host.pcpus: 2, scheduler.name: 1)`]);
    expect(errors(`${BASE}axis: { host.pcpus: [1] }\n`)).toEqual([`${FILE}:9:1: unknown key 'axis' (did you mean 'axes'? a sweep has name, seed, base, replications, axes, zip, metrics)`]);
    expect(errors(`${BASE}metrics:\n  - host.utilisation\n  - domains.web.cpu\n`)).toEqual([`${FILE}:11:5: metric 'domains.web.cpu': the Result has no 'cpu' there`]);
    expect(errors(`${BASE}metrics: [host]\n`)[0]).toMatch(/^.*:9:11: metric 'host' is a group \(name, pcpus/);
    expect(errors(`${BASE}replications: 0\n`)).toEqual([`${FILE}:9:15: replications: Too small: expected number to be >0, found 0`]);
  });

  test('a missing base file, a YAML error, a seed axis', () => {
    expect(errors('base: nowhere.yaml\n')).toEqual([`${FILE}:1:7: cannot read base scenario 'nowhere.yaml': no such file`]);
    expect(errors('base: x\nbase: y\n')[0]).toMatch(/:2:1: YAML: Map keys must be unique/);
    expect(errors(`${BASE}axes: { seed: [1, 2] }\n`)[0]).toMatch(/:9:9: axis 'seed': seeds come from the sweep/);
  });

  test('errors inside an inline base keep the sweep file\'s line:col', () => {
    expect(errors('replications: 2\nbase:\n  host: { pcpus: 1 }\n  domains:\n    - { name: a, memory: 64, weight: 0 }\n')).toEqual([`${FILE}:5:38: weight 0 is outside 1–65535`]);
  });

  test('a value that breaks the scenario elsewhere is reported at base: with the cell', () => {
    const e = errors(`${BASE}axes:\n  host.memory: [2G, 300M]\n`);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatch(new RegExp(`^${FILE.replace(/[.]/g, '\\.')}:2:3: with host.memory=300M: Dom0 would get -\\d+ MB`));
  });
});
